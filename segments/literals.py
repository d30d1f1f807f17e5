"""Time literals for the segment SQL (dialect-neutral sqlglot expressions)."""

from __future__ import annotations

import datetime as dt

from sqlglot import exp


def timestamp_literal(moment: dt.datetime) -> exp.Expression:
    """``CAST('<iso>' AS TIMESTAMP)`` for a naive UTC datetime."""
    return exp.cast(exp.Literal.string(moment.isoformat(sep=" ")), "TIMESTAMP")


def date_literal(day: dt.date) -> exp.Expression:
    """``CAST('<yyyy-mm-dd>' AS DATE)``."""
    return exp.cast(exp.Literal.string(day.isoformat()), "DATE")
