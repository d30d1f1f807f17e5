"""SendGrid Event Webhook bodies: which events are usable, and the signed webhook's check.

Pure functions (no HTTP): :mod:`delivery.webhooks.sendgrid_routes` calls them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sendgrid.helpers.eventwebhook import EventWebhook, EventWebhookHeader

from delivery.webhooks.http import BadRequest

#: How far a SendGrid signed timestamp may be from the server's clock.
SIGNATURE_TOLERANCE = dt.timedelta(minutes=10)
MAX_EVENT_TIMESTAMP = 4_102_444_800  # 2100-01-01
SENDGRID_REQUIRED = ("email", "timestamp", "event", "sg_event_id", "sg_message_id")


def _event_problem(ev: Any) -> str | None:
    """Why one SendGrid event cannot be used (naming the field), or ``None``."""
    if not isinstance(ev, dict):
        return "not a JSON object"
    missing = [k for k in SENDGRID_REQUIRED if k not in ev]
    if missing:
        return f"missing required field(s) {', '.join(missing)}"
    ts = ev["timestamp"]
    if not isinstance(ts, int) or isinstance(ts, bool):
        return "'timestamp' must be integer unix seconds"
    if not 0 < ts < MAX_EVENT_TIMESTAMP:
        return "'timestamp' is out of range"
    for name in ("event", "email", "sg_event_id", "sg_message_id"):
        if not isinstance(ev[name], str) or not ev[name] or len(ev[name]) > 320:
            return f"'{name}' must be a non-empty string of at most 320 characters"
    if any(c in ev["email"] for c in "\r\n\x00"):
        return "'email' contains a control character"
    for name in ("ledger_id", "contact_id", "campaign_id"):
        if ev.get(name) is not None and (not isinstance(ev[name], str) or len(ev[name]) > 255):
            return f"'{name}' must be a string of at most 255 characters"
    return None


def validate_sendgrid_events(body: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Parse a SendGrid Event Webhook body into usable events and rejects.

    Returns
    -------
    (events, rejects)
        The events that can be applied, and ``{"index", "reason", "event"}`` for each that
        cannot (it goes to the rejects file; the others still apply).

    Raises
    ------
    BadRequest
        When the body as a whole is not a JSON array.
    """
    try:
        events = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise BadRequest(f"body is not JSON: {type(exc).__name__}") from None
    if not isinstance(events, list):
        raise BadRequest("body must be a JSON array of SendGrid events")
    good: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for i, ev in enumerate(events):
        problem = _event_problem(ev)
        if problem is None:
            good.append(ev)
        else:
            rejects.append({"index": i, "reason": f"event {i}: {problem}", "event": ev})
    return good, rejects


def sendgrid_verifier(public_key: str) -> EventWebhook:
    """The SDK's verifier for the Event Webhook key; a malformed key is a clear error at start."""
    try:
        return EventWebhook(public_key.strip())
    except ValueError as exc:
        raise ValueError(
            "the SendGrid Event Webhook verification key is not a base64 EC public key "
            f"(copy it from Mail Settings → Signed Event Webhook): {exc}"
        ) from exc


def check_sendgrid_signature(
    verifier: EventWebhook,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: dt.datetime,
    tolerance: dt.timedelta = SIGNATURE_TOLERANCE,
) -> None:
    """Raise ``BadRequest`` (403) unless the ECDSA signature of timestamp + body is valid and
    the signed timestamp is within ``tolerance`` of ``now`` (an old signed request replayed is
    refused)."""
    signature = headers.get(EventWebhookHeader.SIGNATURE.lower(), "")
    timestamp = headers.get(EventWebhookHeader.TIMESTAMP.lower(), "")
    if not signature or not timestamp:
        raise BadRequest(
            f"missing {EventWebhookHeader.SIGNATURE} / {EventWebhookHeader.TIMESTAMP}: "
            "enable the Signed Event Webhook at SendGrid",
            status=403,
        )
    try:
        signed_at = int(timestamp)
    except ValueError:
        raise BadRequest(
            f"{EventWebhookHeader.TIMESTAMP} is not unix seconds", status=403
        ) from None
    skew = abs(now.timestamp() - signed_at)
    if skew > tolerance.total_seconds():
        raise BadRequest(
            f"{EventWebhookHeader.TIMESTAMP} is {skew:.0f} s away from now (tolerance "
            f"{tolerance.total_seconds():.0f} s): a replayed or delayed request",
            status=403,
        )
    try:
        valid = verifier.verify_signature(body.decode("utf-8"), signature, timestamp)
    except (ValueError, UnicodeDecodeError):  # not base64 / not DER / not UTF-8
        valid = False
    if not valid:
        raise BadRequest(f"{EventWebhookHeader.SIGNATURE} does not match this request", status=403)
