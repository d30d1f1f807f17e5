"""Every notebook in notebooks/ runs top to bottom against the tiny business's warehouse."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import nbformat
import pytest
from nbclient import NotebookClient

from enrollflow.snapshot import publish_snapshot

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def published_warehouse(tiny_warehouse, tmp_path_factory) -> Path:
    """A copy of the tiny warehouse with its readers' snapshot published, as warehouse_job does."""
    path = tmp_path_factory.mktemp("notebooks") / "warehouse.duckdb"
    shutil.copy(tiny_warehouse, path)
    with duckdb.connect(str(path)) as con:
        publish_snapshot(con, path, now=dt.datetime(2026, 12, 5))
    return path


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, published_warehouse, monkeypatch) -> None:
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(published_warehouse))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # the kernel inherits the patched environment
    errors = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors, errors


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/ should hold at least one notebook for data scientists"
