"""What a provider sends: rendered messages and the per-message outcomes providers report.

Public API: :class:`EmailMessage`, :class:`SmsMessage`, :class:`Accepted`, :class:`Rejected`,
:class:`Deferred`,
:class:`RenderError`, :func:`content_sha256`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


class RenderError(ValueError):
    """A message could not be rendered safely (the message says which template/field and why)."""


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
