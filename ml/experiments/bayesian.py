"""Bayesian figures of a variant against its control, as GrowthBook's gbstats computes them.

Priors (documented, as gbstats' defaults):

- each arm of a proportion metric: Beta(1, 1) (uniform), so the arm's posterior is
  Beta(1 + conversions, 1 + trials - conversions); a mean metric's arm: a flat prior, posterior
  Normal(sample mean, sample sd / sqrt(n));
- the lift (variant - control): gbstats' *effect* model with its default improper flat prior,
  so the posterior of the lift is Normal(observed lift, its standard error^2). A proper Gaussian
  prior N(``prior_mean``, ``prior_variance``) on the lift can be passed (precision-weighted).

From the lift's posterior N(mu, s^2): chance to beat control = P(lift > 0) = Phi(mu / s); the
expected loss (gbstats' "risk") of shipping the variant = E[max(-lift, 0)] and of keeping the
control = E[max(lift, 0)], in closed form through the truncated normal mean; the credible
interval is mu -/+ z s.

:func:`beta_chance_to_win` is the exact P(p_B > p_A) for two Beta posteriors (Miller's sum),
kept for small single comparisons; it sums over the *smaller* arm and uses the normal
approximation only when both arms are large (it used to look at B's count alone, which was off
by up to 0.10 with a small control arm).

References
----------
.. [1] GrowthBook gbstats, ``gbstats/bayesian/tests.py`` (EffectBayesianABTest: chance to win,
   risk via truncated normal means, credible interval) and ``bayesian/constants.py`` (Beta(1, 1)).
.. [2] Miller, E. (2015). Formulas for Bayesian A/B Testing.
   https://www.evanmiller.org/bayesian-ab-testing.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.special import betaln

from ml.experiments.inputs import as_counts, check_alpha, check_conversions

__all__ = [
    "BETA_PRIOR",
    "LiftPosterior",
    "arm_credible_interval",
    "beta_chance_to_win",
    "lift_posterior",
]

#: Beta(a, b) prior of each arm's conversion rate (gbstats' default).
BETA_PRIOR = (1.0, 1.0)
#: Above this many conversions *in both arms* the exact sum gives way to the normal approximation.
EXACT_LIMIT = 10_000


@dataclass(frozen=True)
class LiftPosterior:
    """Arrays: the lift's posterior mean and sd, chance to beat control, risks, credible interval."""

    mean: np.ndarray
    sd: np.ndarray
    chance_to_win: np.ndarray
    risk_variant: np.ndarray  # expected loss of shipping the variant
    risk_control: np.ndarray  # expected loss of keeping the control
    low: np.ndarray
    high: np.ndarray


def lift_posterior(
    lift: np.ndarray,
    se: np.ndarray,
    alpha: float = 0.05,
    prior_mean: float = 0.0,
    prior_variance: float | None = None,
) -> LiftPosterior:
    """Posterior of the lift from its estimate and standard error (gbstats' effect model).

    Parameters
    ----------
    lift, se : array_like
        Observed lift and its (unpooled) standard error; ``se`` <= 0 or NaN gives NaN figures,
        which the caller reports as inconclusive.
    alpha : float
        1 - credible level of the interval.
    prior_mean, prior_variance : float
        A proper Gaussian prior on the lift; ``prior_variance=None`` (default) is gbstats' flat
        improper prior.
    """
    alpha = check_alpha(alpha)
    lift = np.asarray(lift, dtype=float)
    se = np.asarray(se, dtype=float)
    ok = np.isfinite(lift) & np.isfinite(se) & (se > 0)
    var = np.where(ok, se, 1.0) ** 2
    mean = lift
    if prior_variance is not None:
        post_var = 1 / (1 / var + 1 / prior_variance)
        mean = post_var * (lift / var + prior_mean / prior_variance)
        var = post_var
    sd = np.sqrt(var)
    z = np.where(ok, mean / sd, np.nan)
    pdf = stats.norm.pdf(z)
    chance = stats.norm.cdf(z)
    # E[max(L, 0)] = mu Phi(mu/s) + s phi(mu/s); E[max(-L, 0)] = -mu Phi(-mu/s) + s phi(mu/s)
    risk_control = mean * chance + sd * pdf
    risk_variant = -mean * (1 - chance) + sd * pdf
    half = stats.norm.ppf(1 - alpha / 2) * sd
    nan = np.where(ok, 0.0, np.nan)
    return LiftPosterior(
        mean + nan, sd + nan, chance + nan, risk_variant + nan, risk_control + nan,
        mean - half + nan, mean + half + nan,
    )  # fmt: skip


