"""Find and erase one person in the DuckDB warehouse: every table, raw and built alike.

Rows are found set-based (a ``contains`` over each text column for each identifier), then each
found row is scrubbed with the same :class:`privacy.person.Scrubber` as the landing zone: the
contact id becomes the erasure's pseudonym in every table (so facts still join their dimension
and aggregates stay), emails become the pseudo address, phones and names become NULL. Because
the landing files are scrubbed the same way, a later re-ingest and ``dbt build`` reproduce the
same tables. Views recompute from the tables. After the updates the file is rewritten
(``COPY FROM DATABASE`` into a fresh file, then swapped in) so no old block keeps the values,
and the read-only snapshot readers open (``enrollflow.snapshot``) is published again from it. The
one connection that scrubs holds DuckDB's lock until the fresh file is in place, so a pipeline
job waiting for the warehouse opens the erased file, never the one being replaced.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from enrollflow.snapshot import publish_snapshot, snapshot_path
from enrollflow.warehouse import connect_waiting
from privacy.person import Scrubber

_TEXT_TYPES = ("VARCHAR", "JSON")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text_columns(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[str]]:
    rows = con.execute(
        "SELECT c.schema_name, c.table_name, c.column_name FROM duckdb_columns() c "
        "JOIN duckdb_tables() t ON t.schema_name = c.schema_name AND t.table_name = c.table_name "
        "AND t.database_name = c.database_name "
        "WHERE c.database_name = current_database() AND c.data_type IN ('VARCHAR', 'JSON') "
        "AND NOT t.temporary ORDER BY c.schema_name, c.table_name, c.column_index"
    ).fetchall()
    out: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in rows:
        out.setdefault((schema, table), []).append(column)
    return out


def _candidate_sql(schema: str, table: str, columns: list[str], needles: list[str]) -> str:
    tests = " OR ".join(
        f"contains(lower({_quote(c)}::VARCHAR), ?)" for c in columns for _ in needles
    )
    cols = ", ".join(_quote(c) for c in columns)
    return f"SELECT rowid, {cols} FROM {_quote(schema)}.{_quote(table)} WHERE {tests}"


def _candidates(con, schema, table, columns, scrubber) -> list[tuple]:
    needles = scrubber.person.needles()
    params = [n for _ in columns for n in needles]
    rows = con.execute(_candidate_sql(schema, table, columns, needles), params).fetchall()
    return [r for r in rows if any(isinstance(v, str) and scrubber.matches(v) for v in r[1:])]


def find_in_warehouse(
    warehouse: Path | None,
    scrubber: Scrubber,
    *,
    lock_wait_seconds: float = 0.0,
    on_wait: Callable[[Exception], None] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Every warehouse row naming the person, by ``schema.table`` (for an export); waits up
    to ``lock_wait_seconds`` while a writer holds the file."""
    if warehouse is None or not Path(warehouse).exists():
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    opened = connect_waiting(
        warehouse, read_only=True, wait_seconds=lock_wait_seconds, on_wait=on_wait
    )
    with opened as con:
        for (schema, table), columns in _text_columns(con).items():
            rowids = [r[0] for r in _candidates(con, schema, table, columns, scrubber)]
            if not rowids:
                continue
            cur = con.execute(
                f"SELECT * FROM {_quote(schema)}.{_quote(table)} WHERE rowid IN (SELECT unnest(?))",
                [rowids],
            )
            names = [d[0] for d in cur.description]
            out[f"{schema}.{table}"] = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    return out


def _compact(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    """Copy the database ``con`` holds into a fresh file beside ``path`` (only live blocks: freed
    blocks holding old values stay behind); returns the fresh file, not yet swapped in."""
    fresh = path.with_name(path.name + ".erase-compact")
    fresh.unlink(missing_ok=True)
    [(name,)] = con.execute("SELECT current_database()").fetchall()
    con.execute(f"ATTACH '{fresh}' AS erase_compact")
    con.execute(f"COPY FROM DATABASE {_quote(name)} TO erase_compact")
    con.execute("DETACH erase_compact")
    return fresh


def erase_in_warehouse(
    warehouse: Path | None,
    scrubber: Scrubber,
    *,
    compact: bool = True,
    republish: bool = True,
    lock_wait_seconds: float = 0.0,
    on_wait: Callable[[Exception], None] | None = None,
) -> dict[str, int]:
    """Scrub every row naming the person in every table; return rows changed per table.

    Parameters
    ----------
    warehouse : pathlib.Path
        The DuckDB file, opened read-write. While another process holds it (a pipeline run),
        the open is retried for up to ``lock_wait_seconds`` (``on_wait`` is told once); after
        that DuckDB's lock error propagates and nothing has changed, so the erasure can be
        retried.
    scrubber : Scrubber
        Who to erase and their pseudonym.
    compact : bool
        Rewrite the file afterwards so no freed block still holds the old values (default).
    republish : bool
        Publish the readers' snapshot again from this file (default). Off when the file is only
        the ingest's parse stage of a Postgres warehouse, whose snapshot comes from Postgres.
    """
    if warehouse is None or not Path(warehouse).exists():
        return {}
    changed: dict[str, int] = {}
    opened = connect_waiting(warehouse, wait_seconds=lock_wait_seconds, on_wait=on_wait)
    with opened as con:
        for (schema, table), columns in _text_columns(con).items():
            rows = _candidates(con, schema, table, columns, scrubber)
            if not rows:
                continue
            sets = ", ".join(f"{_quote(c)} = ?" for c in columns)
            sql = f"UPDATE {_quote(schema)}.{_quote(table)} SET {sets} WHERE rowid = ?"
            con.execute("BEGIN")
            for rowid, *values in rows:
                new = [scrubber.scrub_value(v, person_row=True) for v in values]
                con.execute(sql, [*new, rowid])
            con.execute("COMMIT")
            changed[f"{schema}.{table}"] = len(rows)
        con.execute("CHECKPOINT")
        if not changed:
            return changed
        # Everything below happens while this connection still holds the warehouse's lock: a
        # pipeline job waiting for it (WarehouseResource retries) opens the compacted file once
        # it is in place, never the old one between the copy and the swap (its writes would go
        # to a file about to be unlinked).
        target = Path(warehouse)
        fresh = _compact(con, target) if compact else None
        if republish and snapshot_path(target).exists():
            _republish(con, target, fresh)
        if fresh is not None:
            con.execute("CHECKPOINT")  # nothing of the old file's left in a write-ahead log
            os.replace(fresh, target)
    return changed


def _republish(con: duckdb.DuckDBPyConnection, warehouse: Path, fresh: Path | None) -> None:
    """Readers open the published snapshot: replace it with the erased warehouse at once (from
    the compacted copy when there is one: the same tables, without the freed blocks)."""
    now = dt.datetime.now(dt.UTC)
    if fresh is None:
        publish_snapshot(con, warehouse, now=now)
        return
    with duckdb.connect(str(fresh)) as copy:
        publish_snapshot(copy, fresh, now=now, target=snapshot_path(warehouse))
