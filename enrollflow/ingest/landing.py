"""Finding landing files and reading their lines into DuckDB.

The fast path lets DuckDB read a whole file as one text column with its line number. Only when DuckDB
cannot read a file (not gzip, truncated gzip, bytes that are not UTF-8) does the slow path read it in
Python, so that each bad line becomes its own reject and the good lines still load.
"""

from __future__ import annotations

import datetime as dt
import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from enrollflow.ingest.contract import TableSpec

SUFFIXES = (".jsonl", ".jsonl.gz")
# A byte that never occurs in well-formed JSON text, so each line arrives as one column.
_NO_DELIMITER = "\\x01"


@dataclass(frozen=True)
class LandingFile:
    """One landing file: its absolute path, path relative to the landing root, and day folder."""

    path: Path
    relative: str
    day: dt.date


class UnreadableFileError(Exception):
    """The whole file cannot be read (e.g. not gzip data); it becomes one file-level reject."""


def days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Each date from ``start`` to ``end`` inclusive."""
    for offset in range((end - start).days + 1):
        yield start + dt.timedelta(days=offset)


def _matches(name: str, stem: str) -> bool:
    if not any(name.endswith(s) for s in SUFFIXES):
        return False
    base = name.removesuffix(".gz").removesuffix(".jsonl")
    return base == stem or base.startswith((stem + "-", stem + "_", stem + "."))


def find_files(landing: Path, spec: TableSpec, start: dt.date, end: dt.date) -> list[LandingFile]:
    """Landing files of ``spec`` in the day folders ``start``..``end`` (missing folders are fine).

    A table's files are ``<stem>.jsonl[.gz]`` or parts ``<stem>-<part>.jsonl[.gz]``.
    """
    found = []
    for day in days(start, end):
        folder = landing / spec.source / day.isoformat()
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and _matches(path.name, spec.file_stem):
                found.append(LandingFile(path, path.relative_to(landing).as_posix(), day))
    return found


def unmatched_files(
    landing: Path, source: str, stems: list[str], start: dt.date, end: dt.date
) -> list[str]:
    """Files in the source's day folders that belong to no raw table (reported, never read)."""
    out = []
    for day in days(start, end):
        folder = landing / source / day.isoformat()
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if not any(_matches(path.name, stem) for stem in stems):
                    out.append(path.relative_to(landing).as_posix())
    return out


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _lineage(file: LandingFile) -> str:
    return f"DATE '{file.day.isoformat()}' AS _partition_date, {_sql_text(file.relative)} AS _source_file"


def duckdb_lines(files: list[LandingFile]) -> str:
    """A relation of ``(_partition_date, _source_file, _line, _text, _pre_reason)`` over ``files``.

    DuckDB reads each file as one text column numbered by line (so a query over many files is one
    statement); the query raises if DuckDB cannot read one of them.
    """
    parts = [
        f"SELECT {_lineage(f)}, ordinality AS _line, line AS _text, NULL::VARCHAR AS _pre_reason "
        f"FROM read_csv({_sql_text(str(f.path))}, columns={{'line': 'VARCHAR'}}, delim='{_NO_DELIMITER}', "
        f"quote='', escape='', header=false, auto_detect=false, compression='auto') WITH ORDINALITY"
        for f in files
    ]
    return "(" + "\nUNION ALL\n".join(parts) + ")"


def python_lines(con: duckdb.DuckDBPyConnection, file: LandingFile, name: str) -> str:
    """Register the file's lines (read in Python, line by line) as a relation; return its SQL.

    Lines that are not UTF-8 get ``_pre_reason``; a file that cannot be decompressed at all raises
    :class:`UnreadableFileError`.
    """
    path = file.path
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as fh:
                raw = fh.read()
        else:
            raw = path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:
        raise UnreadableFileError(f"unreadable file: {type(exc).__name__}: {exc}") from exc
    texts, reasons = [], []
    for line in raw.split(b"\n")[: -1 if raw.endswith(b"\n") else None]:
        line = line.removesuffix(b"\r")
        try:
            texts.append(line.decode("utf-8"))
            reasons.append(None)
        except UnicodeDecodeError as exc:
            texts.append(line.decode("utf-8", errors="replace"))
            reasons.append(f"line is not valid UTF-8 text: {exc.reason} at byte {exc.start}")
    table = pa.table(
        {
            "_line": pa.array(range(1, len(texts) + 1), pa.int64()),
            "_text": pa.array(texts, pa.string()),
            "_pre_reason": pa.array(reasons, pa.string()),
        }
    )
    con.register(name, table)
    return f"(SELECT {_lineage(file)}, * FROM {name})"
