"""Behaviour counts read from the per-contact window counts (``fct_contact_activity_windows``).

That table holds, per contact and activity type, ``n_<K>d``: the activities in the ``K`` days
before its as-of midnight ``D`` (:data:`segments.catalog.WINDOW_DAYS`). A behaviour without
filters whose ``in_last_days`` and ``ending_days_ago`` are such ``K`` (or 0) counts, with
``F(t)`` the activities before ``t``::

    count[now - Kin, now - Kend) = (n_Kin - n_Kend)                 # as of D
                                   - S(D - Kin, now - Kin) + S(D - Kend, now - Kend)

where ``S(a, b) = F(b) - F(a)`` is read from the raw rows of ``[a, b)`` (``+1`` each) or, when
``b < a``, of ``[b, a)`` (``-1`` each), and ``n_0 = 0``. At ``now == D`` there is no correction
and a behaviour reads one row per contact; otherwise two narrow ranges of raw rows per window
edge are added (``UNION ALL``, summed per contact). Exact for every ``now``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlglot import exp

from segments import catalog
from segments.raw_rows import with_raw_rows
from segments.warehouse import Warehouse


def windows_as_of(warehouse: Warehouse, schema: str | None = None) -> dt.datetime | None:
    """``D`` of the window counts: the UTC midnight after their newest ``last_occurred_at``.

    Returns
    -------
    datetime or None
        Naive UTC midnight; ``None`` when the table is missing or empty (then segments read the
        daily aggregate and the raw rows).
    """
    if not warehouse.has_table(catalog.WINDOWS_TABLE):
        return None
    table = exp.table_(catalog.WINDOWS_TABLE, db=schema)
    query = exp.select(exp.func("MAX", exp.column("last_occurred_at"))).from_(table)
    (newest,) = warehouse.fetchall(query.sql(warehouse.dialect))[0]
    if newest is None:
        return None
    if isinstance(newest, str):
        newest = dt.datetime.fromisoformat(newest)
    day = newest.date() + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day)


def answerable(in_last_days: int, ending_days_ago: int, has_filters: bool, min_days: int) -> bool:
    """Whether the window counts answer a behaviour exactly (no filter, both ends fixed windows)
    and it is worth it (``in_last_days >= min_days``)."""
    return (
        not has_filters
        and in_last_days >= min_days
        and in_last_days in catalog.WINDOW_DAYS
        and (ending_days_ago == 0 or ending_days_ago in catalog.WINDOW_DAYS)
    )


def _signed(
    low: dt.datetime, high: dt.datetime, sign: int
) -> list[tuple[dt.datetime, dt.datetime, int]]:
    """``sign * S(low, high)`` as raw ranges ``[from, to)`` with the weight of each row."""
    if high > low:
        return [(low, high, sign)]
    if high < low:
        return [(high, low, -sign)]
    return []


def windows_contacts(
    event: str,
    in_last_days: int,
    ending_days_ago: int,
    *,
    now: dt.datetime,
    as_of: dt.datetime,
    bound: Callable[[exp.Expression], exp.Expression],
    table: Callable[[str], exp.Table],
    raw_condition: Callable[[dt.datetime, dt.datetime], exp.Expression],
) -> exp.Select:
    """``SELECT contact_id`` of the contacts whose count of ``event`` in the window satisfies
    ``bound`` (a condition on the count expression), for ``now`` and the table's ``D``.

    Contacts without a row (count 0) are never selected: ``bound`` must be false at 0 (callers
    ask for ``count >= k`` with k ≥ 1, or for ``count > k`` and take the complement).
    """
    days = dt.timedelta(days=1)
    n = exp.column(f"n_{in_last_days}d")
    if ending_days_ago:
        n = exp.Sub(this=n, expression=exp.column(f"n_{ending_days_ago}d"))
    rows = exp.select("contact_id").from_(table(catalog.WINDOWS_TABLE))
    is_event = exp.column("activity_type").eq(exp.convert(event))
    corrections = _signed(as_of - in_last_days * days, now - in_last_days * days, -1)
    corrections += _signed(as_of - ending_days_ago * days, now - ending_days_ago * days, 1)
    if not corrections:
        return rows.where(exp.and_(is_event, bound(exp.paren(n))))
    union = with_raw_rows(
        rows.select(n.as_("n")).where(is_event),
        corrections,
        table=table,
        raw_condition=raw_condition,
    )
    total = exp.func("SUM", exp.column("n"))
    return (
        exp.select("contact_id")
        .from_(union.subquery("u"))
        .group_by("contact_id")
        .having(bound(total))
    )
