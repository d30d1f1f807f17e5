"""Fixtures for the segment tests: hand-made marts in an in-memory DuckDB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from segments.compiler import CompiledSegment, compile_segment
from segments.loader import parse_segment
from segments.spec import Segment
from segments.warehouse import Warehouse
from segments.windows import windows_as_of
from tests.segments.marts import load_marts

#: Every way the compiler can read the activity: the default (semijoin over the daily aggregate
#: and, where it cannot answer, the raw rows), semijoin over the raw rows only, and aggregate.
#: ``windows``: also the per-contact window counts (their as-of day read from the warehouse).
MODES: list[dict[str, Any]] = [
    {"strategy": "semijoin", "windows": True},
    {"strategy": "semijoin"},
    {"strategy": "semijoin", "daily": False},
    {"strategy": "aggregate"},
]
MODE_IDS = ["windows", "daily", "raw", "aggregate"]


def compile_in_mode(
    warehouse: Warehouse, segment: Segment, now: Any, mode: dict[str, Any], **kwargs: Any
) -> CompiledSegment:
    """``compile_segment`` in one of :data:`MODES` for ``warehouse``'s marts."""
    options = {k: v for k, v in mode.items() if k != "windows"}
    if mode.get("windows"):  # every fixed window, short ones too
        options["windows_as_of"] = windows_as_of(warehouse)
        options["windows_min_days"] = 1
        assert options["windows_as_of"] is not None
    return compile_segment(segment, now=now, **options, **kwargs)


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
