"""The methods in the lab: an A/A simulation with daily peeking, planted uplifts detected at the
planned power, and holdout intervals covering the planted incremental enrollments.

Run with ``-s`` to see the rates (they are also in the assertion messages)."""

from __future__ import annotations

import numpy as np
import pytest

from ml.experiments.power import contacts_needed_per_arm, power_proportion
from ml.experiments.simulation import (
    simulate_fixed_horizon,
    simulate_holdout_coverage,
    simulate_peeking,
)


def test_aa_daily_peeking_sequential_stays_below_alpha_naive_does_not():
    res = simulate_peeking(np.random.default_rng(2026), experiments=2_000, days=30)
    report = (
        f"A/A, {res.experiments} experiments x {res.looks} daily looks: false-positive rate "
        f"sequential {res.sequential_rate:.3f}, naive daily peeking {res.naive_rate:.3f}, "
        f"single planned look {res.final_look_rate:.3f}"
    )
    print(report)
    assert res.sequential_rate <= 0.05, report
    assert res.naive_rate > 0.15, report  # peeking inflates the 5 % several-fold
    assert res.final_look_rate == pytest.approx(0.05, abs=0.015), report


def test_planted_uplift_detected_at_the_planned_power():
    base, uplift = 0.05, 0.01
    n = int(contacts_needed_per_arm(base, uplift, power=0.8))
    rate = simulate_fixed_horizon(
        np.random.default_rng(7),
        experiments=4_000,
        contacts_per_arm=n,
        base_rate=base,
        uplift=uplift,
    )
    print(f"planned power 0.80 at {n:,} contacts per arm; detected in {rate:.3f} of 4,000")
    assert rate == pytest.approx(0.8, abs=0.03)
    small = simulate_fixed_horizon(
        np.random.default_rng(8),
        experiments=4_000,
        contacts_per_arm=2_000,
        base_rate=base,
        uplift=uplift,
    )
    assert small == pytest.approx(float(power_proportion(base, uplift, 2_000)), abs=0.03)


def test_sequential_test_still_detects_a_real_uplift_under_peeking():
    res = simulate_peeking(np.random.default_rng(3), experiments=2_000, days=30, uplift=0.015)
    print(
        f"uplift +1.5 pts: detected by sequential {res.sequential_rate:.3f}, fixed at the end {res.final_look_rate:.3f}"
    )
    assert res.sequential_rate > 0.7


def test_holdout_intervals_cover_the_planted_incremental_enrollments():
    coverage, ratio = simulate_holdout_coverage(
        np.random.default_rng(11), campaigns=4_000, treated=9_000, holdout=1_000,
        base_rate=0.02, incremental_rate=0.01,
    )  # fmt: skip
    print(f"holdout 95 % interval coverage {coverage:.3f}, mean estimate / truth {ratio:.3f}")
    assert coverage == pytest.approx(0.95, abs=0.015)
    assert ratio == pytest.approx(1.0, abs=0.03)
