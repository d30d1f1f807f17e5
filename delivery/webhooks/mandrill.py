"""Mailchimp Transactional (Mandrill) webhooks: authenticate, validate and apply ``mandrill_events``.

Mandrill POSTs ``application/x-www-form-urlencoded`` with one field, ``mandrill_events``: a JSON
array of message events (``send``, ``deferral``, ``hard_bounce``, ``soft_bounce``, ``open``,
``click``, ``spam``, ``unsub``, ``reject``) and sync events (``whitelist``/``blacklist`` changes,
which have ``type`` and no ``msg``). Each request is signed: ``X-Mandrill-Signature`` is the
base64 HMAC-SHA1, under the webhook's key, of the webhook URL followed by every POST field's
name and value in name order. Mandrill also sends a ``HEAD`` when the webhook is created (the app
answers 200). A message event carries the message's ``metadata`` (``ledger_id``, ``campaign_id``,
``contact_id``, set by :class:`delivery.providers.mandrill.MandrillProvider`), which joins it to
its ledger row. Mandrill events have no id of their own: ``event_id`` is derived from the
message id, the event, its time and (clicks) the URL, so a retried POST lands the same ids and
the marts count it once.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from typing import Any

from delivery.ledger import Ledger
from delivery.store import Store
from delivery.webhooks.effects import _opt_out, apply_each

#: Mandrill message event -> ledger outcome (events not listed change no state).
MANDRILL_OUTCOMES = {
    "send": "delivered",
    "deferral": "submitted",
    "soft_bounce": "submitted",
    "hard_bounce": "bounced",
    "open": "delivered",
    "click": "delivered",
    "spam": "delivered",
    "unsub": "delivered",
    "reject": "failed",
}
MESSAGE_EVENTS = tuple(MANDRILL_OUTCOMES)
SYNC_TYPES = ("whitelist", "blacklist")
#: Mandrill events that end marketing consent (consent decisions, ordered by event time).
MANDRILL_OPT_OUTS = {"unsub": "unsubscribe_link", "spam": "spamreport"}
SIGNATURE_HEADER = "x-mandrill-signature"
MAX_EVENT_TIMESTAMP = 4_102_444_800  # 2100-01-01


class MandrillBadRequest(ValueError):
    """A Mandrill POST that cannot be used; ``status`` is the HTTP answer (400 or 403)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def mandrill_signature(key: str, url: str, params: Mapping[str, str]) -> str:
    """The ``X-Mandrill-Signature`` of a POST of ``params`` to ``url`` under ``key``."""
    signed = url + "".join(k + params[k] for k in sorted(params))
    return base64.b64encode(hmac.new(key.encode(), signed.encode(), hashlib.sha1).digest()).decode()


def check_mandrill_signature(key: str, url: str, params: Mapping[str, str], signature: str) -> None:
    """Raise :class:`MandrillBadRequest` (403) unless ``signature`` signs this POST."""
    if not signature:
        raise MandrillBadRequest(f"missing {SIGNATURE_HEADER}", status=403)
    if not hmac.compare_digest(mandrill_signature(key, url, params).encode(), signature.encode()):
        raise MandrillBadRequest("X-Mandrill-Signature does not match this request", status=403)


def event_id(ev: Mapping[str, Any]) -> str:
    """A stable id for a Mandrill event (Mandrill gives none)."""
    parts = [str(ev.get("_id") or ""), str(ev.get("event") or ev.get("type")), str(ev.get("ts"))]
    if ev.get("url"):
        parts.append(str(ev["url"]))
    return "md_" + hashlib.sha256(":".join(parts).encode()).hexdigest()[:24]


