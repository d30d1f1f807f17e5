"""Mailchimp Transactional webhooks through the webhooks app: X-Mandrill-Signature, the
``mandrill_events`` form field, ledger and suppression effects, hostile and replayed input, and the
landing format read back by the real ingest."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest
from starlette.testclient import TestClient

from delivery.dispatch import dispatch
from delivery.ledger import Ledger
from delivery.providers.sandbox import SandboxProvider
from delivery.store.schema import consent_events, suppressions
from delivery.webhooks.app import InsecureConfiguration, create_app
from enrollflow.ingest import ingest_source
from tests.delivery.conftest import NOW, email_keys, plain_email
from tests.delivery.sealed import opened_rows
from tests.fakes.mandrill import post_webhook

BASE = "https://hooks.example.edu"
URL = f"{BASE}/mandrill/events"
WEBHOOK_KEY = "md-webhook-key"


@pytest.fixture
def env(sqlite_store, tmp_path):
    keys = email_keys(3)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    dispatch(sqlite_store, SandboxProvider(tmp_path / "outbox"), render=plain_email, now=NOW)
    app = create_app(
        sqlite_store, tmp_path / "landing", unsubscribe_secret="s", public_base_url=BASE,
        mandrill_webhook_key=WEBHOOK_KEY, clock=lambda: NOW,
    )  # fmt: skip
    return {"client": TestClient(app, base_url=BASE), "keys": keys, "store": sqlite_store,
            "landing": tmp_path / "landing"}  # fmt: skip


def _event(key, kind: str, ts: int | None = None, **extra) -> dict:
    return {
        "event": kind, "ts": ts or int(NOW.timestamp()), "_id": f"md{key.contact_id}",
        "msg": {"_id": f"md{key.contact_id}", "email": key.to_address, "state": "sent",
                "metadata": {"ledger_id": key.ledger_id, "contact_id": key.contact_id,
                             "campaign_id": key.campaign_id}},
        **extra,
    }  # fmt: skip


def _post(client, events, *, signature: str | None = None, field: str = "mandrill_events"):
    return post_webhook(client, URL, WEBHOOK_KEY, events, signature=signature, field=field)


def _state(env, i: int) -> str:
    return Ledger(env["store"]).get(env["keys"][i].ledger_id).state


def test_signed_events_move_the_ledger_and_suppress_for_good(env):
    a, b, c = env["keys"]
    answer = _post(env["client"], [
        _event(a, "send"), _event(a, "open"), _event(a, "click", url="https://x.edu/c"),
        _event(b, "hard_bounce"), _event(c, "unsub"),
    ])  # fmt: skip
    assert answer.status_code == 200 and answer.json()["rejected"] == []
    assert [_state(env, i) for i in range(3)] == ["delivered", "bounced", "delivered"]
    suppressed = {r["address"]: r["reason"] for r in opened_rows(env["store"], suppressions)}
    revoked = [
        r["address"] for r in opened_rows(env["store"], consent_events) if r["status"] == "revoked"
    ]
    assert suppressed == {b.to_address: "hard_bounce", c.to_address: "unsubscribe"}
    assert sorted(revoked) == sorted([b.to_address, c.to_address])  # as for SendGrid


def test_forged_unsigned_or_malformed_posts_change_nothing(env):
    a = env["keys"][0]
    client = env["client"]
    assert _post(client, [_event(a, "hard_bounce")], signature="").status_code == 403
    assert _post(client, [_event(a, "hard_bounce")], signature="Zm9yZ2Vk").status_code == 403
    missing = _post(client, "[]", field="events")
    assert missing.status_code == 400 and "mandrill_events" in missing.text
    assert _post(client, "{not json").status_code == 400
    assert _post(client, json.dumps({"event": "send"})).status_code == 400
    assert _state(env, 0) == "submitted" and not (env["landing"] / "mandrill").exists()
    assert client.head("/mandrill/events").status_code == 200  # Mandrill's URL check


def test_a_bad_event_is_rejected_alone_and_a_replay_applies_once(env):
    a, b, _ = env["keys"]
    events = [
        _event(a, "send"),
        {"event": "send", "ts": "yesterday"},
        {**_event(b, "open"), "msg": {"email": "x\r\nBcc: y@z"}},
        {"type": "blacklist", "action": "add", "ts": int(NOW.timestamp()), "reject": {}},
        _event(b, "teleported"),
    ]
    answer = _post(env["client"], events).json()
    assert [r.split(":")[0] for r in answer["rejected"]] == ["event 1", "event 2", "event 4"]
    assert answer["received"] == 2 and answer["ledger_updates"] == 1  # the sync event lands only
    rejects = (env["landing"] / "webhook_rejects").glob("*/mandrill.jsonl")
    assert sum(len(f.read_text().splitlines()) for f in rejects) == 3
    again = _post(env["client"], events[:1]).json()
    assert again["ledger_updates"] == 0  # forward only: a retried POST changes nothing


def test_landing_files_are_read_by_the_real_ingest(env, tmp_path):
    a, b, _ = env["keys"]
    _post(env["client"], [_event(a, "send"), _event(b, "soft_bounce")])
    _post(env["client"], [_event(a, "send")])  # retried
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        result = ingest_source(con, env["landing"], "mandrill", NOW.date(), NOW.date(), NOW)
        rows = con.execute(
            "SELECT event, ledger_id, message_id, event_at FROM raw_mandrill__events ORDER BY _line"
        ).fetchall()
        ids = con.execute("SELECT count(DISTINCT event_id) FROM raw_mandrill__events").fetchone()
    assert sum(result.rejects.values()) == 0
    assert [r[:2] for r in rows] == [("send", a.ledger_id), ("soft_bounce", b.ledger_id),
                                      ("send", a.ledger_id)]  # fmt: skip
    assert rows[0][3] == NOW.replace(tzinfo=None) and ids == (2,)


def test_without_a_key_the_route_is_closed_and_no_key_at_all_refuses_to_start(
    sqlite_store, tmp_path
):
    with pytest.raises(InsecureConfiguration, match="ENROLLFLOW_MANDRILL_WEBHOOK_KEY"):
        create_app(sqlite_store, tmp_path, unsubscribe_secret="s", public_base_url=BASE)
    app = create_app(
        sqlite_store, tmp_path, unsubscribe_secret="s", public_base_url=BASE, sendgrid_token="t"
    )
    closed = _post(TestClient(app, base_url=BASE), [])
    assert closed.status_code == 403 and "not configured" in closed.text


def test_event_time_is_unix_seconds_in_range(env):
    a = env["keys"][0]
    answer = _post(env["client"], [_event(a, "send", ts=10**11)]).json()
    assert answer["rejected"] == ["event 0: 'ts' must be integer unix seconds"]
    assert dt.datetime.fromtimestamp(int(NOW.timestamp()), dt.UTC) == NOW
