"""The dbt project as Dagster sees it, with its manifest guaranteed at load time."""

from __future__ import annotations

from dagster_dbt import DbtProject

from enrollflow.transform import DBT_PROJECT_DIR, ensure_manifest

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

# Under `dagster dev` re-parse on every load; elsewhere (tests, `make demo`, a deployed code location)
# parse only when the manifest is missing or older than the project's files. `dbt parse` is offline.
dbt_project.prepare_if_dev()
MANIFEST_PATH = ensure_manifest(DBT_PROJECT_DIR)
