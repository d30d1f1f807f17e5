"""Load landing files into ``raw_*`` tables and ``raw_rejects``, idempotently per day partition."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import duckdb

from enrollflow.ingest.contract import (
    LINEAGE_COLUMNS,
    REJECTS_COLUMNS,
    REJECTS_TABLE,
    SOURCES,
    TABLE_SPECS,
    TableSpec,
)
from enrollflow.ingest.landing import (
    LandingFile,
    UnreadableFileError,
    duckdb_lines,
    find_files,
    python_lines,
    unmatched_files,
)
from enrollflow.ingest.parse_sql import PAYLOAD_MAX_CHARS, parse_query


class UnknownSourceError(ValueError):
    """The source name is not one of the landing zone's source folders."""


@dataclass(frozen=True)
class IngestResult:
    """What one ingest of one source over a day range did.

    Attributes
    ----------
    source : str
        Landing source folder, e.g. ``"sendgrid"``.
    start, end : date
        Inclusive partition range that was replaced.
    rows : dict[str, int]
        Raw table → rows written for the range.
    rejects : dict[str, int]
        Raw table → rejected records for the range.
    reject_reasons : dict[str, int]
        Reason summary (the reason text before ``": "``) → count, over all the source's tables.
    files : tuple[str, ...]
        Files read, relative to the landing root.
    unmatched_files : tuple[str, ...]
        Files in the source's day folders that match no raw table (not read).
    tombstoned : dict[str, int]
        Raw table → records dropped because they name an erased person (see ``privacy``).
    """

    source: str
    start: dt.date
    end: dt.date
    rows: dict[str, int]
    rejects: dict[str, int]
    reject_reasons: dict[str, int] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    unmatched_files: tuple[str, ...] = ()
    tombstoned: dict[str, int] = field(default_factory=dict)

    @property
    def total_rejects(self) -> int:
        """All rejected records of the source for the range."""
        return sum(self.rejects.values())


def _naive_utc(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None:
        return now
    return now.astimezone(dt.UTC).replace(tzinfo=None)


def _ddl(table: str, columns: dict[str, str]) -> str:
    cols = ", ".join(f'"{name}" {type_}' for name, type_ in columns.items())
    return f'CREATE TABLE IF NOT EXISTS "{table}" ({cols})'


class RawSchemaMismatchError(RuntimeError):
    """An existing raw table's columns differ from the data contract (e.g. an older warehouse)."""


def _existing_columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() "
            "WHERE schema_name = current_schema() AND table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
    )


def _check_existing(
    con: duckdb.DuckDBPyConnection, table: str, expected: dict[str, str], optional: set[str]
) -> list[str]:
    """The ``optional`` contract columns an existing ``table`` lacks (the contract gained them);
    any other difference raises :class:`RawSchemaMismatchError`."""
    actual = _existing_columns(con, table)
    if not actual or actual == expected:
        return []
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    retyped = sorted(c for c in set(actual) & set(expected) if actual[c] != expected[c])
    if extra or retyped or not set(missing) <= optional:
        raise RawSchemaMismatchError(
            f"warehouse table {table} does not match docs/data-contract.md (missing columns {missing}, "
            f"unexpected columns {extra}, other types {retyped}); drop the table (DROP TABLE {table}) "
            "or start from a fresh warehouse file, then re-ingest its whole range"
        )
    return missing


def ensure_tables(con: duckdb.DuckDBPyConnection, tables: list[str] | None = None) -> None:
    """Create the raw tables (all, or ``tables``) and ``raw_rejects`` if they do not exist.

    A table created under an older contract gets the columns the contract has added since, when
    a record may leave them out (``required=False``): the rows it already holds read them as
    NULL, as a record without the key would. Any other difference is an error.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Open warehouse connection.
    tables : list of str, optional
        Raw table names; all contract tables when omitted.

    Raises
    ------
    RawSchemaMismatchError
        If a table exists with columns or types other than the contract's (beyond added
        optional columns).
    """
    wanted = {name: TABLE_SPECS[name].schema for name in tables or list(TABLE_SPECS)}
    wanted[REJECTS_TABLE] = REJECTS_COLUMNS
    for name, columns in wanted.items():
        spec = TABLE_SPECS.get(name)
        optional = {c.name for c in spec.columns if not c.required} if spec else set()
        for column in _check_existing(con, name, columns, optional):
            con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{column}" {columns[column]}')
        con.execute(_ddl(name, columns))


def _stage_name(spec: TableSpec) -> str:
    return f"_ingest_stage__{spec.table}"


_FILES_PER_STATEMENT = 64
# Errors caused by a file's content (not by our SQL): they send a chunk to the per-file path, and a
# file that still fails becomes a file-level reject instead of failing the whole run.
_DATA_ERRORS = (
    duckdb.IOException,
    duckdb.InvalidInputException,
    duckdb.ConversionException,
    duckdb.OutOfRangeException,
)


