"""Named cross-process locks on the ops store: who may run a migration, or a campaign's tick.

:func:`named_lock` holds a lock for the length of a ``with`` block, across processes and
threads of every deployment that shares the store:

- on Postgres, a session-level advisory lock (``pg_advisory_lock``) on a connection of its own,
  so the lock goes away with the session when its process dies -- nothing is left to clean up;
- on an SQLite file, ``flock`` on a lock file beside the database (``<database>.<name>.lock``),
  which the kernel releases when the process dies;
- an in-memory SQLite store has a single process: nothing to lock.

With ``wait`` the lock is asked for until that many seconds have passed, and the block gets
``False`` if another holder kept it (the caller decides what to do: the journey engine ends its
tick without moving anything, and the next tick continues). Without ``wait`` it blocks.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from delivery.store import Store

#: seconds between two attempts while waiting for a held lock
POLL_SECONDS = 0.05


def pg_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for ``name`` (the same in every process)."""
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


def lock_path(database: str, name: str) -> Path:
    """The SQLite lock file for ``name``: ``<database>.<name>.lock``, with anything but
    letters, digits, ``-`` and ``_`` in ``name`` replaced by a short digest of it."""
    safe = name if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name) else _digest(name)
    return Path(f"{database}.{safe}.lock")


def _digest(name: str) -> str:
    return hashlib.blake2b(name.encode(), digest_size=10).hexdigest()


def _acquire(
    attempt: Callable[[], bool], wait: float | None, sleep: Callable[[float], None]
) -> bool:
    deadline = None if wait is None else time.monotonic() + wait
    while not attempt():
        if deadline is not None and time.monotonic() >= deadline:
            return False
        sleep(POLL_SECONDS)
    return True


@contextlib.contextmanager
def named_lock(
    store: Store,
    name: str,
    *,
    key: int | None = None,
    wait: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[bool]:
    """Hold the store-wide lock ``name`` for the block; yields whether it is held.

    Parameters
    ----------
    store : Store
        The ops store whose processes share the lock.
    name : str
        What is locked, e.g. ``"campaign-step:<campaign_id>"``.
    key : int, optional
        The Postgres advisory-lock key (default: :func:`pg_key` of ``name``).
    wait : float, optional
        Give up after this many seconds and yield ``False``; ``None`` waits as long as it takes.
    sleep : callable
        How to wait between attempts (injectable for tests).
    """
    if store.dialect == "postgresql":
        lock_key = pg_key(name) if key is None else key
        with store.engine.connect() as conn:

            def attempt() -> bool:
                got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": lock_key})
                held = bool(got.scalar_one())
                conn.commit()  # the lock is the session's: no transaction stays open meanwhile
                return held

            held = _acquire(attempt, wait, sleep)
            try:
                yield held
            finally:
                if held:
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key})
                    conn.commit()
        return
    database = store.engine.url.database
    if store.dialect != "sqlite" or database in (None, "", ":memory:"):
        yield True
        return
    with open(lock_path(database, name), "a") as fh:

        def attempt() -> bool:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        held = _acquire(attempt, wait, sleep)
        try:
            yield held
        finally:
            if held:
                fcntl.flock(fh, fcntl.LOCK_UN)
