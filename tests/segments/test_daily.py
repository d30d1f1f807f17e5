"""Behaviour windows read from the daily aggregate are exact at their partial edge days.

``now`` is 06:00 UTC, so every window of whole days starts and ends six hours into a UTC day:
activity exactly on the start (inside), just before it on the same day (outside), exactly at
``now`` or at a window's end (outside), and on the edge days on both sides. Every compiler mode
must give the plain-Python reference's members (the daily table is built by the dbt model's own
SQL in :func:`tests.segments.marts.load_marts`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import duckdb
import pytest

from segments.compiler import compile_segment
from segments.daily import DayWindow
from segments.evaluate import evaluate
from segments.warehouse import Warehouse
from tests.segments.conftest import MODE_IDS, MODES, compile_in_mode, make_segment
from tests.segments.marts import NOW, Marts, _contact, ago, load_marts
from tests.segments.reference import Reference

SIX_AM = NOW + dt.timedelta(hours=6)  # windows start and end 6 h into a day: 0.25 day
MADRID = dt.timezone(dt.timedelta(hours=1))

# (contact, days before NOW midnight): opened; 6.75 is exactly SIX_AM - 7 days, -0.25 is SIX_AM,
# 1.75 is SIX_AM - 2 days
OPENS = [
    ("e1", 6.75),  # exactly the start of the 7-day window: inside
    ("e2", 6.76),  # 14 minutes before it, same UTC day: outside
    ("e3", -0.125),  # 03:00 today, before now: inside (end edge)
    ("e4", -0.25),  # exactly now: outside
    ("e5", 6.9),  # start's day, before the start: outside
    ("e5", 6.5),  # start's day, after the start: inside
    ("e6", -0.1),
    ("e6", -0.2),
    ("e6", 6.7),
    ("e6", 3),
    ("e7", 1.8),  # inside [now - 7 d, now - 2 d): on its end day, before its end
    ("e8", 1.75),  # exactly the end of that window: outside
    ("e8", 1.7),
    ("e9", 0.5),  # inside the 1-day window [now - 1 d, now), which has no whole day
    ("e9", 0.7),
]
MARTS = Marts(
    contacts=[_contact(f"e{i}", country="ES", created_at=ago(100)) for i in range(1, 10)],
    interests=[],
    activity=[(c, "opened", days, "email", "cmp_0001", None) for c, days in OPENS],
    propensity=[],
)
BEHAVIOURS = [
    {"behaviour": "opened", "in_last_days": 7},
    {"behaviour": "opened", "at_least": 2, "in_last_days": 7},
    {"behaviour": "opened", "at_least": 4, "in_last_days": 7},
    {"behaviour": "opened", "performed": False, "in_last_days": 7},
    {"behaviour": "opened", "at_most": 1, "in_last_days": 7},
    {"behaviour": "opened", "at_least": 1, "at_most": 1, "in_last_days": 7},
    {"behaviour": "opened", "in_last_days": 7, "ending_days_ago": 2},
    {"behaviour": "opened", "at_least": 2, "in_last_days": 7, "ending_days_ago": 2},
    {"behaviour": "opened", "in_last_days": 1},
    {"behaviour": "opened", "at_least": 2, "in_last_days": 1},
    {"behaviour": "opened", "in_last_days": 7, "channel": "email"},
    {"behaviour": "opened", "at_least": 2, "in_last_days": 7, "campaign_id": "cmp_0001"},
]


@pytest.fixture(scope="module")
def edges() -> Iterator[Warehouse]:
    conn = duckdb.connect()
    warehouse = Warehouse(conn)
    load_marts(warehouse, MARTS)
    yield warehouse
    conn.close()


def test_the_window_splits_into_whole_days_and_edges() -> None:
    window = DayWindow(SIX_AM - dt.timedelta(days=7), SIX_AM)
    assert (window.first_day, window.end_day) == (dt.date(2026, 2, 23), dt.date(2026, 3, 1))
    assert window.start_edge == (dt.datetime(2026, 2, 22, 6), dt.datetime(2026, 2, 23))
    assert window.end_edge == (dt.datetime(2026, 3, 1), SIX_AM)
    midnight = DayWindow(NOW - dt.timedelta(days=7), NOW)
    assert midnight.start_edge is None and midnight.end_edge is None
    assert not DayWindow(SIX_AM - dt.timedelta(days=1), SIX_AM).has_whole_days


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("where", BEHAVIOURS, ids=[str(i) for i in range(len(BEHAVIOURS))])
@pytest.mark.parametrize("now", [SIX_AM, NOW, SIX_AM.replace(tzinfo=dt.UTC).astimezone(MADRID)])
def test_edges_match_the_reference(edges: Warehouse, where, mode, now) -> None:
    segment = make_segment(where)
    expected = Reference(MARTS, now.astimezone(dt.UTC).replace(tzinfo=None) if now.tzinfo else now)
    members = set(evaluate(edges, compile_in_mode(edges, segment, now, mode)))
    assert members == expected.members(segment)


def test_the_edges_decide_the_golden_answers(edges: Warehouse) -> None:
    """The reference itself, spelled out for the 7-day window at 06:00 (so the test above cannot
    pass against a reference that is wrong the same way)."""

    def members(where) -> set[str]:
        return set(evaluate(edges, compile_segment(make_segment(where), now=SIX_AM)))

    assert members(BEHAVIOURS[0]) == {"e1", "e3", "e5", "e6", "e7", "e8", "e9"}
    assert members(BEHAVIOURS[2]) == {"e6"}  # 06:00 today is not counted, 03:00 is
    assert members(BEHAVIOURS[6]) == {"e1", "e5", "e6", "e7"}  # e8 is exactly on the end
    assert members(BEHAVIOURS[9]) == {"e6", "e9"}  # no whole day: the raw rows
    sql = compile_segment(make_segment(BEHAVIOURS[1]), now=SIX_AM).sql("duckdb")
    assert "fct_contact_activity_daily" in sql and "UNION ALL" in sql  # whole days + edge rows
