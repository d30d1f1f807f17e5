"""Send-time rules: consent, suppression, frequency cap, quiet hours (DST), budget, approval.

Expected instants are worked out by hand from the published offsets (London: GMT until
2026-03-29 01:00 UTC, BST (+1) until 2026-10-25 01:00 UTC; New York: EST (-5) until 2026-03-08
07:00 UTC, EDT (-4) until 2026-11-01 06:00 UTC), not by calling zoneinfo again.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from delivery.campaigns.rules import (
    RuleContext,
    affordable_count,
    decide,
    frequency_release,
    needs_approval,
    next_local_time,
    resolve_zones,
)

T = dt.datetime
NO_SENDS = pd.DataFrame(
    {"contact_id": pd.Series([], dtype=str), "sent_at": pd.Series([], dtype="datetime64[us]")}
)


def _due(n: int = 1, **columns) -> pd.DataFrame:
    base = {
        "contact_id": [f"c_{i:07d}" for i in range(n)],
        "timezone": ["Europe/London"] * n,
        "address": [f"p{i}@example.edu" for i in range(n)],
        "has_consent": [True] * n,
        "is_suppressed": [False] * n,
    }
    base.update(columns)
    return pd.DataFrame(base)


def _sms(now, **columns):
    return decide(_due(**columns), RuleContext("sms", now, "Europe/London"), NO_SENDS)


@pytest.mark.parametrize(
    ("now", "decision"),
    [
        (T(2026, 7, 1, 19, 59, 59), "send"),  # 20:59:59 BST
        (T(2026, 7, 1, 20, 0, 0), "defer"),  # 21:00:00 BST
        (T(2026, 7, 1, 7, 0, 0), "send"),  # 08:00:00 BST
        (T(2026, 7, 1, 6, 59, 59), "defer"),  # 07:59:59 BST
        (T(2026, 1, 15, 20, 59, 59), "send"),  # 20:59:59 GMT
        (T(2026, 1, 15, 21, 0, 0), "defer"),  # 21:00 GMT
    ],
)
def test_sms_quiet_hours_boundaries(now, decision):
    assert _sms(now)["decision"].item() == decision


def test_sms_deferred_to_next_morning_across_spring_forward():
    # Sat 28 March 21:30 GMT -> next 08:00 local is Sunday 29 March, already BST -> 07:00 UTC
    row = _sms(T(2026, 3, 28, 21, 30)).iloc[0]
    assert (row["decision"], row["release_at"]) == ("defer", pd.Timestamp(2026, 3, 29, 7, 0))
    assert row["reason"] == "quiet hours in the recipient's zone"


def test_sms_deferred_to_next_morning_across_fall_back():
    # Sat 24 October 20:30 UTC = 21:30 BST -> Sunday 25 October 08:00 GMT = 08:00 UTC
    row = _sms(T(2026, 10, 24, 20, 30)).iloc[0]
    assert (row["decision"], row["release_at"]) == ("defer", pd.Timestamp(2026, 10, 25, 8, 0))


def test_new_york_on_both_transition_days():
    zone = {"timezone": ["America/New_York"]}
    # Sun 8 March 2026 12:59:59 UTC = 08:59:59 EDT (already switched at 07:00 UTC) -> open
    assert _sms(T(2026, 3, 8, 12, 59, 59), **zone)["decision"].item() == "send"
    # Sun 1 Nov 2026 12:30 UTC = 07:30 EST (switched back at 06:00 UTC) -> quiet until 13:00 UTC
    row = _sms(T(2026, 11, 1, 12, 30), **zone).iloc[0]
    assert (row["decision"], row["release_at"]) == ("defer", pd.Timestamp(2026, 11, 1, 13, 0))


def test_unknown_or_invalid_zone_falls_back_to_organisation_zone():
    due = _due(3, timezone=[None, "Mars/Olympus", "Asia/Tokyo"])
    assert list(resolve_zones(due["timezone"], "Europe/London")) == [
        "Europe/London",
        "Europe/London",
        "Asia/Tokyo",
    ]
    # 20:30 UTC in July: 21:30 London (quiet), 05:30 Tokyo next day (quiet, opens 23:00 UTC)
    out = decide(due, RuleContext("sms", T(2026, 7, 1, 20, 30), "Europe/London"), NO_SENDS)
    assert list(out["release_at"]) == [
        pd.Timestamp(2026, 7, 2, 7, 0),
        pd.Timestamp(2026, 7, 2, 7, 0),
        pd.Timestamp(2026, 7, 1, 23, 0),
    ]


def test_nine_am_released_zone_by_zone():
    now = T(2026, 7, 1, 0, 0)
    at = dt.time(9, 0)
    assert next_local_time(now, "Asia/Tokyo", at) == T(2026, 7, 1, 0, 0)  # 09:00 JST
    assert next_local_time(now, "Europe/Berlin", at) == T(2026, 7, 1, 7, 0)
    assert next_local_time(now, "America/New_York", at) == T(2026, 7, 1, 13, 0)
    # a wall time inside the spring-forward gap is read with the old offset (PEP 495 fold=0)
    assert next_local_time(T(2026, 3, 29, 0, 0), "Europe/London", dt.time(1, 30)) == T(
        2026, 3, 29, 1, 30
    )


def test_email_window_per_campaign():
    ctx = RuleContext("email", T(2026, 7, 1, 5, 0), "Europe/London", (dt.time(8), dt.time(20)))
    row = decide(_due(), ctx, NO_SENDS).iloc[0]
    assert (row["decision"], row["release_at"]) == ("defer", pd.Timestamp(2026, 7, 1, 7, 0))
    # without a window, email goes at any hour
    free = RuleContext("email", T(2026, 7, 1, 2, 0), "Europe/London")
    assert decide(_due(), free, NO_SENDS)["decision"].item() == "send"


def test_consent_and_suppression_checked_at_send_time():
    due = _due(
        5,
        has_consent=[True, False, True, True, None],
        is_suppressed=[False, False, True, False, False],
        address=["a@x.edu", "b@x.edu", "c@x.edu", "d@x.edu", "e@x.edu"],
    )
    ctx = RuleContext("email", T(2026, 7, 1, 12), "Europe/London")
    out = decide(due, ctx, NO_SENDS, suppressed_addresses={"d@x.edu"})
    assert list(out["decision"]) == ["send", "skip", "skip", "skip", "skip"]
    assert list(out["reason"][1:]) == [
        "no email consent",
        "email suppressed",
        "email suppressed (ops store)",
        "no email consent",
    ]


def test_missing_address_is_skipped():
    out = decide(
        _due(2, address=[None, ""]),
        RuleContext("sms", T(2026, 7, 1, 12), "Europe/London"),
        NO_SENDS,
    )
    assert set(out["reason"]) == {"no sms address"}


def _sends(contact: str, *days: int) -> pd.DataFrame:
    return pd.DataFrame(
        {"contact_id": [contact] * len(days), "sent_at": [T(2026, 7, d, 10) for d in days]}
    )


def test_frequency_cap_counts_rolling_seven_days():
    now = T(2026, 7, 8, 12)
    contacts = pd.Series(["c_0000000", "c_0000001", "c_0000002"])
    sends = pd.concat(
        [
            _sends("c_0000000", 2, 5, 7),  # 3 in window -> blocked until 2 July 10:00 + 7d
            _sends("c_0000001", 1, 5, 7),  # 1 July 10:00 left the window on 8 July 10:00
            _sends("c_0000002", 3, 4, 5, 6),  # 4 in window: third most recent is 4 July
        ]
    )
    release = frequency_release(contacts, sends, now)
    assert list(release) == [
        pd.Timestamp(2026, 7, 9, 10),
        pd.Timestamp(now),
        pd.Timestamp(2026, 7, 11, 10),
    ]


@pytest.mark.parametrize(("action", "decision"), [("defer", "defer"), ("skip", "skip")])
def test_frequency_cap_defer_or_skip(action, decision):
    ctx = RuleContext(
        "email", T(2026, 7, 8, 12), "Europe/London", (dt.time(11), dt.time(20)), action
    )
    row = decide(_due(), ctx, _sends("c_0000000", 2, 5, 7)).iloc[0]
    assert (row["decision"], row["reason"]) == (decision, "frequency cap: 3 emails in 7 days")
    if decision == "defer":
        # the cap lifts 9 July 10:00 UTC = 11:00 BST, which is inside the 11-20 window
        assert row["release_at"] == pd.Timestamp(2026, 7, 9, 10)


def test_capped_email_release_respects_the_window():
    ctx = RuleContext("email", T(2026, 7, 8, 12), "Europe/London", (dt.time(12), dt.time(20)))
    row = decide(_due(), ctx, _sends("c_0000000", 2, 5, 7)).iloc[0]
    # cap lifts at 11:00 BST, window opens 12:00 BST = 11:00 UTC
    assert row["release_at"] == pd.Timestamp(2026, 7, 9, 11)


def test_sms_not_counted_by_email_cap():
    ctx = RuleContext("sms", T(2026, 7, 8, 12), "Europe/London")
    assert decide(_due(), ctx, _sends("c_0000000", 2, 5, 7, 8))["decision"].item() == "send"


@pytest.mark.parametrize(
    ("budget", "spent", "cost", "expected"),
    [
        (10.0, 0.0, 0.05, 200),
        (10.0, 9.98, 0.05, 0),
        (0.3, 0.0, 0.1, 3),
        (5.0, 5.0, 0.001, 0),
        (1.0, 0.0, 0.0, 2**62),
    ],
)
def test_affordable_count_never_overspends(budget, spent, cost, expected):
    n = affordable_count(budget, spent, cost)
    assert n == expected
    if cost:
        assert spent + n * cost <= budget + 1e-9


def test_approval_threshold_is_above_1000():
    assert not needs_approval(1000)
    assert needs_approval(1001)
