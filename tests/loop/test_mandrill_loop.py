"""Mailchimp Transactional round the loop, through the production path.

``ENROLLFLOW_EMAIL_PROVIDER=mandrill``'s resource in ``campaign_step_job`` (executed by Dagster)
sends through the official SDK to the local fake, with message links to the school's site decorated
(``eft`` + UTM, ``ENROLLFLOW_TRACKED_HOSTS``); Mandrill's signed ``mandrill_events`` webhooks
(one retried) reach the webhooks app, which moves the ledger rows and lands them; the
``intraday_refresh`` sensor's run ingests them and builds the marts, where each event is joined to
its ledger row (``fct_message_events`` → ``fct_sends``) and counted once.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import dagster as dg
import duckdb
import pytest
from starlette.testclient import TestClient

from delivery.ledger import Ledger
from delivery.store import open_store
from delivery.webhooks.app import create_app as webhooks_app
from orchestration.defs.delivery.providers import (
    EmailProviderResource,
    MandrillEmailResource,
    ProviderSettings,
    email_resource,
)
from orchestration.defs.delivery.resources import SenderResource
from tests.fakes.mandrill import FakeMandrill, post_webhook
from tests.journeys.conftest import launch
from tests.loop.test_live_loop import (  # noqa: F401  (world is a fixture)
    PUBLIC_URL,
    _campaign_doc,
    _resources,
    _run_intraday,
    _step,
    _tick,
    world,
)
from tracking.links import read_contact

KEY = "md-loop-key"
WEBHOOK_KEY = "md-webhook-key"
TRACKING_KEY = "loop-tracking-key"
SITE = "https://www.northbridge.example.edu"

pytestmark = pytest.mark.slow


def test_settings_choose_mandrill_with_its_secret_from_the_environment(monkeypatch):
    monkeypatch.setenv("ENROLLFLOW_MANDRILL_API_KEY", KEY)
    resource = email_resource(ProviderSettings(email_provider="mandrill", mandrill_rate=7))
    assert isinstance(resource, MandrillEmailResource) and isinstance(
        resource, EmailProviderResource
    )
    assert resource.rate == 7 and resource.host == "https://mandrillapp.com/api/1.3"


def test_mandrill_events_join_their_ledger_rows_in_the_marts(world, tmp_path, monkeypatch):  # noqa: F811
    day = world["day"]
    ops_url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    store = open_store(ops_url, create=True)
    doc = _campaign_doc(day)
    for text in doc["content"][0]["locales"].values():  # every locale links to the course page
        text["body"] += f'<p><a href="{SITE}/courses/data">See the course</a></p>'
    cid = launch(store, doc, audience_size=400, now=dt.datetime(2026, 2, 1))
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(world["warehouse"]))
    monkeypatch.setenv("ENROLLFLOW_DBT_TARGET", "duckdb")
    evening = dt.datetime.combine(day, dt.time(23, 0))
    with FakeMandrill(KEY) as fake, dg.instance_for_test() as instance:
        resources = {
            **_resources(world, ops_url),
            "email": MandrillEmailResource(api_key=KEY, host=fake.url + "/api/1.3"),
            "delivery": SenderResource(
                public_base_url=PUBLIC_URL,
                tracked_hosts="www.northbridge.example.edu",
                tracking_key=TRACKING_KEY,
            ),
        }
        first = _tick(instance, resources, None)

        # 1. the step job sends each message once through the SDK; links carry eft + UTM
        assert _step(instance, resources, cid, evening).success
        ledger = Ledger(store)
        rows = [r for r in ledger.rows() if r.campaign_id == cid]
        assert len(rows) > 50 and {r.state for r in rows} == {"submitted"}
        assert {r.provider for r in rows} == {"mandrill"}
        assert set(fake.counts().values()) == {1} and len(fake.counts()) == len(rows)
        sent = fake.by_ledger_id(rows[0].ledger_id)[0]
        [href] = [h for h in re.findall(r'href="([^"]+)"', sent["html"]) if h.startswith(SITE)]
        query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        now = dt.datetime.now(dt.UTC)
        assert read_contact(query["eft"][0], TRACKING_KEY.encode(), now=now) == rows[0].contact_id
        assert query["utm_campaign"] == [cid] and query["utm_medium"] == ["email"]
        assert not any(
            "eft=" in h for h in re.findall(r'href="([^"]+/unsubscribe[^"]*)"', sent["html"])
        )

        # 2. Mandrill's signed webhooks: a send for every message, opens for some; one retried
        app = webhooks_app(
            store, world["landing"], unsubscribe_secret="s", public_base_url=PUBLIC_URL,
            mandrill_webhook_key=WEBHOOK_KEY,
        )  # fmt: skip
        client = TestClient(app)
        assert client.head("/mandrill/events").status_code == 200
        ts = int(now.timestamp())
        events = [
            {"event": kind, "ts": ts + i, "_id": a["_id"],
             "msg": {"_id": a["_id"], "email": a["email"], "state": "sent", "metadata": a["metadata"]}}
            for i, a in enumerate(fake.accepted)
            for kind in (("send", "open") if i < 10 else ("send",))
        ]  # fmt: skip
        url = f"{PUBLIC_URL}/mandrill/events"

        def post(batch, signature=None):
            return post_webhook(client, url, WEBHOOK_KEY, batch, signature=signature)

        forged = post(events[:5], signature="Zm9yZ2Vk")
        assert forged.status_code == 403
        half = len(events) // 2
        moved = len({e["_id"] for e in events[:half]})  # an open after a send moves nothing
        assert post(events[:half]).json()["ledger_updates"] == moved
        assert post(events[half:]).status_code == 200
        assert post(events[:3]).status_code == 200  # Mandrill retries a POST it timed out on
        assert {r.state for r in ledger.rows() if r.campaign_id == cid} == {"delivered"}

        # 3. the intraday run ingests them and builds the marts: each event once, on its row
        tick = _tick(instance, resources, first.cursor)
        [request] = tick.run_requests
        assert "mandrill" in request.tags["enrollflow/sources"].split(",")
        result = _run_intraday(instance, resources, request)
        assert result.success, [e.message for e in result.all_events if e.is_failure]
    with duckdb.connect(str(world["warehouse"]), read_only=True) as con:
        raw = con.execute("SELECT count(*) FROM raw_mandrill__events").fetchone()[0]
        counted = dict(
            con.execute(
                "SELECT event_type, count(*) FROM fct_message_events "
                "WHERE provider = 'mandrill' AND campaign_id = ? GROUP BY ALL",
                [cid],
            ).fetchall()
        )
        joined = con.execute(
            "SELECT count(DISTINCT e.message_id) FROM fct_message_events e "
            "JOIN fct_sends s ON s.message_id = e.message_id WHERE e.provider = 'mandrill'"
        ).fetchone()[0]
    assert raw == len(events) + 3  # raw keeps every arrival
    assert counted == {"delivered": len(rows), "open": 10}
    assert joined == len(rows)
    store.dispose()
