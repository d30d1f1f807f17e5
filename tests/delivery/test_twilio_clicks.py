"""Twilio link shortening clicks over HTTP: signed like Twilio's JSON webhooks (X-Twilio-Signature
over the URL with bodySHA256, checked by twilio's RequestValidator), landed as received, counted
once per event and once per message on the campaign's live counters (what the studio's live
monitor shows), refused with a clear message when forged or malformed."""

from __future__ import annotations

import hashlib
import json

from twilio.request_validator import RequestValidator

from delivery.counters import counters
from delivery.ledger import Ledger
from studio.monitor import live_counts
from tests.delivery.test_webhooks import (  # noqa: F401 - fixtures
    BASE,
    RECEIVED,
    TWILIO_TOKEN,
    _sms_keys,
    _submitted,
    client,
    landing,
)


def click_event(sid: str, to: str, at: str = "2026-03-02T09:12:31.000Z") -> dict:
    """A click as Twilio's link shortening click tracking callback sends it."""
    return {
        "event_type": "click",
        "sms_sid": sid,
        "to": to,
        "from": "+447000000000",
        "link": "https://northbridge.example.edu/open-day?utm_source=enrollflow",
        "click_time": at,
        "messaging_service_sid": "MG" + "c" * 32,
        "account_sid": "AC" + "b" * 32,
        "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)",
    }


def post_click(client, event, *, token=TWILIO_TOKEN, body: bytes | None = None, hashed=True):  # noqa: F811
    """POST as Twilio does: the body's SHA-256 in the URL, the URL signed with the auth token."""
    signed = json.dumps(event).encode()
    path = "/twilio/clicks" + (
        f"?bodySHA256={hashlib.sha256(signed).hexdigest()}" if hashed else ""
    )
    signature = RequestValidator(token).compute_signature(f"{BASE}{path}", {})
    return client.post(
        path, content=signed if body is None else body,
        headers={"content-type": "application/json", "x-twilio-signature": signature},
    )  # fmt: skip


def _clicked(store) -> float:
    with store.engine.connect() as conn:
        return counters(conn, "cmp_0002").get("clicked", 0)


def test_sms_link_clicks_are_landed_and_counted_once_per_message(client, sqlite_store, landing):  # noqa: F811
    keys = _sms_keys(2)
    _submitted(sqlite_store, keys, landing.parent / "sbx")
    ledger = Ledger(sqlite_store)
    sid0, sid1 = (ledger.get(k.ledger_id).provider_message_id for k in keys)
    first = click_event(sid0, keys[0].to_address)
    assert post_click(client, first).status_code == 204
    assert _clicked(sqlite_store) == 1
    assert post_click(client, first).status_code == 204  # Twilio retried the POST
    later = click_event(sid0, keys[0].to_address, at="2026-03-02T10:00:00.000Z")
    assert post_click(client, later).status_code == 204  # the same SMS clicked again
    assert _clicked(sqlite_store) == 1
    # the Event Streams shape (CloudEvents envelope, message_sid) counts the same way
    stream = {"specversion": "1.0", "type": "com.twilio.daptbt.link-shortening.link-clicked",
              "id": "NO" + "1" * 32, "data": {**click_event(sid1, keys[1].to_address),
                                               "message_sid": sid1, "sms_sid": None}}  # fmt: skip
    del stream["data"]["event_type"]
    assert post_click(client, stream).status_code == 204
    assert _clicked(sqlite_store) == 2
    unknown = click_event("SM" + "f" * 32, "+447911100000")
    assert post_click(client, unknown).status_code == 204  # landed, counted nowhere
    assert _clicked(sqlite_store) == 2
    # the live monitor's figure is this counter
    assert live_counts(sqlite_store, "cmp_0002", RECEIVED)["clicked"] == 2
    lines = [
        json.loads(x) for x in (landing / "twilio/2026-03-02/clicks.jsonl").read_text().splitlines()
    ]
    assert len(lines) == 5 and lines[0]["kind"] == "click"
    assert lines[0]["event"] == first and lines[0]["received_at"] == RECEIVED.isoformat()
    assert lines[0]["url"].startswith(f"{BASE}/twilio/clicks?bodySHA256=")
    assert lines[3]["event"]["sms_sid"] == sid1


def test_forged_or_malformed_clicks_are_refused(client, sqlite_store, landing):  # noqa: F811
    keys = _sms_keys(1)
    _submitted(sqlite_store, keys, landing.parent / "sbx")
    sid = Ledger(sqlite_store).get(keys[0].ledger_id).provider_message_id
    event = click_event(sid, keys[0].to_address)
    wrong_key = post_click(client, event, token="not-the-auth-token")
    assert wrong_key.status_code == 403 and "X-Twilio-Signature does not match" in wrong_key.text
    # a genuine URL and signature with another body: the body hash in the URL no longer matches
    other = json.dumps(click_event(sid, keys[0].to_address, at="2026-03-03T00:00:00Z")).encode()
    swapped = post_click(client, event, body=other)
    assert swapped.status_code == 403 and "does not match" in swapped.text
    # without bodySHA256 the signature would not cover the body at all
    unhashed = post_click(client, event, hashed=False)
    assert unhashed.status_code == 403 and "bodySHA256" in unhashed.text
    assert _clicked(sqlite_store) == 0
    assert not (landing / "twilio/2026-03-02/clicks.jsonl").exists()
    for bad, message in (
        ({**event, "sms_sid": ""}, "click event without sms_sid"),
        ({**event, "link": None}, "click event without link"),
        ({**event, "sms_sid": "SM123"}, "is not a Twilio message sid"),
        ({**event, "event_type": "link_shortened"}, "only 'click' is accepted"),
        ([event], "expected a JSON object"),
    ):
        r = post_click(client, bad)
        assert r.status_code == 400 and message in r.text, (bad, r.text)
    assert _clicked(sqlite_store) == 0
