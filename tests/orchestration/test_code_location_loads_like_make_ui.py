"""`make ui` loads the code location without an activated venv.

`dg dev` (as `dagster dev` did) sets ``DAGSTER_IS_DEV_CLI``; the code location must then still
find the venv's dbt rather than look for ``dbt`` on ``PATH`` (which failed before the venv was
activated). The slow test runs `make ui` itself, as the README says, and asks the UI's GraphQL
endpoint whether the location loaded.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _location_status(port: int) -> str | None:
    query = (
        b'{"query": "{ workspaceOrError { ... on Workspace { locationEntries { loadStatus } } } }"}'
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=query, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            entries = json.load(answer)["data"]["workspaceOrError"]["locationEntries"]
    except (OSError, KeyError, TypeError, ValueError):
        return None
    return entries[0]["loadStatus"] if entries else None


@pytest.mark.slow
def test_make_ui_serves_the_loaded_location_without_warnings_to_a_new_shell(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "ENROLLFLOW_"))}
    env["PATH"] = "/usr/bin:/bin"  # no .venv/bin, no activated venv: as a new user's shell
    env.update(DAGSTER_HOME=str(tmp_path / "dagster"), ENROLLFLOW_DATA_DIR=str(tmp_path))
    port = _free_port()
    log = tmp_path / "ui.log"
    with log.open("w") as out:
        ui = subprocess.Popen(
            ["make", "--no-print-directory", "ui", f"UI_PORT={port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        status, deadline = None, time.monotonic() + 240
        while status != "LOADED" and time.monotonic() < deadline and ui.poll() is None:
            time.sleep(2)
            status = _location_status(port)
        assert status == "LOADED", log.read_text()[-3000:]
    finally:
        os.killpg(ui.pid, signal.SIGTERM)
        try:
            ui.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(ui.pid, signal.SIGKILL)
    text = log.read_text()
    assert "dg dev" in text  # what make ran
    # nothing that tells a new user they did something wrong
    assert (
        "SupersessionWarning" not in text and "does not match the virtual environment" not in text
    )
    assert "Traceback" not in text
