"""Resources shared by every domain, under stable keys, built from settings (env vars).

``shared_resources()`` returns a plain dict so a domain adds its resource with one line
(e.g. ``"dbt": DbtCliResource(...)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import tenacity

from enrollflow import warehouse as _warehouse
from enrollflow.settings import get_settings
from orchestration.defs.transform.resources import dbt_resource


def _is_lock_conflict(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file (``ENROLLFLOW_WAREHOUSE_PATH``).

    DuckDB allows one writing process per file: when steps run in parallel processes, ``connect``
    waits (with backoff) for the other process to release the file, up to ``lock_wait_seconds``.
    """

    path: str
    lock_wait_seconds: float = 900.0

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """Open the warehouse (use as a context manager so the file lock is released)."""
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception(_is_lock_conflict),
            wait=tenacity.wait_exponential(multiplier=0.2, max=5),
            stop=tenacity.stop_after_delay(self.lock_wait_seconds),
            reraise=True,
        )
        return retrying(_warehouse.connect, self.path, read_only=read_only)


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
