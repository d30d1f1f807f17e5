"""Incrementality against holdouts, and the global holdout's assignment.

A campaign holdout (a split's ``holdout`` share) or the global holdout (a stable share of
contacts who receive nothing from any campaign for a period) is the untreated comparison group:
the campaign's *incremental* effect is treated - holdout, per contact, scaled to the treated
contacts. Enrollments use the two-proportion comparison (Wald interval), revenue per contact
Welch's; the cost per incremental enrollment = cost / incremental enrollments is reported with
its interval (cost / high .. cost / low, unbounded above when the low end is not positive),
beside the attributed one (cost / conversions credited to the campaign's sends).

The global holdout is drawn by the journey engine's own deterministic hashing
(:func:`delivery.journeys.nodes.unit_hash`, salted by the period), so the same contact is held
out by every process for the whole period and reshuffled the next.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from delivery.journeys.nodes import unit_hash
from ml.errors import MLInputError
from ml.experiments.frequentist import compare_means, compare_proportions
from ml.experiments.inputs import as_counts, check_alpha, check_conversions

__all__ = ["Incrementality", "global_holdout", "incrementality"]

GLOBAL_HOLDOUT_SALT = "global-holdout"


def global_holdout(contact_ids: pd.Series, share: float, period: str) -> pd.Series:
    """Whether each contact is in the global holdout of ``period`` (e.g. ``"2026-Q4"``).

    Same hash as the splits (``unit_hash``), salted ``global-holdout:<period>``: stable within a
    period, independent of every campaign's split.
    """
    if not 0 <= share < 0.5:
        raise MLInputError(f"global holdout share must be in [0, 0.5), got {share!r}")
    u = unit_hash(contact_ids, f"{GLOBAL_HOLDOUT_SALT}:{period}")
    return pd.Series(u < share, index=contact_ids.index, dtype=bool)


@dataclass(frozen=True)
class Incrementality:
    """Arrays, one element per campaign (see :func:`incrementality`)."""

    enrollment_lift: np.ndarray
    incremental_enrollments: np.ndarray
    incremental_enrollments_low: np.ndarray
    incremental_enrollments_high: np.ndarray
    incremental_revenue: np.ndarray
    incremental_revenue_low: np.ndarray
    incremental_revenue_high: np.ndarray
    cost_per_incremental_enrollment: np.ndarray
    cost_per_incremental_enrollment_low: np.ndarray
    cost_per_incremental_enrollment_high: np.ndarray
    cost_per_attributed_enrollment: np.ndarray

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.__dict__)


def incrementality(
    treated_n: np.ndarray,
    treated_enrolled: np.ndarray,
    holdout_n: np.ndarray,
    holdout_enrolled: np.ndarray,
    treated_revenue: np.ndarray,
    treated_revenue_sq: np.ndarray,
    holdout_revenue: np.ndarray,
    holdout_revenue_sq: np.ndarray,
    cost: np.ndarray,
    attributed_enrollments: np.ndarray,
    alpha: float = 0.05,
) -> Incrementality:
    """Incremental enrollments and revenue of each campaign with (1 - alpha) intervals.

    Parameters
    ----------
    treated_n, holdout_n : array_like
        Contacts treated / held out.
    treated_enrolled, holdout_enrolled : array_like
        Of those, contacts who enrolled within the campaign's conversion window.
    treated_revenue, treated_revenue_sq, holdout_revenue, holdout_revenue_sq : array_like
        Sum and sum of squares of per-contact revenue in the window.
    cost : array_like
        The campaign's cost.
    attributed_enrollments : array_like
        Enrollments credited to the campaign's sends (the attribution view).

    Returns
    -------
    Incrementality
        NaN where an arm is empty or has no variance (the caller reports it as inconclusive).
    """
    alpha = check_alpha(alpha)
    tn, te, hn, he = (as_counts(v, name) for v, name in (
        (treated_n, "treated_n"), (treated_enrolled, "treated_enrolled"),
        (holdout_n, "holdout_n"), (holdout_enrolled, "holdout_enrolled"),
    ))  # fmt: skip
    check_conversions(te, tn, "treated_enrolled")
    check_conversions(he, hn, "holdout_enrolled")
    rev = [
        np.asarray(v, dtype=float)
        for v in (treated_revenue, treated_revenue_sq, holdout_revenue, holdout_revenue_sq)
    ]
    cost, attributed = (
        np.asarray(cost, dtype=float),
        np.asarray(attributed_enrollments, dtype=float),
    )
    enr = compare_proportions(he, hn, te, tn, alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_mean, h_mean = rev[0] / tn, rev[2] / hn
        t_var = (rev[1] - rev[0] ** 2 / tn) / (tn - 1)
        h_var = (rev[3] - rev[2] ** 2 / hn) / (hn - 1)
    rv = compare_means(h_mean, h_var, hn, t_mean, t_var, tn, alpha)
    inc = enr.absolute_lift * tn
    low, high = enr.absolute_low * tn, enr.absolute_high * tn
    with np.errstate(divide="ignore", invalid="ignore"):
        cpi = np.where(inc > 0, cost / inc, np.nan)
        cpi_low = np.where(high > 0, cost / high, np.nan)
        cpi_high = np.where(low > 0, cost / low, np.inf)
        cpa = np.where(attributed > 0, cost / attributed, np.nan)
    cpi_high = np.where(np.isfinite(cpi), cpi_high, np.nan)
    return Incrementality(
        enr.absolute_lift, inc, low, high,
        rv.absolute_lift * tn, rv.absolute_low * tn, rv.absolute_high * tn,
        cpi, cpi_low, cpi_high, cpa,
    )  # fmt: skip
