"""The period a report covers, parsed from what a marketer types (``--period``).

Accepted forms (all UTC days, the end exclusive):

- ``week`` (default) / ``month``: the 7 / 30 days before ``now``;
- ``2026-W06``: an ISO week;
- ``2026-02``: a calendar month;
- ``2026-02-01..2026-02-14``: both days included.

The previous period (same length, just before) is what week-over-week and period-over-period
changes compare against.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


class PeriodError(ValueError):
    """A ``--period`` value that is not one of the accepted forms (the message lists them)."""


FORMS = "week, month, YYYY-Www (ISO week), YYYY-MM (month) or YYYY-MM-DD..YYYY-MM-DD"


@dataclass(frozen=True)
class Period:
    """Days ``[start, end)`` (UTC) and a label for titles and file names."""

    start: dt.date
    end: dt.date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - dt.timedelta(days=self.days), self.start, f"before {self.label}")

    @property
    def slug(self) -> str:
        """File-name-safe label (``2026-02-08_2026-02-14``)."""
        return f"{self.start:%Y-%m-%d}_{self.end - dt.timedelta(days=1):%Y-%m-%d}"

    def describe(self) -> str:
        """``8–14 Feb 2026`` style text for the report's title."""
        last = self.end - dt.timedelta(days=1)
        if self.start.year != last.year:
            return f"{self.start:%-d %b %Y} – {last:%-d %b %Y}"
        if self.start.month != last.month:
            return f"{self.start:%-d %b} – {last:%-d %b %Y}"
        return f"{self.start:%-d}–{last:%-d %b %Y}"


def parse_period(text: str | None, now: dt.datetime) -> Period:
    """Return the :class:`Period` for ``text`` relative to ``now`` (the data's "now", UTC).

    Raises
    ------
    PeriodError
        If ``text`` is none of :data:`FORMS`, or its days are empty or reversed.
    """
    today = now.date() if now.time() == dt.time() else now.date() + dt.timedelta(days=1)
    value = (text or "week").strip()
    if value in ("week", "month"):
        days = 7 if value == "week" else 30
        return Period(today - dt.timedelta(days=days), today, f"last {days} days")
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        try:
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError as exc:
            raise PeriodError(f"--period {value!r}: {exc}; expected {FORMS}") from None
        return Period(start, start + dt.timedelta(days=7), value)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"--period {value!r}: month must be 01-12; expected {FORMS}")
        start = dt.date(year, month, 1)
        end = dt.date(year + month // 12, month % 12 + 1, 1)
        return Period(start, end, f"{start:%B %Y}")
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", value):
        try:
            start, last = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        except ValueError as exc:
            raise PeriodError(f"--period {value!r}: {exc}; expected {FORMS}") from None
        if last < start:
            raise PeriodError(f"--period {value!r}: the last day is before the first")
        return Period(start, last + dt.timedelta(days=1), value)
    raise PeriodError(f"--period {value!r} is not understood; expected {FORMS}")
