"""Live monitor: a provider event reaching the webhooks app changes the number pushed over the
studio's WebSocket — on the SQLite and on the Postgres ops store."""

from __future__ import annotations

import pytest
import yaml
from starlette.testclient import TestClient

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from delivery.counters import counters
from delivery.dispatch import dispatch
from delivery.ledger import Ledger
from delivery.providers.sandbox import SandboxProvider
from delivery.send_check import CampaignSendCheck
from delivery.webhooks.app import create_app as webhooks_app
from tests.campaigns.conftest import EXAMPLES
from tests.delivery.conftest import email_keys, plain_email
from tests.delivery.test_rendering import SENDER
from tests.delivery.test_webhooks import NOW, _sg_event

TOKEN = "hook-token"


pytestmark = pytest.mark.timeout(300)  # a push that never comes fails instead of hanging


def _sent_by_the_engine(store, spec, keys, tmp_path):
    """Launch the campaign and send ``keys`` through the dispatch-time check, which charges
    each message to the budget (what the ``spent`` counter follows)."""
    Ledger(store).enqueue(keys, now=NOW)
    status = lifecycle.launch(store, spec.campaign_id, actor="maria", audience_size=4, now=NOW)
    assert status == "running"
    contacts = {
        k.contact_id: {"timezone": "Europe/London", "has_email_consent": True} for k in keys
    }
    gate = CampaignSendCheck(spec, contacts, plain_email)
    report = dispatch(
        store, SandboxProvider(tmp_path / "outbox"), render=plain_email, gate=gate, now=NOW
    )
    assert report.submitted == len(keys)


def _until(ws, predicate, limit: int = 200) -> dict:
    """Messages until one satisfies ``predicate`` (bounded by count, not by time)."""
    for _ in range(limit):
        message = ws.receive_json()
        if predicate(message):
            return message
    raise AssertionError("the live number never changed")


def _scenario(env, tmp_path):
    doc = yaml.safe_load((EXAMPLES / "course_page_followup.yml").read_text())
    doc["campaign_id"] = "cmp_0001"
    lifecycle.apply_campaign(env.store, validate_campaign(doc), actor="maria", now=env.clock())
    keys = email_keys(4)
    _sent_by_the_engine(
        env.store, lifecycle.get_campaign(env.store, "cmp_0001").spec, keys, tmp_path
    )
    hooks = TestClient(
        webhooks_app(
            env.store, tmp_path / "landing", unsubscribe_secret=SENDER.unsubscribe_secret,
            public_base_url="https://hooks.example.edu", sendgrid_token=TOKEN,
        )
    )  # fmt: skip
    viewer = env.client("vera")
    with viewer.websocket_connect("/ws/campaigns/cmp_0001/live") as ws:
        first = ws.receive_json()
        assert (first["sent"], first["delivered"], first["unsubscribed"]) == (4, 0, 0)
        assert first["spent"] == pytest.approx(4 * 0.001)
        r = hooks.post(
            f"/sendgrid/events?token={TOKEN}",
            json=[_sg_event(keys[0], "delivered", 1), _sg_event(keys[2], "unsubscribe", 2)],
        )
        assert r.status_code == 200
        # an unsubscribe proves the message arrived: both rows are delivered now
        pushed = _until(ws, lambda m: m["delivered"] == 2 and m["unsubscribed"] == 1)
        assert pushed["sent"] == 4 and pushed["bounced"] == 0
        hooks.post(
            f"/sendgrid/events?token={TOKEN}",
            json=[_sg_event(keys[1], "bounce", 3, type="bounce", reason="550 unknown user")],
        )
        assert _until(ws, lambda m: m["bounced"] == 1)["delivered"] == 2
        engagement = [
            _sg_event(keys[0], "open", 4),
            _sg_event(keys[0], "open", 5),  # a second open of the same message
            _sg_event(keys[0], "click", 6),
            _sg_event(keys[3], "open", 7),
        ]
        hooks.post(f"/sendgrid/events?token={TOKEN}", json=engagement)
        pushed = _until(ws, lambda m: m["opened"] == 2 and m["clicked"] == 1)
        assert pushed["delivered"] == 3  # the open proves keys[3] arrived
        # SendGrid retries the whole batch: nothing is counted twice ...
        assert hooks.post(f"/sendgrid/events?token={TOKEN}", json=engagement).status_code == 200
        hooks.post(
            f"/sendgrid/events?token={TOKEN}",
            json=[_sg_event(keys[3], "click", 8), _sg_event(keys[3], "spamreport", 9)],
        )
        # ... the next real event moves only its own figures
        pushed = _until(ws, lambda m: m["clicked"] == 2)
        assert (pushed["opened"], pushed["unsubscribed"], pushed["complained"]) == (2, 1, 1)
    return env


def _counters(store, campaign_id="cmp_0001"):
    with store.engine.connect() as conn:
        return counters(conn, campaign_id)


def test_webhook_event_reaches_the_live_monitor_sqlite(studio, tmp_path):
    _scenario(studio, tmp_path)
    assert _counters(studio.store) == {
        "spent": pytest.approx(0.004), "opened": 2, "clicked": 2, "unsubscribed": 1,
        "complained": 1,
    }  # fmt: skip


@pytest.mark.postgres
def test_webhook_event_reaches_the_live_monitor_postgres(pg_studio, tmp_path):
    _scenario(pg_studio, tmp_path)
    assert _counters(pg_studio.store)["opened"] == 2


@pytest.mark.postgres
def test_postgres_notify_wakes_the_monitor_without_polling(pg_studio, tmp_path):
    """With polling an hour apart, only the webhook's NOTIFY can bring the new numbers."""
    pg_studio.app.state.studio.live.interval = 3600
    _scenario(pg_studio, tmp_path)


def test_many_watchers_share_one_poller(studio, tmp_path):
    doc = yaml.safe_load((EXAMPLES / "course_page_followup.yml").read_text())
    lifecycle.apply_campaign(
        studio.store, validate_campaign(doc), actor="maria", now=studio.clock()
    )
    client = studio.client("vera")
    hub = studio.app.state.studio.live
    with (
        client.websocket_connect("/ws/campaigns/course_page_followup/live") as a,
        client.websocket_connect("/ws/campaigns/course_page_followup/live") as b,
    ):
        assert a.receive_json() == b.receive_json()
        assert len(hub.watchers["course_page_followup"]) == 2
        assert list(hub.tasks) == ["course_page_followup"]
