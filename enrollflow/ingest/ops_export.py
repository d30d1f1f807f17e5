"""Export the ops store into the landing zone, incrementally and idempotently.

The ops store (campaigns and their versions, approvals, journeys, the send ledger, consent events,
suppressions, the audit log) becomes a landing source like any provider:
``<landing>/ops/<export day>/<stream>-<stamp>.jsonl``, one line per row version, ingested by the
ordinary loader into ``raw_ops__<stream>`` (docs/data-contract.md). Nothing here imports Dagster.

How each run stays incremental, idempotent and out of the senders' way:

- **Watermark with overlap.** A stream reads the rows whose cursor (``updated_at``, ``applied_at``
  or an integer id, indexed by revision ``0004_ops_export``) is at or above its watermark minus an
  overlap (``overlap`` for times, ``overlap_ids`` for ids). The overlap catches rows committed late
  with an earlier cursor: writers stamp ``updated_at`` with their own ``now`` (a journey step keeps
  one ``now`` for up to its time limit), and Postgres ids are not handed out in commit order.
- **Versions, not re-reads.** Each record carries ``row_hash`` (its exported columns). The state
  remembers the hash of every row inside the overlap, so a re-read unchanged row is skipped: a run
  with nothing new writes no file, and a row lands again only when it changed.
- **Time is the data's, capped by the clock.** A time watermark never moves past ``now``: rows
  stamped ahead of the wall clock (a scheduled or simulated step) stay inside the overlap until the
  clock passes them, so a later row stamped with an earlier time is still seen.
- **Short reads.** Rows are read in keyset-paginated chunks of ``chunk_rows``, each in its own
  short read (on SQLite a plain deferred read of the WAL snapshot, never the ``BEGIN IMMEDIATE``
  the store's writers take; on Postgres a READ COMMITTED statement): a writer is never blocked.
- **Files, then state.** A file is written under a temporary name and renamed; the state
  (``<landing>/ops/_export_state/<stream>.json``) is replaced after it. A crash between the two
  makes the next run land those versions once more; ``raw_ops__*`` keeps both lines and staging
  keeps one row per (key, ``row_hash``). One export runs at a time (a file lock).

Public API: :func:`export_ops_store`, :class:`ExportResult`, :data:`STREAMS` (re-exported).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from delivery.store import Store, to_utc_naive
from enrollflow.ingest.ops_streams import (
    STREAMS,
    STREAMS_BY_NAME,
    Stream,
    keys_of,
    record_json,
)
from privacy.crypto import KeyRing

SOURCE = "ops"
STATE_DIR = "_export_state"
DEFAULT_OVERLAP = dt.timedelta(minutes=30)
DEFAULT_OVERLAP_IDS = 10_000
DEFAULT_CHUNK_ROWS = 5_000

__all__ = [
    "STREAMS",
    "ExportResult",
    "StreamExport",
    "UnknownStreamError",
    "export_ops_store",
    "missing_sqlite_store",
]


class UnknownStreamError(ValueError):
    """A stream name that the export does not know."""


@dataclass(frozen=True)
class StreamExport:
    """What one stream's export did.

    Attributes
    ----------
    stream : str
        Stream name (raw table ``raw_ops__<stream>``).
    rows_read : int
        Ops-store rows read (the overlap included).
    records_written : int
        Landing records written (new or changed versions only).
    file : str or None
        The file written, relative to the landing root (``None`` when nothing changed).
    watermark : str or None
        The stream's watermark after the run (ISO time or id), ``None`` for change streams.
    """

    stream: str
    rows_read: int
    records_written: int
    file: str | None
    watermark: str | None


@dataclass(frozen=True)
class ExportResult:
    """What one export of the ops store did, per stream."""

    streams: dict[str, StreamExport] = field(default_factory=dict)

    @property
    def records_written(self) -> int:
        return sum(s.records_written for s in self.streams.values())

    @property
    def files(self) -> list[str]:
        return [s.file for s in self.streams.values() if s.file]


def _encoded(record: Mapping[str, Any]) -> tuple[str, str]:
    """The record's canonical JSON and its ``row_hash`` (a hash of that JSON)."""
    text = record_json(record)
    return text, hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


