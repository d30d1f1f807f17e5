"""Fast set-based reads and writes for the engine (SQLite and Postgres).

SQLAlchemy's per-row parameter and result processing dominates at 100k rows, so the engine
converts whole columns with pandas and hands them to the DB-API driver inside the caller's
SQLAlchemy transaction, rows in primary-key order: on SQLite an insert is multi-row ``INSERT``
statements of 500 rows (prepared once; a statement per row through ``executemany`` costs 1.5x
the CPU, each execution opening cursors on the table and on every index again), an update
``executemany``; on Postgres an
insert is one ``COPY`` (CSV) straight into the table inside a savepoint (see
:func:`_copy_new_rows`: on a unique violation, a ``COPY`` into a temporary staging table and one
``INSERT ... SELECT ... ON CONFLICT DO NOTHING``), an update a staged ``UPDATE ... FROM``
(a multi-row ``VALUES`` statement costs the server a parse of every literal, and the client a
``mogrify`` per row). Statements are built from the SQLAlchemy ``Table``
(identifiers only; values are bound parameters or COPY data). On SQLite, datetimes are written in
SQLAlchemy's own storage format (always with microseconds) so SQL comparisons agree with rows
SQLAlchemy writes.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Sequence

import pandas as pd
import psycopg2
import sqlalchemy as sa

from delivery.store.sql import among  # noqa: F401 (the engine's ``bulk.among``)

_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
#: NULL in the COPY data (unquoted); a value that is literally this string is not copied
_COPY_NULL = "\\N"


def _is_postgres(conn: sa.Connection) -> bool:
    return conn.dialect.name == "postgresql"


def _column(series: pd.Series, column: sa.Column, null: str | None = None) -> list:
    """One column as driver values (NaN/NaT -> ``null``), converted vectorised; datetimes as
    text in SQLAlchemy's SQLite storage format (which Postgres's COPY parses too)."""
    if isinstance(column.type, sa.DateTime):
        # convert each distinct instant once (a step's rows share a handful of due times)
        codes, uniques = pd.factorize(pd.to_datetime(series))
        converted = list(uniques.strftime(_TIME_FORMAT))
        converted.append(null)  # code -1: NaT
        return [converted[c] for c in codes.tolist()]
    if isinstance(column.type, sa.Integer):
        if not series.isna().any():
            return series.astype("int64").tolist()
        return [null if pd.isna(v) else int(v) for v in series.tolist()]
    values = series.astype(object)
    return values.where(values.notna(), null).tolist()


def _rows(
    table: sa.Table, frame: pd.DataFrame, columns: Sequence[str], null: str | None = None
) -> list[tuple]:
    return list(zip(*(_column(frame[c], table.c[c], null) for c in columns), strict=True))


class _CsvStream:
    """COPY CSV data of ``rows`` (NULL written as :data:`_COPY_NULL`), formatted as the driver
    reads it: the server parses and inserts one chunk while the next is being formatted."""

    def __init__(self, rows: list[tuple]) -> None:
        self.rows = rows
        self._at = 0

    def read(self, size: int = -1) -> str:
        """At least ``size`` characters of CSV (whole rows); ``""`` at the end."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        while self._at < len(self.rows) and (size < 0 or out.tell() < size):
            writer.writerows(self.rows[self._at : self._at + _STREAM_ROWS])
            self._at += _STREAM_ROWS
        return out.getvalue()


#: rows formatted per step of the COPY stream, and characters the driver asks for per read
_STREAM_ROWS = 1000
_STREAM_READ = 1 << 17


def _copy_data(table: sa.Table, frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple]:
    """``frame[columns]`` as the rows of COPY data (NULL as :data:`_COPY_NULL`)."""
    strings = [c for c in columns if not isinstance(table.c[c].type, sa.DateTime | sa.Integer)]
    for c in strings:
        if (frame[c].astype(object) == _COPY_NULL).any():
            raise ValueError(f"{table.name}.{c}: the value {_COPY_NULL!r} cannot be copied")
    return _rows(table, frame, columns, _COPY_NULL)


def _copy(cur, target: str, columns: Sequence[str], rows: list[tuple]) -> None:
    cols = ", ".join(columns)
    cur.copy_expert(
        f"COPY {target} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '{_COPY_NULL}')",
        _CsvStream(rows),
        size=_STREAM_READ,
    )


def _stage(
    conn: sa.Connection,
    table: sa.Table,
    frame: pd.DataFrame,
    columns: Sequence[str],
    data: list[tuple] | None = None,
):
    """COPY ``frame[columns]`` into a temporary table shaped like ``table``; return its name."""
    data = data if data is not None else _copy_data(table, frame, columns)
    stage = f"_stage_{table.name}"
    cols = ", ".join(columns)
    with conn.connection.driver_connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {stage}")
        # the columns' types only (no NOT NULL: an update stages only the columns it sets)
        cur.execute(f"CREATE TEMP TABLE {stage} AS SELECT {cols} FROM {table.name} WITH NO DATA")
        _copy(cur, stage, columns, data)
    return stage


