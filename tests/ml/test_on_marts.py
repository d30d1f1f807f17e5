"""Every model run on the real dbt marts of the tiny simulated business (column contract check).

The tiny business (400 contacts, 45 days) is too small for the models to beat their baselines
reliably, so this checks that each run reads the marts it names and writes a table; recovery of
the planted truth is tested on the larger business in test_planted_truth.py.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from ml.errors import MLInputError
from ml.runs import (
    run_attribution,
    run_budget,
    run_campaign_success,
    run_contact_ltv,
    run_course_recommendations,
    run_lookalikes,
    run_send_time,
)
from ml.warehouse_io import data_now
from tests.fixtures.warehouse import simulated_now

RUNS = {
    "send_time": lambda con, now: run_send_time(con, now=now, default_tz="Europe/London"),
    "ltv": lambda con, now: run_contact_ltv(con, now=now, holdout_days=14),
    "attribution": lambda con, now: run_attribution(con, now=now, holdout_days=14),
    "courses": lambda con, now: run_course_recommendations(con, now=now, holdout_days=14),
    "lookalikes": lambda con, now: run_lookalikes(con, now=now, top_n=50),
    "budget": lambda con, now: run_budget(con, now=now, holdout_weeks=2),
    "campaign_success": lambda con, now: run_campaign_success(con, now=now),
}


@pytest.fixture(scope="module")
def marts(tiny_warehouse, tiny_business, tmp_path_factory):
    path = tmp_path_factory.mktemp("ml_marts") / "warehouse.duckdb"
    shutil.copyfile(tiny_warehouse, path)
    with duckdb.connect(str(path)) as con:
        yield con, simulated_now(tiny_business.manifest).replace(tzinfo=None)


def test_data_now_is_the_simulated_now(marts):
    con, now = marts
    assert data_now(con) == now


@pytest.mark.parametrize("name", sorted(RUNS))
def test_run_reads_the_marts(marts, name):
    con, now = marts
    if name == "lookalikes":
        seed = con.execute(
            "select count(*) from dim_contacts where last_enrolled_at >= ? - interval 90 day",
            [now],
        ).fetchone()[0]
        if seed < 5:  # the tiny business has few recent enrollers: a clear, typed refusal
            with pytest.raises(MLInputError, match="at least 5 seed members"):
                RUNS[name](con, now)
            return
    run = RUNS[name](con, now)
    assert len(run.table) > 0 and run.evaluations
    assert run.table["model_version"].nunique() >= 1
