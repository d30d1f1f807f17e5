"""Find and erase one person in files: the landing zone, the sandbox outbox, the reports.

The landing zone is append-only except here: an erasure rewrites each affected day file *in
place*, under the same exclusive ``flock`` the webhooks app appends under, so an append that
waits for the lock lands in the rewritten file and is never lost. Lines about the person are
kept, scrubbed (ids pseudonymised, emails replaced, phones and names removed), so ingest still
counts their events and aggregates stay.
"""

from __future__ import annotations

import fcntl
import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from privacy.person import Scrubber, open_text

TEXT_SUFFIXES = (".html", ".htm", ".txt", ".json", ".jsonl", ".csv", ".md", ".eml")


def _files(root: Path | None) -> Iterator[Path]:
    if root is None or not Path(root).is_dir():
        return
    for path in sorted(Path(root).rglob("*")):
        if path.is_file() and not path.name.endswith((".lock", ".tmp")):
            yield path


def _raw_text(path: Path) -> str:
    try:
        return (
            open_text(path)
            if path.name.endswith(".gz")
            else path.read_bytes().decode("utf-8", errors="replace")
        )
    except (OSError, EOFError, gzip.BadGzipFile):
        return ""


@dataclass(frozen=True)
class LandingHit:
    """One landing line about the person (for an export)."""

    file: str
    line: int
    record: Any


def find_in_landing(landing: Path | None, scrubber: Scrubber) -> list[LandingHit]:
    """Every landing line that names the person, parsed (text when it is not JSON)."""
    hits = []
    for path in _files(landing):
        text = _raw_text(path)
        if not scrubber.may_match(text):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if scrubber.matches(line):
                try:
                    record = json.loads(line)
                except ValueError:
                    record = line
                hits.append(LandingHit(path.relative_to(landing).as_posix(), number, record))
    return hits


def _scrub_line(line: str, scrubber: Scrubber) -> str:
    if not scrubber.matches(line):
        return line
    try:
        record = json.loads(line)
    except ValueError:
        return scrubber.scrub_text(line)
    return json.dumps(scrubber.scrub_record(record), ensure_ascii=False, separators=(",", ":"))


def rewrite_in_place(path: Path, transform) -> bool:
    """Apply ``transform(text) -> text`` to ``path`` under its exclusive lock; True if changed."""
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        raw = b""
        while chunk := os.read(fd, 1 << 20):
            raw += chunk
        gz = path.name.endswith(".gz")
        text = (gzip.decompress(raw) if gz else raw).decode("utf-8", errors="replace")
        new = transform(text)
        if new == text:
            return False
        data = new.encode("utf-8")
        data = gzip.compress(data, mtime=0) if gz else data
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, data)
        os.fsync(fd)
        return True
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def erase_in_landing(landing: Path | None, scrubber: Scrubber) -> dict[str, int]:
    """Rewrite every landing file naming the person; return ``{"files": n, "lines": n}``."""
    files = lines = 0
    for path in _files(landing):
        if not scrubber.may_match(_raw_text(path)):
            continue
        count = 0

        def transform(text: str) -> str:
            nonlocal count
            out = []
            for line in text.split("\n"):
                new = _scrub_line(line, scrubber)
                count += new != line
                out.append(new)
            return "\n".join(out)

        if rewrite_in_place(path, transform):
            files += 1
            lines += count
    return {"files": files, "lines": lines}


def find_in_outbox(outbox: Path | None, scrubber: Scrubber) -> list[str]:
    """Names of outbox files (messages) that name the person."""
    return [
        p.relative_to(outbox).as_posix() for p in _files(outbox) if scrubber.matches(_raw_text(p))
    ]


def erase_in_outbox(outbox: Path | None, scrubber: Scrubber) -> dict[str, int]:
    """Delete every rendered message to the person (all files of the message's stem)."""
    stems = {
        (p.parent, p.name.split(".", 1)[0])
        for p in _files(outbox)
        if scrubber.matches(_raw_text(p))
    }
    removed = 0
    for folder, stem in stems:
        for sibling in folder.glob(f"{stem}.*"):
            sibling.unlink()
            removed += 1
    return {"messages": len(stems), "files": removed}


def erase_in_reports(reports: Path | None, scrubber: Scrubber) -> dict[str, int]:
    """Scrub text reports in place; delete binary ones (PDF, images) that contain the person."""
    scrubbed = deleted = 0
    for path in _files(reports):
        if path.suffix.lower() in TEXT_SUFFIXES:
            if scrubber.may_match(_raw_text(path)) and rewrite_in_place(
                path, lambda t: scrubber.scrub_text(t)
            ):
                scrubbed += 1
        elif scrubber.may_match(path.read_bytes().decode("latin-1").lower()):
            path.unlink()
            deleted += 1
    return {"scrubbed": scrubbed, "deleted": deleted}
