"""Always-valid inference: a confidence sequence and p-value a marketer may check every day.

The method is GrowthBook's sequential testing: the asymptotic confidence sequence of
Waudby-Smith et al. (2023), eq. 9, built on the normal-mixture boundary of Howard et al. (2021)
(the mixture SPRT of Johari et al. 2017 / Robbins 1970). For an estimate with standard error
``se`` after ``n`` contacts in the two arms together, with the per-contact variance
``s2 = se^2 n``::

    half-width = sqrt(s2) * sqrt( 2 (n rho^2 + 1) / (n^2 rho^2) * log( sqrt(n rho^2 + 1) / alpha ) )
    rho        = sqrt( (-2 log alpha + log(-2 log alpha + 1)) / N )          (eq. 161)

``N`` (the tuning parameter, GrowthBook's default 5,000) is the sample size where the sequence
is tightest. Inverting the same boundary at a fixed ``rho`` gives the always-valid p-value
``p = min(1, sqrt(n rho^2 + 1) * exp(-z^2 n rho^2 / (2 (n rho^2 + 1))))`` with ``z = estimate / se``:
``p < alpha`` exactly when the sequence excludes 0. With these, stopping at the first look that
says "significant" keeps the false-positive rate at or below alpha (the A/A simulation in the
tests checks it at 30 daily looks), which a fixed-horizon p-value checked daily does not.

References
----------
.. [1] Howard, S. R., Ramdas, A., McAuliffe, J., Sekhon, J. (2021). Time-uniform, nonparametric,
   nonasymptotic confidence sequences. Annals of Statistics 49(2).
.. [2] Waudby-Smith, I., Arbour, D., Sinha, R., Kennedy, E. H., Ramdas, A. (2023). Time-uniform
   central limit theory and asymptotic confidence sequences. arXiv:2103.06476.
.. [3] GrowthBook docs, "Sequential testing" (gbstats ``sequential_interval_halfwidth``,
   tuning parameter default 5,000). https://docs.growthbook.io/statistics/sequential
.. [4] Johari, R., Koomen, P., Pekelis, L., Walsh, D. (2017). Peeking at A/B tests. KDD.
"""

from __future__ import annotations

import numpy as np

from ml.experiments.inputs import check_alpha

__all__ = ["DEFAULT_TUNING", "always_valid_p_value", "confidence_sequence", "mixing_rho"]

DEFAULT_TUNING = 5_000.0


def mixing_rho(alpha: float = 0.05, tuning: float = DEFAULT_TUNING) -> float:
    """The mixture parameter rho for level ``alpha`` and tuning sample size ``tuning`` (eq. 161)."""
    alpha = check_alpha(alpha)
    if not tuning > 0:
        raise ValueError(f"tuning must be positive, got {tuning!r}")
    log_alpha = np.log(alpha)
    return float(np.sqrt((-2 * log_alpha + np.log(-2 * log_alpha + 1)) / tuning))


def confidence_sequence(
    estimate: np.ndarray,
    se: np.ndarray,
    n: np.ndarray,
    alpha: float = 0.05,
    tuning: float = DEFAULT_TUNING,
) -> tuple[np.ndarray, np.ndarray]:
    """Low and high ends of the always-valid (1 - alpha) interval; NaN where se or n is not > 0."""
    rho2 = mixing_rho(alpha, tuning) ** 2
    estimate, se, n = (np.asarray(v, dtype=float) for v in (estimate, se, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        s2 = se**2 * n
        half = np.sqrt(
            s2 * 2 * (n * rho2 + 1) / (n**2 * rho2) * np.log(np.sqrt(n * rho2 + 1) / alpha)
        )
    half = np.where((se > 0) & (n > 0), half, np.nan)
    return estimate - half, estimate + half


def always_valid_p_value(
    estimate: np.ndarray,
    se: np.ndarray,
    n: np.ndarray,
    alpha: float = 0.05,
    tuning: float = DEFAULT_TUNING,
) -> np.ndarray:
    """The p-value of the same boundary: ``p < alpha`` iff the confidence sequence excludes 0.

    ``alpha`` fixes rho (the design level); the p-value itself is valid at every level.
    """
    rho2 = mixing_rho(alpha, tuning) ** 2
    estimate, se, n = (np.asarray(v, dtype=float) for v in (estimate, se, n))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        z2 = (estimate / se) ** 2
        nr = n * rho2
        log_p = 0.5 * np.log1p(nr) - z2 * nr / (2 * (nr + 1))
        p = np.minimum(1.0, np.exp(log_p))
    return np.where((se > 0) & (n > 0) & np.isfinite(estimate), p, np.nan)
