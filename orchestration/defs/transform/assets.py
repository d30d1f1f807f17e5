"""Every dbt model as a Dagster asset; dbt tests as asset checks; row counts as metadata.

On a Postgres warehouse (``ENROLLFLOW_WAREHOUSE=postgres``) dbt runs on the ``postgres`` target,
connected by the warehouse resource's URL. Row counts are read through the ``warehouse`` resource
*after* dbt has finished, not with
dagster-dbt's ``fetch_row_counts()``: that opens the DuckDB file through dbt's adapter inside this
process with a different configuration, after which DuckDB refuses every other connection to the same
file in the process (segments and ML assets run next in the same process under the in-process
executor). dbt itself runs in a subprocess and holds the file's write lock until it exits.
"""

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from enrollflow.settings import environ
from orchestration.defs.transform.project import MANIFEST_PATH, dbt_project
from orchestration.defs.transform.resources import prune_run_targets
from orchestration.defs.transform.translator import EnrollflowDbtTranslator
from orchestration.tags import STAGE_TAG


def with_row_counts(
    events: Iterable[object],
    warehouse: dg.ConfigurableResource,  # orchestration.resources.WarehouseResource
    key_for_output: Callable[[str], dg.AssetKey],
) -> Iterator[object]:
    """Yield dbt's events with ``dagster/row_count`` added to each materialised model.

    Events are buffered until dbt exits (on DuckDB it holds the file's write lock while it runs);
    the counts are then read from the warehouse of record (the file, or Postgres).
    """
    buffered = list(events)
    keys = {}
    for event in buffered:
        if isinstance(event, dg.Output | dg.AssetMaterialization):
            key = (
                event.asset_key
                if isinstance(event, dg.AssetMaterialization)
                else key_for_output(event.output_name)
            )
            keys[id(event)] = key.path[-1]
    counts = warehouse.row_counts(set(keys.values())) if keys else {}
    for event in buffered:
        name = keys.get(id(event))
        if name in counts:
            event = event.with_metadata({**event.metadata, "dagster/row_count": counts[name]})
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
    incremental models process only what landed recently unless ``full_refresh`` is set.

    In an intraday run (:data:`~orchestration.tags.STAGE_TAG` ``intraday``) dbt's unit tests are
    left out: they check the models' SQL on fixed input rows, not the warehouse's data, so the
    nightly build's run of them holds until the code changes. Older run folders of dbt's
    target directory are removed afterwards (:func:`prune_run_targets`)."""
    dbt: DbtCliResource = context.resources.dbt
    args = ["build", "--full-refresh"] if config.full_refresh else ["build"]
    if context.run.tags.get(STAGE_TAG) == "intraday":
        args += ["--exclude-resource-type", "unit_test"]
    warehouse = context.resources.warehouse
    # a Postgres warehouse: dbt builds there, connected by the warehouse's URL
    with environ(warehouse.dbt_profile_env()):  # dbt reads its profile from there
        invocation = dbt.cli(args, context=context)
    yield from with_row_counts(invocation.stream(), warehouse, context.asset_key_for_output)
    prune_run_targets(Path(invocation.target_path).parent, now=time.time())
