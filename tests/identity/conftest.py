"""An ops store on SQLite and on the real Postgres for the identity tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from delivery.store import Store, open_store

NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    opened = open_store(url, create=True)
    yield opened
    opened.dispose()
