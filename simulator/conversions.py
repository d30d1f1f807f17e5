"""The funnel's end: applications from sessions, enrollments (revenue = course price), refunds."""

from __future__ import annotations

import numpy as np

from simulator.behaviour import P_ENROLL_GIVEN_APPLICATION
from simulator.clock import DAY, HOUR, Period

Table = dict[str, np.ndarray]

LEAD_AFTER_LAST_PAGE = (30, 300)
ENROLL_DELAY_MEAN_DAYS = 2.5
REFUND_SHARE = 0.06


def lead_times(rng: np.random.Generator, sessions: Table) -> np.ndarray:
    """Moment of each session's ``generate_lead`` (after its last page view); -1 when none."""
    pages_end = sessions["start_at"] + sessions["pageviews"] * 75
    at = pages_end + rng.integers(*LEAD_AFTER_LAST_PAGE, len(pages_end))
    return np.where(sessions["applies"], at, -1)


def generate_conversions(
    rng: np.random.Generator, sessions: Table, lead_at: np.ndarray, courses: Table, period: Period
) -> tuple[Table, Table]:
    """Applications (one per applying session) and their enrollments and refunds.

    Returns
    -------
    (applications, enrollments)
        ``applications``: ``session``, ``contact``, ``course``, ``applied_at``, ``cause``.
        ``enrollments``: ``application``, ``kind`` (0 enrollment, 1 refund), ``contact``,
        ``course``, ``occurred_at``, ``amount``, ``cause`` — both sorted by time.
    """
    rows = np.flatnonzero(sessions["applies"] & (lead_at < period.end))
    apps = {
        "session": rows,
        "contact": sessions["contact"][rows],
        "course": sessions["course"][rows],
        "applied_at": lead_at[rows],
        "cause": sessions["cause"][rows],
    }
    order = np.argsort(apps["applied_at"], kind="stable")
    apps = {k: v[order] for k, v in apps.items()}
    n = len(rows)
    enrolls = rng.random(n) < P_ENROLL_GIVEN_APPLICATION
    enrolled_at = (
        apps["applied_at"]
        + HOUR
        + rng.exponential(ENROLL_DELAY_MEAN_DAYS * DAY, n).astype(np.int64)
    )
    enrolled = np.flatnonzero(enrolls & (enrolled_at < period.end))
    refund = rng.random(len(enrolled)) < REFUND_SHARE
    refund_at = enrolled_at[enrolled] + rng.integers(DAY, 14 * DAY, len(enrolled))
    refunded = enrolled[refund & (refund_at < period.end)]
    price = courses["price"]
    app_idx = np.concatenate([enrolled, refunded])
    out = {
        "application": app_idx,
        "kind": np.concatenate([np.zeros(len(enrolled), np.int8), np.ones(len(refunded), np.int8)]),
        "contact": apps["contact"][app_idx],
        "course": apps["course"][app_idx],
        "occurred_at": np.concatenate(
            [enrolled_at[enrolled], refund_at[refund & (refund_at < period.end)]]
        ),
        "amount": price[apps["course"][app_idx]],
        "cause": apps["cause"][app_idx],
    }
    order = np.lexsort((out["kind"], out["occurred_at"]))
    return apps, {k: v[order] for k, v in out.items()}
