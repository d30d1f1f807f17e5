"""``warehouse_snapshot``: the read-only copy of the warehouse that readers open.

Published by its own job once a build has ended (the asset depends on every mart, segment and ML
table for lineage), so notebooks, the report and the studio read a finished build and never hold
the pipeline's file lock (see :mod:`enrollflow.snapshot`). It is not part of the build's run: a
blocking check that stops one ML model on purpose skips everything downstream of it in that run.
On a Postgres warehouse the snapshot is exported from Postgres's models schema, in the same format.
"""

# no `from __future__ import annotations`: Dagster reads resource annotations at runtime
import datetime as dt
from collections.abc import Iterable

import dagster as dg

from enrollflow.snapshot import publish_postgres_snapshot, publish_snapshot
from orchestration.resources import WarehouseResource

PUBLISH_GROUP = "publish"
# the DuckDB single-writer pool of the other warehouse writers
WAREHOUSE_POOL = "duckdb_warehouse"


def upstream_keys(domain_defs: Iterable[dg.Definitions], groups: Iterable[str]) -> list:
    wanted = set(groups)
    keys = []
    for defs in domain_defs:
        for assets_def in defs.assets or ():
            if not isinstance(assets_def, dg.AssetsDefinition):
                continue
            for key in assets_def.keys:
                if assets_def.group_names_by_key.get(key) in wanted:
                    keys.append(key)
    return sorted(keys, key=lambda k: k.to_user_string())


def build_snapshot_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    """The ``warehouse_snapshot`` asset, downstream of ``upstream``."""

    @dg.asset(
        name="warehouse_snapshot",
        group_name=PUBLISH_GROUP,
        kinds={"duckdb"},
        owners=["team:data-platform"],
        deps=upstream,
        pool=WAREHOUSE_POOL,
        description=(
            "Read-only copy of the warehouse published atomically after each build; notebooks, "
            "reports and the studio open it with `enrollflow.snapshot.open_snapshot()` so they "
            "never block the pipeline's writer, nor the pipeline them."
        ),
    )
    def warehouse_snapshot(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        if warehouse.is_postgres:
            published = publish_postgres_snapshot(
                warehouse.postgres_url, warehouse.path, now=now, schema=warehouse.postgres_schema
            )
        else:
            with warehouse.connect() as con:
                published = publish_snapshot(con, warehouse.path, now=now)
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(published.path)),
                "size_bytes": published.size_bytes,
                "tables": published.tables,
                "published_at": published.published_at.isoformat(),
            }
        )

    return warehouse_snapshot


def stopped_only_by_checks(context: dg.RunFailureSensorContext) -> bool:
    """Whether every failed step of the run failed because a blocking asset check stopped it."""
    failures = context.get_step_failure_events()
    return bool(failures) and all(
        (e.step_failure_data and e.step_failure_data.error)
        and e.step_failure_data.error.cls_name == "DagsterAssetCheckFailedError"
        for e in failures
    )


def build_publish_sensors(
    name: str,
    monitored: list,
    publish_job: object,  # an asset job (define_asset_job)
    publishing: list = (),
) -> list[dg.SensorDefinition]:
    """Sensors that publish the snapshot once a run of ``monitored`` succeeds, or fails only
    because a blocking check stopped a model on purpose (every other table was rebuilt); a run
    that really broke leaves readers on the previous snapshot. Runs of ``publishing`` publish
    the snapshot themselves: only their check-stopped failures (which skip it) are watched."""

    def request(run_id: str) -> dg.RunRequest:
        return dg.RunRequest(run_key=f"publish-after-{run_id}")

    @dg.run_status_sensor(
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=monitored,
        request_job=publish_job,
        name=name,
        description="Publish the readers' snapshot after every successful warehouse build.",
    )
    def _after_success(context: dg.RunStatusSensorContext):
        return request(context.dagster_run.run_id)

    @dg.run_failure_sensor(
        monitored_jobs=[*monitored, *publishing],
        request_job=publish_job,
        name=f"{name}_checks",
        description=(
            "Publish the readers' snapshot after a warehouse build that a blocking check stopped "
            "on purpose (e.g. a model not promoted); not after a real failure."
        ),
    )
    def _after_check_stop(context: dg.RunFailureSensorContext):
        if stopped_only_by_checks(context):
            return request(context.dagster_run.run_id)
        return dg.SkipReason("the build failed; readers keep the previous snapshot")

    return [_after_success, _after_check_stop]
