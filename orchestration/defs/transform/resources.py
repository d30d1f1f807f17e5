"""The ``dbt`` resource (added to the shared resources under the key ``dbt``)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource

from orchestration.defs.transform.project import dbt_project


def dbt_executable() -> str:
    """The ``dbt`` installed beside this interpreter (the venv's), whatever ``PATH`` says."""
    beside = Path(sys.executable).parent / "dbt"
    if beside.exists():
        return str(beside)
    found = shutil.which("dbt")
    if found is None:
        raise FileNotFoundError(
            f"no dbt executable beside {sys.executable} nor on PATH; run `make venv` to install dbt-core"
        )
    return found


def dbt_resource() -> DbtCliResource:
    """dbt CLI on the project; target and paths come from ``profiles.yml``'s env vars.

    ``ENROLLFLOW_WAREHOUSE=postgres`` makes the dbt asset build on the ``postgres`` target at
    ``ENROLLFLOW_POSTGRES_URL`` (``WarehouseResource.dbt_profile_env``); otherwise
    ``ENROLLFLOW_DBT_TARGET`` picks ``duckdb`` (default) or ``postgres``; the DuckDB file is
    ``ENROLLFLOW_WAREHOUSE_PATH``, else ``$ENROLLFLOW_DATA_DIR/warehouse.duckdb``.
    """
    return DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())
