"""Every dbt model as a Dagster asset; dbt tests as asset checks; row counts as metadata."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.transform.project import MANIFEST_PATH, dbt_project
from orchestration.defs.transform.translator import EnrollflowDbtTranslator


@dbt_assets(
    manifest=MANIFEST_PATH,
    project=dbt_project,
    dagster_dbt_translator=EnrollflowDbtTranslator(),
    name="dbt_models",
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """``dbt build`` of the selected models (tests run right after their model, as asset checks)."""
    yield from dbt.cli(["build"], context=context).stream().fetch_row_counts()
