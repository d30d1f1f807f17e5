"""One partitioned Dagster asset per landing source, writing that source's ``raw_*`` tables.

Landing files are parsed in DuckDB (the warehouse file); on a Postgres warehouse the loaded days
are then copied into Postgres's ``raw`` schema with ``COPY`` (``WarehouseResource.mirror_partitions``).
"""

# No `from __future__ import annotations`: Dagster reads the context/resource annotations at runtime.

import datetime as dt

import dagster as dg

from enrollflow.ingest import SOURCES, TABLE_SPECS, ingest_source
from orchestration.defs.ingest.checks import check_results, check_specs
from orchestration.defs.ingest.metadata import column_schema, materialization_metadata
from orchestration.defs.privacy.tombstones import ingest_tombstones
from orchestration.resources import LandingResource, WarehouseResource

OWNERS = ["team:data-platform"]
WAREHOUSE_POOL = "duckdb_warehouse"
#: Sources whose landing files an asset of another domain writes (lineage: that asset → raw tables).
SOURCE_UPSTREAMS = {"ops": ["ops_landing_files"], "social": ["social_post_insights"]}


def _description(table: str) -> str:
    spec = TABLE_SPECS[table]
    required = ", ".join(c.name for c in spec.columns if c.required)
    return (
        f"Raw `{spec.source}/<day>/{spec.file_stem}.jsonl[.gz]` landing files, one row per "
        f"{'event of each webhook POST' if spec.batch_key else 'line'}, typed per docs/data-contract.md "
        f"(required: {required}). Bad lines go to `raw_rejects`. Partitioned by landing day; "
        "re-materialising a day replaces it."
    )


def partition_dates(context: dg.AssetExecutionContext) -> tuple[dt.date, dt.date]:
    """Inclusive first and last day of the run's partition (range)."""
    window = context.partition_time_window
    return window.start.date(), (window.end - dt.timedelta(days=1)).date()


def build_source_asset(
    source: str, partitions_def: dg.DailyPartitionsDefinition
) -> dg.AssetsDefinition:
    """The multi-asset loading one landing source into its raw tables (+ their GX checks)."""
    tables = SOURCES[source]
    specs = [
        dg.AssetSpec(
            key=table,
            group_name="ingest",
            kinds={"duckdb", "python"},
            owners=OWNERS,
            description=_description(table),
            metadata={"dagster/column_schema": column_schema(table), "source": source},
            tags={"layer": "raw"},
            deps=SOURCE_UPSTREAMS.get(source, []),
        )
        for table in tables
    ]

    @dg.multi_asset(
        name=f"ingest_{source}",
        specs=specs,
        check_specs=[c for table in tables for c in check_specs(table)],
        partitions_def=partitions_def,
        backfill_policy=dg.BackfillPolicy.single_run(),
        can_subset=True,
        # One writer per DuckDB file: instances that limit this pool run ingest steps one at a time.
        pool=WAREHOUSE_POOL,
        description=f"Load the `{source}` landing files into {', '.join(tables)}.",
    )
    def _ingest(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, landing: LandingResource
    ):
        start, end = partition_dates(context)
        now = dt.datetime.now(dt.UTC)
        with warehouse.connect() as con:
            selected_tables = [t for t in tables if dg.AssetKey(t) in context.selected_asset_keys]
            result = ingest_source(
                con,
                landing.root,
                source,
                start,
                end,
                now,
                tables=selected_tables,
                tombstones=ingest_tombstones(),  # erased people are never re-imported
            )
            # Postgres warehouse: the days just parsed replace their partitions there (COPY)
            warehouse.mirror_partitions(con, selected_tables, start, end)
            context.log.info(
                f"{source} {start}..{end}: rows {result.rows}, rejects {result.rejects} "
                f"({result.reject_reasons or 'none'}), {len(result.files)} files"
            )
            if result.unmatched_files:
                context.log.warning(
                    f"files matching no raw table were not read: {list(result.unmatched_files)}"
                )
            for table in selected_tables:
                yield dg.MaterializeResult(
                    asset_key=table, metadata=materialization_metadata(con, result, table)
                )
            checks = context.selected_asset_check_keys
            for table in selected_tables:
                only = {k.name for k in checks if k.asset_key == dg.AssetKey(table)}
                yield from check_results(con, table, start, end, now, only=only)

    return _ingest


def build_ingest_assets(start_date: dt.date) -> list[dg.AssetsDefinition]:
    """One asset per landing source, daily-partitioned from ``start_date`` up to today.

    Today's partition exists (``end_offset=1``): the intraday path re-ingests it as files land;
    the 02:00 schedule ingests yesterday, complete.
    """
    partitions_def = dg.DailyPartitionsDefinition(start_date=start_date.isoformat(), end_offset=1)
    return [build_source_asset(source, partitions_def) for source in SOURCES]
