"""The live loop on the tiny business, through the production path at every stage.

Apply and launch the demo campaign → ``campaign_step_job`` (executed by Dagster) sends through
the sandbox → the engagement model's events are POSTed, signed, to the real webhooks app →
landing files carry every ledger id (with SendGrid's duplicates and out-of-order arrivals) →
the ``intraday_refresh`` sensor asks for one ``intraday_job`` run → ingest + dbt build of the
models downstream → the campaign's activity is in the marts. Re-running every stage changes
nothing. On both ops stores (SQLite and Postgres).
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import importlib.util
import json
import shutil
from collections import Counter
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from delivery.journeys.sandbox_loop import (
    DEMO_TWILIO_AUTH_TOKEN,
    EngagementReplay,
    in_process_webhooks,
)
from delivery.ledger import Ledger
from delivery.store import open_store
from orchestration.defs import ingest as ingest_defs
from orchestration.defs import ml as ml_defs
from orchestration.defs import pipeline as pipeline_defs
from orchestration.defs import transform as transform_defs
from orchestration.defs.delivery.jobs import campaign_step_job
from orchestration.defs.delivery.providers import SandboxEmailResource, SandboxSmsResource
from orchestration.defs.delivery.resources import OpsStoreResource, SenderResource
from orchestration.defs.pipeline import intraday
from orchestration.defs.transform.project import dbt_project
from orchestration.defs.transform.resources import dbt_resource
from orchestration.resources import LandingResource, WarehouseResource
from simulator.provider_posts import ProviderSigner
from tests.campaigns.conftest import _DEMO
from tests.journeys.conftest import launch

pytestmark = pytest.mark.slow

PUBLIC_URL = "http://127.0.0.1:8000"
SEGMENT = "new_leads_no_application_14d"


def _campaign_doc(day: dt.date) -> dict:
    """The demo campaign: email only (A/B + holdout), invitation on ``day`` at 09:00 local."""
    doc = copy.deepcopy(_DEMO)
    nodes = {n["id"]: n for n in doc["workflow"]["nodes"]}
    nodes["invite"]["next"] = "done"
    nodes["start"]["trigger"] = {
        "kind": "schedule",
        "once_on": day.isoformat(),
        "local_time": "09:00",
    }
    doc["workflow"]["nodes"] = [nodes[k] for k in ("start", "subject_test", "invite", "done")]
    doc["audience"]["segments"] = [SEGMENT]
    doc["audience"].pop("exclude_segments", None)
    doc["rules"]["email_window"] = None
    doc["start_at"] = f"{day - dt.timedelta(days=1)}T00:00:00Z"
    doc["end_at"] = f"{day + dt.timedelta(days=30)}T00:00:00Z"
    return doc


@pytest.fixture(params=["sqlite", "postgres"])
def ops_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ops.sqlite'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def world(tiny_business, tiny_warehouse, tmp_path):
    """Copies of the tiny business's landing zone and built warehouse, plus a segment."""
    landing = tmp_path / "landing"
    shutil.copytree(tiny_business.landing, landing)
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(tiny_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "CREATE OR REPLACE TABLE segment_memberships AS SELECT ? AS segment_name, contact_id, "
            "TIMESTAMP '2026-01-01' AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to "
            "FROM dim_contacts WHERE has_email_consent AND NOT is_email_suppressed",
            [SEGMENT],
        )
        courses = con.execute(
            "SELECT course_id, price_amount, currency_code AS currency FROM stg_lms__courses "
            "ORDER BY course_id"
        ).df()
    return {
        "landing": landing,
        "warehouse": warehouse,
        # the campaign runs yesterday evening and today, on the wall clock: the ops-store export
        # and the webhooks app stamp what they land with the time they run
        "day": dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1),
        "truth": pd.read_parquet(tiny_business.truth / "contact_preferences.parquet"),
        "courses": courses,
        "outbox": tmp_path / "outbox",
    }


def _resources(world: dict, ops_url: str) -> dict:
    return {
        "ops_store": OpsStoreResource(url=ops_url),
        "warehouse": WarehouseResource(path=str(world["warehouse"])),
        "landing": LandingResource(path=str(world["landing"])),
        "dbt": dbt_resource(),
        "delivery": SenderResource(public_base_url=PUBLIC_URL),
        "email": SandboxEmailResource(outbox_dir=str(world["outbox"])),
        "sms": SandboxSmsResource(outbox_dir=str(world["outbox"])),
    }


def _step(instance, resources, cid: str, now: dt.datetime) -> dg.ExecuteInProcessResult:
    return campaign_step_job.execute_in_process(
        run_config={
            "ops": {
                "advance_campaign_step": {"config": {"campaign_id": cid, "now": now.isoformat()}}
            }
        },
        instance=instance,
        resources=resources,
    )


def _landed(landing: Path, source: str, name: str) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted((landing / source).glob(f"*/{name}"))
        for line in path.read_text().splitlines()
    ]


