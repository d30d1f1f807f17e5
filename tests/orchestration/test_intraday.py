"""The intraday path's sensor and the daily schedule, evaluated through Dagster.

(The run the sensor asks for is executed end to end in tests/loop/test_live_loop.py.)
"""

from __future__ import annotations

import copy
import datetime as dt
import json

import dagster as dg
import pytest

from delivery.store import open_store
from enrollflow.ingest.freshness import changed, landing_state, ops_store_token
from orchestration.definitions import defs
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.pipeline import daily_schedule, intraday
from orchestration.resources import LandingResource
from tests.campaigns.conftest import _DEMO
from tests.journeys.conftest import launch

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def demo_doc() -> dict:
    return copy.deepcopy(_DEMO)


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setattr(intraday, "_now", lambda: dt.datetime.combine(TODAY, dt.time(10), dt.UTC))
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    open_store(url, create=True).dispose()
    return {
        "landing": tmp_path / "landing",
        "url": url,
        "resources": {
            "landing": LandingResource(path=str(tmp_path / "landing")),
            "ops_store": OpsStoreResource(url=url),
        },
    }


def _append(landing, source: str, day: dt.date, name: str, line: str) -> None:
    folder = landing / source / day.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("a") as fh:
        fh.write(line + "\n")


def _tick(env, cursor=None):
    context = dg.build_sensor_context(
        instance=dg.DagsterInstance.ephemeral(),
        resources=env["resources"],
        cursor=cursor,
        definitions=defs,
    )
    return intraday.intraday_refresh(context)


def test_new_webhook_lines_start_one_run_of_their_days_and_live_marts(env):
    first = _tick(env)
    assert [r.tags["enrollflow/sources"] for r in first.run_requests] == ["ops_store"]
    quiet = _tick(env, first.cursor)
    assert not quiet.run_requests and quiet.cursor == first.cursor
    _append(env["landing"], "sendgrid", TODAY, "events.jsonl", '{"received_at": "x", "events": []}')
    _append(env["landing"], "lms", TODAY - dt.timedelta(days=1), "applications.jsonl", "{}")
    tick = _tick(env, first.cursor)
    [request] = tick.run_requests
    assert request.tags["dagster/asset_partition_range_start"] == "2026-03-01"
    assert request.tags["dagster/asset_partition_range_end"] == "2026-03-02"
    assert request.tags["enrollflow/sources"] == "lms,sendgrid"
    keys = {k.to_user_string() for k in request.asset_selection}
    assert {"raw_sendgrid__events", "raw_lms__applications", "raw_lms__enrollments"} <= keys
    assert {"stg_sendgrid__events", "fct_message_events", "fct_contact_activity"} <= keys
    assert {"fct_campaign_performance", "fct_budget_pacing"} <= keys
    assert not keys & {"raw_web__events", "raw_crm__contacts", "fct_enrollment_cohorts"}
    # the experiment readout (both keys of its multi-asset) follows the sends, the models wait
    assert {"experiment_results", "experiment_incrementality", "warehouse_snapshot"} <= keys
    assert not keys & {"send_time_recommendations", "campaign_success_scores"}
    # a replayed tick asks for the same run key (Dagster starts it once); nothing new, no run
    assert _tick(env, first.cursor).run_requests[0].run_key == request.run_key
    assert not _tick(env, tick.cursor).run_requests
    # the same file growing is new data
    _append(env["landing"], "sendgrid", TODAY, "events.jsonl", '{"received_at": "y", "events": []}')
    [again] = _tick(env, tick.cursor).run_requests
    assert again.run_key != request.run_key and again.tags["enrollflow/sources"] == "sendgrid"


def test_an_ops_store_change_alone_starts_a_run(env, demo_doc):
    first = _tick(env)
    store = open_store(env["url"])
    launch(store, demo_doc)
    store.dispose()
    [request] = _tick(env, first.cursor).run_requests
    assert request.tags["enrollflow/sources"] == "ops_store"
    assert request.tags["dagster/asset_partition_range_end"] == TODAY.isoformat()


def test_days_outside_the_lookback_and_temporary_files_are_not_watched(env):
    first = _tick(env)
    _append(env["landing"], "sendgrid", TODAY - dt.timedelta(days=5), "events.jsonl", "{}")
    _append(env["landing"], "sendgrid", TODAY, ".events.jsonl.tmp", "{}")
    assert not _tick(env, first.cursor).run_requests
    state = json.loads(first.cursor)
    assert state["landing"] == {} and state["ops"]