def arm_credible_interval(
    kind: np.ndarray,
    n: np.ndarray,
    total: np.ndarray,
    sample_var: np.ndarray,
    alpha: float = 0.05,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Posterior mean and equal-tailed credible interval of each arm.

    ``kind`` is ``"proportion"`` (Beta(1 + total, 1 + n - total)) or ``"mean"`` (flat prior:
    Normal(total / n, sample_var / n)). Arms with no contacts get NaN.
    """
    alpha = check_alpha(alpha)
    kind, n, total, sample_var = (np.asarray(v) for v in (kind, n, total, sample_var))
    n = n.astype(float)
    is_prop = kind == "proportion"
    a = BETA_PRIOR[0] + np.where(is_prop, total, 0.0)
    b = BETA_PRIOR[1] + np.where(is_prop, n - total, 0.0)
    beta_mean = a / (a + b)
    beta_low = stats.beta.ppf(alpha / 2, a, b)
    beta_high = stats.beta.isf(alpha / 2, a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(n > 0, total / np.where(n > 0, n, 1), np.nan)
        half = stats.norm.ppf(1 - alpha / 2) * np.sqrt(sample_var / n)
    post_mean = np.where(is_prop, beta_mean, mean)
    low = np.where(is_prop, beta_low, mean - half)
    high = np.where(is_prop, beta_high, mean + half)
    empty = np.where(n > 0, 0.0, np.nan)
    return post_mean + empty, low + empty, high + empty


def _exact_sum(alpha_a: float, beta_a: float, alpha_b: float, beta_b: float) -> float:
    """P(X_B > X_A), X ~ Beta, by Miller's sum over i < alpha_b (O(alpha_b) terms)."""
    i = np.arange(int(alpha_b))
    log_terms = (
        betaln(alpha_a + i, beta_a + beta_b)
        - np.log(beta_b + i)
        - betaln(1 + i, beta_b)
        - betaln(alpha_a, beta_a)
    )
    return float(np.clip(np.exp(log_terms).sum(), 0.0, 1.0))


def beta_chance_to_win(conv_a: float, n_a: float, conv_b: float, n_b: float) -> float:
    """P(rate_B > rate_A) under independent Beta(1 + conv, 1 + n - conv) posteriors.

    Exact (Miller's closed-form sum) while either arm has at most :data:`EXACT_LIMIT`
    conversions: the sum runs over the arm with fewer conversions (P(A > B) = 1 - P(B > A) for
    continuous posteriors). Only when both arms are large, where both posteriors are close to
    normal, does it use the normal approximation of the difference.

    Parameters
    ----------
    conv_a, n_a, conv_b, n_b : float
        Conversions and trials of control A and variant B (NaN, negative or conversions above
        trials raise :class:`ml.errors.MLInputError`).

    Returns
    -------
    float

    References
    ----------
    .. [2] Miller (2015): P(p_B > p_A) = sum_{i < alpha_B} B(alpha_A + i, beta_A + beta_B) /
       ((beta_B + i) B(1 + i, beta_B) B(alpha_A, beta_A)).
    """
    ca, na, cb, nb = (float(v) for v in as_counts([conv_a, n_a, conv_b, n_b], "counts"))
    check_conversions(np.array([ca]), np.array([na]), "variant A")
    check_conversions(np.array([cb]), np.array([nb]), "variant B")
    alpha_a, beta_a = BETA_PRIOR[0] + ca, BETA_PRIOR[1] + na - ca
    alpha_b, beta_b = BETA_PRIOR[0] + cb, BETA_PRIOR[1] + nb - cb
    if min(alpha_a, alpha_b) > EXACT_LIMIT:
        mean = alpha_b / (alpha_b + beta_b) - alpha_a / (alpha_a + beta_a)
        var = sum(
            a * b / ((a + b) ** 2 * (a + b + 1)) for a, b in ((alpha_a, beta_a), (alpha_b, beta_b))
        )
        return float(stats.norm.sf(0.0, loc=mean, scale=math.sqrt(var)))
    if alpha_b <= alpha_a:
        return _exact_sum(alpha_a, beta_a, alpha_b, beta_b)
    return float(np.clip(1.0 - _exact_sum(alpha_b, beta_b, alpha_a, beta_a), 0.0, 1.0))
