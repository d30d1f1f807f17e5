"""CUPED: variance reduction with each contact's pre-period engagement.

For an outcome Y and a pre-period covariate X unaffected by the assignment, the adjusted
outcome Y - theta (X - mean X) has the same expected difference between arms and a variance
smaller by the factor 1 - corr(X, Y)^2. theta = cov(X, Y) / var(X) is pooled over the arms of the
test (the assignment is random, so pooling does not bias the lift). Everything is computed from
per-arm sums (n, sum Y, sum Y^2, sum X, sum X^2, sum XY), so the warehouse aggregates and the
analysis stays vectorised.

References
----------
.. [1] Deng, A., Xu, Y., Kohavi, R., Walker, T. (2013). Improving the Sensitivity of Online
   Controlled Experiments by Utilizing Pre-Experiment Data. WSDM.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["cuped_adjust"]


def cuped_adjust(
    family: np.ndarray,
    n: np.ndarray,
    y_sum: np.ndarray,
    y_sq: np.ndarray,
    x_sum: np.ndarray,
    x_sq: np.ndarray,
    xy_sum: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Adjusted arm means and sample variances, theta per row and the variance reduction.

    Parameters
    ----------
    family : array_like
        Key of the arms analysed together (test x metric); theta is pooled within it.
    n, y_sum, y_sq, x_sum, x_sq, xy_sum : array_like
        Per-arm sums.

    Returns
    -------
    (mean, sample_var, theta, variance_reduction)
        ``variance_reduction`` = 1 - Var(adjusted) / Var(Y) of the arm. Where X has no variance
        theta is 0 and the figures are the unadjusted ones.
    """
    f = pd.factorize(np.asarray(family))[0]
    n, y_sum, y_sq, x_sum, x_sq, xy_sum = (
        np.asarray(v, dtype=float) for v in (n, y_sum, y_sq, x_sum, x_sq, xy_sum)
    )
    tot = {
        k: np.bincount(f, v)
        for k, v in zip("nyqxsc", (n, y_sum, y_sq, x_sum, x_sq, xy_sum), strict=True)
    }
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled_cov = (tot["c"] - tot["x"] * tot["y"] / tot["n"]) / (tot["n"] - 1)
        pooled_var_x = (tot["s"] - tot["x"] ** 2 / tot["n"]) / (tot["n"] - 1)
        theta_f = np.where(pooled_var_x > 0, pooled_cov / pooled_var_x, 0.0)
        x_mean_f = tot["x"] / tot["n"]
        theta = theta_f[f]
        mean_y, mean_x = y_sum / n, x_sum / n
        var_y = (y_sq - y_sum**2 / n) / (n - 1)
        var_x = (x_sq - x_sum**2 / n) / (n - 1)
        cov = (xy_sum - x_sum * y_sum / n) / (n - 1)
        mean = mean_y - theta * (mean_x - x_mean_f[f])
        var = np.maximum(var_y - 2 * theta * cov + theta**2 * var_x, 0.0)
        reduction = np.where(var_y > 0, 1 - var / var_y, 0.0)
    return mean, var, theta, reduction
