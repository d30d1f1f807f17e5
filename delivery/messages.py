"""What a provider sends: rendered messages and the per-message outcomes providers report.

Public API: :class:`EmailMessage`, :class:`SmsMessage`, :class:`Accepted`, :class:`Rejected`,
:class:`Deferred`,
:class:`Attachment`, :class:`RenderError`, :func:`content_sha256`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


class RenderError(ValueError):
    """A message could not be rendered safely (the message says which template/field and why)."""


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # what SendGrid accepts per message (30 MB total)


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email (e.g. the weekly report's PDF).

    Raises :class:`ValueError` for an empty or path-like file name, a content type that is not
    ``type/subtype``, or content over :data:`MAX_ATTACHMENT_BYTES`.
    """

    filename: str
    content_type: str
    content: bytes

    def __post_init__(self) -> None:
        name = self.filename
        if not name or "/" in name or "\\" in name or any(ord(c) < 32 for c in name):
            raise ValueError(f"attachment filename {name!r}: expected a plain file name")
        major, _, minor = self.content_type.partition("/")
        if not major or not minor or " " in self.content_type:
            raise ValueError(
                f"attachment {name!r}: content type {self.content_type!r} is not type/subtype"
            )
        if not isinstance(self.content, bytes) or len(self.content) > MAX_ATTACHMENT_BYTES:
            raise ValueError(
                f"attachment {name!r}: expected at most {MAX_ATTACHMENT_BYTES:,} bytes of content"
            )

    @property
    def sha256(self) -> str:
        """Hex digest of the content (what the sandbox outbox records beside the bytes)."""
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class EmailMessage:
    """A fully rendered email, ready for any email provider.

    ``headers`` already holds ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` (RFC 8058);
    ``custom_args`` always holds ``ledger_id`` so provider events can be matched back.
    """

    ledger_id: str
    to: str
    from_email: str
    from_name: str
    subject: str
    html: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    categories: tuple[str, ...] = ()
    custom_args: dict[str, str] = field(default_factory=dict)
    asm_group_id: int | None = None
    reply_to: str | None = None
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class SmsMessage:
    """A rendered SMS; ``status_callback`` carries ``?ledger_id=``."""

    ledger_id: str
    to: str
    body: str
    status_callback: str | None = None


Message = EmailMessage | SmsMessage


@dataclass(frozen=True)
class Accepted:
    """The provider accepted the message under ``provider_message_id``."""

    provider_message_id: str


@dataclass(frozen=True)
class Rejected:
    """The provider refused this recipient for good (invalid address, opted out, ...).

    ``suppress`` says whether the address should go on the suppression list.
    """

    reason: str
    suppress: bool = False


@dataclass(frozen=True)
class Deferred:
    """The provider refused this recipient *for now* (SMTP 450/451/452): nothing was sent.

    Dispatch gives the row back to ``pending`` at the end of its run, for a later run.
    """

    reason: str


Outcome = Accepted | Rejected | Deferred


def content_sha256(message: Message) -> str:
    """Return a SHA-256 of what identifies a message's content at the provider.

    Used to reconcile providers that cannot search by our ledger id (Twilio: the body).
    """
    if isinstance(message, SmsMessage):
        payload = f"{message.to}\n{message.body}"
    else:
        payload = f"{message.to}\n{message.subject}\n{message.html}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
