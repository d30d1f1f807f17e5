"""`make ui` loads the code location without an activated venv.

`dagster dev` sets ``DAGSTER_IS_DEV_CLI``; the code location must then still find the venv's dbt
rather than look for ``dbt`` on ``PATH`` (which failed before the venv was activated).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_code_location_loads_under_dagster_dev_without_the_venv_on_path(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "ENROLLFLOW_"))}
    env["PATH"] = "/usr/bin:/bin"  # no .venv/bin: as a new user's shell
    env["DAGSTER_IS_DEV_CLI"] = "1"
    env["DAGSTER_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", "from orchestration.definitions import defs; print(len(defs.jobs))"],
        cwd=tmp_path,  # not the checkout: the location must not depend on the working directory
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip().splitlines()[-1]) >= 3


def test_the_data_directory_is_the_checkouts_whatever_the_working_directory(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENROLLFLOW_")}
    done = subprocess.run(
        [sys.executable, "-c", "from enrollflow.settings import get_settings; "
         "print(get_settings().warehouse)"],
        cwd=ROOT / "notebooks",  # where Jupyter starts a notebook's kernel
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == ROOT / "data" / "warehouse.duckdb"
