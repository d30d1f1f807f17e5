"""Delivery sensors: run_key de-duplication, tags, behavioural cursor, and the step job itself."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import pytest

from delivery.providers.sandbox import outbox_records
from delivery.store import open_store
from orchestration.defs.delivery import defs as delivery_defs
from orchestration.defs.delivery import sensors
from orchestration.defs.delivery.jobs import campaign_step_job
from orchestration.defs.delivery.providers import SandboxEmailResource, SandboxSmsResource
from orchestration.defs.delivery.resources import OpsStoreResource, SenderResource
from orchestration.resources import WarehouseResource
from tests.journeys.conftest import World, launch
from tests.journeys.test_engine import ledger_frame

LONDON_9AM = dt.datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def env(tmp_path, demo_doc):
    warehouse = tmp_path / "warehouse.duckdb"
    world = World(str(warehouse))
    world.add_contacts(120, timezone="Europe/London")
    world.add_contacts(120, timezone="America/New_York")
    world.conn.close()
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    store = open_store(url, create=True)
    launch(store, demo_doc, audience_size=240)
    yield {
        "store": store,
        "warehouse": warehouse,
        "resources": {
            "ops_store": OpsStoreResource(url=url),
            "warehouse": WarehouseResource(path=str(warehouse)),
            "delivery": SenderResource(),
            "email": SandboxEmailResource(outbox_dir=str(tmp_path / "outbox")),
            "sms": SandboxSmsResource(outbox_dir=str(tmp_path / "outbox")),
        },
        "outbox": tmp_path / "outbox",
    }
    store.dispose()


@pytest.fixture
def demo_doc():
    import copy

    from tests.journeys.conftest import _DEMO

    return copy.deepcopy(_DEMO)


def _evaluate(sensor, instance, resources, cursor=None):
    context = dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor)
    return sensor(context)


def _requests(result) -> list[dg.RunRequest]:
    if isinstance(result, dg.SkipReason):
        return []
    if isinstance(result, dg.SensorResult):
        return list(result.run_requests or [])
    return list(result)


def _run(request, instance, resources, now):
    config = (
        request.run_config.to_config_dict()
        if hasattr(request.run_config, "to_config_dict")
        else request.run_config
    )
    config["ops"]["advance_campaign_step"]["config"]["now"] = now.isoformat()
    return campaign_step_job.execute_in_process(
        run_config=config,
        instance=instance,
        resources=resources,
        tags={**request.tags, "dagster/run_key": request.run_key},
    )


def test_scheduler_tick_evaluated_twice_starts_one_run(env, monkeypatch):
    monkeypatch.setattr(sensors, "_now", lambda: LONDON_9AM)
    with dg.instance_for_test() as instance:
        first = _requests(_evaluate(sensors.campaign_scheduler, instance, env["resources"]))
        replay = _requests(_evaluate(sensors.campaign_scheduler, instance, env["resources"]))
        assert (
            [r.run_key for r in first]
            == [r.run_key for r in replay]
            == ["spring_data_enrollment:start:20260302:20260302T0900"]
        )
        [request] = first
        assert request.tags == {
            "enrollflow/campaign": "spring_data_enrollment",
            "enrollflow/organisation": "northbridge_academy",
            "enrollflow/step": "start",
            "enrollflow/run_key_base": request.run_key,
            "enrollflow/attempt": "1",
        }
        result = _run(request, instance, env["resources"], LONDON_9AM)
        assert result.success
        # the run happened: replaying the same tick asks for nothing more
        assert _requests(_evaluate(sensors.campaign_scheduler, instance, env["resources"])) == []
        runs = instance.get_run_records(
            filters=dg.RunsFilter(tags={"dagster/run_key": request.run_key})
        )
        assert len(runs) == 1
    sent = ledger_frame(env["store"])
    assert 0 < len(sent) <= 120  # London only: New York is still before 09:00
    # the job's second op dispatched them through the sandbox provider, once each
    assert set(sent["state"]) == {"submitted"}
    assert len(list(outbox_records(env["outbox"] / "email"))) == len(sent)


def test_new_york_fire_is_a_new_run_key(env, monkeypatch):
    with dg.instance_for_test() as instance:
        monkeypatch.setattr(sensors, "_now", lambda: LONDON_9AM)
        [london] = _requests(_evaluate(sensors.campaign_scheduler, instance, env["resources"]))
        _run(london, instance, env["resources"], LONDON_9AM)
        later = LONDON_9AM + dt.timedelta(hours=5)
        monkeypatch.setattr(sensors, "_now", lambda: later)
        keys = [
            r.run_key
            for r in _requests(_evaluate(sensors.campaign_scheduler, instance, env["resources"]))
        ]
        assert keys == ["spring_data_enrollment:start:20260302:20260302T1400"]


def test_behavioural_sensor_fires_once_per_new_activity(env, monkeypatch):
    monkeypatch.setattr(sensors, "_now", lambda: LONDON_9AM)
    with dg.instance_for_test() as instance:
        first = _evaluate(sensors.behavioural_triggers, instance, env["resources"])
        assert isinstance(first, dg.SensorResult) and len(first.run_requests) == 1
        again = _evaluate(
            sensors.behavioural_triggers, instance, env["resources"], cursor=first.cursor
        )
        assert isinstance(again, dg.SkipReason)
        world = World(str(env["warehouse"]))
        world.act("enrolled", ["c_0000001"], LONDON_9AM)
        world.conn.close()
        third = _evaluate(
            sensors.behavioural_triggers, instance, env["resources"], cursor=first.cursor
        )
        assert isinstance(third, dg.SensorResult) and third.cursor != first.cursor
        assert third.run_requests[0].run_key != first.run_requests[0].run_key


def test_delivery_definitions_load_with_the_job_and_sensors():
    assert {s.name for s in delivery_defs.sensors} == {
        "campaign_scheduler",
        "behavioural_triggers",
        "delivery_dispatcher",
    }
    assert campaign_step_job.name == "campaign_step_job"
    op = campaign_step_job.graph.node_defs[0]
    assert op.pool == "campaign_steps"


def _publish(warehouse) -> None:
    """What the pipeline's warehouse_snapshot asset does after a build's checks passed."""
    import duckdb

    from enrollflow.snapshot import publish_snapshot

    with duckdb.connect(str(warehouse)) as con:
        publish_snapshot(con, warehouse, now=LONDON_9AM)


def test_the_engine_reads_the_snapshot_while_a_pipeline_run_writes(env, monkeypatch):
    """A pipeline run holding the warehouse for writing neither blocks the scheduler, the step
    and its dispatch (they read the published snapshot) nor is blocked by them. Before, they
    opened the file itself and waited for the run (here 1 s, then the lock error)."""
    import subprocess
    import sys

    _publish(env["warehouse"])
    resources = {**env["resources"], "warehouse": WarehouseResource(
        path=str(env["warehouse"]), lock_wait_seconds=1)}  # fmt: skip
    monkeypatch.setattr(sensors, "_now", lambda: LONDON_9AM)
    holder = subprocess.Popen(  # a pipeline run writing the warehouse
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); time.sleep(120)", str(env["warehouse"])],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        with dg.instance_for_test() as instance:
            [request] = _requests(_evaluate(sensors.campaign_scheduler, instance, resources))
            assert _run(request, instance, resources, LONDON_9AM).success
    finally:
        holder.kill()
        holder.wait()
    sent = ledger_frame(env["store"])
    assert 0 < len(sent) <= 120 and set(sent["state"]) == {"submitted"}


def test_trigger_sensors_act_on_published_activity_only(env, monkeypatch):
    """New activity in the warehouse is acted on once a snapshot publishes it (after the build
    and its checks ran); before, the sensor read the file a job was still writing."""
    _publish(env["warehouse"])
    monkeypatch.setattr(sensors, "_now", lambda: LONDON_9AM)
    with dg.instance_for_test() as instance:
        first = _evaluate(sensors.behavioural_triggers, instance, env["resources"])
        world = World(str(env["warehouse"]))
        world.act("enrolled", ["c_0000001"], LONDON_9AM)
        world.conn.close()
        unpublished = _evaluate(
            sensors.behavioural_triggers, instance, env["resources"], cursor=first.cursor
        )
        assert isinstance(unpublished, dg.SkipReason)
        _publish(env["warehouse"])
        published = _evaluate(
            sensors.behavioural_triggers, instance, env["resources"], cursor=first.cursor
        )
        assert isinstance(published, dg.SensorResult) and published.cursor != first.cursor