def test_landing_state_tokens_change_when_files_grow(tmp_path):
    _append(tmp_path, "twilio", TODAY, "callbacks.jsonl", "{}")
    before = landing_state(tmp_path, TODAY, TODAY)
    assert list(before) == [("twilio", TODAY)]
    _append(tmp_path, "twilio", TODAY, "callbacks.jsonl", "{}")
    assert changed(before, landing_state(tmp_path, TODAY, TODAY)) == {TODAY: ["twilio"]}


def test_ops_store_token_moves_with_the_ledger(tmp_path, demo_doc):
    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)
    empty = ops_store_token(store)
    launch(store, demo_doc)
    assert ops_store_token(store) != empty
    store.dispose()


def test_today_is_a_partition_and_the_nightly_schedule_ingests_yesterday():
    job = defs.resolve_job_def("ingest_job")
    today = dt.datetime.now(dt.UTC).date()
    assert job.partitions_def.get_last_partition_key() == today.isoformat()
    context = dg.build_schedule_context(
        scheduled_execution_time=dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
    )
    request = daily_schedule(context)
    assert request.partition_key == "2026-03-01" and request.run_key == "daily-2026-03-01"


def test_the_readout_is_left_out_when_nothing_it_reads_changed():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in intraday.affected_assets(graph, ["crm"], False)}
    assert "raw_crm__contacts" in keys and "experiment_results" not in keys


@dg.asset
def readout() -> int:
    return 1


@dg.asset_check(asset=readout, blocking=True)
def srm() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, description="sample ratio mismatch")


@dg.asset(deps=[readout])
def snapshot() -> int:
    return 2


def test_an_intraday_run_stopped_by_the_readouts_blocking_check_is_published_after():
    """The check skips the run's own snapshot; the publish sensor (as the daemon ticks it) then
    asks for one publication for that run -- and none for a check-stopped run of another job."""
    from orchestration.defs.pipeline import publish_sensors

    _, on_check_stop = publish_sensors
    jobs = [dg.define_asset_job("intraday_job"), dg.define_asset_job("other_job")]
    local = dg.Definitions(
        assets=[readout, snapshot], asset_checks=[srm], jobs=jobs, sensors=[on_check_stop]
    )
    with dg.instance_for_test() as instance:
        first = on_check_stop.evaluate_tick(
            dg.build_sensor_context(instance=instance, definitions=local)
        )
        runs = {}
        for name in ("other_job", "intraday_job"):
            job = local.resolve_job_def(name)
            result = job.execute_in_process(instance=instance, raise_on_error=False)
            assert not result.success
            runs[name] = result.run_id
        tick = on_check_stop.evaluate_tick(
            dg.build_sensor_context(instance=instance, definitions=local, cursor=first.cursor)
        )
    assert [r.run_key for r in tick.run_requests] == [f"publish-after-{runs['intraday_job']}"]


def test_a_webhook_only_run_builds_what_its_blocking_checks_read(env):
    """dbt's selection is cautious: a test runs only when every model it reads is built, so a
    blocking check of a rebuilt model whose other live mart was not rebuilt emits no result
    and the snapshot goes out ungated. The sensor's runs rebuild those marts too."""
    first = _tick(env)
    _append(env["landing"], "sendgrid", TODAY, "events.jsonl", '{"received_at": "x", "events": []}')
    [request] = _tick(env, first.cursor).run_requests
    assert request.tags["enrollflow/sources"] == "sendgrid"
    selected = set(request.asset_selection)
    assert dg.AssetKey("fct_sends") in selected
    graph = defs.resolve_asset_graph()
    live = {dg.AssetKey(m) for m in intraday.LIVE_MARTS}
    dbt = dg.AssetSelection.groups(*intraday.DBT_GROUPS).resolve(graph)
    checked = 0
    for check in graph.get_check_keys_for_assets(selected & dbt):
        spec = graph.get_check_spec(check)
        if spec.blocking:
            checked += 1
            assert {d.asset_key for d in spec.additional_deps} & live <= selected, check
    assert checked > 40  # the dbt tests of the rebuilt models (47 today)
    # the nightly marts stay out, even where a check reads them
    assert not selected & {dg.AssetKey("fct_campaign_attribution"), dg.AssetKey("dim_contacts")}


def test_a_refresh_for_the_engine_alone_still_builds_what_its_checks_read():
    # the demo's refresh between two steps asks only for what the engine reads; that rebuilds
    # fct_message_events, whose blocking relationships check also reads fct_sends
    graph = defs.resolve_asset_graph()
    selected = set(
        intraday.affected_assets(graph, ["sendgrid"], True, marts=("fct_contact_activity",))
    )
    assert {dg.AssetKey("fct_message_events"), dg.AssetKey("fct_sends")} <= selected
    assert dg.AssetKey("fct_campaign_performance") not in selected  # no more than that
