"""Vectorised experiment simulations with planted truth: the lab the methods are checked in.

- :func:`simulate_peeking`: many two-arm experiments looked at every day; the share that ever
  looked significant, for the fixed-horizon p-value checked daily ("naive peeking") and for the
  always-valid sequential p-value. With no true difference (an A/A test) that share is the
  false-positive rate under peeking; with a planted uplift it is the power.
- :func:`simulate_fixed_horizon`: power of the planned fixed-horizon test at a planted uplift.
- :func:`simulate_holdout_coverage`: how often the incremental-enrollment interval covers the
  planted incremental enrollments.

All draws come from the caller's ``numpy.random.Generator`` (seeded in tests and benchmarks).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ml.experiments.frequentist import compare_proportions
from ml.experiments.holdout import incrementality
from ml.experiments.sequential import DEFAULT_TUNING, always_valid_p_value

__all__ = [
    "PeekingResult",
    "simulate_fixed_horizon",
    "simulate_holdout_coverage",
    "simulate_peeking",
]


@dataclass(frozen=True)
class PeekingResult:
    """Share of experiments ever declared significant at any daily look, by each method."""

    experiments: int
    looks: int
    naive_rate: float
    sequential_rate: float
    final_look_rate: float  # fixed-horizon test at the last look only (the planned analysis)


def simulate_peeking(
    rng: np.random.Generator,
    *,
    experiments: int = 2_000,
    days: int = 30,
    daily_contacts_per_arm: int = 200,
    base_rate: float = 0.05,
    uplift: float = 0.0,
    alpha: float = 0.05,
    tuning: float = DEFAULT_TUNING,
) -> PeekingResult:
    """Daily looks at ``experiments`` two-arm tests (arrays of shape experiments x days)."""
    shape = (experiments, days)
    conv_a = rng.binomial(daily_contacts_per_arm, base_rate, shape).cumsum(axis=1)
    conv_b = rng.binomial(daily_contacts_per_arm, base_rate + uplift, shape).cumsum(axis=1)
    n = np.broadcast_to(daily_contacts_per_arm * np.arange(1, days + 1), shape).astype(float)
    r = compare_proportions(conv_a.ravel(), n.ravel(), conv_b.ravel(), n.ravel(), alpha)
    p = np.nan_to_num(r.p_value, nan=1.0).reshape(shape)
    seq = always_valid_p_value(r.absolute_lift, r.se, 2 * n.ravel(), alpha, tuning)
    seq = np.nan_to_num(seq, nan=1.0).reshape(shape)
    return PeekingResult(
        experiments, days,
        float((p < alpha).any(axis=1).mean()),
        float((seq < alpha).any(axis=1).mean()),
        float((p[:, -1] < alpha).mean()),
    )  # fmt: skip


def simulate_fixed_horizon(
    rng: np.random.Generator,
    *,
    experiments: int,
    contacts_per_arm: int,
    base_rate: float,
    uplift: float,
    alpha: float = 0.05,
) -> float:
    """Share of experiments whose planned (single-look) z-test is significant."""
    conv_a = rng.binomial(contacts_per_arm, base_rate, experiments)
    conv_b = rng.binomial(contacts_per_arm, base_rate + uplift, experiments)
    n = np.full(experiments, float(contacts_per_arm))
    r = compare_proportions(conv_a, n, conv_b, n, alpha)
    return float((np.nan_to_num(r.p_value, nan=1.0) < alpha).mean())


def simulate_holdout_coverage(
    rng: np.random.Generator,
    *,
    campaigns: int,
    treated: int,
    holdout: int,
    base_rate: float,
    incremental_rate: float,
    alpha: float = 0.05,
) -> tuple[float, float]:
    """(coverage of the incremental-enrollment interval, mean estimate / planted truth).

    The planted truth is the *expected* incremental enrollments, incremental_rate x treated.
    Revenue is drawn as 500 per enrollment.
    """
    te = rng.binomial(treated, base_rate + incremental_rate, campaigns)
    he = rng.binomial(holdout, base_rate, campaigns)
    tn, hn = np.full(campaigns, float(treated)), np.full(campaigns, float(holdout))
    res = incrementality(
        tn, te, hn, he, 500.0 * te, 500.0**2 * te, 500.0 * he, 500.0**2 * he,
        np.full(campaigns, 1_000.0), te.astype(float), alpha,
    )  # fmt: skip
    truth = incremental_rate * treated
    covered = (res.incremental_enrollments_low <= truth) & (
        truth <= res.incremental_enrollments_high
    )
    return float(covered.mean()), float(res.incremental_enrollments.mean() / truth)
