"""``warehouse_snapshot``: the read-only copy of the warehouse that readers open.

Built last by ``warehouse_job`` (it depends on every mart, segment and ML table), so notebooks, the
report and the studio read a consistent, finished build and never hold the pipeline's file lock
(see :mod:`enrollflow.snapshot`).
"""

# no `from __future__ import annotations`: Dagster reads resource annotations at runtime
import datetime as dt
from collections.abc import Iterable

import dagster as dg

from enrollflow.snapshot import publish_snapshot
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
