"""One variant-vs-control comparison of a conversion rate (the report's A/B helper).

:func:`two_proportion_test` returns a :class:`ProportionTest` whose z and p-value equal
statsmodels ``proportions_ztest`` and whose interval equals ``confint_proportions_2indep``
(Wald); the chance to win is the exact Beta(1, 1)-prior posterior probability
(:func:`ml.experiments.bayesian.beta_chance_to_win`). NaN or impossible counts and an alpha
outside (0, 1) raise :class:`ml.errors.MLInputError`; an empty arm or zero variance gives an
``inconclusive`` result whose verdict says why (never "+nan pts"). For many tests, several
metrics, sequential p-values and SRM use :func:`ml.experiments.analysis.analyse_experiments`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ml.experiments.bayesian import beta_chance_to_win
from ml.experiments.frequentist import compare_proportions
from ml.experiments.inputs import as_counts, check_alpha, check_conversions

__all__ = ["ProportionTest", "two_proportion_test"]


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
        """A plain-language sentence for marketers (alpha validated)."""
        alpha = check_alpha(alpha)
        if self.inconclusive or self.p_value is None:
            return f"inconclusive: {self.reason or 'no test statistic'}"
        winner = "B" if self.absolute_lift > 0 else "A"
        sure = (
            f", {self.chance_to_win:.0%} chance B beats A" if self.chance_to_win is not None else ""
        )
        word = "wins" if self.p_value < alpha else "leads (not significant)"
        return f"variant {winner} {word}: {self.absolute_lift * 100:+.2f} pts (p = {self.p_value:.3g}{sure})"


def _opt(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def two_proportion_test(
    conv_a: float, n_a: float, conv_b: float, n_b: float, *, alpha: float = 0.05
) -> ProportionTest:
    """Two-sided pooled two-proportion z-test of B against A, with a Wald interval and chance to win.

    Parameters
    ----------
    conv_a, n_a, conv_b, n_b : int
        Conversions and trials of control A and variant B.
    alpha : float
        1 - confidence level of the interval on the absolute lift (strictly between 0 and 1).

    Returns
    -------
    ProportionTest
    """
    alpha = check_alpha(alpha)
    ca, na, cb, nb = as_counts([conv_a, n_a, conv_b, n_b], "counts")
    check_conversions(np.array([ca]), np.array([na]), "variant A")
    check_conversions(np.array([cb]), np.array([nb]), "variant B")
    rate_a = ca / na if na else 0.0
    rate_b = cb / nb if nb else 0.0
    if na == 0 or nb == 0:
        return ProportionTest(
            rate_a,
            rate_b,
            0.0,
            None,
            None,
            None,
            None,
            None,
            None,
            True,
            "a variant has no traffic",
        )
    r = compare_proportions(ca, na, cb, nb, alpha)
    chance = beta_chance_to_win(ca, na, cb, nb)
    relative = _opt(float(r.relative_lift))
    lift = float(r.absolute_lift)
    if not np.isfinite(r.statistic):
        return ProportionTest(
            rate_a, rate_b, lift, relative, None, None, None, None, chance, True,
            "zero variance: every trial converted, or none did",
        )  # fmt: skip
    return ProportionTest(
        rate_a, rate_b, lift, relative, float(r.statistic), float(r.p_value),
        float(r.absolute_low), float(r.absolute_high), chance, False,
    )  # fmt: skip
