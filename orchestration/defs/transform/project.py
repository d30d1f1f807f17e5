"""The dbt project as Dagster sees it, with its manifest guaranteed at load time."""

from __future__ import annotations

from dagster_dbt import DbtProject

from enrollflow.transform import DBT_PROJECT_DIR, build_profile_env, ensure_manifest

__all__ = ["MANIFEST_PATH", "dbt_project"]

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

# Parse only when the manifest is missing or older than the project's files (`dbt parse` is offline),
# with the dbt beside this interpreter: `DbtProject.prepare_if_dev()` would look for `dbt` on PATH,
# which fails under `make ui` when the venv is not activated.
MANIFEST_PATH = ensure_manifest(DBT_PROJECT_DIR, env=build_profile_env())
