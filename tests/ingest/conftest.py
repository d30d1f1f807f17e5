"""Fixtures for the ingest tests: a hand-made landing zone and an in-memory warehouse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from tests.ingest.landing_samples import write_day

DAY1 = dt.date(2026, 1, 1)
DAY2 = dt.date(2026, 1, 2)
NOW = dt.datetime(2026, 1, 3, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    """Two days of valid files for every source (SendGrid gzipped)."""
    root = tmp_path / "landing"
    write_day(root, DAY1)
    write_day(root, DAY2)
    return root


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()
