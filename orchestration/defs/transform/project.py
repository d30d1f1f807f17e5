"""The dbt project as Dagster sees it, with its manifest guaranteed at load time."""

from __future__ import annotations

import os

from dagster_dbt import DbtProject

from enrollflow.settings import get_settings
from enrollflow.transform import DBT_PROJECT_DIR, ensure_manifest, profile_env, profile_env_of

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def build_profile_env() -> dict[str, str]:
    """The ``profiles.yml`` variables the dbt asset's builds will run with: the process's
    ``ENROLLFLOW_*`` and, on a Postgres warehouse (``ENROLLFLOW_WAREHOUSE=postgres``), the target
    and connection derived from ``ENROLLFLOW_POSTGRES_URL`` (as ``WarehouseResource.dbt_profile_env``)."""
    env = profile_env_of(os.environ)
    settings = get_settings()
    if settings.warehouse_backend == "postgres":
        env.update(profile_env(postgres_url=settings.postgres_url, target="postgres"))
    return env


# Parse only when the manifest is missing or older than the project's files (`dbt parse` is offline),
# with the dbt beside this interpreter: `DbtProject.prepare_if_dev()` would look for `dbt` on PATH,
# which fails under `make ui` when the venv is not activated.
MANIFEST_PATH = ensure_manifest(DBT_PROJECT_DIR, env=build_profile_env())
