"""Raw activity rows added to an aggregate's rows, for the parts of a window it cannot answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from sqlglot import exp

from segments import catalog


def with_raw_rows(
    first: exp.Select,
    ranges: Iterable[tuple[dt.datetime, dt.datetime, int]],
    *,
    table: Callable[[str], exp.Table],
    raw_condition: Callable[[dt.datetime, dt.datetime], exp.Expression],
) -> exp.Expression:
    """``first`` (``contact_id, n``) ``UNION ALL`` each ``(low, high, weight)`` range's raw rows.

    Each raw activity row of the behaviour in ``[low, high)`` becomes ``(contact_id, weight AS n)``:
    weight 1 adds the edge days a daily table cannot split, -1/+1 move a window table's counts
    from its as-of midnight to ``now``. Summing ``n`` per contact gives the exact count.
    """
    union: exp.Expression = first
    for low, high, weight in ranges:
        raw = (
            exp.select("contact_id", exp.convert(weight).as_("n"))
            .from_(table(catalog.ACTIVITY_TABLE))
            .where(
                exp.and_(
                    exp.not_(exp.column("contact_id").is_(exp.null())), raw_condition(low, high)
                )
            )
        )
        union = exp.union(union, raw, distinct=False)
    return union
