"""Internal emails (the weekly report, alert notices) sent through the send ledger, exactly once.

They go the way a campaign's messages go: one ledger row per (``campaign_id``, ``step_id``,
recipient) written *before* the provider call, then :func:`delivery.dispatch.dispatch` through the
configured email provider. A second run with the same key enqueues nothing and sends nothing.
A :class:`Mail` may carry attachments (the weekly report attaches its PDF: :func:`pdf_attachment`);
every provider sends them (SMTP as a ``multipart/mixed`` part, SendGrid as ``attachments``, the
sandbox records them in its outbox).

Their campaign ids start with ``enrollflow.`` (:data:`INTERNAL_PREFIX`): the ledger export that
brings EnrollFlow's own campaigns into the warehouse should leave them out, as they are not
marketing campaigns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from delivery.dispatch import DispatchReport, dispatch
from delivery.ledger import Ledger, LedgerKey, LedgerRow
from delivery.messages import Attachment, EmailMessage
from delivery.providers.base import Provider
from delivery.store import Store
from delivery.suppression import normalise_address

INTERNAL_PREFIX = "enrollflow."
REPORT_CAMPAIGN = "enrollflow.report"
ALERTS_CAMPAIGN = "enrollflow.alerts"


class RecipientError(ValueError):
    """A configured recipient is not an email address the ledger can key on."""


@dataclass(frozen=True)
class Mail:
    """One internal email: subject, HTML and text bodies, and files (the report's PDF)."""

    subject: str
    html: str
    text: str
    attachments: tuple[Attachment, ...] = ()


def pdf_attachment(path: Path) -> Attachment:
    """The file at ``path`` as an ``application/pdf`` attachment under its own name."""
    return Attachment(path.name, "application/pdf", Path(path).read_bytes())


@dataclass(frozen=True)
class Sender:
    """Who internal emails come from."""

    from_email: str = "reports@northbridge.example.edu"
    from_name: str = "EnrollFlow reports"


def _recipient_key(address: str) -> str:
    normal = normalise_address("email", address)
    if not normal or "@" not in normal or ":" in normal or len(normal) > 64:
        raise RecipientError(
            f"recipient {address!r}: expected an email address of at most 64 characters "
            "(set ENROLLFLOW_REPORT_RECIPIENTS / ENROLLFLOW_ALERT_RECIPIENTS as a comma-separated list)"
        )
    return normal


def send_once(
    store: Store,
    provider: Provider,
    *,
    campaign_id: str,
    step_id: str,
    recipients: Sequence[str],
    mail: Mail,
    sender: Sender,
    now: dt.datetime,
) -> DispatchReport:
    """Enqueue ``mail`` for each recipient under ``(campaign_id, step_id)`` and dispatch it.

    Parameters
    ----------
    store : Store
        The ops store (its ledger makes the send exactly-once).
    provider : Provider
        The configured email provider (sandbox, SMTP or SendGrid).
    campaign_id, step_id : str
        The ledger key of this mail, e.g. ``enrollflow.report`` / ``weekly-2026-W06``.
    recipients : sequence of str
        Email addresses.
    mail : Mail
    sender : Sender
    now : datetime
        Current time (UTC).

    Returns
    -------
    DispatchReport
        ``submitted`` is 0 when every recipient already had this mail.
    """
    if not campaign_id.startswith(INTERNAL_PREFIX):
        raise ValueError(
            f"internal mail campaign ids start with {INTERNAL_PREFIX!r}: {campaign_id!r}"
        )
    keys = [
        LedgerKey(campaign_id, step_id, _recipient_key(r), "email", 1, None, r.strip())
        for r in dict.fromkeys(recipients)
    ]
    Ledger(store).enqueue(keys, now=now)

    def render(row: LedgerRow) -> EmailMessage:
        return EmailMessage(
            ledger_id=row.ledger_id,
            to=row.to_address or "",
            from_email=sender.from_email,
            from_name=sender.from_name,
            subject=mail.subject,
            html=mail.html,
            text=mail.text,
            categories=(campaign_id,),
            custom_args={"ledger_id": row.ledger_id},
            attachments=mail.attachments,
        )

    return dispatch(
        store, provider, render=render, now=now, campaign_id=campaign_id, step_id=step_id
    )
