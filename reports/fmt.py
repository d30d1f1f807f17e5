"""Formatting for marketers: money with its currency, rates as percentages, signed changes,
moments in UTC."""

from __future__ import annotations

import datetime as dt
import math

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value: object, currency: str = "EUR") -> str:
    """``€1,234`` (cents below 100)."""
    if _missing(value):
        return "–"
    v = float(value)  # type: ignore[arg-type]
    sym = SYMBOLS.get(currency, f"{currency} ")
    sign = "-" if v < 0 else ""
    return f"{sign}{sym}{abs(v):,.2f}" if abs(v) < 100 else f"{sign}{sym}{abs(v):,.0f}"


def pct(value: object, digits: int = 1) -> str:
    """``12.3 %``."""
    if _missing(value):
        return "–"
    return f"{float(value) * 100:.{digits}f} %"  # type: ignore[arg-type]


def count(value: object) -> str:
    """``1,234``."""
    if _missing(value):
        return "–"
    return f"{round(float(value)):,}"  # type: ignore[arg-type]


def roi(value: object) -> str:
    """ROI as a multiple of spend returned on top of it: ``+2.4×`` (``(revenue - spend) / spend``)."""
    if _missing(value):
        return "–"
    return f"{float(value):+,.1f}×"  # type: ignore[arg-type]


def change(now: float, before: float) -> str:
    """Relative change ``+12 %`` (``new`` when there was nothing before, ``–`` when both are 0);
    under one percent with one decimal (``-0.3 %``), and ``0 %`` only when nothing changed
    to that decimal (never ``-0 %``)."""
    if _missing(now) or _missing(before):
        return "–"
    if before == 0:
        return "new" if now else "–"
    percent = (now - before) / abs(before) * 100
    if abs(percent) < 0.05:
        return "0 %"
    return f"{percent:+.1f} %" if abs(percent) < 1 else f"{percent:+.0f} %"


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, NaN when the denominator is 0."""
    return numerator / denominator if denominator else float("nan")


def when(value: object, seconds: bool = False) -> str:
    """A stored UTC moment as ``2026-12-07 20:58 UTC`` (``20:58:19`` with ``seconds``; no
    microseconds). Takes a datetime or its ISO text (SQLite hands some back as text)."""
    if value is None or value == "":
        return "–"
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC" if seconds else "%Y-%m-%d %H:%M UTC")
