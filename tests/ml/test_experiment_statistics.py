"""ml.experiments' statistics against references: statsmodels, scipy, numerical integration and
seeded Monte Carlo of gbstats' formulas, and the degenerate inputs that must not produce NaN."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportions_chisquare,
    proportions_ztest,
)
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW, ttest_ind

from ml.errors import MLInputError
from ml.experiments import power as pw
from ml.experiments.bayesian import arm_credible_interval, beta_chance_to_win, lift_posterior
from ml.experiments.corrections import adjust_p_values
from ml.experiments.cuped import cuped_adjust
from ml.experiments.frequentist import compare_means, compare_proportions
from ml.experiments.proportion import two_proportion_test
from ml.experiments.sequential import always_valid_p_value, confidence_sequence, mixing_rho
from ml.experiments.srm import srm_p_values

CASES = [(200, 10_000, 245, 10_000), (31, 480, 22, 510), (5, 60, 9, 55), (1, 120, 30, 90)]


@pytest.mark.parametrize(("ca", "na", "cb", "nb"), CASES)
def test_proportions_equal_statsmodels(ca, na, cb, nb):
    r = compare_proportions(ca, na, cb, nb, alpha=0.1)
    z, p = proportions_ztest([cb, ca], [nb, na])
    chi2, p_chi2, _ = proportions_chisquare([cb, ca], [nb, na])
    low, high = confint_proportions_2indep(cb, nb, ca, na, method="wald", alpha=0.1)
    assert float(r.statistic) == pytest.approx(z, rel=1e-9, abs=1e-12)
    assert float(r.p_value) == pytest.approx(p, rel=1e-9, abs=1e-12)
    assert float(r.chi_square) == pytest.approx(chi2, rel=1e-9)
    assert float(r.p_value) == pytest.approx(p_chi2, rel=1e-9, abs=1e-12)
    assert (float(r.absolute_low), float(r.absolute_high)) == pytest.approx((low, high), rel=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_welch_equals_statsmodels(seed):
    rng = np.random.default_rng(seed)
    a = rng.gamma(0.5, 80, 300) * (rng.random(300) < 0.3)
    b = rng.gamma(0.5, 95, 420) * (rng.random(420) < 0.3)
    r = compare_means(a.mean(), a.var(ddof=1), 300, b.mean(), b.var(ddof=1), 420, alpha=0.05)
    t, p, dof = ttest_ind(b, a, usevar="unequal")
    low, high = CompareMeans(DescrStatsW(b), DescrStatsW(a)).tconfint_diff(usevar="unequal")
    assert float(r.statistic) == pytest.approx(t, rel=1e-9)
    assert float(r.p_value) == pytest.approx(p, rel=1e-9)
    assert float(r.dof) == pytest.approx(dof, rel=1e-9)
    assert (float(r.absolute_low), float(r.absolute_high)) == pytest.approx((low, high), rel=1e-9)


def test_relative_lift_interval_is_the_delta_method():
    # re-derived: gradient of f(a, b) = b / a - 1 at the means, times the diagonal covariance
    ma, va, na, mb, vb, nb = 12.0, 900.0, 500, 14.0, 1100.0, 450
    r = compare_means(ma, va, na, mb, vb, nb)
    h = 1e-6
    grad_a = ((mb / (ma + h) - 1) - (mb / (ma - h) - 1)) / (2 * h)
    grad_b = (((mb + h) / ma - 1) - ((mb - h) / ma - 1)) / (2 * h)
    se = np.sqrt(grad_a**2 * va / na + grad_b**2 * vb / nb)
    assert float(r.relative_lift) == pytest.approx(mb / ma - 1, rel=1e-12)
    assert float(r.relative_se) == pytest.approx(se, rel=1e-6)
    crit = stats.t.ppf(0.975, float(r.dof))
    assert float(r.relative_high) == pytest.approx(mb / ma - 1 + crit * se, rel=1e-6)


@pytest.mark.parametrize(("lift", "se"), [(0.01, 0.004), (-0.003, 0.002), (2.5, 4.0)])
def test_lift_posterior_matches_numerical_integration(lift, se):
    post = lift_posterior(np.array([lift]), np.array([se]), alpha=0.05)
    density = stats.norm(lift, se).pdf
    lo, hi = lift - 12 * se, lift + 12 * se
    chance = integrate.quad(density, 0, hi)[0]
    risk_variant = integrate.quad(lambda x: -x * density(x), lo, 0)[0]  # loss of shipping B
    risk_control = integrate.quad(lambda x: x * density(x), 0, hi)[0]
    assert post.chance_to_win[0] == pytest.approx(chance, abs=1e-9)
    assert post.risk_variant[0] == pytest.approx(risk_variant, rel=1e-7, abs=1e-12)
    assert post.risk_control[0] == pytest.approx(risk_control, rel=1e-7, abs=1e-12)
    assert (post.low[0], post.high[0]) == pytest.approx(stats.norm(lift, se).ppf([0.025, 0.975]))


def test_arm_credible_intervals_match_monte_carlo_of_the_beta_posterior():
    rng = np.random.default_rng(7)
    mean, low, high = arm_credible_interval(
        np.array(["proportion"]), np.array([400]), np.array([37.0]), np.array([0.0])
    )
    draws = rng.beta(1 + 37, 1 + 400 - 37, 400_000)
    assert mean[0] == pytest.approx(draws.mean(), abs=5e-4)
    assert (low[0], high[0]) == pytest.approx(np.quantile(draws, [0.025, 0.975]), abs=1e-3)


@pytest.mark.parametrize(
    ("ca", "na", "cb", "nb"),
    [
        (5, 60, 12_000, 100_000),  # small control arm: the old code's normal switch was off
        (12_000, 100_000, 5, 60),
        (3, 40, 1, 38),
        (200, 10_000, 245, 10_000),
    ],
)
def test_beta_chance_to_win_matches_monte_carlo(ca, na, cb, nb):
    rng = np.random.default_rng(42)
    a = rng.beta(1 + ca, 1 + na - ca, 400_000)
    b = rng.beta(1 + cb, 1 + nb - cb, 400_000)
    assert beta_chance_to_win(ca, na, cb, nb) == pytest.approx((b > a).mean(), abs=0.003)
    assert beta_chance_to_win(ca, na, cb, nb) + beta_chance_to_win(cb, nb, ca, na) == (
        pytest.approx(1.0, abs=1e-9)
    )


def test_sequential_p_value_and_sequence_agree_and_are_wider_than_fixed():
    rng = np.random.default_rng(5)
    est, se = rng.normal(0, 0.01, 500), rng.uniform(0.002, 0.01, 500)
    n = rng.integers(200, 50_000, 500).astype(float)
    p = always_valid_p_value(est, se, n)
    low, high = confidence_sequence(est, se, n)
    assert np.array_equal(p < 0.05, (low > 0) | (high < 0))
    fixed = 2 * stats.norm.sf(np.abs(est / se))
    assert (p >= fixed).all()  # the price of looking at any time
    rho = mixing_rho(0.05, 5_000)
    assert rho == pytest.approx(
        np.sqrt((-2 * np.log(0.05) + np.log(-2 * np.log(0.05) + 1)) / 5_000)
    )


def test_srm_equals_scipy_chisquare_against_planned_weights():
    groups = np.array(["t1"] * 3 + ["t2"] * 2)
    observed = np.array([1000, 1100, 2050, 500, 430])
    weights = np.array([0.25, 0.25, 0.5, 1.0, 1.0])
    p = srm_p_values(groups, observed, weights)
    expected_t1 = np.array([0.25, 0.25, 0.5]) * observed[:3].sum()
    assert p["t1"] == pytest.approx(stats.chisquare(observed[:3], expected_t1).pvalue, rel=1e-9)
    assert p["t2"] == pytest.approx(stats.chisquare(observed[3:]).pvalue, rel=1e-9)
    unknown = srm_p_values(groups, observed, np.array([0.25, 0.25, 0.5, 1.0, np.nan]))
    assert np.isnan(unknown["t2"]) and unknown["t1"] == p["t1"]  # no plan, no check


@pytest.mark.parametrize("method", ["holm", "bh"])
def test_corrections_equal_statsmodels_within_each_family(method):
    rng = np.random.default_rng(11)
    families = rng.integers(0, 40, 150)
    p = rng.uniform(0, 0.2, 150) ** 2
    p[::17] = np.nan
    adjusted = adjust_p_values(families, p, method)
    name = {"holm": "holm", "bh": "fdr_bh"}[method]
    for f in np.unique(families):
        idx = np.flatnonzero((families == f) & np.isfinite(p))
        if len(idx):
            assert adjusted[idx] == pytest.approx(multipletests(p[idx], method=name)[1], rel=1e-12)
    assert np.isnan(adjusted[::17]).all()


def test_power_and_sample_size_equal_statsmodels_normal_ind_power():
    base, lift, n = 0.05, 0.01, 4_000
    effect = lift / np.sqrt((base * (1 - base) + (base + lift) * (1 - base - lift)) / 2)
    reference = NormalIndPower().power(effect, nobs1=n, alpha=0.05, ratio=1.0)
    assert float(pw.power_proportion(base, lift, n)) == pytest.approx(reference, rel=1e-9)
    solved = NormalIndPower().solve_power(effect, alpha=0.05, power=0.8, ratio=1.0)
    assert float(pw.contacts_needed_per_arm(base, lift)) == pytest.approx(solved, abs=1.0)
    mde = float(pw.mde_proportion(base, n))
    assert float(pw.power_proportion(base, mde, n)) == pytest.approx(0.8, abs=1e-6)


def test_plan_line_reads_like_a_sentence():
    plan = pw.plan_test(10_000, 2, 0.04, holdout=0.1)
    assert plan.contacts_per_arm == 4_500
    line = plan.line()
    assert "4,500 contacts per arm (2 arms, 10% holdout)" in line
    assert f"detects {plan.mde * 100:+.1f} pts" in line and "power to detect +1.0 pt" in line
    assert "no A/B test" in pw.plan_test(90, 2, 0.04).line()
    assert "no base click rate yet" in pw.plan_test(5_000, 3, None).line()


def test_cuped_equals_welch_on_the_adjusted_outcome():
    rng = np.random.default_rng(9)
    x = rng.poisson(3, 4_000).astype(float)
    arm = rng.integers(0, 2, 4_000)
    y = 0.5 * x + rng.normal(0, 1, 4_000) + 0.2 * arm
    theta = np.cov(x, y, ddof=1)[0, 1] / x.var(ddof=1)
    adjusted = y - theta * (x - x.mean())
    sums = [
        [fn(v[arm == k]) for k in (0, 1)]
        for v, fn in ((y, np.sum), (y * y, np.sum), (x, np.sum), (x * x, np.sum), (x * y, np.sum))
    ]
    n = np.array([(arm == 0).sum(), (arm == 1).sum()], dtype=float)
    mean, var, th, reduction = cuped_adjust(np.zeros(2), n, *map(np.array, sums))
    assert th[0] == pytest.approx(theta, rel=1e-9)
    for k in (0, 1):
        assert mean[k] == pytest.approx(adjusted[arm == k].mean(), rel=1e-9)
        assert var[k] == pytest.approx(adjusted[arm == k].var(ddof=1), rel=1e-9)
    assert (reduction > 0.35).all()  # x explains 0.75 of y's variance of 1.75
    r = compare_means(mean[0], var[0], n[0], mean[1], var[1], n[1])
    t, p, _ = ttest_ind(adjusted[arm == 1], adjusted[arm == 0], usevar="unequal")
    assert float(r.p_value) == pytest.approx(p, rel=1e-9)


def test_hostile_inputs_raise_typed_errors():
    with pytest.raises(MLInputError, match="alpha"):
        two_proportion_test(10, 100, 12, 100, alpha=1.5)
    with pytest.raises(MLInputError, match="finite"):
        two_proportion_test(float("nan"), 100, 12, 100)
    with pytest.raises(MLInputError, match="variant B"):
        beta_chance_to_win(1, 10, 11, 10)
    with pytest.raises(MLInputError, match="alpha"):
        lift_posterior(np.array([0.1]), np.array([0.1]), alpha=0.0)
    for bad in (1.5, -0.1, float("nan"), "5%"):
        with pytest.raises(MLInputError, match="alpha"):
            compare_proportions(10, 100, 12, 100, alpha=bad)
        with pytest.raises(MLInputError, match="alpha"):
            compare_means(1.0, 1.0, 10, 1.2, 1.0, 10, alpha=bad)


def test_degenerate_single_comparisons_are_inconclusive_never_nan():
    empty = two_proportion_test(0, 0, 5, 100)
    assert empty.inconclusive and "nan" not in empty.verdict()
    flat = two_proportion_test(0, 100, 0, 100)
    assert flat.inconclusive and flat.p_value is None and "nan" not in flat.verdict()
    assert flat.chance_to_win == pytest.approx(0.5)
    assert "wins" in two_proportion_test(200, 10_000, 300, 10_000).verdict()


def test_the_studio_power_sentence_comes_from_the_one_power_module():
    """``plan_test(...).sentence()`` is what the studio shows (``ml/power.py`` is gone): its MDE
    is this module's unpooled-variance figure, within a few per cent of Cohen's h through
    statsmodels' ``NormalIndPower`` (what the studio used to show) at a usual size."""
    import math

    from statsmodels.stats.power import NormalIndPower

    plan = pw.plan_test(5_334, 2, 0.03, holdout=0.1)
    assert plan.contacts_per_arm == 2_400
    h = NormalIndPower().solve_power(nobs1=2_400, alpha=0.05, power=0.8, ratio=1.0)
    cohen = math.sin((2 * math.asin(math.sqrt(0.03)) + h) / 2) ** 2 - 0.03
    assert plan.mde == pytest.approx(cohen, rel=0.05)
    assert plan.sentence() == (
        f"With 2,400 contacts per arm you can detect a {plan.mde * 100:.1f}-point change in "
        "click rate (from 3.0 %, 80 % power, 5 % two-sided)."
    )
    assert "needs at least 2 contacts" in pw.plan_test(10, 2, None).sentence()
