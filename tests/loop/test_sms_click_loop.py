"""Twilio SMS link clicks round the loop, through the production path.

An SMS campaign's step runs in ``campaign_step_job`` (executed by Dagster) and sends through the
sandbox SMS provider (``SM…`` sids in the ledger); Twilio's signed click events reach the real
webhooks app (``POST /twilio/clicks``), which lands them and counts them live; the
``intraday_refresh`` sensor's run ingests ``twilio/<day>/clicks.jsonl`` into ``raw_twilio__clicks``
and builds the live marts (then the nightly ``fct_conversion_funnel``), where each click joins its
SMS by MessageSid and counts once per event (``fct_message_events``) and once per message
(``fct_sends``, ``fct_campaign_performance``, ``fct_conversion_funnel``), as email clicks do. Hostile input: a replayed POST, a click on a sid
no ledger knows, a forged signature and malformed lines in the landing file.
"""

from __future__ import annotations

import copy
import datetime as dt
import json

import dagster as dg
import duckdb
import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from delivery.counters import counters, spent_amounts
from delivery.ledger import Ledger
from delivery.store import open_store
from delivery.store.schema import send_ledger
from delivery.webhooks.app import create_app as webhooks_app
from delivery.webhooks.twilio_clicks import event_id
from tests.delivery.test_twilio_clicks import BASE, click_event, post_click
from tests.journeys.conftest import launch
from tests.loop.test_live_loop import (  # noqa: F401  (world is a fixture)
    SEGMENT,
    _campaign_doc,
    _defs,
    _resources,
    _run_intraday,
    _step,
    _tick,
    world,
)

TOKEN = "loop-twilio-token"
UNKNOWN_SID = "SM" + "f" * 32

pytestmark = pytest.mark.slow


def _sms_campaign_doc(day: dt.date) -> dict:
    """The demo campaign's SMS reminder as its only send, on ``day``."""
    doc = _campaign_doc(day)
    nodes = {n["id"]: n for n in doc["workflow"]["nodes"]}
    nodes["invite"].update(channel="sms", template="reminder_sms")
    doc["content"] = [c for c in doc["content"] if c["channel"] == "sms"]
    doc["channels"] = ["sms"]
    return copy.deepcopy(doc)


def _sms_audience(warehouse) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "CREATE OR REPLACE TABLE segment_memberships AS SELECT ? AS segment_name, contact_id, "
            "TIMESTAMP '2026-01-01' AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to "
            "FROM dim_contacts WHERE has_sms_consent AND NOT is_sms_suppressed "
            "AND phone IS NOT NULL",
            [SEGMENT],
        )


