"""``ops_landing_files``: what changed in the ops store, landed as files (domain code:
``enrollflow.ingest.ops_export``)."""

# No `from __future__ import annotations`: Dagster reads the context/resource annotations at runtime.

import datetime as dt

import dagster as dg

from enrollflow.ingest.ops_export import STREAMS, export_ops_store, missing_sqlite_store
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.resources import LandingResource

OWNERS = ["team:data-platform"]
ASSET_KEY = "ops_landing_files"


def _markdown(result) -> str:
    lines = ["| stream | rows read | records landed | watermark | file |", "|---|---|---|---|---|"]
    for s in result.streams.values():
        lines.append(
            f"| {s.stream} | {s.rows_read} | {s.records_written} | {s.watermark or '-'} "
            f"| {s.file or '-'} |"
        )
    return "\n".join(lines)


@dg.asset(
    key=ASSET_KEY,
    group_name="ingest",
    kinds={"python", "sqlite", "postgres"},
    owners=OWNERS,
    tags={"layer": "landing"},
    description=(
        "The ops store's changes since the last export — campaigns and every version (type, "
        "objective, KPIs, budget, channels, timeline), split variants, approvals, journeys, every "
        "send-ledger row version, consent events, suppressions (as upserts/deletes) and the audit "
        "log — written to `<landing>/ops/<day>/<stream>-<stamp>.jsonl` (one line per row version, "
        "with `row_hash` and `exported_at`). Incremental: a watermark per stream with an overlap "
        "and the overlap's row hashes, so a re-run lands nothing twice; short chunked reads that "
        f"never block senders. Streams: {', '.join(s.name for s in STREAMS)}."
    ),
)
def ops_landing_files(
    context: dg.AssetExecutionContext, ops_store: OpsStoreResource, landing: LandingResource
) -> dg.MaterializeResult:
    now = dt.datetime.now(dt.UTC)
    missing = missing_sqlite_store(ops_store.url)
    if missing is not None:
        # Nothing has run yet (`enrollflow ops migrate` creates the store): nothing to land, and
        # the ingest run this asset is part of must not fail for it.
        context.log.warning(f"ops store {missing} does not exist yet: nothing to export")
        return dg.MaterializeResult(
            metadata={
                "records_landed": dg.MetadataValue.int(0),
                "files_written": dg.MetadataValue.int(0),
                "ops_store": dg.MetadataValue.text(f"missing: {missing}"),
            }
        )
    with ops_store.open() as store:
        result = export_ops_store(store, landing.root, now)
    context.log.info(
        f"ops export: {result.records_written} records in {len(result.files)} files "
        f"({ {k: v.records_written for k, v in result.streams.items()} })"
    )
    return dg.MaterializeResult(
        metadata={
            "records_landed": dg.MetadataValue.int(result.records_written),
            "files_written": dg.MetadataValue.int(len(result.files)),
            "streams": dg.MetadataValue.md(_markdown(result)),
            "day_folder": dg.MetadataValue.text(f"ops/{now.date().isoformat()}"),
        }
    )
