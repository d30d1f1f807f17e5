"""``enrollflow campaign validate`` shows the split's power and MDE before launch."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from enrollflow.cli import app
from ml.experiments.power import mde_proportion, power_proportion
from ml.warehouse_io import write_table
from tests.campaigns.conftest import EXAMPLES
from tests.journeys.conftest import World

DEMO = str(EXAMPLES / "spring_enrollment.yml")  # split A/B 50/50 with a 10 % holdout


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    path = tmp_path / "warehouse.duckdb"
    world = World(str(path))
    world.add_contacts(3_000)
    world.conn.close()
    sends = pd.DataFrame(
        {
            "channel": "email",
            "is_delivered": True,
            "clicked_at": [pd.Timestamp("2026-02-01")] * 40 + [pd.NaT] * 960,  # 4 % click rate
        }
    )
    with duckdb.connect(str(path)) as con:
        write_table(con, "fct_sends", sends)
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(path))
    return path


def test_validate_prints_power_and_mde_from_audience_and_base_rate(warehouse):
    result = CliRunner().invoke(app, ["campaign", "validate", DEMO])
    assert result.exit_code == 0, result.output
    per_arm = int(3_000 * 0.9 // 2)
    line = " ".join(result.output.split("power:", 1)[1].split())  # the console wraps at 120
    assert f"{per_arm:,} contacts per arm (2 arms, 10% holdout)" in line
    assert "4.0% base click rate" in line
    mde = float(re.search(r"detects \+([\d.]+) pts", line).group(1))
    assert mde == pytest.approx(float(mde_proportion(0.04, per_arm)) * 100, abs=0.05)
    power = int(re.search(r"power to detect \+1\.0 pt: (\d+)%", line).group(1))
    assert power == round(float(power_proportion(0.04, 0.01, per_arm)) * 100)


def test_validate_without_a_warehouse_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(tmp_path / "missing.duckdb"))
    result = CliRunner().invoke(app, ["campaign", "validate", DEMO])
    assert result.exit_code == 0
    assert "power: no warehouse yet to size the audience" in result.output


def test_validate_reads_the_published_snapshot_not_the_pipelines_warehouse(warehouse):
    import datetime as dt

    from enrollflow.snapshot import publish_snapshot

    with duckdb.connect(str(warehouse)) as con:
        publish_snapshot(con, warehouse, now=dt.datetime(2026, 3, 1))
        con.execute("update fct_sends set clicked_at = null")  # after publishing: not seen
    result = CliRunner().invoke(app, ["campaign", "validate", DEMO])
    assert result.exit_code == 0, result.output
    assert "4.0% base click rate" in " ".join(result.output.split())
