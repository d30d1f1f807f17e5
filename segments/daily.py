"""Behaviour windows answered from the daily activity aggregate (``fct_contact_activity_daily``).

A window ``[start, end)`` of whole days before ``now`` covers whole UTC days and, when ``now`` is
not midnight, a partial day at each edge. The whole days are a range of ``activity_date`` in the
daily table. The edges are exact too:

- *does the contact have one* (an existence or ``performed: false``): a day row on the start's
  day whose ``last_occurred_at >= start``, or on the end's day whose ``first_occurred_at < end``
  (the window is at least one day long, so the two edges are different days);
- *how many* (``at_least`` ≥ 2, ``at_most``): the whole days' ``activity_count`` plus one per raw
  activity row of the two partial days (``fct_contact_activity_by_type``, two narrow ranges).

A behaviour filtered on a column the daily table does not group by (``campaign_id``), or a count
in a window with no whole day, is not answered here (the compiler reads the raw activity).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from segments import catalog
from segments.literals import date_literal, timestamp_literal
from segments.raw_rows import with_raw_rows


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


@dataclass(frozen=True)
class DayWindow:
    """``[start, end)`` (naive UTC) split into whole UTC days and partial edge days.

    Attributes
    ----------
    first_day, end_day
        The whole days are ``first_day <= activity_date < end_day`` (none when equal).
    start_edge, end_edge
        The partial edges as ``[from, to)`` times, ``None`` when ``start`` / ``end`` is midnight.
    """

    start: dt.datetime
    end: dt.datetime

    @property
    def first_day(self) -> dt.date:
        day = self.start.date()
        return day if self.start == _midnight(day) else day + dt.timedelta(days=1)

    @property
    def end_day(self) -> dt.date:
        return self.end.date()

    @property
    def start_edge(self) -> tuple[dt.datetime, dt.datetime] | None:
        whole = _midnight(self.first_day)
        return None if whole == self.start else (self.start, whole)

    @property
    def end_edge(self) -> tuple[dt.datetime, dt.datetime] | None:
        whole = _midnight(self.end_day)
        return None if whole == self.end else (whole, self.end)

    @property
    def has_whole_days(self) -> bool:
        return self.first_day < self.end_day


def answerable(filters: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
    """Whether the daily table groups by every column the behaviour filters on."""
    return all(name in catalog.DAILY_DIMENSIONS for name, _ in filters)


def daily_matching(
    event: str,
    window: DayWindow,
    filters: tuple[tuple[str, tuple[str, ...]], ...],
    *,
    counting: bool,
    table: Callable[[str], exp.Table],
    raw_condition: Callable[[dt.datetime, dt.datetime], exp.Expression],
) -> tuple[exp.Select, exp.Expression] | None:
    """The contacts' matching rows for a behaviour, from the daily table, and what to count.

    Parameters
    ----------
    event, window, filters
        The behaviour: its activity type, window and filters (column, values).
    counting
        Whether the caller bounds a count (``GROUP BY contact_id HAVING <count> ...``); if not,
        one row per contact that has a matching activity is enough.
    table
        Returns the table expression for a mart name (and records it for lineage).
    raw_condition
        The raw activity rows of this behaviour in a ``[from, to)`` window (event, filters).

    Returns
    -------
    tuple or None
        ``(SELECT contact_id FROM ..., count expression)``, or ``None`` when the daily table
        cannot answer the behaviour (then the caller reads the raw activity).
    """
    if not answerable(filters) or (counting and not window.has_whole_days):
        return None
    date = exp.column("activity_date")
    base = [
        exp.not_(exp.column("contact_id").is_(exp.null())),
        exp.column("activity_type").eq(exp.convert(event)),
        *(exp.column(name).isin(*map(exp.convert, values)) for name, values in filters),
    ]
    whole = exp.and_(date >= date_literal(window.first_day), date < date_literal(window.end_day))
    if not counting:
        days = [whole] if window.has_whole_days else []
        if window.start_edge:
            days.append(
                exp.and_(
                    date.eq(date_literal(window.start.date())),
                    exp.column("last_occurred_at") >= timestamp_literal(window.start),
                )
            )
        if window.end_edge:
            days.append(
                exp.and_(
                    date.eq(date_literal(window.end_day)),
                    exp.column("first_occurred_at") < timestamp_literal(window.end),
                )
            )
        condition = exp.and_(*base, exp.paren(exp.or_(*days)))
        matching = exp.select("contact_id").from_(table(catalog.DAILY_TABLE)).where(condition)
        return matching, exp.Count(this=exp.Star())
    daily = exp.select("contact_id").from_(table(catalog.DAILY_TABLE)).where(exp.and_(*base, whole))
    edges = [e for e in (window.start_edge, window.end_edge) if e]
    if not edges:
        return daily, exp.func("SUM", exp.column("activity_count"))
    union = with_raw_rows(
        daily.select(exp.column("activity_count").as_("n")),
        [(low, high, 1) for low, high in edges],
        table=table,
        raw_condition=raw_condition,
    )
    matching = exp.select("contact_id").from_(union.subquery("u"))
    return matching, exp.func("SUM", exp.column("n"))
