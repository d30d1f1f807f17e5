"""Read a simulated landing zone back into plain Python records (for the simulator's tests)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path


def read_records(landing: Path, source: str, name: str) -> list[dict]:
    """Every line of ``<landing>/<source>/*/<name>.jsonl[.gz]``, each with ``_day`` (its folder)."""
    rows = []
    for path in sorted((landing / source).glob(f"*/{name}.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                record["_day"] = path.parent.name
                rows.append(record)
    return rows


def sendgrid_events(landing: Path) -> list[dict]:
    """SendGrid events flattened out of their POST batches, with ``_received_at``, ``_day``, ``_post``."""
    out = []
    for i, post in enumerate(read_records(landing, "sendgrid", "events")):
        for event in post["events"]:
            out.append(
                {**event, "_received_at": post["received_at"], "_day": post["_day"], "_post": i}
            )
    return out
