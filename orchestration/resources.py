"""Resources shared by every domain, under stable keys, built from settings (env vars).

``shared_resources()`` returns a plain dict so a domain adds its resource with one line
(e.g. ``"dbt": DbtCliResource(...)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from enrollflow import warehouse as _warehouse
from enrollflow.settings import get_settings
from orchestration.defs.transform.resources import dbt_resource


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file (``ENROLLFLOW_WAREHOUSE_PATH``)."""

    path: str

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """Open the warehouse (use as a context manager so the file lock is released)."""
        return _warehouse.connect(self.path, read_only=read_only)


class LandingResource(dg.ConfigurableResource):
    """The landing zone root (``ENROLLFLOW_LANDING_DIR``): ``<root>/<source>/<yyyy-mm-dd>/<file>``."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path)


def shared_resources() -> dict[str, Any]:
    """Resources every domain may use, keyed ``warehouse``, ``landing`` (and later ``dbt``...)."""
    settings = get_settings()
    return {
        "warehouse": WarehouseResource(path=str(settings.warehouse)),
        "landing": LandingResource(path=str(settings.landing)),
        "dbt": dbt_resource(),
    }
