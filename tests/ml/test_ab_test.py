"""A/B helpers checked against statsmodels and a seeded Monte Carlo of the Beta posteriors."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from ml.ab_test import beta_chance_to_win, two_proportion_test
from ml.errors import MLInputError


@pytest.mark.parametrize(
    ("conv_a", "n_a", "conv_b", "n_b"),
    [(200, 10_000, 245, 10_000), (31, 480, 22, 510), (5, 60, 9, 55)],
)
def test_z_and_p_value_equal_statsmodels(conv_a, n_a, conv_b, n_b):
    res = two_proportion_test(conv_a, n_a, conv_b, n_b)
    z, p = proportions_ztest([conv_b, conv_a], [n_b, n_a])
    assert res.z == pytest.approx(z, rel=1e-12)
    assert res.p_value == pytest.approx(p, rel=1e-12)
    low, high = confint_proportions_2indep(conv_b, n_b, conv_a, n_a, method="wald")
    assert (res.ci_low, res.ci_high) == pytest.approx((low, high), rel=1e-9)


@pytest.mark.parametrize(
    ("conv_a", "n_a", "conv_b", "n_b"), [(200, 10_000, 245, 10_000), (3, 40, 1, 38), (0, 10, 0, 10)]
)
def test_chance_to_win_matches_monte_carlo(conv_a, n_a, conv_b, n_b):
    rng = np.random.default_rng(42)
    a = rng.beta(1 + conv_a, 1 + n_a - conv_a, 400_000)
    b = rng.beta(1 + conv_b, 1 + n_b - conv_b, 400_000)
    assert beta_chance_to_win(conv_a, n_a, conv_b, n_b) == pytest.approx((b > a).mean(), abs=0.003)


def test_large_counts_use_normal_approximation_consistently():
    exact = beta_chance_to_win(9_000, 100_000, 9_150, 100_000)
    approx = beta_chance_to_win(90_000, 1_000_000, 91_500, 1_000_000)
    assert 0.85 < exact < 0.9  # same rates, 10x data -> more certain
    assert approx > 0.99


def test_degenerate_inputs_are_inconclusive_not_nan():
    none = two_proportion_test(0, 0, 5, 100)
    assert none.inconclusive and "no traffic" in none.verdict()
    flat = two_proportion_test(0, 100, 0, 100)
    assert flat.inconclusive and flat.p_value is None and flat.chance_to_win == pytest.approx(0.5)
    assert "wins" in two_proportion_test(200, 10_000, 300, 10_000).verdict()
    with pytest.raises(MLInputError, match="variant B"):
        two_proportion_test(1, 10, 11, 10)
