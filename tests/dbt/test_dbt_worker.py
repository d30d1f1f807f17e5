"""The warm dbt worker (``enrollflow.dbt_worker``) and its command (``enrollflow-dbt``).

A call through the worker must be a ``dbt`` call: the same JSON events on stdout, the same exit
status, the warehouse file free afterwards; an edited project or another profile parses again;
a killed or interrupted dbt process, a worker that is not there and garbage on its socket each
end in a clear status, never a hang. A tiny project on DuckDB keeps each call under a second;
the dbt asset's own build through the worker is in ``tests/orchestration/test_dbt_assets.py``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from enrollflow.dbt_client import LOST, WORKER_ENV, send_request
from enrollflow.dbt_worker import (
    command_of,
    parse_key,
    profiles_dir_of,
    project_of,
    running_worker,
)

CLIENT = str(Path(sys.executable).parent / "enrollflow-dbt")
DBT = str(Path(sys.executable).parent / "dbt")
# a model slow enough to stop in the middle (DuckDB counts a few hundred million hashes)
SLOW_SQL = "{{ config(materialized='table') }} select count(*) as n from range(3000000000) t where hash(t.range) % 7 = 3"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "probe"
    (root / "models").mkdir(parents=True)
    (root / "macros").mkdir()
    (root / "dbt_project.yml").write_text(
        "name: probe\nversion: '1.0'\nprofile: probe\nmodel-paths: [models]\n"
        "macro-paths: [macros]\n"
    )
    (root / "profiles.yml").write_text(
        "probe:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
        "      path: \"{{ env_var('ENROLLFLOW_PROBE_DB') }}\"\n      threads: 1\n"
    )
    (root / "models" / "one.sql").write_text("select 1 as x")
    (root / "models" / "slow.sql").write_text(SLOW_SQL)
    (root / "models" / "schema.yml").write_text(
        "version: 2\nmodels:\n  - name: one\n    columns:\n      - name: x\n"
        "        data_tests: [not_null]\n"
    )
    (root / "macros" / "explode.sql").write_text(
        "{% macro explode() %}{{ exceptions.raise_compiler_error('probe failure') }}{% endmacro %}"
    )
    return root


@pytest.fixture
def worker(tmp_path: Path):
    log = tmp_path / "worker.log"
    with running_worker(log) as path:
        assert path is not None and os.environ[WORKER_ENV] == path
        yield path, log
    assert WORKER_ENV not in os.environ


def _env(project: Path, db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENROLLFLOW_PROBE")}
    env |= {
        "ENROLLFLOW_PROBE_DB": str(db),
        "DBT_PROFILES_DIR": str(project),
        "DBT_PROJECT_DIR": str(project),
        "DBT_LOG_FORMAT": "json",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_TARGET_PATH": str(project / "target"),
        "DBT_LOG_PATH": str(project / "logs"),
    }
    return env | extra


def _call(exe: str, args: list[str], env: dict[str, str], cwd: Path):
    return subprocess.run(
        [exe, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def _events(stdout: str) -> list[str]:
    names = [json.loads(line)["info"]["name"] for line in stdout.splitlines() if line[:1] == "{"]
    return [n for n in names if "PartialParse" not in n]  # a fresh target re-parses


def _parses(log: Path) -> int:
    return log.read_text().count(" parsed ")


def test_a_build_through_the_worker_is_dbts_build(project, worker, tmp_path):
    _, log = worker
    plain_db, warm_db = tmp_path / "plain.duckdb", tmp_path / "warm.duckdb"
    args = ["build", "--select", "one"]
    plain = _call(DBT, args, _env(project, plain_db), project)
    first = _call(CLIENT, args, _env(project, warm_db), project)
    second = _call(CLIENT, args, _env(project, warm_db), project)
    assert plain.returncode == first.returncode == second.returncode == 0, second.stdout
    assert _events(first.stdout) == _events(second.stdout) == _events(plain.stdout)
    assert _parses(log) == 1  # the second call used the kept project
    # the worker's dbt process is gone with its call: the file is free for a writer
    with duckdb.connect(str(warm_db)) as con:
        assert con.sql("select x from one").fetchall() == [(1,)]


def test_failures_end_with_dbts_exit_status(project, worker, tmp_path):
    db = tmp_path / "w.duckdb"
    for args in (["run-operation", "explode"], ["build", "--no-such-flag"], ["build", "-s", "x"]):
        plain = _call(DBT, args, _env(project, db), project)
        warm = _call(CLIENT, args, _env(project, db), project)
        assert warm.returncode == plain.returncode, (args, warm.stdout, warm.stderr)
    assert _call(CLIENT, ["run-operation", "explode"], _env(project, db), project).returncode == 1
    assert (
        "probe failure"
        in _call(CLIENT, ["run-operation", "explode"], _env(project, db), project).stdout
    )


def test_an_edited_project_or_another_profile_parses_again(project, worker, tmp_path):
    _, log = worker
    db = tmp_path / "w.duckdb"
    assert _call(CLIENT, ["build", "-s", "one"], _env(project, db), project).returncode == 0
    time.sleep(0.01)  # a later mtime
    (project / "models" / "one.sql").write_text("select 2 as x")
    (project / "models" / "two.sql").write_text("select x + 1 as y from {{ ref('one') }}")
    assert _call(CLIENT, ["build", "-s", "one", "two"], _env(project, db), project).returncode == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.sql("select y from two").fetchall() == [(3,)]
    other = tmp_path / "other.duckdb"
    assert _call(CLIENT, ["build", "-s", "one"], _env(project, other), project).returncode == 0
    assert _parses(log) == 3
    with duckdb.connect(str(other), read_only=True) as con:
        assert con.sql("select x from one").fetchall() == [(2,)]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _start_slow(project: Path, db: Path, worker_pid: int) -> tuple[subprocess.Popen, int]:
    """A call building the slow model; its dbt process (the worker's new child), mid-query."""
    before = set(_children(worker_pid))  # e.g. multiprocessing's resource tracker
    proc = subprocess.Popen(
        [CLIENT, "build", "-s", "slow"],
        env=_env(project, db),
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not set(_children(worker_pid)) - before and time.monotonic() < deadline:
        time.sleep(0.02)
    [child] = set(_children(worker_pid)) - before
    time.sleep(1.0)  # inside the model's query
    return proc, child


def _worker_pid(path: str) -> int:
    out = subprocess.run(["pgrep", "-f", f"enrollflow.dbt_worker {path}"], capture_output=True)
    return int(out.stdout.split()[0])


def test_a_killed_or_interrupted_dbt_process_ends_the_call(project, worker, tmp_path):
    path, _ = worker
    pid = _worker_pid(path)
    db = tmp_path / "w.duckdb"
    assert _call(CLIENT, ["ls"], _env(project, db), project).returncode == 0  # parsed
    proc, child = _start_slow(project, db, pid)
    os.kill(child, signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == LOST and "without an exit status" in err
    # SIGINT to the command (how dagster-dbt stops dbt) reaches the dbt process
    proc, child = _start_slow(project, db, pid)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, (out[-2000:], err[-2000:])
    assert (
        not Path(f"/proc/{child}").exists() or "zombie" in Path(f"/proc/{child}/status").read_text()
    )
    # the worker serves on
    assert _call(CLIENT, ["build", "-s", "one"], _env(project, db), project).returncode == 0


def test_garbage_on_the_socket_does_not_stop_the_worker(project, worker, tmp_path):
    path, log = worker
    for junk in (b"not a request", b"\xff\xff\xff\xff", b"\x00\x00\x00\x05{}"):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(path)
            sock.sendall(junk)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:  # a request with no env
        sock.connect(path)
        send_request(sock, {"argv": ["build"]}, [])
        assert sock.recv(100) == b""
    db = tmp_path / "w.duckdb"
    assert _call(CLIENT, ["build", "-s", "one"], _env(project, db), project).returncode == 0
    assert log.read_text().count("call failed") >= 3


def test_two_calls_at_once(project, worker, tmp_path):
    results = []
    calls = [
        threading.Thread(
            target=lambda i=i: results.append(
                _call(CLIENT, ["ls"], _env(project, tmp_path / f"{i}.duckdb"), project)
            )
        )
        for i in range(2)
    ]
    for call in calls:
        call.start()
    for call in calls:
        call.join()
    assert [r.returncode for r in results] == [0, 0]
    assert all("probe.one" in r.stdout for r in results)


def test_a_worker_stopped_while_it_starts_leaves_no_socket(tmp_path):
    """A demo that fails at once stops its worker while the worker still imports dbt (its socket
    is bound before that import): the worker removes its socket all the same."""
    for attempt in range(3):
        with running_worker(tmp_path / f"worker-{attempt}.log") as path:
            assert path is not None  # bound, not yet listening
        assert not os.path.exists(path), (tmp_path / f"worker-{attempt}.log").read_text()


def test_without_a_worker_the_command_is_dbt(project, tmp_path, monkeypatch):
    monkeypatch.setenv(WORKER_ENV, str(tmp_path / "no-such.sock"))
    out = _call(CLIENT, ["--version"], dict(os.environ), project)
    assert out.returncode == 0 and "Core:" in out.stdout
    db = tmp_path / "w.duckdb"
    env = _env(project, db)
    env.pop(WORKER_ENV)
    assert _call(CLIENT, ["build", "-s", "one"], env, project).returncode == 0


def test_a_stalled_or_oversized_request_is_dropped(project, worker, tmp_path):
    """The worker reads one request at a time: a sender that stalls, or announces more than
    16 MiB, is dropped (after 10 s, or at once) and the calls behind it are served."""
    path, log = worker
    stalled = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stalled.connect(path)
    stalled.sendall(b"\x00\x00\x01\x00{")  # 256 bytes announced, one sent, then nothing
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as huge:
        huge.connect(path)
        huge.sendall(b"\xff\xff\xff\xf0" + b"x" * 70000)
    began = time.monotonic()
    db = tmp_path / "w.duckdb"
    assert _call(CLIENT, ["build", "-s", "one"], _env(project, db), project).returncode == 0
    assert time.monotonic() - began < 60
    assert stalled.recv(10) == b""  # dropped
    stalled.close()
    text = log.read_text()
    assert "timed out" in text and "more than 16777216 bytes" in text


def test_what_a_parse_depends_on(project, tmp_path):
    """The parse key changes with what changes a parse, and only with that: a call's own run
    folder, log path and indirect selection (dagster-dbt sets them per run) leave it alone."""
    base = _env(project, tmp_path / "a.duckdb")
    key = parse_key(["build"], base, str(project))
    per_run = base | {
        "DBT_TARGET_PATH": "/x",
        "DBT_LOG_PATH": "/y",
        "DBT_INDIRECT_SELECTION": "empty",
    }
    assert (
        parse_key(["--log-level-file", "info", "build", "-s", "one"], per_run, str(project)) == key
    )
    assert parse_key(["ls"], base | {WORKER_ENV: "/tmp/other.sock"}, str(project)) == key
    changed = [
        parse_key(["build"], base | {"ENROLLFLOW_PROBE_DB": "/other.duckdb"}, str(project)),
        parse_key(["build", "--vars", "{a: 1}"], base, str(project)),
        parse_key(["build", "--target=prod"], base, str(project)),
        parse_key(["build"], base | {"DBT_PROFILES_DIR": str(tmp_path)}, str(project)),
    ]
    assert key not in changed and len(set(changed)) == len(changed)
    # the profiles directory as dbt finds it: the flag, the variable, the working directory
    no_var = {k: v for k, v in base.items() if k != "DBT_PROFILES_DIR"}
    assert profiles_dir_of([], no_var, str(project)) == project
    assert profiles_dir_of([], no_var, str(tmp_path)) == Path("~/.dbt").expanduser()
    assert profiles_dir_of(["--profiles-dir", "."], no_var, str(tmp_path)) == tmp_path
    assert (
        project_of(["--project-dir", "probe"], no_var | {"DBT_PROJECT_DIR": ""}, str(tmp_path))
        == project
    )
    assert command_of(["--log-level-file", "info", "build"]) == "build"
    assert command_of(["--version"]) is None
