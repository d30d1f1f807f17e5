"""Bulk moves between DuckDB and a Postgres warehouse, always through Postgres ``COPY``.

The Postgres warehouse (``ENROLLFLOW_WAREHOUSE=postgres``) is fed and read in bulk, never row by row:

- :func:`replace_partitions` — the ingest parses landing files in DuckDB as always, then swaps the
  days it loaded into Postgres's ``raw`` schema (``DELETE`` the days, ``COPY`` the rows) in one
  transaction, so a re-ingested day replaces its own partition there too;
- :func:`push_table` — a table computed in DuckDB (an ML score table, an experiment readout)
  replaces its Postgres copy, or is merged into it on key columns (``ml_model_registry``);
- :func:`pull_tables` — relations of a Postgres schema copied into a DuckDB connection (the ML
  assets' scratch workspace; the readers' snapshot, :func:`export_snapshot`).

Types map both ways through :data:`PG_TYPES`; CSV carries the rows with every value quoted, so an
empty string and a NULL stay distinct.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

#: DuckDB column type → Postgres column type.
PG_TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "SMALLINT": "smallint",
    "TINYINT": "smallint",
    "HUGEINT": "numeric",
    "UBIGINT": "numeric",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BOOLEAN": "boolean",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP_NS": "timestamp",
    "TIMESTAMP_MS": "timestamp",
    "TIMESTAMP_S": "timestamp",
    "TIME": "time",
    "INTERVAL": "interval",
    "UUID": "uuid",
    "NULL": "text",  # a column of pandas Nones
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "DATE": "date",
    "JSON": "text",
}

#: Postgres ``information_schema`` data type → DuckDB column type (anything else: VARCHAR).
DUCK_TYPES = {
    "text": "VARCHAR",
    "character varying": "VARCHAR",
    "character": "VARCHAR",
    "bigint": "BIGINT",
    "integer": "INTEGER",
    "smallint": "SMALLINT",
    "double precision": "DOUBLE",
    "real": "FLOAT",
    "numeric": "DOUBLE",
    "boolean": "BOOLEAN",
    "timestamp without time zone": "TIMESTAMP",
    "timestamp with time zone": "TIMESTAMPTZ",
    "date": "DATE",
    "json": "JSON",
    "jsonb": "JSON",
    "interval": "INTERVAL",
    "time without time zone": "TIME",
    "uuid": "UUID",
}


def pg_type(duck_type: str, table: str, column: str) -> str:
    """The Postgres type of a DuckDB column type (``DECIMAL(p,s)`` → ``numeric``)."""
    upper = duck_type.upper()
    if upper in PG_TYPES:
        return PG_TYPES[upper]
    if upper.startswith("DECIMAL"):
        return "numeric"
    if upper.endswith("[]"):  # lists travel as JSON text
        return "text"
    raise ValueError(
        f"column {table}.{column} has DuckDB type {duck_type} with no Postgres mapping; "
        "add it to enrollflow.pg_transfer.PG_TYPES"
    )


def connect_postgres(pg_url: str):
    import psycopg2

    return psycopg2.connect(pg_url)


def duck_columns(duck: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    """``(column, DuckDB type)`` of a table or view, in order."""
    return [(r[0], str(r[1])) for r in duck.execute(f'DESCRIBE "{relation}"').fetchall()]


def _csv_select(columns: Sequence[tuple[str, str]]) -> str:
    """Select list for a CSV export: lists become JSON text (Postgres reads them as text)."""
    return ", ".join(
        f'to_json("{c}")::VARCHAR AS "{c}"' if t.endswith("]") else f'"{c}"' for c, t in columns
    )


def _literal(value: object) -> str:
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def copy_query_into(
    duck: duckdb.DuckDBPyConnection,
    cur,
    query: str,
    target,
    tmp: Path,
    params=None,
    columns: Sequence[str] | None = None,
) -> int:
    """Export ``query`` from DuckDB as CSV and ``COPY`` it into ``target`` (a psycopg2
    identifier): into its ``columns`` by name when given, else by position."""
    from psycopg2 import sql

    csv_path = tmp / "rows.csv"
    for value in params or []:  # DuckDB's COPY takes no parameters: inline the (trusted) values
        query = query.replace("?", _literal(value), 1)
    duck.execute(f"COPY ({query}) TO '{csv_path}' (FORMAT csv, HEADER false, FORCE_QUOTE *)")
    names = (
        sql.SQL(" ({})").format(sql.SQL(", ").join(map(sql.Identifier, columns)))
        if columns
        else sql.SQL("")
    )
    with csv_path.open("rb") as fh:
        cur.copy_expert(sql.SQL("COPY {}{} FROM STDIN WITH (FORMAT csv)").format(target, names), fh)
    rows = cur.rowcount
    csv_path.unlink()
    return rows


def create_table_like(cur, target, columns: Sequence[tuple[str, str]], table: str) -> None:
    from psycopg2 import sql

    cur.execute(
        sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(
            target,
            sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(pg_type(t, table, c)))
                for c, t in columns
            ),
        )
    )


def add_missing_columns(
    cur, schema: str, table: str, columns: Sequence[tuple[str, str]]
) -> list[str]:
    """Add to ``schema.table`` the ``columns`` it lacks (a raw table the data contract has grown
    since it was created; :func:`enrollflow.ingest.load.ensure_tables` checked the change on
    DuckDB); return their names."""
    from psycopg2 import sql

    cur.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s",
        [schema, table],
    )
    present = {r[0] for r in cur.fetchall()}
    added = [(c, t) for c, t in columns if c not in present]
    for c, t in added:
        cur.execute(
            sql.SQL("ALTER TABLE {} ADD COLUMN {} {}").format(
                sql.Identifier(schema, table), sql.Identifier(c), sql.SQL(pg_type(t, table, c))
            )
        )
    return [c for c, _ in added]


@contextlib.contextmanager
def _writing(pg_url: str, schema: str) -> Iterator[tuple[Any, str]]:
    """One Postgres transaction (committed on success) with ``schema`` created, its cursor and a
    scratch folder for the COPY files."""
    from psycopg2 import sql

    pg = connect_postgres(pg_url)
    try:
        with (
            pg,
            pg.cursor() as cur,
            tempfile.TemporaryDirectory(prefix="enrollflow_pgcopy_") as tmp,
        ):
            cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
            yield cur, tmp
    finally:
        pg.close()


def replace_partitions(
    duck: duckdb.DuckDBPyConnection,
    pg_url: str,
    tables: Iterable[str],
    start: dt.date,
    end: dt.date,
    *,
    schema: str = "raw",
    rejects_table: str | None = "raw_rejects",
) -> dict[str, int]:
    """Swap days ``start``..``end`` of DuckDB raw tables into Postgres (one transaction).

    Each table's rows with ``_partition_date`` in the range replace that range in
    ``<schema>.<table>`` (created with the DuckDB table's columns if missing); the range's rows of
    ``rejects_table`` whose ``raw_table`` is one of ``tables`` are swapped the same way.

    Parameters
    ----------
    duck : duckdb.DuckDBPyConnection
        The connection the ingest just wrote (its raw tables hold the range).
    pg_url : str
        Postgres warehouse URL.
    tables : iterable of str
        Raw tables to swap.
    start, end : date
        Inclusive range of partitions.
    schema : str
        Postgres schema of the raw tables (the dbt sources' ``raw``).
    rejects_table : str, optional
        The rejects table shared by every source; ``None`` to leave it alone.

    Returns
    -------
    dict[str, int]
        Table → rows copied for the range.
    """
    from psycopg2 import sql

    tables = list(tables)
    counts: dict[str, int] = {}
    with _writing(pg_url, schema) as (cur, tmp):
        jobs = [(t, "_partition_date BETWEEN ? AND ?", [start, end]) for t in tables]
        if rejects_table and tables:
            marks = ", ".join("?" for _ in tables)
            jobs.append(
                (
                    rejects_table,
                    f"_partition_date BETWEEN ? AND ? AND raw_table IN ({marks})",
                    [start, end, *tables],
                )
            )
        for table, where, params in jobs:
            columns = duck_columns(duck, table)
            target = sql.Identifier(schema, table)
            create_table_like(cur, target, columns, table)
            add_missing_columns(cur, schema, table, columns)
            pg_where = where.replace("?", "%s")
            cur.execute(sql.SQL("DELETE FROM {} WHERE ").format(target) + sql.SQL(pg_where), params)
            query = f'SELECT {_csv_select(columns)} FROM "{table}" WHERE {where}'
            names = [c for c, _ in columns]
            counts[table] = copy_query_into(duck, cur, query, target, Path(tmp), params, names)
    return counts


def push_table(
    duck: duckdb.DuckDBPyConnection,
    pg_url: str,
    table: str,
    *,
    schema: str = "analytics",
    merge_on: Sequence[str] | None = None,
    source: str | None = None,
) -> int:
    """Write a DuckDB table (or ``source`` relation) to ``<schema>.<table>`` in Postgres.

    Without ``merge_on`` the Postgres table is replaced (dropped and re-created with the DuckDB
    columns' types); with it, Postgres rows whose key equals a new row's are deleted and the new
    rows inserted, other rows kept (an append-only history such as ``ml_model_registry``).
    Both happen in one transaction: readers of Postgres see the old or the new table.

    Returns
    -------
    int
        Rows copied.
    """
    from psycopg2 import sql

    relation = source or table
    columns = duck_columns(duck, relation)
    target = sql.Identifier(schema, table)
    with _writing(pg_url, schema) as (cur, tmp):
        query = f'SELECT {_csv_select(columns)} FROM "{relation}"'
        if not merge_on:
            cur.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(target))
            create_table_like(cur, target, columns, table)
            return copy_query_into(duck, cur, query, target, Path(tmp))
        create_table_like(cur, target, columns, table)
        staged = sql.Identifier(f"_incoming_{table}")
        cur.execute(sql.SQL("CREATE TEMP TABLE {} (LIKE {}) ON COMMIT DROP").format(staged, target))
        rows = copy_query_into(duck, cur, query, staged, Path(tmp))
        keys = sql.SQL(", ").join(sql.Identifier(k) for k in merge_on)
        cur.execute(
            sql.SQL("DELETE FROM {} WHERE ({}) IN (SELECT {} FROM {})").format(
                target, keys, keys, staged
            )
        )
        cur.execute(sql.SQL("INSERT INTO {} SELECT * FROM {}").format(target, staged))
        return rows


def list_relations(pg_url: str, schema: str) -> list[str]:
    """Tables and views of ``schema``, sorted."""
    pg = connect_postgres(pg_url)
    try:
        with pg, pg.cursor() as cur:
            cur.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                "ORDER BY table_name",
                [schema],
            )
            return [r[0] for r in cur.fetchall()]
    finally:
        pg.close()


def pull_tables(
    pg_url: str,
    duck: duckdb.DuckDBPyConnection,
    tables: Iterable[str],
    *,
    schema: str = "analytics",
) -> dict[str, int]:
    """Copy relations (tables or views) of a Postgres schema into DuckDB tables of the same name.

    Relations that do not exist in Postgres are skipped (a model not built yet reads as missing,
    with the reader's own message). A DuckDB table of the same name is replaced.

    Returns
    -------
    dict[str, int]
        Relation → rows copied.
    """
    from psycopg2 import sql

    wanted = list(dict.fromkeys(tables))
    counts: dict[str, int] = {}
    pg = connect_postgres(pg_url)
    try:
        with (
            pg,
            pg.cursor() as cur,
            tempfile.TemporaryDirectory(prefix="enrollflow_pgpull_") as tmp,
        ):
            cur.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = %s AND table_name = ANY(%s) "
                "ORDER BY table_name, ordinal_position",
                [schema, wanted],
            )
            columns: dict[str, list[tuple[str, str]]] = {}
            for table, column, data_type in cur.fetchall():
                columns.setdefault(table, []).append((column, data_type))
            for table in (t for t in wanted if t in columns):
                cols = columns[table]
                csv_path = Path(tmp) / f"{table}.csv"
                select = sql.SQL(", ").join(
                    sql.SQL("{}::text").format(sql.Identifier(c))
                    if t == "ARRAY"
                    else sql.Identifier(c)
                    for c, t in cols
                )
                with csv_path.open("wb") as fh:
                    cur.copy_expert(
                        sql.SQL("COPY (SELECT {} FROM {}) TO STDOUT WITH (FORMAT csv)").format(
                            select, sql.Identifier(schema, table)
                        ),
                        fh,
                    )
                body = ", ".join(f'"{c}" {DUCK_TYPES.get(t, "VARCHAR")}' for c, t in cols)
                duck.execute(f'CREATE OR REPLACE TABLE "{table}" ({body})')
                if csv_path.stat().st_size:  # an empty table: nothing to read (nor to sniff)
                    duck.execute(
                        f"COPY \"{table}\" FROM '{csv_path}' (FORMAT csv, HEADER false, "
                        "DELIM ',', QUOTE '\"', ESCAPE '\"', ALLOW_QUOTED_NULLS false)"
                    )
                counts[table] = duck.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                csv_path.unlink()
    finally:
        pg.close()
    return counts


def export_snapshot(pg_url: str, target: Path | str, *, schemas: Sequence[str]) -> int:
    """Write every relation of ``schemas`` to a new DuckDB file and rename it over ``target``.

    The readers' snapshot of a Postgres warehouse (see :mod:`enrollflow.snapshot`): same file
    format and table names as the DuckDB warehouse's, so readers do not know which warehouse
    built it. A relation found in two schemas keeps the first schema's copy.

    Returns
    -------
    int
        Tables written.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".snapshot-", suffix=".duckdb", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)  # DuckDB creates the file itself
    try:
        written: set[str] = set()
        with duckdb.connect(tmp) as duck:
            duck.execute("SET TimeZone = 'UTC'")
            for schema in schemas:
                names = [n for n in list_relations(pg_url, schema) if n not in written]
                written |= set(pull_tables(pg_url, duck, names, schema=schema))
            duck.execute("CHECKPOINT")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(written)