def _defs(resources: dict) -> dg.Definitions:
    """Ingest (from the tiny business's first day), the ops-store export, dbt, the ML models (the
    experiment readout runs intraday) and the pipeline jobs, bound to this test's resources."""
    domains = [
        ingest_defs.build_defs(dt.date(2026, 1, 1)),
        transform_defs.defs,
        ml_defs.defs,
        pipeline_defs.defs,
    ]
    if importlib.util.find_spec("orchestration.defs.ops_export"):
        domains.append(importlib.import_module("orchestration.defs.ops_export").defs)
    return dg.Definitions.merge(*domains, dg.Definitions(resources=resources))


def _tick(instance, resources, cursor):
    context = dg.build_sensor_context(
        instance=instance, resources=resources, cursor=cursor, definitions=_defs(resources)
    )
    return intraday.intraday_refresh(context)


def _run_intraday(instance, resources, request: dg.RunRequest) -> dg.ExecuteInProcessResult:
    job = _defs(resources).resolve_job_def("intraday_job")
    return job.execute_in_process(
        instance=instance,
        asset_selection=list(request.asset_selection),
        tags={**request.tags, "dagster/run_key": request.run_key},
        raise_on_error=False,
    )


def _marts(warehouse: Path, cid: str) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            "raw_sendgrid": con.execute(
                "SELECT count(*) FROM raw_sendgrid__events WHERE campaign_id = ?", [cid]
            ).fetchone()[0],
            "events": con.execute(
                "SELECT event_type, count(*) FROM fct_message_events WHERE campaign_id = ? "
                "GROUP BY ALL ORDER BY 1",
                [cid],
            ).fetchall(),
            "activity": con.execute(
                "SELECT activity_type, count(*) FROM fct_contact_activity WHERE campaign_id = ? "
                "GROUP BY ALL ORDER BY 1",
                [cid],
            ).fetchall(),
            "human_opened": con.execute(
                "SELECT count(DISTINCT message_id) FROM fct_message_events WHERE campaign_id = ? "
                "AND event_type = 'open' AND NOT is_machine_open",
                [cid],
            ).fetchone()[0],
            "fct_sends": con.execute(
                "SELECT count(*), count(DISTINCT message_id) FROM fct_sends WHERE campaign_id = ?",
                [cid],
            ).fetchone(),
            "performance": con.execute(
                "SELECT variant_id, sum(sends), sum(deliveries), sum(unique_opens), "
                "max(campaign_source) FROM fct_campaign_performance WHERE campaign_id = ? "
                "GROUP BY ALL ORDER BY 1",
                [cid],
            ).fetchall(),
            "assignments": con.execute(
                "SELECT variant, count(*) FROM fct_experiment_assignments WHERE campaign_id = ? "
                "GROUP BY ALL ORDER BY 1",
                [cid],
            ).fetchall(),
            "campaign": con.execute(
                "SELECT campaign_source, budget_amount, target_conversion_rate, target_cpa_amount "
                "FROM dim_campaigns WHERE campaign_id = ?",
                [cid],
            ).fetchall(),
            "readout": con.execute(
                "SELECT variant, max(contacts) FROM experiment_results WHERE campaign_id = ? "
                "AND metric = 'open_rate' GROUP BY ALL ORDER BY 1",
                [cid],
            ).fetchall(),
            "applications": con.execute(
                "SELECT count(*) FROM raw_lms__applications WHERE application_id LIKE 'app_sbx_%'"
            ).fetchone()[0],
        }


