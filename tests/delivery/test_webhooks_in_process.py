"""The replay's in-process target: the real webhooks app behind ``AsgiClient``, on both stores.

Each POST is landed (appended, fsynced) before its answer, a SendGrid batch POSTed again (a
provider retry) lands again but applies nothing, a Twilio callback replayed changes nothing,
and a bad signature is refused as it is over HTTP.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

import sqlalchemy as sa

from delivery.journeys.asgi_client import AsgiClient
from delivery.journeys.sandbox_loop import in_process_webhooks
from delivery.ledger import Ledger, LedgerKey
from delivery.store.schema import campaign_counters, message_engagement, webhook_receipts
from simulator.provider_posts import SENDGRID_SIGNATURE, ProviderSigner
from tests.delivery.conftest import email_keys
from tests.delivery.test_rendering import SENDER
from tests.delivery.test_webhooks import _sg_event, _submitted

BASE = "https://hooks.example.edu"
TOKEN = "tw-in-process"
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _target(store, landing, signer):
    return in_process_webhooks(
        store,
        landing,
        signer,
        twilio_auth_token=TOKEN,
        public_base_url=BASE,
        unsubscribe_secret=SENDER.unsubscribe_secret,
        start=START,
    )


def _count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_a_sendgrid_batch_posted_twice_lands_twice_and_applies_once(any_store, tmp_path):
    landing = tmp_path / "landing"
    keys = email_keys(3)
    _submitted(any_store, keys, tmp_path / "sbx")
    signer = ProviderSigner.generate(TOKEN)
    batch = [_sg_event(k, "delivered", i) for i, k in enumerate(keys)]
    batch += [_sg_event(k, "open", 10 + i, sg_machine_open=False) for i, k in enumerate(keys)]
    body = json.dumps(batch).encode()
    headers = signer.sendgrid_headers(body, int(START.timestamp()))
    with _target(any_store, landing, signer) as target:
        first = target.client.post("/sendgrid/events", content=body, headers=headers)
        again = target.client.post("/sendgrid/events", content=body, headers=headers)
        forged = target.client.post(
            "/sendgrid/events", content=body, headers={**headers, SENDGRID_SIGNATURE: "AAAA"}
        )
    assert first.status_code == 200 and first.json()["engagements"] == 3
    assert again.status_code == 200
    assert (again.json()["ledger_updates"], again.json()["engagements"]) == (0, 0)
    assert forged.status_code == 403 and "signature" in forged.text.lower()
    ledger = Ledger(any_store)
    assert {ledger.get(k.ledger_id).state for k in keys} == {"delivered"}
    assert _count(any_store, message_engagement) == 3
    assert _count(any_store, webhook_receipts) == 3  # the opens' event ids, once each
    with any_store.engine.connect() as conn:
        C = campaign_counters.c
        opened = conn.execute(
            sa.select(C.value).where(C.campaign_id == "cmp_0001", C.metric == "opened")
        ).scalar_one()
    assert opened == 3
    lines = (landing / "sendgrid" / "2026-03-02" / "events.jsonl").read_text().splitlines()
    assert [len(json.loads(x)["events"]) for x in lines] == [6, 6]  # both POSTs are on disk


def test_a_replayed_twilio_callback_changes_nothing(any_store, tmp_path):
    landing = tmp_path / "landing"
    key = LedgerKey("cmp_0002", "sms1", "c_1", "sms", to_address="+447911123451")
    _submitted(any_store, [key], tmp_path / "sbx")
    signer = ProviderSigner.generate(TOKEN)
    params = {
        "MessageSid": "SM" + "a" * 32,
        "MessageStatus": "delivered",
        "AccountSid": "AC" + "b" * 32,
        "To": key.to_address,
        "From": "+447000000000",
    }
    path = f"/twilio/status?{urlencode({'ledger_id': key.ledger_id})}"
    body = urlencode(params).encode()
    with _target(any_store, landing, signer) as target:
        answers = [
            target.client.post(
                path, content=body, headers=signer.twilio_headers(BASE + path, params)
            )
            for _ in range(2)
        ]
        unsigned = target.client.post(path, content=body, headers={})
    assert [a.status_code for a in answers] == [204, 204]
    assert unsigned.status_code == 403
    row = Ledger(any_store).get(key.ledger_id)
    assert (row.state, row.provider_message_id is not None) == ("delivered", True)
    lines = (landing / "twilio" / "2026-03-02" / "callbacks.jsonl").read_text().splitlines()
    assert [json.loads(x)["url"] for x in lines] == [BASE + path] * 2


def test_asgi_client_hands_the_app_path_query_headers_and_body():
    seen = {}

    async def app(scope, receive, send):
        message = await receive()
        seen.update(scope=scope, body=message["body"])
        await send({"type": "http.response.start", "status": 201, "headers": [(b"x-a", b"1")]})
        await send({"type": "http.response.body", "body": b'{"ok": true}'})

    with AsgiClient(app, "https://hooks.example.edu") as client:
        answer = client.post("/a%20b?x=1&y=2", content=b"payload", headers={"X-Sig": "s"})
    assert (answer.status_code, answer.json(), answer.headers["x-a"]) == (201, {"ok": True}, "1")
    scope = seen["scope"]
    assert (scope["method"], scope["path"], scope["query_string"]) == ("POST", "/a b", b"x=1&y=2")
    assert (scope["scheme"], scope["server"]) == ("https", ("hooks.example.edu", 443))
    headers = dict(scope["headers"])
    assert headers[b"host"] == b"hooks.example.edu" and headers[b"x-sig"] == b"s"
    assert headers[b"content-length"] == b"7" and seen["body"] == b"payload"
