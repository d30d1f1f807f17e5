"""The ops store resource (stable key ``ops_store``), built from ``ENROLLFLOW_OPS_STORE_URL``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import dagster as dg

from delivery.store import Store, open_store
from enrollflow.settings import get_settings


class OpsStoreResource(dg.ConfigurableResource):
    """The operational store (SQLite by default, Postgres in production)."""

    url: str

    @contextlib.contextmanager
    def open(self) -> Iterator[Store]:
        """Open the store at its Alembic head; disposed on exit."""
        store = open_store(self.url)
        try:
            yield store
        finally:
            store.dispose()


def ops_store_resource() -> OpsStoreResource:
    """The resource for the current settings."""
    return OpsStoreResource(url=get_settings().ops_store)
