"""Write record streams into the landing zone: ``<landing>/<source>/<yyyy-mm-dd>/<file>.jsonl[.gz]``.

Each stream is an Arrow table sorted by arrival day; a DuckDB projection renders it to JSON text
(``line`` column) and the text buffers are written straight to one file per day. A rendered chunk
may hold a whole line or part of one (SendGrid POST batches span several rows), so files are the
plain concatenation of the chunks of their day.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

_BATCH_ROWS = 500_000
_MAX_PENDING_WRITES = 16


def compact(columns: dict[str, np.ndarray], narrow: tuple[str, ...]) -> pa.Table:
    """An Arrow table of ``columns`` with the ``narrow`` code columns stored as int8.

    The big streams have tens of millions of rows; only columns the render SQL never multiplies
    may be narrowed (DuckDB keeps the operand type, so ``int8 * 7`` can overflow).
    """
    out = {}
    for name, values in columns.items():
        if name in narrow:
            arr = np.asarray(values)
            if len(arr) and (arr.min() < -128 or arr.max() > 127):
                raise ValueError(f"column {name} does not fit int8")
            values = arr.astype(np.int8)
        out[name] = values
    return pa.table(out)


def _segments(column: pa.Array) -> tuple[np.ndarray, memoryview]:
    """Offsets and value bytes of a string column (no copy)."""
    if pa.types.is_string(column.type):
        offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)
    elif pa.types.is_large_string(column.type):
        offsets = np.frombuffer(column.buffers()[1], dtype=np.int64)
    else:
        return _segments(column.cast(pa.large_string()))
    offsets = offsets[column.offset : column.offset + len(column) + 1]
    return offsets, memoryview(column.buffers()[2])


@dataclass(frozen=True)
class Stream:
    """Rows to write: ``table`` sorted by its int ``day`` column (0 = start date), one record per
    row, and the SQL text of a row (``line``, over the relation ``rows``; lines end in a newline,
    except where several rows make one line, as in SendGrid POST batches)."""

    table: pa.Table
    line: str
    rows: str = "SELECT * FROM src"


class _DayFile:
    """One open output file, optionally gzip-compressed (deterministic: no name, mtime 0)."""

    def __init__(self, path: Path, compress: bool) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = path.open("wb")
        self.zip = zlib.compressobj(1, zlib.DEFLATED, 31) if compress else None

    def write(self, data: memoryview) -> None:
        self.handle.write(self.zip.compress(data) if self.zip else data)

    def close(self) -> None:
        if self.zip:
            self.handle.write(self.zip.flush())
        self.handle.close()


class _Sink:
    """Runs file work (open, compress, write, close) in order on one background thread.

    zlib and file writes release the GIL, so DuckDB renders the next batch while this thread
    compresses and writes the previous one. At most ``_MAX_PENDING_WRITES`` tasks wait.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="landing-writer")
        self._pending: deque[Future] = deque()

    def submit(self, fn, *args) -> None:
        self._pending.append(self._pool.submit(fn, *args))
        while len(self._pending) > _MAX_PENDING_WRITES:
            self._pending.popleft().result()

    def drain(self) -> None:
        while self._pending:
            self._pending.popleft().result()

    def close(self) -> None:
        self.drain()
        self._pool.shutdown()


def _write_slice(out: _DayFile, data: memoryview, _keepalive: pa.RecordBatch) -> None:
    out.write(data)


class LandingWriter:
    """Writes rendered streams per source and day and counts files and records.

    Parameters
    ----------
    root : pathlib.Path
        The landing directory (``<out>/landing``).
    start_date : datetime.date
        Day index 0.
    days : int
        Streams' rows with a day index outside ``[0, days)`` are not written.
    compress : bool
        Write ``.jsonl.gz`` instead of ``.jsonl``.
    """

    def __init__(self, root: Path, start_date: dt.date, days: int, compress: bool) -> None:
        self.root = root
        self.start_date = start_date
        self.days = days
        self.compress = compress
        self.files: list[Path] = []
        self.records: dict[str, int] = {}
        self.con = duckdb.connect()
        self.con.execute("SET TimeZone = 'UTC'")
        self.con.execute("SET enable_progress_bar = false")

    def write(self, source: str, name: str, stream: Stream) -> None:
        """Render ``stream`` (its table registered as ``src``) and write one file per day.

        Parameters
        ----------
        source, name : str
            Landing source folder and file stem (``sendgrid``, ``events``).
        stream : Stream
            The rows and their rendering.
        """
        suffix = ".jsonl.gz" if self.compress else ".jsonl"
        self.con.register("src", stream.table)
        reader = self.con.sql(
            f"SELECT day, {stream.line} AS line FROM ({stream.rows}) AS r"
            f" WHERE day >= 0 AND day < {self.days}"
        ).to_arrow_reader(_BATCH_ROWS)
        current_day, out, written = None, None, 0
        sink = _Sink()
        for batch in reader:
            written += batch.num_rows
            days = batch.column(0).to_numpy()
            offsets, data = _segments(batch.column(1))
            cuts = np.flatnonzero(np.diff(days)) + 1
            starts = np.concatenate([[0], cuts])
            ends = np.concatenate([cuts, [len(days)]])
            for a, b in zip(starts, ends, strict=True):
                if days[a] != current_day:
                    if current_day is not None and days[a] < current_day:
                        raise RuntimeError(f"{source}/{name}: rows are not sorted by day")
                    if out:
                        sink.submit(out.close)
                    current_day = int(days[a])
                    folder = (self.start_date + dt.timedelta(days=current_day)).isoformat()
                    path = self.root / source / folder / f"{name}{suffix}"
                    out = _DayFile(path, self.compress)
                    self.files.append(path)
                sink.submit(_write_slice, out, data[offsets[a] : offsets[b]], batch)
        if out:
            sink.submit(out.close)
        sink.close()
        self.con.unregister("src")
        self.records[source] = self.records.get(source, 0) + written
