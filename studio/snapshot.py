"""A read-only snapshot of the warehouse, so the studio never holds a lock the pipeline needs.

DuckDB lets one process write a file; a reader that keeps it open would block the pipeline's next
run. :class:`WarehouseSnapshot` opens the warehouse read-only only for the moment it takes to copy
the tables the studio reads into its own file (written beside, then renamed into place), and
serves every request from that copy. It refreshes when the warehouse file changed and the copy is
older than ``max_age`` seconds; if the pipeline is writing at that moment (the file is locked), the
previous copy keeps serving and the next request tries again.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

#: tables the studio reads (those missing in the warehouse are skipped)
TABLES = (
    "dim_contacts",
    "segment_memberships",
    "fct_campaign_performance",
    "fct_conversion_funnel",
    "fct_budget_pacing",
    "fct_campaign_health",
    "fct_campaign_attribution",
)


class WarehouseSnapshot:
    """Read-only copy of selected warehouse tables, refreshed when the warehouse changes."""

    def __init__(self, source: Path, folder: Path, max_age: float = 60.0) -> None:
        self.source = Path(source)
        self.folder = Path(folder)
        self.max_age = max_age
        self._lock = threading.Lock()
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._copied_mtime = -1.0
        self._checked = 0.0
        self.generation = 0

    @property
    def path(self) -> Path:
        return self.folder / "warehouse_snapshot.duckdb"

    def _copy(self) -> bool:
        tmp = self.folder / f".snapshot-{os.getpid()}-{threading.get_ident()}.duckdb"
        tmp.unlink(missing_ok=True)
        src = duckdb.connect()  # in memory: attaches the warehouse read-only and the copy
        try:
            try:
                src.execute(f"ATTACH '{self.source}' AS wh (READ_ONLY)")
            except duckdb.Error:
                return False  # the pipeline is writing: keep serving the previous copy
            present = {
                r[0]
                for r in src.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'wh'"
                ).fetchall()
            }
            src.execute(f"ATTACH '{tmp}' AS snap")
            for table in TABLES:
                if table in present:
                    src.execute(f"CREATE TABLE snap.{table} AS SELECT * FROM wh.{table}")
            src.execute("DETACH snap")
            src.execute("DETACH wh")
        finally:
            src.close()
        os.replace(tmp, self.path)
        return True

    def refresh(self, force: bool = False) -> None:
        """Copy the warehouse again if it changed (and the copy is old enough, unless forced)."""
        with self._lock:
            now = time.monotonic()
            if not force and now - self._checked < self.max_age and self._conn is not None:
                return
            self._checked = now
            if not self.source.exists():
                return
            mtime = self.source.stat().st_mtime
            if mtime == self._copied_mtime and self._conn is not None:
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            # the previous connection is dropped, not closed: a request may still be reading it
            # (the renamed-over file stays readable until its last reader lets go)
            self._conn = None
            if self._copy():
                self._copied_mtime = mtime
                self.generation += 1
            if self.path.exists():
                # one thread: the studio's queries are small aggregates over marts, and on a
                # busy machine thread start-up costs more than it saves (measured: 10x)
                self._conn = duckdb.connect(str(self.path), read_only=True, config={"threads": 1})

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """A cursor on the snapshot (``None`` before the pipeline has built a warehouse)."""
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
        self.refresh()
        cached = getattr(self, "_tables", None)
        if cached is not None and cached[0] == self.generation:
            return cached[1]
        with self.cursor() as cur:
            names = (
                set()
                if cur is None
                else {
                    r[0]
                    for r in cur.execute(
                        "SELECT table_name FROM information_schema.tables"
                    ).fetchall()
                }
            )
        self._tables = (self.generation, names)
        return names

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
