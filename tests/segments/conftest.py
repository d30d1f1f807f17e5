"""Fixtures for the segment tests: hand-made marts in an in-memory DuckDB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from segments.loader import parse_segment
from segments.spec import Segment
from segments.warehouse import Warehouse
from tests.segments.marts import load_marts

#: Every way the compiler can read the activity: the default (semijoin over the daily aggregate
#: and, where it cannot answer, the raw rows), semijoin over the raw rows only, and aggregate.
MODES: list[dict[str, Any]] = [
    {"strategy": "semijoin"},
    {"strategy": "semijoin", "daily": False},
    {"strategy": "aggregate"},
]
MODE_IDS = ["daily", "raw", "aggregate"]


def make_segment(where: dict[str, Any], channel: str | None = None, name: str = "t") -> Segment:
    """A validated segment from a ``where`` tree, through the YAML path a file takes."""
    spec: dict[str, Any] = {"description": "test segment", "where": where}
    if channel:
        spec["channel"] = channel
    return parse_segment(yaml.dump(spec, Dumper=_NoAliases), f"{name}.yml")


class _NoAliases(yaml.SafeDumper):
    """Write shared objects out in full: segment files may not use anchors/aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


SAMPLE_FILES = {
    "spain.yml": "description: Spain\nchannel: email\nwhere: {attribute: country, op: eq, value: ES}\n",
    "data_fans.yml": "description: Data\nwhere: {attribute: interests, op: in, value: [data]}\n",
    "nobody.yml": "description: Nobody\nwhere: {attribute: country, op: eq, value: JP}\n",
    "broken.yml": "description: x\nwhere: {behaviour: opend, in_last_days: 3}\n",
}


def write_definitions(folder: Path, names: tuple[str, ...] = tuple(SAMPLE_FILES)) -> Path:
    """A definitions folder with some of :data:`SAMPLE_FILES` (``broken.yml`` is invalid)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(SAMPLE_FILES[name])
    return folder


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
