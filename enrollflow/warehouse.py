"""The DuckDB warehouse: open it, and copy its tables to Postgres (for the dbt ``postgres`` target).

Notebooks open it read-only in one line::

    from enrollflow.warehouse import connect
    con = connect(read_only=True)
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb


class WarehouseNotFoundError(FileNotFoundError):
    """A read-only open of a warehouse file that does not exist."""


def connect(path: Path | str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB warehouse.

    Parameters
    ----------
    path : Path or str, optional
        Warehouse file; defaults to the settings' ``warehouse`` (``ENROLLFLOW_WAREHOUSE_PATH``).
    read_only : bool
        Open read-only (notebooks, reports): several readers may share the file.

    Returns
    -------
    duckdb.DuckDBPyConnection
        An open connection; close it (or use it as a context manager) when done.

    Raises
    ------
    WarehouseNotFoundError
        If ``read_only`` and the file does not exist yet (run ``make demo`` or the ingest first).
    """
    if path is None:
        from enrollflow.settings import get_settings

        path = get_settings().warehouse
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseNotFoundError(
            f"warehouse {path} does not exist; build it first (`make demo`) or set ENROLLFLOW_WAREHOUSE_PATH"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


def is_lock_conflict(exc: BaseException) -> bool:
    """Whether ``exc`` is DuckDB refusing a file another process holds ("Conflicting lock")."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def connect_waiting(
    path: Path | str,
    *,
    read_only: bool = False,
    wait_seconds: float,
    on_wait: Callable[[duckdb.IOException], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> duckdb.DuckDBPyConnection:
    """:func:`connect`, waiting while another process holds the file (DuckDB has one writer).

    Retries with exponential backoff (0.2 s doubling, at most 5 s apart) for up to
    ``wait_seconds``; ``on_wait`` is called once, at the first refusal (to tell a user why
    nothing happens yet). Any other error, or the lock still held at the deadline, is raised.
    """
    deadline = clock() + wait_seconds
    pause = 0.2
    told = False
    while True:
        try:
            return connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if not is_lock_conflict(exc) or clock() + pause > deadline:
                raise
            if on_wait is not None and not told:
                on_wait(exc)
                told = True
        sleep(pause)
        pause = min(pause * 2, 5.0)


def copy_tables_to_postgres(
    duckdb_path: Path | str, pg_url: str, schema: str, tables: Iterable[str]
) -> dict[str, int]:
    """Copy DuckDB tables to Postgres, replacing each table in ``schema`` (one transaction).

    Each table is exported by DuckDB as CSV and streamed in with Postgres ``COPY``; empty strings and
    NULLs stay distinct.

    Parameters
    ----------
    duckdb_path : Path or str
        Source DuckDB file (opened read-only).
    pg_url : str
        Postgres URL, e.g. ``postgresql://postgres@127.0.0.1:5432/warehouse``.
    schema : str
        Target schema (created if missing), e.g. ``raw``.
    tables : iterable of str
        Table names in the DuckDB ``main`` schema.

    Returns
    -------
    dict[str, int]
        Table → rows copied.

    Raises
    ------
    ValueError
        If a table does not exist in the DuckDB file or has a column type with no mapping.
    """
    from psycopg2 import sql

    from enrollflow.pg_transfer import (
        connect_postgres,
        copy_query_into,
        create_table_like,
        duck_columns,
    )

    tables = list(tables)
    counts: dict[str, int] = {}
    with (
        duckdb.connect(str(duckdb_path), read_only=True) as duck,
        tempfile.TemporaryDirectory(prefix="enrollflow_pgcopy_") as tmp,
    ):
        existing = {
            r[0]
            for r in duck.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        }
        missing = [t for t in tables if t not in existing]
        if missing:
            raise ValueError(f"tables {missing} not found in {duckdb_path}; ingest them first")
        pg = connect_postgres(pg_url)
        try:
            with pg, pg.cursor() as cur:
                cur.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema))
                )
                for table in tables:
                    target = sql.Identifier(schema, table)
                    cur.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(target))
                    columns = duck_columns(duck, table)
                    create_table_like(cur, target, columns, table)
                    query = f'SELECT * FROM "{table}"'
                    counts[table] = copy_query_into(duck, cur, query, target, Path(tmp))
        finally:
            pg.close()
    return counts
