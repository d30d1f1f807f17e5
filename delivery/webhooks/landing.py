"""Append raw webhook POSTs to the landing zone, in the layout of ``docs/data-contract.md``.

``<landing>/sendgrid/<yyyy-mm-dd>/events.jsonl``: ``{"received_at", "events"}`` per POST;
``<landing>/twilio/<yyyy-mm-dd>/callbacks.jsonl``: ``{"received_at", "url", "kind", "params"}``;
``<landing>/twilio/<yyyy-mm-dd>/clicks.jsonl``: ``{"received_at", "url", "kind": "click", "event"}``;
``<landing>/mandrill/<yyyy-mm-dd>/events.jsonl``: ``{"received_at", "events"}``.
The day is the UTC day the POST arrived. Lines are appended under an exclusive file lock with one
``write`` each, so several webhook workers can append to the same file.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from pathlib import Path
from typing import Any


class LandingWriter:
    """Append-only writer of landing-zone JSONL files under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, source: str, filename: str, received_at: dt.datetime) -> Path:
        """Return ``<root>/<source>/<UTC day>/<filename>``."""
        day = received_at.astimezone(dt.UTC).date().isoformat()
        return self.root / source / day / filename

    def append(
        self, source: str, filename: str, record: dict[str, Any], *, received_at: dt.datetime
    ) -> Path:
        """Append ``record`` as one JSON line; return the file written.

        Parameters
        ----------
        source : str
            Landing source folder (``sendgrid``, ``twilio``).
        filename : str
            File name inside the day folder (``events.jsonl``, ``callbacks.jsonl``).
        record : dict
            JSON-serialisable line.
        received_at : datetime.datetime
            When the POST arrived (aware, any zone); picks the day folder.
        """
        return self.append_many(source, filename, [record], received_at=received_at)

    def append_many(
        self,
        source: str,
        filename: str,
        records: list[dict[str, Any]],
        *,
        received_at: dt.datetime,
    ) -> Path:
        """Append ``records`` as JSON lines in one locked ``write`` and one ``fsync``."""
        path = self.path_for(source, filename, received_at)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = "".join(
            json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records
        ).encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, data)
            os.fsync(fd)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        return path
