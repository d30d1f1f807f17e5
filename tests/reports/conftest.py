"""Fixtures for the report, alert and recommendation tests: writable copies of the tiny business."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from ml.registry import ModelEvaluation
from ml.warehouse_io import append_registry

NOW = dt.datetime(2026, 2, 15)  # the tiny business's "now": the day after its last day


@pytest.fixture
def warehouse(tiny_warehouse, tmp_path) -> Path:
    """A writable copy of the tiny business's warehouse."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(tiny_warehouse, path)
    return path


@pytest.fixture
def con(warehouse):
    with duckdb.connect(str(warehouse)) as c:
        yield c


def register(con, name: str, promoted: bool, *, score: float = 0.3, baseline: float = 0.1) -> None:
    """Add a model version to ``ml_model_registry`` that beats (or not) its baseline."""
    model, base = (score, baseline) if promoted else (baseline, score)
    append_registry(
        con,
        [
            ModelEvaluation(
                model_name=name,
                metric_name="metric",
                model_score=model,
                baseline_name="simple_baseline",
                baseline_score=base,
                higher_is_better=True,
                training_start_at=None,
                training_end_at=NOW,
                trained_at=NOW,
                n_train=100,
                n_holdout=50,
            )
        ],
    )
