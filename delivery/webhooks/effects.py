"""What provider events do to the ops store: ledger states, suppressions, consent decisions.

Pure store logic (no HTTP): the webhooks app validates and lands a POST, then calls these.
Every effect is idempotent -- SendGrid and Twilio retry POSTs -- and moves ledger rows forward
only (:meth:`delivery.ledger.Ledger.apply_outcome`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from delivery.ledger import Ledger
from delivery.providers.codes import TWILIO_CODES, Action
from delivery.store import Store
from delivery.suppression import record_consent, suppress, unsuppress

#: SendGrid event -> ledger outcome (events not listed change no state).
SENDGRID_OUTCOMES = {
    "processed": "submitted",
    "deferred": "submitted",
    "delivered": "delivered",
    "open": "delivered",
    "click": "delivered",
    "bounce": "bounced",
    "dropped": "failed",
    "spamreport": "delivered",
    "unsubscribe": "delivered",
    "group_unsubscribe": "delivered",
}
#: SendGrid events that end marketing consent for the address.
SENDGRID_OPT_OUTS = {
    "unsubscribe": "unsubscribe_link",
    "group_unsubscribe": "unsubscribe_link",
    "spamreport": "spamreport",
}
_DROPPED_SUPPRESS = ("Bounced Address", "Unsubscribed Address", "Spam Reporting Address", "Invalid")

#: Twilio MessageStatus -> ledger outcome.
TWILIO_OUTCOMES = {
    "accepted": "submitted",
    "queued": "submitted",
    "sending": "submitted",
    "sent": "submitted",
    "delivered": "delivered",
    "undelivered": "failed",
    "failed": "failed",
}
#: Twilio error codes after which the number is suppressed (``suppress`` in
#: :data:`delivery.providers.codes.TWILIO_CODES`).
TWILIO_SUPPRESS_CODES = {
    str(code): rule.meaning for code, rule in TWILIO_CODES.items() if rule.action is Action.SUPPRESS
}
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
START_WORDS = {"START", "YES", "UNSTOP"}


def _opt_out(
    conn: sa.Connection,
    store: Store,
    *,
    channel: str,
    address: str,
    reason: str,
    source: str,
    now: dt.datetime,
    ledger_id: str | None,
    contact_id: str | None = None,
) -> bool:
    """Suppress ``address`` and, if it was not suppressed yet, record the consent revocation."""
    if not suppress(
        conn,
        store,
        channel=channel,
        address=address,
        reason=reason,
        source=source,
        now=now,
        ledger_id=ledger_id,
    ):
        return False
    record_consent(
        conn,
        channel=channel,
        address=address,
        status="revoked",
        source=source,
        now=now,
        ledger_id=ledger_id,
        contact_id=contact_id,
    )
    return True


def apply_sendgrid_events(
    store: Store, events: Sequence[Mapping[str, Any]], *, now: dt.datetime
) -> dict[str, int]:
    """Apply SendGrid Event Webhook events; return counts of ledger updates and opt-outs."""
    ledger = Ledger(store)
    stats = {"ledger_updates": 0, "opt_outs": 0}
    with store.begin() as conn:
        for ev in events:
            kind = ev["event"]
            ledger_id = ev.get("ledger_id")
            outcome = SENDGRID_OUTCOMES.get(kind)
            reason = ev.get("reason") or ev.get("response")
            if ledger_id and outcome:
                pmid = str(ev.get("sg_message_id", "")).split(".")[0] or None
                stats["ledger_updates"] += ledger.apply_outcome(
                    ledger_id,
                    outcome,
                    now=now,
                    provider_message_id=pmid,
                    reason=f"{kind}: {reason}" if reason else None,
                    conn=conn,
                )
            opt_out_source = SENDGRID_OPT_OUTS.get(kind)
            hard_bounce = kind == "bounce" and ev.get("type", "bounce") == "bounce"
            dropped = kind == "dropped" and any(r in str(reason) for r in _DROPPED_SUPPRESS)
            if opt_out_source or hard_bounce or dropped:
                stats["opt_outs"] += 1
                _opt_out(
                    conn,
                    store,
                    channel="email",
                    address=ev["email"],
                    reason=kind if opt_out_source else "hard_bounce",
                    source=opt_out_source or "sendgrid",
                    now=now,
                    ledger_id=ledger_id,
                    contact_id=ev.get("contact_id"),
                )
    return stats


def apply_twilio_status(
    store: Store, params: Mapping[str, str], *, ledger_id: str | None, now: dt.datetime
) -> bool:
    """Apply one Twilio status callback; return whether the ledger row changed."""
    outcome = TWILIO_OUTCOMES.get(params["MessageStatus"])
    code = params.get("ErrorCode") or ""
    changed = False
    with store.begin() as conn:
        if ledger_id and outcome:
            changed = Ledger(store).apply_outcome(
                ledger_id,
                outcome,
                now=now,
                provider_message_id=params["MessageSid"],
                reason=f"Twilio {code}" if code else None,
                conn=conn,
            )
        if code in TWILIO_SUPPRESS_CODES and params.get("To"):
            _opt_out(
                conn,
                store,
                channel="sms",
                address=params["To"],
                reason="sms_stop" if code == "21610" else "provider_rejected",
                source="sms_stop" if code == "21610" else "twilio",
                now=now,
                ledger_id=ledger_id,
            )
    return changed


def inbound_keyword(params: Mapping[str, str]) -> str | None:
    """Return ``STOP``/``START`` for an opt-out/opt-in inbound SMS, else ``None``.

    Twilio's ``OptOutType`` (Advanced Opt-Out) wins; otherwise the first word of the body is
    matched against the standard keywords, case-insensitively.
    """
    kind = (params.get("OptOutType") or "").upper()
    if kind in ("STOP", "START"):
        return kind
    first = (params.get("Body") or "").strip().split(maxsplit=1)
    word = first[0].upper().strip(".!") if first else ""
    if word in STOP_WORDS:
        return "STOP"
    if word in START_WORDS:
        return "START"
    return None


def apply_twilio_inbound(
    store: Store, params: Mapping[str, str], *, now: dt.datetime
) -> str | None:
    """Honour STOP / START from an inbound SMS at once; return the keyword applied."""
    keyword = inbound_keyword(params)
    number = params.get("From")
    if keyword is None or not number:
        return None
    with store.begin() as conn:
        if keyword == "STOP":
            _opt_out(
                conn,
                store,
                channel="sms",
                address=number,
                reason="sms_stop",
                source="sms_stop",
                now=now,
                ledger_id=None,
            )
        elif unsuppress(conn, channel="sms", address=number, reasons=("sms_stop",)):
            record_consent(
                conn, channel="sms", address=number, status="granted", source="sms_start", now=now
            )
    return keyword


def apply_unsubscribe(
    store: Store, *, ledger_id: str, channel: str, address: str, now: dt.datetime
) -> bool:
    """Honour a one-click unsubscribe; return False if the address was already suppressed."""
    contact_id = ledger_id.split(":")[2] if ledger_id.count(":") == 4 else None
    with store.begin() as conn:
        newly = _opt_out(
            conn,
            store,
            channel=channel,
            address=address,
            reason="unsubscribe",
            source="unsubscribe_link",
            now=now,
            ledger_id=ledger_id,
            contact_id=contact_id,
        )
        if newly:
            store.audit(conn, now=now, actor="recipient", action="unsubscribed", subject=ledger_id)
    return newly
