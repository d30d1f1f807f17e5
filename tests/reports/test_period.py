"""``--period`` forms, and a clear error for anything else."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.period import PeriodError, parse_period

NOW = dt.datetime(2026, 2, 15)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (None, "2026-02-08", "2026-02-15"),
        ("week", "2026-02-08", "2026-02-15"),
        ("month", "2026-01-16", "2026-02-15"),
        ("2026-W06", "2026-02-02", "2026-02-09"),
        ("2026-01", "2026-01-01", "2026-02-01"),
        ("2025-12", "2025-12-01", "2026-01-01"),
        ("2026-01-05..2026-01-11", "2026-01-05", "2026-01-12"),
    ],
)
def test_forms(text, start, end) -> None:
    p = parse_period(text, NOW)
    assert (p.start, p.end) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert p.previous.end == p.start and p.previous.days == p.days


def test_a_time_of_day_counts_its_whole_day() -> None:
    assert parse_period("week", NOW + dt.timedelta(hours=9)).end == dt.date(2026, 2, 16)


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-W60", "last week", "2026-02-10..2026-02-01", "2026-02-30..2026-03-01"]
)
def test_bad_periods_name_the_forms(text) -> None:
    with pytest.raises(PeriodError, match="--period"):
        parse_period(text, NOW)
