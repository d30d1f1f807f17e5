"""The reference "now" for a simulated business (from the landing zone's ``_manifest.json``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path


def simulated_now(manifest: Path) -> dt.datetime | None:
    """``end_date + 1 day`` at 00:00 UTC from a landing manifest, or ``None`` if there is none.

    Parameters
    ----------
    manifest
        Path of ``<landing>/_manifest.json`` (see docs/data-contract.md).

    Raises
    ------
    ValueError
        The manifest exists but has no valid ``end_date``.
    """
    if not manifest.is_file():
        return None
    try:
        end = dt.date.fromisoformat(json.loads(manifest.read_text(encoding="utf-8"))["end_date"])
    except (KeyError, ValueError, TypeError) as exc:
        raise ValueError(
            f"{manifest}: end_date: cannot read it ({exc}); expected a date like 2026-03-31"
        ) from None
    return dt.datetime(end.year, end.month, end.day, tzinfo=dt.UTC) + dt.timedelta(days=1)
