"""A read-only snapshot of the warehouse, published after each build, for readers.

DuckDB lets one process write a file, and a process that holds it open read-only blocks that
writer ("Conflicting lock"). Readers — notebooks, the report, the studio, the campaign engine, the
CLI — therefore never open the pipeline's warehouse: they open the snapshot, a copy published
atomically after each build (:func:`open_reader` falls back to the file before the first one)::

    from enrollflow.snapshot import open_snapshot

    con = open_snapshot()  # the latest published warehouse, read-only
    con.sql("select * from fct_campaign_performance limit 5").df()

Publishing copies the checkpointed file to a temporary name beside the snapshot (in a child
process, so that the writer keeps its file lock) and renames it over the old one. A reader that has the old snapshot open keeps reading its (unlinked) copy; the
next open sees the new one. Neither side waits for the other.

On a Postgres warehouse (``ENROLLFLOW_WAREHOUSE=postgres``, docs/scale.md) the snapshot is the
same kind of DuckDB file, exported from Postgres's models schema (marts, segments, ML tables) by
:func:`publish_postgres_snapshot`: readers do not know which warehouse built it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

SNAPSHOT_SUFFIX = ".snapshot.duckdb"


class SnapshotNotFoundError(FileNotFoundError):
    """No snapshot has been published yet for this warehouse."""


@dataclass(frozen=True)
class PublishedSnapshot:
    """What :func:`publish_snapshot` wrote."""

    path: Path
    size_bytes: int
    tables: int
    published_at: dt.datetime


def snapshot_path(warehouse: Path | str) -> Path:
    """Where the snapshot of ``warehouse`` lives: ``<name>.snapshot.duckdb`` beside it."""
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.stem + SNAPSHOT_SUFFIX)


def publish_snapshot(
    con: duckdb.DuckDBPyConnection,
    warehouse: Path | str,
    *,
    now: dt.datetime,
    target: Path | str | None = None,
) -> PublishedSnapshot:
    """Copy ``warehouse`` to its snapshot atomically.

    ``con`` is the caller's writing connection to ``warehouse``: holding it, no other process can
    write while the file is copied, nor after it until the caller closes it (the copy runs in a
    child process: :func:`_copy_in_child`). The warehouse is checkpointed (the write-ahead log
    folded into the file), copied beside the snapshot and renamed over it.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        An open, writable connection to ``warehouse`` (with no open transaction).
    warehouse : Path or str
        The pipeline's DuckDB file.
    now : datetime
        Publication time (UTC), recorded in the result.
    target : Path or str, optional
        Snapshot file; default :func:`snapshot_path`.

    Returns
    -------
    PublishedSnapshot

    Raises
    ------
    FileNotFoundError
        If the warehouse does not exist yet.
    """
    warehouse = Path(warehouse)
    if not warehouse.exists():
        raise FileNotFoundError(f"warehouse {warehouse} does not exist; build it before publishing")
    target = Path(target) if target is not None else snapshot_path(warehouse)
    target.parent.mkdir(parents=True, exist_ok=True)
    con.execute("CHECKPOINT")
    # fetchall: a fetchone would leave the result open, and DuckDB refuses the caller's next query
    tables = con.execute("SELECT count(*) FROM duckdb_tables()").fetchall()[0][0]
    fd, tmp = tempfile.mkstemp(prefix=".snapshot-", suffix=".duckdb", dir=target.parent)
    try:
        os.close(fd)
        _copy_in_child(warehouse, Path(tmp))
        with open(tmp, "rb+") as out:
            os.fsync(out.fileno())
        # readers get the warehouse's own permissions (mkstemp makes the file owner-only)
        os.chmod(tmp, warehouse.stat().st_mode & 0o777)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return PublishedSnapshot(target, target.stat().st_size, int(tables), now)


def _copy_in_child(source: Path, target: Path) -> None:
    """Copy ``source`` over ``target`` in a child process.

    DuckDB's lock on the warehouse is a POSIX record lock, which belongs to the process and is
    released as soon as the process closes *any* descriptor of the file. Copying from this process
    would drop the writer's lock while its connection is still open, so that another process could
    open the warehouse (even for writing) beside it; the child's descriptors are its own.
    """
    code = "import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])"
    done = subprocess.run(
        [sys.executable, "-c", code, str(source), str(target)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise OSError(f"copying {source} to {target} failed: {done.stderr.strip()[-500:]}")


def publish_postgres_snapshot(
    pg_url: str,
    warehouse: Path | str,
    *,
    now: dt.datetime,
    schema: str = "analytics",
    target: Path | str | None = None,
) -> PublishedSnapshot:
    """Export the Postgres warehouse's ``schema`` to the snapshot of ``warehouse`` atomically.

    Every table and view of ``schema`` becomes a table of the same name in a new DuckDB file,
    renamed over the previous snapshot (see :func:`enrollflow.pg_transfer.export_snapshot`).

    Parameters
    ----------
    pg_url : str
        The Postgres warehouse.
    warehouse : Path or str
        The configured warehouse file (``ENROLLFLOW_WAREHOUSE_PATH``): the snapshot goes beside
        it, where :func:`open_snapshot` looks.
    now : datetime
        Publication time (UTC), recorded in the result.
    schema : str
        The schema dbt builds the models in.
    target : Path or str, optional
        Snapshot file; default :func:`snapshot_path`.
    """
    from enrollflow.pg_transfer import export_snapshot

    target = Path(target) if target is not None else snapshot_path(warehouse)
    tables = export_snapshot(pg_url, target, schemas=[schema])
    return PublishedSnapshot(target, target.stat().st_size, tables, now)


def open_snapshot(warehouse: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """Open the latest published snapshot read-only (notebooks, reports, the studio).

    Parameters
    ----------
    warehouse : Path or str, optional
        The pipeline's warehouse file whose snapshot to open; default the settings' warehouse
        (``ENROLLFLOW_WAREHOUSE_PATH``).

    Raises
    ------
    SnapshotNotFoundError
        If no snapshot was published yet (``make demo`` or ``warehouse_job`` publishes one).
    """
    if warehouse is None:
        from enrollflow.settings import get_settings

        warehouse = get_settings().warehouse
    path = snapshot_path(warehouse)
    if not path.exists():
        raise SnapshotNotFoundError(
            f"no snapshot at {path}; run `make demo` or the warehouse_job, which publish one"
        )
    return duckdb.connect(str(path), read_only=True)


def open_reader(warehouse: Path | str, *, wait_seconds: float = 0.0) -> duckdb.DuckDBPyConnection:
    """What a reader outside the pipeline's runs opens: the published snapshot, else (before
    the first publication) the warehouse itself read-only, waiting up to ``wait_seconds`` while
    a job writes it.

    The campaign engine (step and dispatch jobs, the scheduler and trigger sensors, ``enrollflow
    campaign tick``), the report and the CLI's readers (audience sizes, ``segment list`` /
    ``preview``, ``ml score``) read this way: they neither block the pipeline nor wait for it, and they see a build once it is published (after its checks have run), not
    tables a running job is half-way through.
    """
    try:
        return open_snapshot(warehouse)
    except SnapshotNotFoundError:
        from enrollflow.warehouse import connect_waiting

        return connect_waiting(warehouse, read_only=True, wait_seconds=wait_seconds)
