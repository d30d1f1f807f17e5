"""Twilio link shortening click events: a recipient opened a shortened link of an SMS.

With Link Shortening on a Messaging Service (https://www.twilio.com/docs/messaging/features/link-shortening)
Twilio replaces the links of an SMS by short ones and, with click tracking, POSTs each click to
the service's click tracking callback URL as a JSON body::

    {"event_type": "click", "sms_sid": "SM...", "to": "+447700900123", "from": "+447700900000",
     "link": "https://northbridge.example.edu/open-day", "click_time": "2026-03-02T09:12:31.000Z",
     "messaging_service_sid": "MG...", "account_sid": "AC...", "user_agent": "Mozilla/5.0 ..."}

(The Event Streams sink's ``com.twilio.daptbt.link-shortening.link-clicked`` event carries the same
fields under ``data``, the message as ``message_sid``; both shapes are read.) Twilio signs a JSON
webhook like a form one — ``X-Twilio-Signature`` over the full URL — and adds ``bodySHA256`` (the
hex SHA-256 of the body) to that URL, so :meth:`twilio.request_validator.RequestValidator.validate`
checks the URL's signature and the body's hash together.

The click lands in ``landing/twilio/<day>/clicks.jsonl`` as received (``{"received_at", "url",
"kind": "click", "event"}``), and counts as ``clicked`` on the campaign's live counters
(:func:`delivery.counters.record_engagement`): once per event (a retried POST changes nothing)
and once per message (a second click on the same SMS is not a second clicked message). The
message is found by its ``sms_sid`` (``send_ledger.provider_message_id``, indexed by revision
``0014_sms_link_clicks``); a click on a message the ledger does not know is landed and not counted.
The ingest loads the landed clicks into ``raw_twilio__clicks`` (its ``click_id`` is
:func:`event_id`), and the marts count them the same way: once per event in
``fct_message_events``, once per message in ``fct_sends`` (docs/data-contract.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import sqlalchemy as sa

from delivery.counters import notify, record_engagement
from delivery.store import Store
from delivery.store.schema import send_ledger

PROVIDER = "twilio_click"


class ClickEventError(ValueError):
    """The body is not a Twilio click event (names what is missing)."""


def parse_click(body: bytes) -> dict[str, Any]:
    """The click event of a webhook body (flat, or an Event Streams envelope's ``data``)."""
    try:
        doc = json.loads(body)
    except ValueError:
        raise ClickEventError("the body is not JSON (Twilio sends click events as JSON)") from None
    if isinstance(doc, dict) and isinstance(doc.get("data"), dict):
        doc = {**doc["data"], "event_type": "click"}
    if not isinstance(doc, dict):
        raise ClickEventError("expected a JSON object with sms_sid, link and click_time")
    sid = doc.get("sms_sid") or doc.get("message_sid")
    missing = [k for k, v in (("sms_sid", sid), ("link", doc.get("link"))) if not v]
    if missing:
        raise ClickEventError(f"click event without {' and '.join(missing)}")
    if doc.get("event_type", "click") != "click":
        raise ClickEventError(f"event_type {doc['event_type']!r}: only 'click' is accepted here")
    if not (isinstance(sid, str) and sid.startswith(("SM", "MM")) and len(sid) == 34):
        raise ClickEventError(f"sms_sid {sid!r} is not a Twilio message sid (SM + 32 characters)")
    return {**doc, "sms_sid": sid}


def event_id(click: dict[str, Any]) -> str:
    """A stable id of one click (Twilio gives none): the same POST retried has the same id."""
    key = "|".join(str(click.get(k) or "") for k in ("sms_sid", "link", "click_time"))
    return hashlib.sha256(key.encode()).hexdigest()


def apply_click(store: Store, click: dict[str, Any], *, now: dt.datetime) -> str | None:
    """Count the click on its campaign; the campaign moved, or None (replay, unknown message)."""
    with store.begin() as conn:
        ledger_id = conn.execute(
            sa.select(send_ledger.c.ledger_id).where(
                send_ledger.c.provider_message_id == click["sms_sid"],
                send_ledger.c.channel == "sms",
            )
        ).scalar()
        if ledger_id is None:
            return None
        moved = record_engagement(
            conn, provider=PROVIDER, event_id=event_id(click), ledger_id=ledger_id,
            kind="clicked", now=now,
        )  # fmt: skip
        notify(conn, [moved] if moved else [])
    return moved