def _stage_files(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, files: list[LandingFile], now: dt.datetime
) -> None:
    """Parse ``files`` into the spec's temp stage table, many files per statement.

    If DuckDB cannot read a chunk, its files are staged one by one (see :func:`_stage_one_file`).
    """
    for i in range(0, len(files), _FILES_PER_STATEMENT):
        chunk = files[i : i + _FILES_PER_STATEMENT]
        try:
            con.execute(
                f'INSERT INTO "{_stage_name(spec)}" {parse_query(spec, duckdb_lines(chunk), now)}'
            )
        except _DATA_ERRORS:
            for file in chunk:
                _stage_one_file(con, spec, file, now)


def _stage_one_file(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, file: LandingFile, now: dt.datetime
) -> None:
    """Stage one file; when DuckDB cannot read it, read it line by line so each bad line is its own
    reject, and a file that cannot be read at all becomes one file-level reject."""
    stage = _stage_name(spec)
    try:
        con.execute(f'INSERT INTO "{stage}" {parse_query(spec, duckdb_lines([file]), now)}')
        return
    except _DATA_ERRORS:
        pass
    view = "_ingest_fallback_lines"
    try:
        con.execute(
            f'INSERT INTO "{stage}" {parse_query(spec, python_lines(con, file, view), now)}'
        )
    except UnreadableFileError as exc:
        _stage_file_reject(con, spec, file, str(exc))
    except _DATA_ERRORS as exc:
        _stage_file_reject(con, spec, file, f"unparseable file: {type(exc).__name__}: {exc}")
    finally:
        con.execute(f"DROP VIEW IF EXISTS {view}")


def _stage_file_reject(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, file: LandingFile, reason: str
) -> None:
    """Stage one reject for a whole file (``_line`` NULL) with ``reason``."""
    nulls = ", ".join(f'NULL::{t} AS "{n}"' for n, t in spec.data_columns.items())
    con.execute(
        f"INSERT INTO \"{_stage_name(spec)}\" SELECT {nulls}, NULL::BIGINT, ?, NULL, DATE '{file.day}', ?",
        [reason[:PAYLOAD_MAX_CHARS], file.relative],
    )


