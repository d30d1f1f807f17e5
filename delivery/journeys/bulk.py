"""Fast set-based reads and writes for the engine (SQLite and Postgres).

SQLAlchemy's per-row parameter and result processing dominates at 100k rows, so the engine
converts whole columns with pandas and hands tuple lists to the DB-API driver inside the caller's
SQLAlchemy transaction: ``executemany`` on SQLite, ``execute_values`` (one multi-row statement
per page) on Postgres. Statements are built from the SQLAlchemy ``Table`` (identifiers only;
values are always bound parameters). On SQLite, datetimes are written in SQLAlchemy's own
storage format (always with microseconds) so SQL comparisons agree with rows SQLAlchemy writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

_PAGE = 5000
_SQLITE_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def _is_postgres(conn: sa.Connection) -> bool:
    return conn.dialect.name == "postgresql"


def _column(series: pd.Series, column: sa.Column, postgres: bool) -> list:
    """One column as Python values for the driver (NaN/NaT -> None), converted vectorised."""
    if isinstance(column.type, sa.DateTime):
        # convert each distinct instant once (a step's rows share a handful of due times)
        codes, uniques = pd.factorize(pd.to_datetime(series))
        if postgres:
            converted = list(uniques.to_pydatetime())
        else:
            converted = list(uniques.strftime(_SQLITE_FORMAT))
        converted.append(None)  # code -1: NaT
        return [converted[c] for c in codes.tolist()]
    if isinstance(column.type, sa.Integer):
        if not series.isna().any():
            return series.astype("int64").tolist()
        return [None if pd.isna(v) else int(v) for v in series.tolist()]
    values = series.astype(object)
    return values.where(values.notna(), None).tolist()


def _rows(
    conn: sa.Connection, table: sa.Table, frame: pd.DataFrame, columns: Sequence[str]
) -> list[tuple]:
    postgres = _is_postgres(conn)
    return list(zip(*(_column(frame[c], table.c[c], postgres) for c in columns), strict=True))


def _cast(column: sa.Column) -> str:
    if isinstance(column.type, sa.DateTime):
        return "::timestamp"
    if isinstance(column.type, sa.Integer):
        return "::integer"
    return ""


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
    rows = _rows(conn, table, frame, columns)
    cols = ", ".join(columns)
    raw = conn.connection.driver_connection
    if _is_postgres(conn):
        from psycopg2.extras import execute_values

        with raw.cursor() as cur:
            execute_values(
                cur,
                f"INSERT INTO {table.name} ({cols}) VALUES %s ON CONFLICT DO NOTHING",
                rows,
                page_size=_PAGE,
            )
    else:
        marks = ", ".join("?" for _ in columns)
        raw.cursor().executemany(
            f"INSERT OR IGNORE INTO {table.name} ({cols}) VALUES ({marks})", rows
        )


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
    rows = _rows(conn, table, frame, names)
    raw = conn.connection.driver_connection
    if _is_postgres(conn):
        from psycopg2.extras import execute_values

        template = "(" + ", ".join(f"%s{_cast(table.c[n])}" for n in names) + ")"
        sets = ", ".join(f"{v} = src.{v}" for v in values)
        where = " AND ".join(f"{table.name}.{k} = src.{k}" for k in keys)
        sql = f"UPDATE {table.name} SET {sets} FROM (VALUES %s) AS src ({', '.join(names)}) WHERE {where}"
        with raw.cursor() as cur:
            execute_values(cur, sql, rows, template=template, page_size=_PAGE)
    else:
        sets = ", ".join(f"{v} = ?" for v in values)
        where = " AND ".join(f"{k} = ?" for k in keys)
        raw.cursor().executemany(f"UPDATE {table.name} SET {sets} WHERE {where}", rows)


def among(conn: sa.Connection, column: sa.Column, values: Iterable[str]) -> sa.ColumnElement:
    """``column IN values`` as one bound parameter, however many values.

    A JSON array read by ``json_each`` on SQLite, an array with ``= ANY`` on Postgres: no
    chunking under the driver's parameter limit and no per-value compilation.
    """
    values = [str(v) for v in values]
    if _is_postgres(conn):
        return column == sa.any_(sa.bindparam(None, values, type_=postgresql.ARRAY(sa.String)))
    listed = sa.func.json_each(sa.bindparam(None, json.dumps(values))).table_valued("value")
    return column.in_(sa.select(listed.c.value))


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