def _copy_new_rows(
    conn: sa.Connection, table: sa.Table, frame: pd.DataFrame, columns: Sequence[str]
) -> None:
    """Postgres ``INSERT ... ON CONFLICT DO NOTHING`` of ``frame``, fast when nothing conflicts.

    The rows are first COPied straight into ``table`` inside a savepoint: when no key exists
    yet (a step's first run: the usual case) that is the whole write, without a staging table
    and a second pass over the rows. A unique violation (a rerun, a concurrent writer, a
    duplicate in the frame) rolls back to the savepoint and the rows go through a staging
    table and ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``: the same rows end up written,
    and the unique keys decide either way.
    """
    data = _copy_data(table, frame, columns)
    cols = ", ".join(columns)
    with conn.connection.driver_connection.cursor() as cur:
        cur.execute("SAVEPOINT bulk_copy")
        try:
            _copy(cur, table.name, columns, data)
        except psycopg2.errors.UniqueViolation:
            cur.execute("ROLLBACK TO SAVEPOINT bulk_copy")
        else:
            cur.execute("RELEASE SAVEPOINT bulk_copy")
            return
        stage = _stage(conn, table, frame, columns, data)
        cur.execute(
            f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {stage} ON CONFLICT DO NOTHING"
        )
        cur.execute(f"DROP TABLE {stage}")


def _in_key_order(table: sa.Table, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` sorted by the table's primary key (when it has those columns): inserting in
    key order appends to the B-trees instead of touching a random page per row (on SQLite a
    shuffled 88k-row ledger insert costs 2.5x a sorted one)."""
    keys = [c.name for c in table.primary_key.columns]
    if not set(keys) <= set(frame.columns):
        return frame
    return frame.sort_values(keys, kind="stable", ignore_index=True)


#: rows per multi-row ``INSERT`` on SQLite (fewer if the build's parameter limit is lower)
_SQLITE_ROWS_PER_INSERT = 500


def insert_ignore(
    conn: sa.Connection, table: sa.Table, frame: pd.DataFrame, columns: Sequence[str]
) -> None:
    """``INSERT ... ON CONFLICT DO NOTHING`` of the frame's ``columns``.

    Parameters
    ----------
    conn : sqlalchemy.Connection
        Open transaction.
    table : sqlalchemy.Table
    frame : pandas.DataFrame
    columns : sequence of str
        Columns to write (names of both the frame and the table).
    """
    if frame.empty:
        return
    frame = _in_key_order(table, frame)
    cols = ", ".join(columns)
    raw = conn.connection.driver_connection
    if _is_postgres(conn):
        _copy_new_rows(conn, table, frame, columns)
        return
    values = [_column(frame[c], table.c[c]) for c in columns]
    width, total = len(columns), len(frame)
    head = f"INSERT OR IGNORE INTO {table.name} ({cols}) VALUES "
    one = "(" + ", ".join("?" for _ in columns) + ")"
    limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(_SQLITE_ROWS_PER_INSERT, limit // width))
    full = head + ", ".join([one] * per)  # prepared once: the driver caches it by its text
    cur = raw.cursor()
    for at in range(0, total, per):
        n = min(per, total - at)
        # the statement's parameters row after row, each column laid in by one slice assignment
        params: list = [None] * (n * width)
        for j, column in enumerate(values):
            params[j::width] = column[at : at + n]
        cur.execute(full if n == per else head + ", ".join([one] * n), params)


def update_by_key(
    conn: sa.Connection,
    table: sa.Table,
    frame: pd.DataFrame,
    keys: Sequence[str],
    values: Sequence[str],
) -> None:
    """Set the ``values`` columns of the table rows whose ``keys`` match each frame row."""
    if frame.empty:
        return
    names = [*values, *keys]
    raw = conn.connection.driver_connection
    if _is_postgres(conn):
        stage = _stage(conn, table, frame, names)
        sets = ", ".join(f"{v} = src.{v}" for v in values)
        where = " AND ".join(f"{table.name}.{k} = src.{k}" for k in keys)
        with raw.cursor() as cur:
            cur.execute(f"UPDATE {table.name} SET {sets} FROM {stage} AS src WHERE {where}")
            cur.execute(f"DROP TABLE {stage}")
    else:
        sets = ", ".join(f"{v} = ?" for v in values)
        where = " AND ".join(f"{k} = ?" for k in keys)
        raw.cursor().executemany(
            f"UPDATE {table.name} SET {sets} WHERE {where}", _rows(table, frame, names)
        )


def select_frame(
    conn: sa.Connection, table: sa.Table, *where, order_by=(), limit: int | None = None
) -> pd.DataFrame:
    """Rows of ``table`` as a frame; datetimes parsed per column, not per row.

    Parameters
    ----------
    conn : sqlalchemy.Connection
    table : sqlalchemy.Table
    *where
        SQLAlchemy conditions.
    order_by : sequence
        SQLAlchemy order clauses.
    limit : int, optional
    """
    dates = [c.name for c in table.c if isinstance(c.type, sa.DateTime)]
    cols = [sa.type_coerce(c, sa.String).label(c.name) if c.name in dates else c for c in table.c]
    stmt = sa.select(*cols).where(*where).order_by(*order_by)
    if limit is not None:
        stmt = stmt.limit(limit)
    result = conn.execute(stmt)
    columns = list(result.keys())
    # plain tuples: pandas probing SQLAlchemy Row objects for attributes costs more than the query
    frame = pd.DataFrame.from_records([tuple(r) for r in result.fetchall()], columns=columns)
    iso = None if _is_postgres(conn) or frame.empty else "ISO8601"
    for name in dates:
        frame[name] = pd.to_datetime(frame[name], format=iso)
    return frame
