"""The ops store's named locks across processes (delivery/store/locks.py), SQLite and Postgres:
held by one process, refused to another until released, and freed when the holder is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from delivery.store.locks import lock_path, named_lock, pg_key

ROOT = Path(__file__).resolve().parents[2]
NAME = "campaign-step:spring intake/2027 ✓"  # spaces, a slash, non-ASCII: a digest on disk

HOLDER = textwrap.dedent(
    """
    import sys, time
    from delivery.store import open_store
    from delivery.store.locks import named_lock
    store = open_store(sys.argv[1])
    with named_lock(store, sys.argv[2]) as held:
        print("held" if held else "refused", flush=True)
        sys.stdin.readline()  # hold until the test closes stdin (or kills this process)
    """
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request):
    return request.getfixturevalue("sqlite_store" if request.param == "sqlite" else "pg_store")


def _holder(store) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, store.url, NAME],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def _free_within(store, seconds: float) -> bool:
    with named_lock(store, NAME, wait=seconds) as held:
        return held


def test_another_process_holds_the_lock_until_it_lets_go(store):
    holder = _holder(store)
    try:
        started = time.monotonic()
        assert not _free_within(store, 0.3)
        assert time.monotonic() - started >= 0.3  # it waited for the lock, then gave up
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert _free_within(store, 5)


def test_a_killed_holder_leaves_nothing_locked(store):
    holder = _holder(store)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    # the kernel (flock) or the server (the session's advisory lock) lets go with the process
    assert _free_within(store, 10)


def test_the_same_process_cannot_take_a_held_lock_twice(store):
    with named_lock(store, NAME) as first:
        assert first
        assert not _free_within(store, 0.1)  # a second connection / open file of this process
    assert _free_within(store, 0.1)


def test_names_map_to_stable_keys_and_safe_lock_files(tmp_path):
    assert pg_key(NAME) == pg_key(NAME) != pg_key(NAME + "x")
    assert -(2**63) <= pg_key(NAME) < 2**63
    database = str(tmp_path / "ops.sqlite")
    assert lock_path(database, "migrate") == Path(f"{database}.migrate.lock")
    odd = lock_path(database, NAME)
    assert odd.parent == tmp_path and "/" not in odd.name[len("ops.sqlite") :]
    assert odd.name.isascii() and odd != lock_path(database, NAME + "x")
