"""Every dbt model as a Dagster asset; dbt tests as asset checks; row counts as metadata.

Row counts are read through the ``warehouse`` resource *after* dbt has finished, not with
dagster-dbt's ``fetch_row_counts()``: that opens the DuckDB file through dbt's adapter inside this
process with a different configuration, after which DuckDB refuses every other connection to the same
file in the process (segments and ML assets run next in the same process under the in-process
executor). dbt itself runs in a subprocess and holds the file's write lock until it exits.
"""

import os
from collections.abc import Callable, Iterable, Iterator

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.transform.project import MANIFEST_PATH, dbt_project
from orchestration.defs.transform.translator import EnrollflowDbtTranslator


def with_row_counts(
    events: Iterable[object],
    warehouse: dg.ConfigurableResource,  # orchestration.resources.WarehouseResource
    key_for_output: Callable[[str], dg.AssetKey],
) -> Iterator[object]:
    """Yield dbt's events with ``dagster/row_count`` added to each materialised model.

    Events are buffered until dbt exits (it holds the DuckDB write lock while it runs); on the
    postgres target the warehouse file is not where the models live, so no counts are added.
    """
    buffered = list(events)
    if os.environ.get("ENROLLFLOW_DBT_TARGET", "duckdb") == "postgres":
        yield from buffered
        return
    with warehouse.connect() as con:
        tables = {
            r[0] for r in con.sql("select table_name from information_schema.tables").fetchall()
        }
        for event in buffered:
            if isinstance(event, dg.Output | dg.AssetMaterialization):
                key = (
                    event.asset_key
                    if isinstance(event, dg.AssetMaterialization)
                    else key_for_output(event.output_name)
                )
                name = key.path[-1]
                if name in tables:
                    count = con.execute(f'select count(*) from "{name}"').fetchall()[0][0]
                    event = event.with_metadata({**event.metadata, "dagster/row_count": count})
            yield event


class DbtBuildConfig(dg.Config):
    """Run config of the dbt assets: ``full_refresh`` rebuilds the incremental models from all
    raw rows (after a backfill of days older than their lookback, or a logic change)."""

    full_refresh: bool = False


@dbt_assets(
    manifest=MANIFEST_PATH,
    project=dbt_project,
    dagster_dbt_translator=EnrollflowDbtTranslator(),
    name="dbt_models",
    # by key, not by annotation: orchestration.resources imports this module
    required_resource_keys={"dbt", "warehouse"},
)
def dbt_models(context: dg.AssetExecutionContext, config: DbtBuildConfig):
    """``dbt build`` of the selected models (tests run right after their model, as asset checks);
    incremental models process only what landed recently unless ``full_refresh`` is set."""
    dbt: DbtCliResource = context.resources.dbt
    args = ["build", "--full-refresh"] if config.full_refresh else ["build"]
    events = dbt.cli(args, context=context).stream()
    yield from with_row_counts(events, context.resources.warehouse, context.asset_key_for_output)
