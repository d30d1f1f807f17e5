"""Fixtures of the integrations tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def warehouse(tiny_warehouse: Path, tmp_path: Path) -> Path:
    """A writable copy of the tiny business's built warehouse."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(tiny_warehouse, path)
    return path
