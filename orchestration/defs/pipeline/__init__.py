"""Whole-pipeline jobs and the daily schedule.

- ``ingest_job``: every ingest asset (group ``ingest``) for one day or a range of days (the ingest assets
  use a single-run backfill policy, so a range is one run).
- ``warehouse_job``: everything downstream of ingest that builds the warehouse (dbt models, segments,
  ML scores) — not partitioned; incremental dbt models only process new days.
- ``publish_snapshot_job``: ``warehouse_snapshot``, the readers' read-only copy
  (:mod:`enrollflow.snapshot`), started by ``publish_after_warehouse`` whenever a
  ``warehouse_job`` run ends — also when a blocking check stopped a model on purpose, which would
  skip everything downstream of it inside the run.
- ``daily_schedule``: at 02:00 UTC, ingest yesterday's partition, then the sensor-free rebuild of the
  warehouse is requested by ``warehouse_after_ingest`` once the ingest run succeeded.
- ``intraday_job`` / ``intraday_refresh`` (:mod:`.intraday`): new landing files reach the marts
  within minutes (ingest of the changed days + dbt build of the models downstream).
"""

from __future__ import annotations

import datetime as dt

import dagster as dg

from orchestration.defs.pipeline.intraday import intraday_job, intraday_refresh
from orchestration.defs.pipeline.snapshot import (
    build_publish_sensors,
    build_snapshot_asset,
    upstream_keys,
)
from orchestration.tags import STAGE_TAG

INGEST_GROUP = "ingest"
# Groups built by warehouse_job: dbt layers, then segments and ML scores.
WAREHOUSE_GROUPS = ("staging", "intermediate", "marts", "audiences", "ml")

ingest_selection = dg.AssetSelection.groups(INGEST_GROUP)
warehouse_selection = dg.AssetSelection.groups(*WAREHOUSE_GROUPS)

ingest_job = dg.define_asset_job(
    "ingest_job",
    selection=ingest_selection,
    description="Load landing-zone days into the raw_* tables (one day, or a range in one run).",
    tags={STAGE_TAG: "ingest"},
)

warehouse_job = dg.define_asset_job(
    "warehouse_job",
    selection=warehouse_selection,
    description="Build staging → marts with dbt, then segments and ML scores.",
    tags={STAGE_TAG: "warehouse"},
)


@dg.schedule(
    job=ingest_job,
    cron_schedule="0 2 * * *",
    execution_timezone="UTC",
    name="daily_ingest_schedule",
    description="Ingest yesterday's landing day, complete, at 02:00 UTC.",
)
def daily_schedule(context: dg.ScheduleEvaluationContext):
    # the partitions run up to today (the intraday path tops today up): name yesterday explicitly
    day = (context.scheduled_execution_time - dt.timedelta(days=1)).date().isoformat()
    return dg.RunRequest(run_key=f"daily-{day}", partition_key=day)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[ingest_job],
    request_job=warehouse_job,
    name="warehouse_after_ingest",
    description="Rebuild the warehouse once an ingest run has succeeded.",
)
def warehouse_after_ingest(context: dg.RunStatusSensorContext):
    return dg.RunRequest(run_key=f"warehouse-after-{context.dagster_run.run_id}")


def _snapshot_asset() -> dg.AssetsDefinition:
    from orchestration.defs import audiences, ml, transform

    upstream = upstream_keys(
        [transform.defs, audiences.defs, ml.defs], ("marts", "audiences", "ml")
    )
    return build_snapshot_asset(upstream)


warehouse_snapshot = _snapshot_asset()

publish_snapshot_job = dg.define_asset_job(
    "publish_snapshot_job",
    selection=[warehouse_snapshot],
    description="Publish the readers' read-only snapshot of the warehouse.",
    tags={STAGE_TAG: "publish"},
)

# the intraday run publishes the snapshot itself, unless the experiment readout's blocking SRM
# check stopped it (it then skips everything downstream, the snapshot included)
publish_sensors = build_publish_sensors(
    "publish_after_warehouse", [warehouse_job], publish_snapshot_job, publishing=[intraday_job]
)

defs = dg.Definitions(
    assets=[warehouse_snapshot],
    jobs=[ingest_job, warehouse_job, publish_snapshot_job, intraday_job],
    schedules=[daily_schedule],
    sensors=[warehouse_after_ingest, *publish_sensors, intraday_refresh],
)
