"""A/B readout helpers: frequentist two-proportion z-test and Bayesian beta-binomial chance to win.

Degenerate inputs (no traffic, zero variance) return an ``inconclusive`` result, never a NaN.

References
----------
.. [1] statsmodels ``statsmodels.stats.proportion.proportions_ztest`` (pooled variance).
.. [2] Miller, E. (2015). Formulas for Bayesian A/B Testing (closed form of P(B > A) for Beta
   posteriors). https://www.evanmiller.org/bayesian-ab-testing.html
.. [3] GrowthBook gbstats: Beta(1, 1) prior per variant, "chance to beat control".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.special import betaln

from ml.errors import MLInputError

__all__ = ["ProportionTest", "beta_chance_to_win", "two_proportion_test"]


@dataclass(frozen=True)
class ProportionTest:
    """Result of comparing variant B's conversion rate with control A's."""

    rate_a: float
    rate_b: float
    absolute_lift: float
    relative_lift: float | None
    z: float | None
    p_value: float | None
    ci_low: float | None
    ci_high: float | None
    chance_to_win: float | None
    inconclusive: bool
    reason: str = ""

    def verdict(self, alpha: float = 0.05) -> str:
        """A plain-language sentence for marketers."""
        if self.inconclusive:
            return f"inconclusive: {self.reason}"
        winner = "B" if self.absolute_lift > 0 else "A"
        sure = (
            f", {self.chance_to_win:.0%} chance B beats A" if self.chance_to_win is not None else ""
        )
        significant = self.p_value is not None and self.p_value < alpha
        word = "wins" if significant else "leads (not significant)"
        return f"variant {winner} {word}: {self.absolute_lift * 100:+.2f} pts (p = {self.p_value:.3g}{sure})"


def _check_counts(conversions: int, trials: int, name: str) -> None:
    if trials < 0 or conversions < 0 or conversions > trials:
        raise MLInputError(
            f"{name}: conversions ({conversions}) must be between 0 and trials ({trials})"
        )


def beta_chance_to_win(conv_a: int, n_a: int, conv_b: int, n_b: int) -> float:
    """P(rate_B > rate_A) under independent Beta(1 + conv, 1 + n - conv) posteriors (exact).

    Parameters
    ----------
    conv_a, n_a, conv_b, n_b : int
        Conversions and trials of control A and variant B.

    Returns
    -------
    float

    References
    ----------
    .. [2] Miller (2015): P(p_B > p_A) = Σ_{i<α_B} B(α_A+i, β_A+β_B) / ((β_B+i) B(1+i, β_B) B(α_A, β_A)).
    """
    _check_counts(conv_a, n_a, "variant A")
    _check_counts(conv_b, n_b, "variant B")
    alpha_a, beta_a = 1 + conv_a, 1 + n_a - conv_a
    alpha_b, beta_b = 1 + conv_b, 1 + n_b - conv_b
    if alpha_b > 10_000:  # the exact sum is O(alpha_b): use the normal approximation instead
        mean = alpha_b / (alpha_b + beta_b) - alpha_a / (alpha_a + beta_a)
        var = sum(
            a * b / ((a + b) ** 2 * (a + b + 1)) for a, b in ((alpha_a, beta_a), (alpha_b, beta_b))
        )
        return float(stats.norm.sf(0.0, loc=mean, scale=math.sqrt(var)))
    i = np.arange(alpha_b)
    log_terms = (
        betaln(alpha_a + i, beta_a + beta_b)
        - np.log(beta_b + i)
        - betaln(1 + i, beta_b)
        - betaln(alpha_a, beta_a)
    )
    return float(np.clip(np.exp(log_terms).sum(), 0.0, 1.0))


def two_proportion_test(
    conv_a: int, n_a: int, conv_b: int, n_b: int, *, alpha: float = 0.05
) -> ProportionTest:
    """Two-sided pooled two-proportion z-test of B against A, with a Wald interval and chance to win.

    The z statistic and p-value equal ``statsmodels.stats.proportion.proportions_ztest`` on
    ``[conv_b, conv_a], [n_b, n_a]``.

    Parameters
    ----------
    conv_a, n_a, conv_b, n_b : int
        Conversions and trials of control A and variant B.
    alpha : float
        1 - confidence level of the interval on the absolute lift.

    Returns
    -------
    ProportionTest
    """
    _check_counts(conv_a, n_a, "variant A")
    _check_counts(conv_b, n_b, "variant B")
    if n_a == 0 or n_b == 0:
        return ProportionTest(
            *(0.0 if n_a == 0 else conv_a / n_a, 0.0 if n_b == 0 else conv_b / n_b),
            0.0, None, None, None, None, None, None, True, "a variant has no traffic",
        )  # fmt: skip
    rate_a, rate_b = conv_a / n_a, conv_b / n_b
    lift = rate_b - rate_a
    pooled = (conv_a + conv_b) / (n_a + n_b)
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    relative = lift / rate_a if rate_a > 0 else None
    chance = beta_chance_to_win(conv_a, n_a, conv_b, n_b)
    if se_pooled == 0:
        return ProportionTest(
            rate_a, rate_b, lift, relative, None, None, None, None, chance, True,
            "zero variance: every trial converted, or none did",
        )  # fmt: skip
    z = lift / se_pooled
    p_value = float(2 * stats.norm.sf(abs(z)))
    se = math.sqrt(rate_a * (1 - rate_a) / n_a + rate_b * (1 - rate_b) / n_b)
    half = stats.norm.ppf(1 - alpha / 2) * se
    return ProportionTest(
        rate_a, rate_b, lift, relative, z, p_value, lift - half, lift + half, chance, False
    )
