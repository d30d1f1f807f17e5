"""Frequentist comparisons of a variant with its control, vectorised over many comparisons.

Every function takes arrays (one element per comparison) of sufficient statistics and returns
arrays; an element whose comparison is degenerate (an empty arm, zero variance) is NaN in these
low-level arrays and is turned into an explicit inconclusive result by :mod:`ml.experiments.analysis`.

References
----------
.. [1] statsmodels ``proportions_ztest`` (pooled variance), ``proportions_chisquare``,
   ``confint_proportions_2indep(method="wald")`` and ``ttest_ind(usevar="unequal")`` / Welch's
   interval (``CompareMeans.tconfint_diff``): the results here equal them to 1e-9 (tests).
.. [2] GrowthBook gbstats ``TwoSidedTTest``: the relative lift (B - A) / A and its delta-method
   variance Var_B / (A^2 n_B) + Var_A B^2 / (A^4 n_A).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from ml.experiments.inputs import check_alpha

__all__ = ["Comparison", "compare_means", "compare_proportions"]


@dataclass(frozen=True)
class Comparison:
    """Arrays (one element per comparison) of a variant-vs-control test.

    ``statistic`` is z for proportions (chi-square = z^2, one degree of freedom) and Welch's t for
    means; ``dof`` is infinite for the z-test. ``se`` is the unpooled standard error of the absolute
    lift, the one its interval and the Bayesian / sequential figures use.
    """

    control: np.ndarray
    variant: np.ndarray
    absolute_lift: np.ndarray
    absolute_low: np.ndarray
    absolute_high: np.ndarray
    relative_lift: np.ndarray
    relative_low: np.ndarray
    relative_high: np.ndarray
    se: np.ndarray
    relative_se: np.ndarray
    statistic: np.ndarray
    p_value: np.ndarray
    dof: np.ndarray

    @property
    def chi_square(self) -> np.ndarray:
        """Pearson's chi-square of the 2x2 table (no continuity correction) = z^2."""
        return self.statistic**2


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _relative(
    mean_a: np.ndarray, var_a: np.ndarray, n_a: np.ndarray, mean_b: np.ndarray, var_b, n_b
) -> tuple[np.ndarray, np.ndarray]:
    """Relative lift and its delta-method standard error (gbstats' formula); NaN when A's mean is 0."""
    rel = _safe_div(mean_b - mean_a, mean_a)
    with np.errstate(divide="ignore", invalid="ignore"):
        var = var_b / (mean_a**2 * n_b) + var_a * mean_b**2 / (mean_a**4 * n_a)
    var = np.where(mean_a > 0, var, np.nan)
    return rel, np.sqrt(var)


def compare_proportions(
    conv_a: np.ndarray, n_a: np.ndarray, conv_b: np.ndarray, n_b: np.ndarray, alpha: float = 0.05
) -> Comparison:
    """Two-sided pooled two-proportion z-test of B against A with Wald and delta-method intervals.

    Parameters
    ----------
    conv_a, n_a, conv_b, n_b : array_like
        Conversions and trials of control A and variant B (validated by the caller).
    alpha : float
        1 - confidence level of the intervals.

    Returns
    -------
    Comparison
        z and p equal ``proportions_ztest([conv_b, conv_a], [n_b, n_a])``; the absolute interval
        equals ``confint_proportions_2indep(conv_b, n_b, conv_a, n_a, method="wald")``.
    """
    alpha = check_alpha(alpha)
    conv_a, n_a, conv_b, n_b = (np.asarray(v, dtype=float) for v in (conv_a, n_a, conv_b, n_b))
    p_a, p_b = _safe_div(conv_a, n_a), _safe_div(conv_b, n_b)
    lift = p_b - p_a
    pooled = _safe_div(conv_a + conv_b, n_a + n_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        se_pooled = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
        z = np.where(se_pooled > 0, lift / se_pooled, np.nan)
        var_a, var_b = p_a * (1 - p_a), p_b * (1 - p_b)
        se = np.sqrt(var_a / n_a + var_b / n_b)
    p_value = 2 * stats.norm.sf(np.abs(z))
    crit = stats.norm.ppf(1 - alpha / 2)
    rel, rel_se = _relative(p_a, var_a, n_a, p_b, var_b, n_b)
    return Comparison(
        p_a, p_b, lift, lift - crit * se, lift + crit * se,
        rel, rel - crit * rel_se, rel + crit * rel_se,
        se, rel_se, z, p_value, np.full_like(lift, np.inf),
    )  # fmt: skip


def compare_means(
    mean_a: np.ndarray,
    var_a: np.ndarray,
    n_a: np.ndarray,
    mean_b: np.ndarray,
    var_b: np.ndarray,
    n_b: np.ndarray,
    alpha: float = 0.05,
) -> Comparison:
    """Welch's two-sided t-test of B's mean against A's, with Welch and delta-method intervals.

    ``var_*`` are sample variances (ddof = 1). The t statistic, p-value and interval of the
    absolute lift equal statsmodels ``ttest_ind(b, a, usevar="unequal")`` and
    ``CompareMeans(...).tconfint_diff(usevar="unequal")``; the relative interval uses the same
    Welch-Satterthwaite degrees of freedom (as gbstats).
    """
    alpha = check_alpha(alpha)
    mean_a, var_a, n_a, mean_b, var_b, n_b = (
        np.asarray(v, dtype=float) for v in (mean_a, var_a, n_a, mean_b, var_b, n_b)
    )
    lift = mean_b - mean_a
    with np.errstate(divide="ignore", invalid="ignore"):
        va, vb = var_a / n_a, var_b / n_b
        se = np.sqrt(va + vb)
        dof = (va + vb) ** 2 / (va**2 / (n_a - 1) + vb**2 / (n_b - 1))
        t = np.where(se > 0, lift / se, np.nan)
    ok = np.isfinite(t) & np.isfinite(dof) & (dof > 0)
    dof = np.where(ok, dof, np.nan)
    p_value = np.where(ok, 2 * stats.t.sf(np.abs(np.where(ok, t, 0)), np.where(ok, dof, 1)), np.nan)
    crit = np.where(ok, stats.t.ppf(1 - alpha / 2, np.where(ok, dof, 1)), np.nan)
    rel, rel_se = _relative(mean_a, var_a, n_a, mean_b, var_b, n_b)
    return Comparison(
        mean_a, mean_b, lift, lift - crit * se, lift + crit * se,
        rel, rel - crit * rel_se, rel + crit * rel_se,
        se, rel_se, t, p_value, dof,
    )  # fmt: skip
