"""Sensors that start campaign step runs.

- ``campaign_scheduler``: every due step of every running campaign (journey rows due, an entry
  schedule reaching its local time in some zone, a scheduled campaign reaching its start) gets a
  run request whose ``run_key`` is ``<campaign>:<step>:<occurrence>:<due minute>``. A tick
  evaluated twice (replayed after a crash) asks for the same keys; Dagster starts a run per key
  once, and the sensor itself skips keys that already have a run.
- ``behavioural_triggers``: when new activity lands in the warehouse (the cursor is the
  activity watermark), each running campaign that reacts to behaviour gets one run for it;
  the engine admits each contact once (journey key campaign, contact, occurrence 1).
"""

# no `from __future__ import annotations`: Dagster reads resource annotations at runtime
import datetime as dt
from collections.abc import Iterator

import dagster as dg

from delivery.journeys.scheduling import DueStep, due_steps, event_campaigns
from delivery.journeys.sources import WarehouseSource
from delivery.store import Store
from orchestration.defs.delivery.jobs import (
    CAMPAIGN_TAG,
    ORGANISATION_TAG,
    STEP_TAG,
    campaign_step_job,
)
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.resources import WarehouseResource

SCHEDULER_INTERVAL_SECONDS = 60


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _has_run(context: dg.SensorEvaluationContext, run_key: str) -> bool:
    records = context.instance.get_run_records(
        filters=dg.RunsFilter(tags={"dagster/run_key": run_key}), limit=1
    )
    return bool(records)


def _request(step: DueStep, run_key: str) -> dg.RunRequest:
    return dg.RunRequest(
        run_key=run_key,
        run_config=dg.RunConfig(
            ops={
                "advance_campaign_step": {
                    "config": {
                        "campaign_id": step.campaign_id,
                        "step_id": step.step_id,
                        "occurrence": step.occurrence,
                    }
                }
            }
        ),
        tags={
            CAMPAIGN_TAG: step.campaign_id,
            ORGANISATION_TAG: step.organisation,
            STEP_TAG: step.step_id,
        },
    )


def scheduler_requests(
    context: dg.SensorEvaluationContext, store: Store, source: WarehouseSource, now: dt.datetime
) -> Iterator[dg.RunRequest]:
    """Run requests for the due steps at ``now`` (one per campaign, step and occurrence)."""
    seen: set[tuple[str, str, int]] = set()
    for step in due_steps(store, source.zones(), now):
        key = (step.campaign_id, step.step_id, step.occurrence)
        if key in seen or _has_run(context, step.run_key):
            continue
        seen.add(key)
        yield _request(step, step.run_key)


@dg.sensor(
    job=campaign_step_job,
    minimum_interval_seconds=SCHEDULER_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Starts a campaign step run for every due (campaign, step, occurrence).",
)
def campaign_scheduler(
    context: dg.SensorEvaluationContext, ops_store: OpsStoreResource, warehouse: WarehouseResource
):
    with ops_store.open() as store, warehouse.connect(read_only=True) as conn:
        requests = list(scheduler_requests(context, store, WarehouseSource(conn), _now()))
    if not requests:
        return dg.SkipReason("no campaign step is due")
    return requests


@dg.sensor(
    job=campaign_step_job,
    minimum_interval_seconds=SCHEDULER_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Reacts to newly ingested contact activity (behavioural triggers, conversions).",
)
def behavioural_triggers(
    context: dg.SensorEvaluationContext, ops_store: OpsStoreResource, warehouse: WarehouseResource
):
    with ops_store.open() as store, warehouse.connect(read_only=True) as conn:
        watermark = WarehouseSource(conn).activity_watermark()
        if watermark == context.cursor:
            return dg.SkipReason(f"no new activity since {watermark}")
        campaigns = event_campaigns(store)
    now = _now()
    requests = [
        _request(DueStep(now, cid, org, entry, 1), f"{cid}:{entry}:activity:{watermark}")
        for cid, org, entry in campaigns
    ]
    return dg.SensorResult(run_requests=requests, cursor=watermark)
