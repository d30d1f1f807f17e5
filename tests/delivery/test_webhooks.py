"""The webhooks app: validation, landing-zone format (checked by the real ingest), ledger updates,
STOP/START and one-click unsubscribes applied at once."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from urllib.parse import urlencode

import duckdb
import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient
from twilio.request_validator import RequestValidator

from delivery.dispatch import dispatch
from delivery.ledger import Ledger, LedgerKey
from delivery.providers.sandbox import SandboxProvider
from delivery.rendering.bind import render_fn
from delivery.rendering.email import EmailRenderer
from delivery.rendering.templates import TemplateSet
from delivery.store.schema import consent_events, suppressions
from delivery.webhooks.app import create_app
from enrollflow.ingest import ingest_source
from tests.delivery.conftest import NOW, email_keys, plain_email, plain_sms
from tests.delivery.sealed import opened_rows
from tests.delivery.test_rendering import SENDER

BASE = "https://hooks.example.edu"
TWILIO_TOKEN = "tw-auth-token-123"
SG_TOKEN = "sg-hook-token"
SG_EVENTS = f"/sendgrid/events?token={SG_TOKEN}"
RECEIVED = dt.datetime(2026, 3, 2, 23, 59, 30, tzinfo=dt.UTC)


def ticking(start: dt.datetime):
    """A clock that moves on a microsecond per reading (arrival order is observable)."""
    ticks = itertools.count()
    return lambda: start + dt.timedelta(microseconds=next(ticks))


@pytest.fixture
def landing(tmp_path):
    return tmp_path / "landing"


@pytest.fixture
def client(sqlite_store, landing):
    app = create_app(
        sqlite_store,
        landing,
        unsubscribe_secret=SENDER.unsubscribe_secret,
        public_base_url=BASE,
        twilio_auth_token=TWILIO_TOKEN,
        sendgrid_token=SG_TOKEN,
        clock=ticking(RECEIVED),
    )
    return TestClient(app, base_url=BASE)


def _submitted(store, keys, outbox):
    """Put ``keys`` through the sandbox provider so they are ``submitted``."""
    Ledger(store).enqueue(keys, now=NOW)
    channel = keys[0].channel
    render = plain_email if channel == "email" else plain_sms
    dispatch(store, SandboxProvider(outbox, channel=channel), render=render, now=NOW)


def _sg_event(key, event, n, **extra):
    return {
        "email": key.to_address,
        "timestamp": 1772442000 + n,
        "event": event,
        "sg_event_id": f"ev{n:04d}",
        "sg_message_id": f"msg{n}.filterdrecv-1",
        "smtp-id": f"<msg{n}@example>",
        "category": ["cmp_0001"],
        "ledger_id": key.ledger_id,
        "campaign_id": key.campaign_id,
        "contact_id": key.contact_id,
        **extra,
    }


_rows = opened_rows


def test_sendgrid_events_land_in_contract_format_and_update_the_ledger(
    client, sqlite_store, landing
):
    keys = email_keys(4)
    _submitted(sqlite_store, keys, landing.parent / "sbx")
    events = [
        _sg_event(keys[0], "processed", 1),
        _sg_event(keys[0], "delivered", 2),
        _sg_event(keys[1], "bounce", 3, type="bounce", reason="550 5.1.1 unknown user"),
        _sg_event(keys[2], "unsubscribe", 4),
        _sg_event(keys[3], "bounce", 5, type="blocked", reason="421 try later"),
        {**_sg_event(keys[3], "open", 6, sg_machine_open=False), "ledger_id": None},
    ]
    r = client.post(SG_EVENTS, json=events)
    assert r.status_code == 200 and r.json()["received"] == 6
    ledger = Ledger(sqlite_store)
    assert ledger.get(keys[0].ledger_id).state == "delivered"
    bounced = ledger.get(keys[1].ledger_id)
    assert (bounced.state, bounced.last_error) == ("bounced", "bounce: 550 5.1.1 unknown user")
    assert ledger.get(keys[3].ledger_id).state == "bounced"
    sup = {(s["address"], s["reason"]) for s in _rows(sqlite_store, suppressions)}
    # hard bounce and unsubscribe suppress; a 'blocked' bounce does not
    assert sup == {(keys[1].to_address, "hard_bounce"), (keys[2].to_address, "unsubscribe")}
    consent = [
        (c["address"], c["status"], c["source"]) for c in _rows(sqlite_store, consent_events)
    ]
    assert (keys[2].to_address, "revoked", "unsubscribe_link") in consent

    # SendGrid retries the same POST: it lands again (append-only) but changes nothing else
    assert client.post(SG_EVENTS, json=events).status_code == 200
    assert len(_rows(sqlite_store, consent_events)) == len(consent)
    path = landing / "sendgrid" / "2026-03-02" / "events.jsonl"
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    assert len(lines) == 2 and lines[0] == {"received_at": RECEIVED.isoformat(), "events": events}

    # the real ingest reads what we landed, with no rejects
    con = duckdb.connect()
    result = ingest_source(
        con, landing, "sendgrid", dt.date(2026, 3, 2), dt.date(2026, 3, 2), now=RECEIVED
    )
    assert result.rows == {"raw_sendgrid__events": 12} and sum(result.rejects.values()) == 0
    got = con.execute(
        "select count(distinct sg_event_id), count(distinct ledger_id) from raw_sendgrid__events"
    ).fetchone()
    assert got == (6, 4)


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        (b"{not json", 400, "not JSON"),
        (b'{"event": "open"}', 400, "JSON array"),
        (b"[1]", 200, "event 0: not a JSON object"),
        (
            json.dumps(
                [{"email": "a@b.org", "timestamp": 1, "event": "open", "sg_message_id": "m"}]
            ),
            200,
            "event 0: missing required field(s) sg_event_id",
        ),
        (
            json.dumps(
                [
                    {
                        "email": "a@b.org",
                        "timestamp": "yesterday",
                        "event": "open",
                        "sg_event_id": "e",
                        "sg_message_id": "m",
                    }
                ]
            ),
            200,
            "'timestamp' must be integer",
        ),  # fmt: skip
    ],
)
def test_bad_sendgrid_bodies_and_events_are_refused_naming_the_field(
    client, landing, body, status, text
):
    """A body that is not an array is a 400; a bad event is a reject (200: SendGrid must not
    retry it) with its reason in the answer and the rejects file; neither lands as an event."""
    r = client.post(SG_EVENTS, content=body, headers={"content-type": "application/json"})
    assert r.status_code == status and text in r.text
    assert not (landing / "sendgrid").exists()
    rejects = list((landing / "webhook_rejects").glob("*/sendgrid.jsonl"))
    if status == 200:
        assert text in rejects[0].read_text() and r.json()["applied"] == 0
    else:
        assert rejects == []


def test_sendgrid_shared_token_is_enforced(sqlite_store, landing):
    app = create_app(
        sqlite_store,
        landing,
        unsubscribe_secret="x" * 10,
        public_base_url=BASE,
        sendgrid_token="sg-hook-token",
    )
    c = TestClient(app, base_url=BASE)
    assert c.post("/sendgrid/events", json=[]).status_code == 403
    assert c.post("/sendgrid/events?token=guess", json=[]).status_code == 403
    assert c.post("/sendgrid/events?token=sg-hook-token", json=[]).status_code == 200


def _twilio_post(client, path, params, *, token=TWILIO_TOKEN):
    url = f"{BASE}{path}"
    signature = RequestValidator(token).compute_signature(url, params)
    return client.post(
        path,
        content=urlencode(params),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": signature,
        },
    )


def _sms_keys(n=2):
    return [
        LedgerKey("cmp_0002", "sms1", f"c_{i}", "sms", to_address=f"+44791112345{i}")
        for i in range(n)
    ]


def test_twilio_status_callbacks_are_signed_landed_and_applied(client, sqlite_store, landing):
    keys = _sms_keys()
    _submitted(sqlite_store, keys, landing.parent / "sbx")
    delivered = {
        "MessageSid": "SM" + "a" * 32,
        "MessageStatus": "delivered",
        "AccountSid": "AC" + "b" * 32,
        "To": keys[0].to_address,
        "From": "+447000000000",
        "ApiVersion": "2010-04-01",
    }
    path0 = f"/twilio/status?ledger_id={keys[0].ledger_id}"
    assert _twilio_post(client, path0, delivered).status_code == 204
    failed = {
        **delivered,
        "MessageStatus": "undelivered",
        "ErrorCode": "21610",
        "To": keys[1].to_address,
    }
    path1 = f"/twilio/status?ledger_id={keys[1].ledger_id}"
    assert _twilio_post(client, path1, failed).status_code == 204
    ledger = Ledger(sqlite_store)
    assert ledger.get(keys[0].ledger_id).state == "delivered"
    assert (ledger.get(keys[1].ledger_id).state, ledger.get(keys[1].ledger_id).last_error) == (
        "failed",
        "Twilio 21610",
    )
    assert [(s["address"], s["reason"]) for s in _rows(sqlite_store, suppressions)] == [
        (keys[1].to_address, "sms_stop")
    ]
    lines = [
        json.loads(x)
        for x in (landing / "twilio/2026-03-02/callbacks.jsonl").read_text().splitlines()
    ]
    assert lines[0] == {
        "received_at": RECEIVED.isoformat(),
        "url": f"{BASE}{path0}",
        "kind": "status",
        "params": delivered,
    }
    con = duckdb.connect()
    result = ingest_source(
        con, landing, "twilio", dt.date(2026, 3, 2), dt.date(2026, 3, 2), now=RECEIVED
    )
    assert sum(result.rejects.values()) == 0
    assert con.execute(
        "select ledger_id, message_status from raw_twilio__callbacks order by 1"
    ).fetchall() == [
        (keys[0].ledger_id, "delivered"),
        (keys[1].ledger_id, "undelivered"),
    ]


def test_twilio_requests_with_bad_signature_or_fields_are_refused(client, landing):
    params = {"MessageSid": "SM1", "MessageStatus": "sent"}
    r = _twilio_post(client, "/twilio/status?ledger_id=x", params, token="someone-else")
    assert r.status_code == 403 and "X-Twilio-Signature" in r.text
    r = _twilio_post(client, "/twilio/status?ledger_id=x", {"MessageSid": "SM1"})
    assert r.status_code == 400 and "MessageStatus" in r.text
    assert not (landing / "twilio").exists()


def test_stop_and_start_are_honoured_immediately(client, sqlite_store, landing):
    number = "+447911123450"
    inbound = {"MessageSid": "SM9", "From": number, "To": "+447000000000", "Body": "stop please"}
    r = _twilio_post(client, "/twilio/inbound", inbound)
    assert r.status_code == 200 and r.text.endswith("<Response></Response>")
    assert [(s["address"], s["reason"]) for s in _rows(sqlite_store, suppressions)] == [
        (number, "sms_stop")
    ]
    # a send to that number right now is skipped by the send-time rules
    key = LedgerKey("cmp_0003", "sms1", "c_0", "sms", to_address=number)
    Ledger(sqlite_store).enqueue([key], now=NOW)
    report = dispatch(sqlite_store, SandboxProvider(landing.parent / "sbx", channel="sms"),
                      render=lambda row: pytest.fail("a suppressed number was rendered"), now=NOW)  # fmt: skip
    assert report.skipped == 1
    # HELP changes nothing; START (Twilio's OptOutType) lifts the STOP
    _twilio_post(client, "/twilio/inbound", {**inbound, "MessageSid": "SM10", "Body": "HELP"})
    assert len(_rows(sqlite_store, suppressions)) == 1
    start = {**inbound, "MessageSid": "SM11", "Body": "Start", "OptOutType": "START"}
    _twilio_post(client, "/twilio/inbound", start)
    assert _rows(sqlite_store, suppressions) == []
    consent = [(c["status"], c["source"]) for c in _rows(sqlite_store, consent_events)]
    assert consent == [("revoked", "sms_stop"), ("granted", "sms_start")]
    kinds = [
        json.loads(x)["kind"]
        for x in (landing / "twilio/2026-03-02/callbacks.jsonl").read_text().splitlines()
    ]
    assert kinds == ["inbound", "inbound", "inbound"]


def test_one_click_unsubscribe_from_a_rendered_email(client, sqlite_store):
    keys = email_keys(1)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    ts = TemplateSet("t", {"en": {"subject": "Hi", "html": "<p>Hi</p>"}})
    renderer = EmailRenderer(ts, SENDER)
    row = Ledger(sqlite_store).get(keys[0].ledger_id)
    message = render_fn(renderer, {keys[0].contact_id: {"locale": "en"}})(row)
    url = message.headers["List-Unsubscribe"].split(", ")[0][1:-1]
    path = url.removeprefix(BASE)

    page = client.get(path)  # a link scanner's GET must not unsubscribe
    assert page.status_code == 200 and '<form method="post"' in page.text
    assert _rows(sqlite_store, suppressions) == []
    r = client.post(path, content=b"List-Unsubscribe=One-Click",
                    headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert r.status_code == 200 and "unsubscribed" in r.text
    sup = _rows(sqlite_store, suppressions)
    assert [(s["address"], s["reason"], s["ledger_id"]) for s in sup] == [
        (keys[0].to_address, "unsubscribe", keys[0].ledger_id)
    ]
    consent = _rows(sqlite_store, consent_events)
    assert [(c["contact_id"], c["status"]) for c in consent] == [(keys[0].contact_id, "revoked")]
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    bad = client.post(tampered)
    assert bad.status_code == 400 and "not valid" in bad.text


def test_effects_on_both_stores(any_store, tmp_path):
    """Suppressions, consent and forward-only ledger updates behave the same on Postgres."""
    from delivery.webhooks.effects import apply_sendgrid_events, apply_twilio_inbound

    keys = email_keys(2)
    _submitted(any_store, keys, tmp_path / "sbx")
    events = [
        _sg_event(keys[0], "delivered", 1),
        _sg_event(keys[1], "spamreport", 2),
        _sg_event(keys[0], "processed", 3),  # late and out of order: must not move it back
    ]
    assert apply_sendgrid_events(any_store, events, now=RECEIVED) == {
        "ledger_updates": 2,
        "opt_outs": 1,
        "opt_ins": 0,
        "engagements": 1,  # the spam report, counted for its campaign
        "failed": [],
    }
    again = apply_sendgrid_events(any_store, events, now=RECEIVED)
    assert (again["ledger_updates"], again["engagements"]) == (0, 0)  # a replay counts nothing
    assert Ledger(any_store).get(keys[0].ledger_id).state == "delivered"
    number = "+447911123450"
    stop = {"MessageSid": "SM1", "From": number, "Body": "STOP"}
    assert apply_twilio_inbound(any_store, stop, now=RECEIVED) == "STOP"
    unstop = {"MessageSid": "SM2", "From": number, "Body": "UNSTOP"}
    later = RECEIVED + dt.timedelta(seconds=1)
    assert apply_twilio_inbound(any_store, unstop, now=later) == "START"
    assert apply_twilio_inbound(any_store, stop, now=later) is None  # a replay changes nothing
    sup = {(s["channel"], s["address"], s["reason"]) for s in _rows(any_store, suppressions)}
    assert sup == {("email", keys[1].to_address, "spamreport")}
    consent = sorted(
        (c["channel"], c["status"], c["source"]) for c in _rows(any_store, consent_events)
    )
    assert consent == [
        ("email", "revoked", "spamreport"),
        ("sms", "granted", "sms_start"),
        ("sms", "revoked", "sms_stop"),
    ]


SIGNED_AT = 1772495970


def _signed_sendgrid_app(store, landing, *, now: int = SIGNED_AT + 5):
    """An app with SendGrid's Signed Event Webhook on, and a signer holding the private key."""
    import base64

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    app = create_app(
        store,
        landing,
        unsubscribe_secret="x" * 10,
        public_base_url=BASE,
        sendgrid_public_key=base64.b64encode(der).decode(),
        clock=ticking(dt.datetime.fromtimestamp(now, dt.UTC)),
    )

    def sign(body: bytes, timestamp: str) -> str:
        signature = key.sign(timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
        return base64.b64encode(signature).decode()

    return TestClient(app, base_url=BASE), sign


def test_sendgrid_signed_event_webhook_is_verified(sqlite_store, landing):
    client, sign = _signed_sendgrid_app(sqlite_store, landing)
    body = json.dumps(
        [
            {
                "email": "a@example.edu",
                "timestamp": 1772495970,
                "event": "delivered",
                "sg_event_id": "ev-signed-1",
                "sg_message_id": "msg-1",
            }
        ]
    ).encode()
    headers = {
        "content-type": "application/json",
        "X-Twilio-Email-Event-Webhook-Timestamp": "1772495970",
    }

    def post(content: bytes, signature: str | None):
        extra = {"X-Twilio-Email-Event-Webhook-Signature": signature} if signature else {}
        return client.post(SG_EVENTS, content=content, headers={**headers, **extra})

    missing = post(body, None)
    assert missing.status_code == 403 and "Signed Event Webhook" in missing.text
    tampered = post(body.replace(b"delivered", b"bounce"), sign(body, "1772495970"))
    assert tampered.status_code == 403 and "does not match" in tampered.text
    assert post(body, "not-base64!").status_code == 403
    assert not (landing / "sendgrid").exists(), "a rejected POST must land nothing"
    ok = post(body, sign(body, "1772495970"))
    assert ok.status_code == 200 and ok.json()["received"] == 1
    assert (landing / "sendgrid").exists()


def test_a_malformed_sendgrid_verification_key_is_a_clear_error(sqlite_store, landing):
    with pytest.raises(ValueError, match="Signed Event Webhook"):
        create_app(
            sqlite_store,
            landing,
            unsubscribe_secret="x" * 10,
            public_base_url=BASE,
            sendgrid_public_key="not a key",
        )


def test_an_event_the_database_refuses_midway_is_rolled_back_alone(any_store, landing, monkeypatch):
    """A SendGrid batch is applied in one savepoint; when one event fails after writing part of
    its effects, the batch is applied again one savepoint per event: that event's writes are
    undone, every other event counts exactly once, and SendGrid's retry applies only it."""
    from delivery.counters import counters
    from delivery.webhooks import effects

    keys = email_keys(3)
    _submitted(any_store, keys, landing.parent / "sbx")
    real, refused = effects._apply_sendgrid_event, {"ev0002"}

    def refusing(conn, store, ledger, ev, **kw):
        real(conn, store, ledger, ev, **kw)  # its ledger update and engagement are written...
        if ev["sg_event_id"] in refused:  # ...then the database refuses the event
            conn.execute(sa.text("SELECT * FROM no_such_table"))

    monkeypatch.setattr(effects, "_apply_sendgrid_event", refusing)
    app = create_app(
        any_store, landing, unsubscribe_secret=SENDER.unsubscribe_secret, public_base_url=BASE,
        sendgrid_token=SG_TOKEN, clock=ticking(RECEIVED),
    )  # fmt: skip
    client = TestClient(app, base_url=BASE)
    batch = [
        _sg_event(keys[0], "delivered", 1),
        _sg_event(keys[1], "open", 2),  # refused
        _sg_event(keys[2], "spamreport", 3),
        _sg_event(keys[0], "open", 4),
    ]
    r = client.post(SG_EVENTS, json=batch).json()
    assert (r["applied"], r["engagements"], r["opt_outs"]) == (3, 2, 1)
    assert [x.split(" (")[0] for x in r["rejected"]] == ["event 1: could not be applied"]
    with any_store.engine.connect() as conn:
        assert counters(conn, keys[0].campaign_id) == {"opened": 1, "complained": 1}
    assert Ledger(any_store).get(keys[0].ledger_id).state == "delivered"
    assert Ledger(any_store).get(keys[1].ledger_id).state == "submitted"  # its open undone
    rejects = next(landing.glob("webhook_rejects/*/sendgrid.jsonl")).read_text().splitlines()
    assert [json.loads(x)["event"]["sg_event_id"] for x in rejects] == ["ev0002"]

    refused.clear()  # SendGrid retries the batch: only the refused event is new
    r = client.post(SG_EVENTS, json=batch).json()
    assert (r["applied"], r["engagements"], r["rejected"]) == (4, 1, [])
    with any_store.engine.connect() as conn:
        assert counters(conn, keys[0].campaign_id) == {"opened": 2, "complained": 1}
    assert Ledger(any_store).get(keys[1].ledger_id).state == "delivered"  # an open implies it