def test_sms_link_clicks_reach_the_marts_once_per_message(world, tmp_path, monkeypatch):  # noqa: F811
    day = world["day"]
    ops_url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    store = open_store(ops_url, create=True)
    _sms_audience(world["warehouse"])
    cid = launch(store, _sms_campaign_doc(day), audience_size=400, now=dt.datetime(2026, 2, 1))
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(world["warehouse"]))
    monkeypatch.setenv("ENROLLFLOW_DBT_TARGET", "duckdb")
    afternoon = dt.datetime.combine(day, dt.time(14, 0))
    with dg.instance_for_test() as instance:
        resources = _resources(world, ops_url)
        first = _tick(instance, resources, None)

        # 1. the step job sends the SMS once each through the sandbox: every row has a Twilio sid
        assert _step(instance, resources, cid, afternoon).success
        ledger = Ledger(store)
        rows = [r for r in ledger.rows() if r.campaign_id == cid and r.state == "submitted"]
        assert len(rows) >= 3 and {r.channel for r in rows} == {"sms"}
        assert all(r.provider_message_id.startswith("SM") for r in rows)
        a, b = rows[0], rows[1]

        # 2. Twilio's signed click events: a clicked twice (and one POST replayed), b once
        client = TestClient(
            webhooks_app(
                store,
                world["landing"],
                unsubscribe_secret="s",
                public_base_url=BASE,
                twilio_auth_token=TOKEN,
            )  # fmt: skip
        )
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        at = [
            (now - dt.timedelta(minutes=m)).isoformat().replace("+00:00", ".000Z") for m in (9, 5)
        ]
        clicks = [
            click_event(a.provider_message_id, a.to_address, at=at[0]),
            click_event(a.provider_message_id, a.to_address, at=at[1]),  # a second click
            click_event(b.provider_message_id, b.to_address, at=at[0]),
        ]
        for click in clicks:
            assert post_click(client, click, token=TOKEN).status_code == 204
        assert post_click(client, clicks[0], token=TOKEN).status_code == 204  # Twilio retried
        unknown = click_event(UNKNOWN_SID, "+447911100000", at=at[0])
        assert post_click(client, unknown, token=TOKEN).status_code == 204  # landed, not counted
        forged = post_click(client, clicks[2], token="not-the-token")
        assert forged.status_code == 403 and "X-Twilio-Signature" in forged.text
        with store.engine.connect() as conn:
            assert counters(conn, cid)["clicked"] == 2  # live: once per message

        # malformed lines in the landing file (a hand edit, a truncated write) go to raw_rejects
        path = world["landing"] / "twilio" / now.date().isoformat() / "clicks.jsonl"
        bad_sid = {"received_at": now.isoformat(), "url": "u", "kind": "click",
                   "event": {**clicks[2], "sms_sid": "SM-not-a-sid"}}  # fmt: skip
        with path.open("a") as fh:
            fh.write(
                json.dumps(bad_sid) + "\n" + '{"received_at": "' + now.isoformat() + '", "ki\n'
            )

        # 3. the intraday run ingests the clicks and builds the marts
        tick = _tick(instance, resources, first.cursor)
        [request] = tick.run_requests
        assert "twilio" in request.tags["enrollflow/sources"].split(",")
        result = _run_intraday(instance, resources, request)
        assert result.success, [e.message for e in result.all_events if e.is_failure]
        # the click no send knows is flagged, not silently dropped: a warning check of the clicks
        [flag] = [
            e.asset_check_evaluation_data
            for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION"
            and e.asset_check_evaluation_data.asset_check_key.asset_key.path[-1]
            == "stg_twilio__clicks"
            and "relationships" in e.asset_check_evaluation_data.asset_check_key.name
        ]
        assert not flag.passed and flag.severity == dg.AssetCheckSeverity.WARN
        assert flag.metadata["dagster_dbt/failed_row_count"].value == 1
        # the funnel is a nightly mart (warehouse_job): its dbt asset, as that job builds it
        nightly = dg.Definitions.merge(
            _defs(resources),
            dg.Definitions(
                jobs=[dg.define_asset_job("funnel", selection=["fct_conversion_funnel"])]
            ),
        )
        assert nightly.resolve_job_def("funnel").execute_in_process(instance=instance).success

    with duckdb.connect(str(world["warehouse"]), read_only=True) as con:

        def one(sql: str, *params):
            return con.execute(sql, list(params)).fetchall()

        raw = one(
            "SELECT count(*), count(DISTINCT click_id) FROM raw_twilio__clicks "
            "WHERE _source_file LIKE 'twilio/%' AND _partition_date = ?",
            now.date(),
        )
        rejects = one(
            "SELECT reason FROM raw_rejects WHERE raw_table = 'raw_twilio__clicks' "
            "AND _partition_date = ? ORDER BY _line",
            now.date(),
        )
        events = one(
            "SELECT message_id, event_id FROM fct_message_events "
            "WHERE campaign_id = ? AND event_type = 'click' ORDER BY event_at, message_id",
            cid,
        )
        unknown_events = one(
            "SELECT count(*) FROM fct_message_events WHERE event_id = ?", event_id(unknown)
        )
        clicked_sends = one(
            "SELECT message_id FROM fct_sends WHERE campaign_id = ? AND clicked_at IS NOT NULL "
            "ORDER BY 1",
            cid,
        )
        performance = one(
            "SELECT sum(unique_clicks) FROM fct_campaign_performance "
            "WHERE campaign_id = ? AND channel = 'sms'",
            cid,
        )
        [(mart_spend,)] = one(
            "SELECT sum(spend_amount) FROM fct_campaign_performance WHERE campaign_id = ?", cid
        )
        send_costs = dict(
            one("SELECT message_id, cost_amount FROM fct_sends WHERE campaign_id = ?", cid)
        )
        funnel = one(
            "SELECT contacts FROM fct_conversion_funnel WHERE campaign_id = ? "
            "AND funnel_stage = 'clicked'",
            cid,
        )
    # raw keeps every arrival that parses (the replay, the unknown sid); the marts count each click
    assert raw == [(5, 4)]
    assert [r[0].split(":")[0] for r in rejects] == [
        "'event.sms_sid' is not a Twilio message sid (SM or MM + 32 characters)",
        "invalid JSON",
    ]
    assert sorted(events) == sorted(
        [(a.ledger_id, event_id(c)) for c in clicks[:2]] + [(b.ledger_id, event_id(clicks[2]))]
    )
    assert unknown_events == [(0,)]
    assert clicked_sends == sorted([(a.ledger_id,), (b.ledger_id,)])
    assert performance == [(2,)]
    assert funnel == [(2,)]
    # the marts' spend is what the budget charged: per billed segment (the Spanish reminder's "ó"
    # makes it a two-segment UCS-2 text), not the campaign's cost per message times the messages
    with store.engine.connect() as conn:
        charged = dict(
            conn.execute(
                sa.select(send_ledger.c.ledger_id, send_ledger.c.cost_amount).where(
                    send_ledger.c.campaign_id == cid
                )
            ).all()
        )
        budget = spent_amounts(conn, [cid])[cid]
    assert send_costs == pytest.approx(charged)
    per_message = 0.04  # the demo campaign's cost_per_message.sms
    assert {round(c / per_message) for c in charged.values()} == {1, 2}
    assert mart_spend == pytest.approx(budget) and budget == pytest.approx(sum(charged.values()))
    store.dispose()
