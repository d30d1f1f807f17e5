"""The studio's read-only view of the warehouse: the snapshot the pipeline publishes.

DuckDB lets one process write a file, and a reader that holds it open blocks the writer. The
pipeline therefore publishes a read-only copy after each build (``enrollflow.snapshot``:
``<warehouse>.snapshot.duckdb``, renamed into place atomically), and the studio only ever opens
that copy. :class:`WarehouseSnapshot` keeps one read-only connection to it and reopens it when a
newer copy has been published (checked at most every ``max_age`` seconds); requests that were
reading the previous copy finish on it (a renamed-over file stays readable until its last reader
lets go). Before the first publication there is no snapshot and pages say so.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb


class WarehouseSnapshot:
    """Read-only connection to the published warehouse snapshot, reopened when it changes."""

    def __init__(self, source: Path, max_age: float = 60.0) -> None:
        self.source = Path(source)
        self.max_age = max_age
        self._lock = threading.Lock()
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._opened_mtime = -1.0
        self._checked = 0.0
        self._tables: tuple[int, dict[str, set[str]]] | None = None
        self.generation = 0

    def refresh(self, force: bool = False) -> None:
        """Reopen the snapshot if a newer one was published (at most every ``max_age`` s)."""
        with self._lock:
            now = time.monotonic()
            if not force and self._conn is not None and now - self._checked < self.max_age:
                return
            self._checked = now
            if not self.source.exists():
                return
            mtime = self.source.stat().st_mtime
            if mtime == self._opened_mtime and self._conn is not None:
                return
            try:
                # one thread: the studio's queries are small aggregates over marts, and on a
                # busy machine thread start-up costs more than it saves (measured: 10x)
                # (set after connecting: another reader in this process may share the database)
                conn = duckdb.connect(str(self.source), read_only=True)
                conn.execute("SET threads = 1")
            except duckdb.Error:
                return  # keep the previous connection; try again on a later request
            # the previous connection is dropped, not closed: a request may still be reading it
            self._conn = conn
            self._opened_mtime = mtime
            self.generation += 1

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """A cursor on the snapshot (``None`` before the pipeline has published one)."""
        self.refresh()
        with self._lock:
            cur = self._conn.cursor() if self._conn is not None else None
        try:
            yield cur
        finally:
            if cur is not None:
                cur.close()

    def tables(self) -> set[str]:
        """Tables in the current snapshot (cached per snapshot generation)."""
        return set(self._schema())

    def columns(self, table: str) -> set[str]:
        """Columns of ``table`` in the current snapshot (empty if it has no such table): a mart
        a newer version added a column to lacks it until the next build publishes a snapshot."""
        return self._schema().get(table, set())

    def _schema(self) -> dict[str, set[str]]:
        """Table -> columns of the current snapshot, read once per snapshot generation."""
        self.refresh()
        if self._tables is not None and self._tables[0] == self.generation:
            return self._tables[1]
        schema: dict[str, set[str]] = {}
        with self.cursor() as cur:
            if cur is not None:
                rows = cur.execute(
                    "SELECT table_name, column_name FROM information_schema.columns"
                ).fetchall()
                for table, column in rows:
                    schema.setdefault(table, set()).add(column)
        self._tables = (self.generation, schema)
        return schema

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