@contextlib.contextmanager
def _read_engine(store: Store) -> Iterator[sa.Engine]:
    """An engine for short reads that never take the writers' lock.

    The store's own SQLite engine opens every transaction with ``BEGIN IMMEDIATE`` (the write
    lock); the export reads through a second engine on the same file with SQLite's default
    deferred transactions, i.e. snapshot reads of the WAL that writers do not wait for.
    """
    if store.dialect != "sqlite":
        yield store.engine
        return
    engine = sa.create_engine(
        store.engine.url, poolclass=sa.pool.NullPool, connect_args={"timeout": 30}
    )
    try:
        yield engine
    finally:
        engine.dispose()


class _State:
    """The stream's watermark and the hashes of the rows inside its overlap (a JSON file)."""

    def __init__(self, path: Path, stream: Stream) -> None:
        self.path = path
        self.stream = stream
        data = json.loads(path.read_text()) if path.exists() else {}
        self.watermark: Any = _cursor_value(stream, data.get("watermark"))
        #: record key -> [row_hash, cursor value] (change streams: [row_hash, record key columns])
        self.seen: dict[str, list[Any]] = {
            k: [h, _cursor_value(stream, c) if stream.cursor else c]
            for k, (h, c) in data.get("seen", {}).items()
        }

    def save(self) -> None:
        seen = {k: [h, _cursor_json(c)] for k, (h, c) in self.seen.items()}
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps({"watermark": _cursor_json(self.watermark), "seen": seen}))
        os.replace(tmp, self.path)


