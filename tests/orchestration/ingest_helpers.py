"""Shared helpers for the ingest orchestration tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from orchestration.resources import LandingResource, WarehouseResource
from tests.ingest.landing_samples import write_day

START = dt.date(2026, 1, 1)


def landing_with_days(root: Path, days: int = 2) -> Path:
    """A landing zone with ``days`` days of valid sample files from :data:`START`."""
    for offset in range(days):
        write_day(root, START + dt.timedelta(days=offset))
    return root


def resources(tmp_path: Path, landing: Path) -> dict[str, object]:
    """The ingest assets' resources over a temp warehouse and the given landing zone."""
    return {
        "warehouse": WarehouseResource(path=str(tmp_path / "warehouse.duckdb")),
        "landing": LandingResource(path=str(landing)),
    }
