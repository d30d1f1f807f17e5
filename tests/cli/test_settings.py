"""Settings read from the environment: names, precedence, and a bad value's error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from enrollflow.settings import Settings


@pytest.fixture
def clean_env(monkeypatch):
    import os

    for name in list(os.environ):
        if name.upper().startswith("ENROLLFLOW_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_every_field_is_read_from_its_variable(clean_env, tmp_path):
    clean_env.setenv("ENROLLFLOW_DATA_DIR", str(tmp_path))
    clean_env.setenv("ENROLLFLOW_WAREHOUSE", "postgres")  # the field's alias, not its name
    clean_env.setenv("ENROLLFLOW_START_DATE", "2026-03-01")
    clean_env.setenv("ENROLLFLOW_GLOBAL_HOLDOUT_SHARE", "0.05")
    clean_env.setenv("enrollflow_organisation_tz", "Europe/Madrid")  # any case, as before
    s = Settings()
    assert (s.data_dir, s.warehouse_backend, s.start_date) == (
        tmp_path,
        "postgres",
        dt.date(2026, 3, 1),
    )
    assert (s.global_holdout_share, s.organisation_tz) == (0.05, "Europe/Madrid")
    assert s.warehouse == tmp_path / "warehouse.duckdb"
    assert s.ops_store == f"sqlite:///{tmp_path / 'ops.sqlite'}"


def test_arguments_win_over_the_environment_and_unknown_variables_are_ignored(clean_env, tmp_path):
    clean_env.setenv("ENROLLFLOW_DATA_DIR", "/elsewhere")
    clean_env.setenv("ENROLLFLOW_NOT_A_SETTING", "x")
    s = Settings(data_dir=tmp_path, warehouse_backend="duckdb")
    assert s.data_dir == tmp_path and s.warehouse_backend == "duckdb"


def test_the_partitions_start_where_the_landing_manifest_says(clean_env, tmp_path):
    clean_env.setenv("ENROLLFLOW_DATA_DIR", str(tmp_path))
    assert Settings().start_date == dt.date(2026, 1, 1)  # no manifest yet
    (tmp_path / "landing").mkdir()
    (tmp_path / "landing" / "_manifest.json").write_text(json.dumps({"start_date": "2026-06-10"}))
    assert Settings().start_date == dt.date(2026, 6, 10)


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("ENROLLFLOW_WAREHOUSE", "oracle", "ENROLLFLOW_WAREHOUSE"),  # the alias is named
        ("ENROLLFLOW_GLOBAL_HOLDOUT_SHARE", "half", "global_holdout_share"),
        ("ENROLLFLOW_START_DATE", "2026-13-01", "start_date"),
    ],
)
def test_a_bad_value_names_its_setting(clean_env, name, value, field):
    clean_env.setenv(name, value)
    with pytest.raises(ValidationError, match=field):
        Settings()


def test_the_default_data_dir_is_the_checkouts_whatever_the_working_directory(clean_env):
    checkout = Path(__file__).resolve().parents[2]
    clean_env.chdir(checkout / "notebooks")
    assert Settings().data_dir == checkout / "data"