class _LandingWriter:
    """Records appended to a temporary file, renamed into the day folder on :meth:`commit`."""

    def __init__(self, landing: Path, stream: str, now: dt.datetime) -> None:
        folder = landing / SOURCE / now.date().isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
        self.final = folder / f"{stream}-{stamp}.jsonl"
        n = 1
        while self.final.exists():  # two runs within a microsecond (the lock serialises them)
            self.final = folder / f"{stream}-{stamp}-{n}.jsonl"
            n += 1
        self.tmp = self.final.with_name(self.final.name + ".tmp")
        self.exported_at = now.isoformat()
        self.landing = landing
        self._fh = None
        self.count = 0

    def write(self, texts: Sequence[str], hashes: Sequence[str]) -> None:
        """Append records given as their canonical JSON (``record_json``) with their hashes."""
        if not texts:
            return
        if self._fh is None:
            self._fh = open(self.tmp, "w", encoding="utf-8")  # noqa: SIM115 (closed by commit/abort)
        tail = f', "exported_at": "{self.exported_at}", "row_hash": "'
        self._fh.write(
            "".join(
                f'{text[:-1]}{tail if text != "{}" else tail[2:]}{h}"}}\n'
                for text, h in zip(texts, hashes, strict=True)
            )
        )
        self.count += len(texts)

    def commit(self) -> str | None:
        if self._fh is None:
            return None
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self.tmp, self.final)
        return self.final.relative_to(self.landing).as_posix()

    def abort(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self.tmp.unlink(missing_ok=True)


def _cursor_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def _cursor_value(stream: Stream, value: Any) -> Any:
    if value is None:
        return None
    return dt.datetime.fromisoformat(value) if stream.cursor_kind == "time" else int(value)


def _chunks(
    engine: sa.Engine, stream: Stream, lower: Any, chunk_rows: int
) -> Iterator[list[dict[str, Any]]]:
    """Rows with ``cursor >= lower`` (all when ``lower`` is None; every row for change streams),
    in keyset-paginated chunks ordered by (cursor, key), one short read per chunk.

    On SQLite the tie-break within one cursor value is the ``rowid``, which the cursor's index
    already holds, so each chunk is read in index order with no sort; elsewhere it is the key.
    """
    table = stream.table
    order: list[Any] = [table.c[stream.cursor]] if stream.cursor else []
    extra: list[Any] = []
    if engine.dialect.name == "sqlite" and stream.cursor and stream.cursor not in stream.key:
        rowid = sa.literal_column("rowid")
        order.append(rowid)
        extra.append(rowid.label("_rowid"))
    else:
        order += [table.c[k] for k in stream.key if k != stream.cursor]
    names_in_order = [c.name for c in order[: len(order) - len(extra)]] + ["_rowid"] * len(extra)
    last: tuple[Any, ...] | None = None
    while True:
        stmt = sa.select(table, *extra).order_by(*order).limit(chunk_rows)
        if lower is not None:
            stmt = stmt.where(table.c[stream.cursor] >= lower)
        if last is not None:
            stmt = stmt.where(sa.tuple_(*order) > sa.tuple_(*[sa.literal(v) for v in last]))
        with engine.connect() as conn:
            result = conn.execute(stmt)
            names = list(result.keys())
            rows = [dict(zip(names, r, strict=True)) for r in result]
        if not rows:
            return
        last = tuple(rows[-1][n] for n in names_in_order)
        if extra:
            for row in rows:
                del row["_rowid"]
        yield rows
        if len(rows) < chunk_rows:
            return


def _export_incremental(
    engine: sa.Engine,
    stream: Stream,
    state: _State,
    writer: _LandingWriter,
    now: dt.datetime,
    overlap: dt.timedelta,
    overlap_ids: int,
    chunk_rows: int,
    keys: KeyRing | None = None,
) -> int:
    is_time = stream.cursor_kind == "time"
    span = overlap if is_time else overlap_ids
    lower = None if state.watermark is None else state.watermark - span
    seen = state.seen
    newest = state.watermark
    rows_read = 0
    for rows in _chunks(engine, stream, lower, chunk_rows):
        rows_read += len(rows)
        fresh: list[str] = []
        hashes: list[str] = []
        for row in rows:
            cursor = row[stream.cursor]
            if newest is None or cursor > newest:
                newest = cursor
            records = stream.records_of(row, keys)
            for key, record in zip(keys_of(stream, records), records, strict=True):
                text, row_hash = _encoded(record)
                if key in seen and seen[key][0] == row_hash:
                    continue
                seen[key] = [row_hash, cursor]
                fresh.append(text)
                hashes.append(row_hash)
        writer.write(fresh, hashes)
        # Rows come in cursor order: what is below the final floor already can go (bounded memory).
        floor = (min(newest, now) if is_time else newest) - span
        if len(seen) > 4 * chunk_rows:
            seen = {k: v for k, v in seen.items() if v[1] >= floor}
    if newest is not None:
        if is_time:
            newest = min(newest, now)  # never past the clock: see the module docstring
        state.seen = {k: v for k, v in seen.items() if v[1] >= newest - span}
        state.watermark = newest
    return rows_read


def _export_changes(
    engine: sa.Engine,
    stream: Stream,
    state: _State,
    writer: _LandingWriter,
    chunk_rows: int,
    keys: KeyRing | None = None,
) -> int:
    """Rows added or changed since the last export (``upsert``) and rows gone (``delete``)."""
    previous = state.seen
    current: dict[str, list[Any]] = {}
    rows_read = 0
    for rows in _chunks(engine, stream, None, chunk_rows):
        rows_read += len(rows)
        fresh, hashes = [], []
        for row in rows:
            records = stream.records_of(row, keys)
            for key, record in zip(keys_of(stream, records), records, strict=True):
                text, row_hash = _encoded({**record, "change_type": "upsert"})
                current[key] = [row_hash, {k: record[k] for k in stream.record_key}]
                if key not in previous or previous[key][0] != row_hash:
                    fresh.append(text)
                    hashes.append(row_hash)
        writer.write(fresh, hashes)
    gone = []
    for key, (_, ident) in previous.items():
        if key not in current:
            cols = {c.name: None for c in stream.table.columns}
            gone.append({**stream.records_of(cols, None)[0], **ident, "change_type": "delete"})
    encoded = [_encoded(r) for r in gone]
    writer.write([t for t, _ in encoded], [h for _, h in encoded])
    state.seen = current
    return rows_read


def missing_sqlite_store(url: str) -> str | None:
    """The path of the SQLite ops store ``url`` names when that file does not exist, else None.

    A store that was never created holds nothing to export (``open_store`` refuses to create one
    outside ``enrollflow ops migrate``, so the export asks first instead of failing the ingest).
    """
    parsed = sa.make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    return None if Path(database).exists() else database


@contextlib.contextmanager
def _export_lock(state_dir: Path) -> Iterator[None]:
    state_dir.mkdir(parents=True, exist_ok=True)
    with open(state_dir / ".lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def export_ops_store(
    store: Store,
    landing: Path,
    now: dt.datetime,
    *,
    streams: Sequence[str] | None = None,
    overlap: dt.timedelta = DEFAULT_OVERLAP,
    overlap_ids: int = DEFAULT_OVERLAP_IDS,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> ExportResult:
    """Land what changed in the ops store since the last export under ``<landing>/ops/<day>/``.

    Parameters
    ----------
    store : Store
        The ops store (SQLite or Postgres), at its Alembic head.
    landing : Path
        Landing root; files go to ``<landing>/ops/<now's day>/<stream>-<stamp>.jsonl`` and the
        state to ``<landing>/ops/_export_state/``.
    now : datetime
        Export time (UTC; naive is read as UTC): the day folder, ``exported_at`` and the cap of
        time watermarks.
    streams : sequence of str, optional
        Only these streams (default: all of :data:`STREAMS`).
    overlap : timedelta
        How far below a time watermark each run re-reads (must exceed the longest gap between a
        writer's ``now`` and its commit; a journey step's time limit is 5 minutes by default).
    overlap_ids : int
        The same for integer-id watermarks (ids handed out but committed later).
    chunk_rows : int
        Rows per read.

    Returns
    -------
    ExportResult
        Per stream: rows read, records written, the file written and the new watermark.

    Raises
    ------
    UnknownStreamError
        If ``streams`` names an unknown stream.
    """
    wanted = list(streams) if streams is not None else [s.name for s in STREAMS]
    unknown = [s for s in wanted if s not in STREAMS_BY_NAME]
    if unknown:
        raise UnknownStreamError(
            f"unknown ops export streams {unknown}; expected some of {list(STREAMS_BY_NAME)}"
        )
    now = to_utc_naive(now)
    landing = Path(landing)
    state_dir = landing / SOURCE / STATE_DIR
    out: dict[str, StreamExport] = {}
    keys = store.keys if any(STREAMS_BY_NAME[n].sealed for n in wanted) else None
    with _export_lock(state_dir), _read_engine(store) as engine:
        for name in wanted:
            stream = STREAMS_BY_NAME[name]
            state = _State(state_dir / f"{name}.json", stream)
            writer = _LandingWriter(landing, name, now)
            try:
                if stream.cursor is None:
                    rows_read = _export_changes(engine, stream, state, writer, chunk_rows, keys)
                else:
                    rows_read = _export_incremental(
                        engine, stream, state, writer, now, overlap, overlap_ids, chunk_rows, keys
                    )
                written = writer.commit()
            except BaseException:
                writer.abort()
                raise
            state.save()
            out[name] = StreamExport(
                stream=name,
                rows_read=rows_read,
                records_written=writer.count,
                file=written,
                watermark=None if state.watermark is None else str(_cursor_json(state.watermark)),
            )
    return ExportResult(out)
