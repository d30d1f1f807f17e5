"""`make ui` loads the code location without an activated venv.

`dg dev` (as `dagster dev` did) sets ``DAGSTER_IS_DEV_CLI``; the code location must then still
find the venv's dbt rather than look for ``dbt`` on ``PATH`` (which failed before the venv was
activated). The slow test runs `make ui` itself, as the README says, asks the UI's GraphQL
endpoint whether the location loaded, and checks that its processes reach the warm dbt worker
`make ui` starts beside `dg dev` (enrollflow/ui.py).
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


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _worker_of_the_code_server(pid: int) -> str | None:
    """ENROLLFLOW_DBT_WORKER as the code server under ``pid`` sees it."""
    for child in _descendants(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"grpc" in cmdline or b"code-server" in cmdline:
            for entry in environ:
                if entry.startswith(b"ENROLLFLOW_DBT_WORKER="):
                    return entry.split(b"=", 1)[1].decode()
    return None


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
        # the processes dg dev started (the code server, whose runs inherit its environment)
        # name the warm dbt worker, and a dbt call made with that environment runs in it
        socket_path = _worker_of_the_code_server(ui.pid)
        assert socket_path and os.path.exists(socket_path)
        listed = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "enrollflow-dbt"), "ls", "--project-dir",
             str(ROOT / "dbt_project"), "--profiles-dir", str(ROOT / "dbt_project"),
             "--select", "stg_ops__send_ledger", "--output", "name", "--quiet"],
            env={**env, "ENROLLFLOW_DBT_WORKER": socket_path}, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        assert listed.returncode == 0 and "stg_ops__send_ledger" in listed.stdout, listed.stderr
    finally:
        started = _descendants(ui.pid)
        os.killpg(ui.pid, signal.SIGTERM)  # what Ctrl-C's SIGINT does to the terminal's group
        try:
            ui.wait(timeout=60)
            deadline = time.monotonic() + 60  # make returns at once; the rest stop in order
            while any(Path(f"/proc/{p}").exists() for p in started) and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            if any(Path(f"/proc/{p}").exists() for p in started):
                os.killpg(ui.pid, signal.SIGKILL)
    [worker_log] = (tmp_path / "logs").glob("dbt-worker-ui-*.log")
    assert " parsed " in worker_log.read_text()  # the call above ran in the worker
    assert not os.path.exists(socket_path)  # and the worker stopped with the UI
    text = log.read_text()
    assert "enrollflow.ui" in text and "Launching Dagster services" in text  # what make ran
    # nothing that tells a new user they did something wrong
    assert (
        "SupersessionWarning" not in text and "does not match the virtual environment" not in text
    )
    assert "Traceback" not in text
