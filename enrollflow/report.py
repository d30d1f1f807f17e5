"""Compatibility shim: the report moved to the top-level ``reports`` package.

``enrollflow demo`` still calls :func:`write_report` with its old signature; new code should use
:func:`reports.build.build_report` and :func:`reports.build.write_report`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from reports import build


@dataclass(frozen=True)
class Report:
    """Where the report was written and its headline figures."""

    path: Path
    kpis: dict[str, float]
    ab_verdicts: list[str]
    pdf_path: Path | None = None


def write_report(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    now: dt.datetime,
    campaign_summary: dict[str, object] | None = None,
) -> Report:
    """Write the last 7 days' report (HTML and PDF) into ``out_dir``.

    ``campaign_summary`` is accepted for the old callers and not printed: the report shows
    campaigns from the marts, by name.
    """
    del campaign_summary
    content = build.build_report(con, now=now.replace(tzinfo=None))
    written = build.write_report(content, out_dir)
    return Report(written.html_path, content.figures, content.ab_verdicts, written.pdf_path)