def test_a_campaign_goes_round_the_loop(world, ops_url, monkeypatch):
    day = world["day"]
    store = open_store(ops_url, create=True)
    cid = launch(store, _campaign_doc(day), audience_size=400, now=dt.datetime(2026, 2, 1))
    resources = _resources(world, ops_url)
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(world["warehouse"]))
    monkeypatch.setenv("ENROLLFLOW_DBT_TARGET", "duckdb")
    evening = dt.datetime.combine(day, dt.time(23, 0))
    until = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    signer = ProviderSigner.generate(DEMO_TWILIO_AUTH_TOKEN)
    with dg.instance_for_test() as instance:
        # the sensor's first look (no cursor): the ops store is new to it, no landing file yet
        first = _tick(instance, resources, None)
        assert [r.tags["enrollflow/sources"] for r in first.run_requests] == ["ops_store"]

        # 1. the step job (through Dagster) admits, splits and sends through the sandbox
        assert _step(instance, resources, cid, evening).success
        ledger = Ledger(store)
        states = ledger.counts(campaign_id=cid)
        sent = states.get("submitted", 0)
        assert sent > 50 and set(states) == {"submitted"}

        # 2. recipients engage; the providers' signed webhooks reach the app
        replay = EngagementReplay(
            store, [world["outbox"] / "email"], world["truth"], world["courses"],
            world["landing"], signer, seed=3, duplicate_share=0.2,
        )  # fmt: skip
        with in_process_webhooks(
            store, world["landing"], signer, twilio_auth_token=DEMO_TWILIO_AUTH_TOKEN,
            public_base_url=PUBLIC_URL, unsubscribe_secret="s", start=evening,
        ) as target:  # fmt: skip
            report = replay.advance(target, until)
        assert report.sendgrid_posts > 0 and report.duplicates > 0

        # 3. landing files: every event carries its ledger id; duplicates and disorder included
        posts = _landed(world["landing"], "sendgrid", "events.jsonl")
        events = [e for p in posts for e in p["events"] if e.get("campaign_id") == cid]
        ledger_ids = {r.ledger_id for r in ledger.rows() if r.campaign_id == cid}
        assert {e["ledger_id"] for e in events} <= ledger_ids
        outcome = {"delivered", "bounce", "dropped"}
        assert {e["ledger_id"] for e in events if e["event"] in outcome} == ledger_ids
        repeats = Counter(e["sg_event_id"] for e in events)
        assert max(repeats.values()) == 2  # a retried POST
        assert _arrived_out_of_order(events)
        distinct = len(repeats)
        # the webhooks app applied them to the ledger: delivered, forward only
        assert set(ledger.counts(campaign_id=cid)) <= {"delivered", "bounced", "failed"}

        # 4. the sensor sees the new files: one intraday run (ingest + dbt downstream)
        tick = _tick(instance, resources, first.cursor)
        [request] = tick.run_requests
        sources = set(request.tags["enrollflow/sources"].split(","))
        assert {"sendgrid", "ops_store"} <= sources <= {"sendgrid", "lms", "ops_store"}
        keys = {k.to_user_string() for k in request.asset_selection}
        assert {"raw_sendgrid__events", "fct_message_events", "fct_contact_activity"} <= keys
        assert "raw_web__events" not in keys  # untouched sources are not re-ingested
        assert "fct_enrollment_cohorts" not in keys  # heavy marts wait for the nightly build
        assert "experiment_results" in keys  # the readout a held split decides on, intraday
        assert "send_time_recommendations" not in keys  # other models wait for the nightly build
        result = _run_intraday(instance, resources, request)
        assert result.success, [e.message for e in result.all_events if e.is_failure]
        # dbt's unit tests (fixed inputs) wait for the nightly build; data tests run intraday
        [results] = (Path(dbt_project.project_dir) / "target").glob(
            f"dbt_models-{result.run_id[:7]}-*/run_results.json"
        )
        ran = [r["unique_id"] for r in json.loads(results.read_text())["results"]]
        assert any(u.startswith("model.") for u in ran) and any(u.startswith("test.") for u in ran)
        assert not any(u.startswith("unit_test.") for u in ran)
        marts = _marts(world["warehouse"], cid)
        assert marts["raw_sendgrid"] == len(events)  # raw keeps every arrival
        counted = dict(marts["events"])
        assert sum(counted.values()) == distinct  # each event once
        assert sum(counted.get(k, 0) for k in outcome) == len(ledger_ids)
        assert counted["open"] > 0 and counted["processed"] == len(ledger_ids)
        activity = dict(marts["activity"])
        assert activity["opened"] > 0  # what behavioural triggers read
        assert marts["applications"] == report.applications
        # the ops-store export joined the loop: one row per ledger message, both variants and
        # the holdout, the campaign's own budget and KPIs
        assert marts["fct_sends"] == (len(ledger_ids), len(ledger_ids))
        performance = {row[0]: row[1:] for row in marts["performance"]}
        assert set(performance) == {"A", "B"}
        assert sum(p[0] for p in performance.values()) == len(ledger_ids)
        assert sum(p[2] for p in performance.values()) == marts["human_opened"] > 0
        assert {p[3] for p in performance.values()} == {"enrollflow"}
        variants = dict(marts["assignments"])
        assert set(variants) == {"A", "B", "holdout"}
        assert variants["A"] + variants["B"] == len(ledger_ids)
        assert marts["campaign"] == [("enrollflow", 500.0, 0.03, 40.0)]
        # the experiment readout was rebuilt in the same run: every arm, as assigned
        assert dict(marts["readout"]) == variants

        # 5. re-running every stage changes nothing
        again = _tick(instance, resources, tick.cursor)
        assert not again.run_requests  # no new files, no run
        assert _step(instance, resources, cid, evening).success
        assert sum(ledger.counts(campaign_id=cid).values()) == sent
        with in_process_webhooks(
            store, world["landing"], signer, twilio_auth_token=DEMO_TWILIO_AUTH_TOKEN,
            public_base_url=PUBLIC_URL, unsubscribe_secret="s", start=until,
        ) as target:  # fmt: skip
            assert replay.advance(target, until).sendgrid_posts == 0
        rerun = _run_intraday(instance, resources, request)
        assert rerun.success
        assert _marts(world["warehouse"], cid) == marts
    store.dispose()


def _arrived_out_of_order(events: list[dict]) -> bool:
    """Whether some message's later event (by event time) arrived before an earlier one."""
    by_message: dict[str, list[int]] = {}
    for e in events:
        by_message.setdefault(e["ledger_id"], []).append(e["timestamp"])
    return any(times != sorted(times) for times in by_message.values())
