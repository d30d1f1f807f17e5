"""The marketer's formats: moments in UTC, as the studio's history and audit trail show them;
changes against the previous period."""

from __future__ import annotations

import datetime as dt

import pytest

from reports import fmt


@pytest.mark.parametrize(
    ("value", "seconds", "shown"),
    [
        (dt.datetime(2026, 12, 7, 20, 58, 19, 34000), True, "2026-12-07 20:58:19 UTC"),
        (dt.datetime(2026, 12, 7, 20, 58, 19, 34000), False, "2026-12-07 20:58 UTC"),
        ("2026-12-07 20:58:19.034000", True, "2026-12-07 20:58:19 UTC"),  # SQLite's text
        # an aware moment is shown in UTC, not in its own zone
        (
            dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            False,
            "2026-07-01 07:30 UTC",
        ),
        (None, False, "–"),
    ],
)
def test_when(value, seconds, shown) -> None:
    assert fmt.when(value, seconds=seconds) == shown


def test_when_refuses_what_is_not_a_moment() -> None:
    with pytest.raises(ValueError):
        fmt.when("yesterday")


@pytest.mark.parametrize(
    ("now", "before", "shown"),
    [
        (112, 100, "+12 %"),
        (10_129, 10_160, "-0.3 %"),  # was "-0 %": a fall too small for a whole percent
        (10_030, 10_000, "+0.3 %"),
        (100_001, 100_000, "0 %"),  # under 0.05 %: shown as no change, never "-0 %"
        (99_999, 100_000, "0 %"),
        (0.5, 1.0, "-50 %"),
        (5, 0, "new"),
        (0, 0, "–"),
        (float("nan"), 3, "–"),
    ],
)
def test_a_change_against_the_previous_period_never_reads_minus_zero(now, before, shown):
    assert fmt.change(now, before) == shown
