"""The marketer's formats: moments in UTC, as the studio's history and audit trail show them."""

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