def _problem(ev: Any) -> str | None:
    """Why one Mandrill event cannot be used (naming the field), or ``None``."""
    if not isinstance(ev, dict):
        return "not a JSON object"
    ts = ev.get("ts")
    if not isinstance(ts, int) or isinstance(ts, bool) or not 0 < ts < MAX_EVENT_TIMESTAMP:
        return "'ts' must be integer unix seconds"
    if "event" not in ev:
        if ev.get("type") in SYNC_TYPES:
            return None
        return "missing 'event' (or a sync event's 'type')"
    if ev["event"] not in MESSAGE_EVENTS:
        return f"'event' must be one of {', '.join(MESSAGE_EVENTS)}"
    msg = ev.get("msg")
    if not isinstance(ev.get("_id"), str) or not ev["_id"] or len(ev["_id"]) > 64:
        return "'_id' must be the message id"
    if not isinstance(msg, dict) or not isinstance(msg.get("email"), str) or not msg["email"]:
        return "'msg.email' is required"
    if len(msg["email"]) > 320 or any(c in msg["email"] for c in "\r\n\x00"):
        return "'msg.email' is too long or contains a control character"
    metadata = msg.get("metadata") or {}
    if not isinstance(metadata, dict):
        return "'msg.metadata' must be an object"
    for name in ("ledger_id", "campaign_id", "contact_id"):
        value = metadata.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > 255):
            return f"'msg.metadata.{name}' must be a string of at most 255 characters"
    return None


def validate_mandrill_events(
    params: Mapping[str, str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The usable events of a webhook POST (each with ``event_id``) and the rejects.

    Raises
    ------
    MandrillBadRequest
        When ``mandrill_events`` is missing or not a JSON array.
    """
    raw = params.get("mandrill_events")
    if raw is None:
        raise MandrillBadRequest("missing form field mandrill_events")
    try:
        events = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise MandrillBadRequest(f"mandrill_events is not JSON: {type(exc).__name__}") from None
    if not isinstance(events, list):
        raise MandrillBadRequest("mandrill_events must be a JSON array of events")
    good, rejects = [], []
    for i, ev in enumerate(events):
        problem = _problem(ev)
        if problem is None:
            good.append({**ev, "event_id": event_id(ev)})
        else:
            rejects.append({"index": i, "reason": f"event {i}: {problem}", "event": ev})
    return good, rejects


def apply_mandrill_events(
    store: Store, events: Sequence[Mapping[str, Any]], *, now: dt.datetime
) -> dict[str, Any]:
    """Apply message events to the ledger and suppressions, each on its own
    (:func:`~delivery.webhooks.effects.apply_each`).

    Ledger states move forward only; a hard bounce suppresses the address; ``unsub`` and ``spam``
    are consent decisions ordered by their event time. Sync events change nothing here (they
    are Mandrill's own rejection list, landed for the record).
    """
    ledger = Ledger(store)
    with store.begin() as conn:
        return apply_each(
            conn,
            events,
            lambda ev, stats: (
                _apply(conn, store, ledger, ev, now=now, stats=stats) if "event" in ev else None
            ),
            ("ledger_updates", "opt_outs"),
        )


def _apply(conn, store, ledger, ev, *, now, stats) -> None:
    kind = ev["event"]
    msg = ev["msg"]
    metadata = msg.get("metadata") or {}
    ledger_id = metadata.get("ledger_id")
    reason = msg.get("bounce_description") or msg.get("diag")
    if ledger_id:
        stats["ledger_updates"] += ledger.apply_outcome(
            ledger_id,
            MANDRILL_OUTCOMES[kind],
            now=now,
            provider_message_id=ev["_id"],
            reason=f"{kind}: {reason}" if reason else None,
            conn=conn,
        )
    source = MANDRILL_OPT_OUTS.get(kind)
    if source or kind == "hard_bounce":
        stats["opt_outs"] += _opt_out(
            conn,
            store,
            channel="email",
            address=msg["email"],
            reason={"unsub": "unsubscribe", "spam": "spamreport"}.get(kind, "hard_bounce"),
            source=source or "mandrill",
            now=now,
            ledger_id=ledger_id,
            contact_id=metadata.get("contact_id"),
            event_at=dt.datetime.fromtimestamp(ev["ts"], dt.UTC) if source else None,
        )