def _create_stage(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    cols = {**spec.data_columns, "_line": "BIGINT", "_reason": "VARCHAR", "_payload": "VARCHAR"}
    cols |= {"_partition_date": "DATE", "_source_file": "VARCHAR"}
    body = ", ".join(f'"{n}" {t}' for n, t in cols.items())
    con.execute(f'CREATE OR REPLACE TEMP TABLE "{_stage_name(spec)}" ({body})')


def _replace_partitions(
    con: duckdb.DuckDBPyConnection,
    specs: list[TableSpec],
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
) -> None:
    """Swap the staged rows in for days ``start``..``end`` of each table, in one transaction."""
    range_params = [start, end]
    con.execute("BEGIN TRANSACTION")
    try:
        for spec in specs:
            stage = _stage_name(spec)
            data = ", ".join(f'"{n}"' for n in spec.data_columns)
            lineage = ", ".join(f'"{n}"' for n in LINEAGE_COLUMNS)
            con.execute(
                f'DELETE FROM "{spec.table}" WHERE _partition_date BETWEEN ? AND ?', range_params
            )
            con.execute(
                f"DELETE FROM {REJECTS_TABLE} WHERE raw_table = ? AND _partition_date BETWEEN ? AND ?",
                [spec.table, *range_params],
            )
            con.execute(
                f'INSERT INTO "{spec.table}" ({data}, {lineage}) '
                f'SELECT {data}, _partition_date, _source_file, _line, ?::TIMESTAMP FROM "{stage}" '
                f"WHERE _reason IS NULL",
                [now],
            )
            con.execute(
                f"INSERT INTO {REJECTS_TABLE} ({', '.join(REJECTS_COLUMNS)}) "
                f"SELECT ?, ?, _partition_date, _source_file, _line, _reason, _payload, ?::TIMESTAMP "
                f'FROM "{stage}" WHERE _reason IS NOT NULL',
                [spec.source, spec.table, now],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


#: Columns naming a person, by what their values are (hashed the same way as tombstones).
PERSON_COLUMNS = {
    "contact_id": "contact",
    "user_id": "contact",
    "email": "address",
    "to_address": "address",
    "phone": "address",
    "from_number": "address",
    "to_number": "address",
}


class Tombstones(Protocol):
    """What ingest needs of the erased people's tombstones (``privacy.tombstones.TombstoneFilter``)."""

    def matching(self, kind: str, values: Iterable[str]) -> set[str]: ...


def _drop_tombstoned(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, tombstones: Tombstones
) -> int:
    """Delete staged records naming an erased person; return how many."""
    stage = _stage_name(spec)
    dropped = 0
    for column, kind in PERSON_COLUMNS.items():
        if column not in spec.data_columns:
            continue
        values = [
            v for (v,) in con.execute(f'SELECT DISTINCT "{column}" FROM "{stage}"').fetchall() if v
        ]
        erased = sorted(tombstones.matching(kind, values))
        if erased:
            dropped += con.execute(
                f'DELETE FROM "{stage}" WHERE "{column}" IN (SELECT unnest(?))', [erased]
            ).fetchone()[0]
    return dropped


def _summarise(con: duckdb.DuckDBPyConnection, specs: list[TableSpec]) -> tuple[dict, dict, dict]:
    rows, rejects, reasons = {}, {}, Counter()
    for spec in specs:
        stage = _stage_name(spec)
        counts = con.execute(
            f'SELECT count(*) FILTER (WHERE _reason IS NULL), count(*) FILTER (WHERE _reason IS NOT NULL) FROM "{stage}"'
        ).fetchone()
        rows[spec.table], rejects[spec.table] = int(counts[0]), int(counts[1])
        for summary, n in con.execute(
            f"SELECT split_part(_reason, ': ', 1), count(*) FROM \"{stage}\" "
            "WHERE _reason IS NOT NULL GROUP BY 1"
        ).fetchall():
            reasons[summary] += n
    return rows, rejects, dict(reasons.most_common())


def ingest_source(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    source: str,
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    tables: Sequence[str] | None = None,
    tombstones: Tombstones | None = None,
) -> IngestResult:
    """Replace days ``start``..``end`` of the source's raw tables (and its rejects) from the landing zone.

    Each landing file is parsed set-based in DuckDB into a temp stage; then, in one transaction, the
    range's existing rows and rejects are deleted and the staged rows inserted. Days outside the range
    are untouched, so re-running a range is idempotent.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Writable warehouse connection.
    landing : Path
        Landing root (``<landing>/<source>/<yyyy-mm-dd>/<file>``).
    source : str
        Source folder, one of :data:`enrollflow.ingest.SOURCES`.
    start, end : date
        Inclusive range of day partitions to replace; missing day folders load zero rows.
    now : datetime
        Ingest time (UTC; naive is read as UTC). Written to ``_ingested_at``; event times after
        ``now + 1 day`` are rejected.
    tables : sequence of str, optional
        Only these of the source's raw tables (default: all of ``SOURCES[source]``).
    tombstones : Tombstones, optional
        Erased people: records whose contact id, email or phone hashes to a tombstone are
        dropped (counted in ``tombstoned``), so an erased person is never re-imported.

    Returns
    -------
    IngestResult
        Rows and rejects per table, reject reasons, files read.

    Raises
    ------
    UnknownSourceError
        If ``source`` is not a contract source, or ``tables`` names a table of another source.
    ValueError
        If ``end`` is before ``start``.
    """
    if source not in SOURCES:
        raise UnknownSourceError(
            f"unknown ingest source {source!r}; expected one of {', '.join(SOURCES)} (see docs/data-contract.md)"
        )
    if end < start:
        raise ValueError(f"ingest range end {end} is before start {start}")
    now = _naive_utc(now)
    wanted = list(SOURCES[source] if tables is None else tables)
    foreign = [t for t in wanted if t not in SOURCES[source]]
    if foreign:
        raise UnknownSourceError(
            f"tables {foreign} are not fed by source {source!r}; its tables are {list(SOURCES[source])}"
        )
    specs = [TABLE_SPECS[t] for t in wanted]
    landing = Path(landing)
    previous_tz = con.execute("SELECT current_setting('TimeZone')").fetchone()[0]
    con.execute("SET TimeZone = 'UTC'")
    try:
        ensure_tables(con, [s.table for s in specs])
        files: list[str] = []
        tombstoned: dict[str, int] = {}
        for spec in specs:
            _create_stage(con, spec)
            found = find_files(landing, spec, start, end)
            _stage_files(con, spec, found, now)
            if tombstones is not None:
                tombstoned[spec.table] = _drop_tombstoned(con, spec, tombstones)
            files += [f.relative for f in found]
        _replace_partitions(con, specs, start, end, now)
        rows, rejects, reasons = _summarise(con, specs)
        for spec in specs:
            con.execute(f'DROP TABLE IF EXISTS "{_stage_name(spec)}"')
    finally:
        con.execute(f"SET TimeZone = '{previous_tz}'")
    stems = [s.file_stem for s in specs]
    return IngestResult(
        source=source,
        start=start,
        end=end,
        rows=rows,
        rejects=rejects,
        reject_reasons=reasons,
        files=tuple(sorted(files)),
        unmatched_files=tuple(unmatched_files(landing, source, stems, start, end)),
        tombstoned={t: n for t, n in tombstoned.items() if n},
    )


def ingest_all(
    warehouse_path: Path,
    landing: Path,
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    tombstones: Tombstones | None = None,
) -> dict[str, IngestResult]:
    """Ingest every source for days ``start``..``end`` into the DuckDB file at ``warehouse_path``.

    Parameters
    ----------
    warehouse_path : Path
        DuckDB warehouse file (created if missing).
    landing : Path
        Landing root.
    start, end : date
        Inclusive day range.
    now : datetime
        Ingest time (UTC).
    tombstones : Tombstones, optional
        Erased people, never re-imported (see :func:`ingest_source`).

    Returns
    -------
    dict[str, IngestResult]
        Source → its result.
    """
    Path(warehouse_path).parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse_path)) as con:
        return {
            source: ingest_source(con, landing, source, start, end, now, tombstones=tombstones)
            for source in SOURCES
        }
