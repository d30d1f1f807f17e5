"""Fixtures for the segment tests: hand-made marts in an in-memory DuckDB."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import pytest
import yaml

from segments.loader import parse_segment
from segments.spec import Segment
from segments.warehouse import Warehouse
from tests.segments.marts import load_marts


def make_segment(where: dict[str, Any], channel: str | None = None, name: str = "t") -> Segment:
    """A validated segment from a ``where`` tree, through the YAML path a file takes."""
    spec: dict[str, Any] = {"description": "test segment", "where": where}
    if channel:
        spec["channel"] = channel
    return parse_segment(yaml.safe_dump(spec), f"{name}.yml")


@pytest.fixture
def duck() -> Iterator[Warehouse]:
    """A fresh in-memory DuckDB with the hand-made marts."""
    conn = duckdb.connect()
    warehouse = Warehouse(conn)
    load_marts(warehouse)
    yield warehouse
    conn.close()


@pytest.fixture(scope="module")
def duck_shared() -> Iterator[Warehouse]:
    """The hand-made marts in one DuckDB for a whole module (read-only use: property tests)."""
    conn = duckdb.connect()
    warehouse = Warehouse(conn)
    load_marts(warehouse)
    yield warehouse
    conn.close()
