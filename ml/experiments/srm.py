"""Sample-ratio mismatch: are the arms' sizes what the planned weights say?

A chi-square goodness-of-fit test of the contacts per arm against the planned split weights
(``scipy.stats.chisquare`` with expected counts N * w / sum(w)); p < :data:`SRM_ALPHA` means the
assignment is broken (a bug, a filter applied to one arm, lost events) and every verdict of the
test is withheld: its figures cannot be trusted whichever way they point.

References
----------
.. [1] Fabijan, A. et al. (2019). Diagnosing Sample Ratio Mismatch in Online Controlled
   Experiments. KDD. (threshold p < 0.001, as GrowthBook and Optimizely use).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["SRM_ALPHA", "srm_p_values"]

SRM_ALPHA = 0.001


def srm_p_values(groups: np.ndarray, observed: np.ndarray, weights: np.ndarray) -> pd.Series:
    """Chi-square SRM p-value per group (test) from its arms' counts and planned weights.

    Parameters
    ----------
    groups : array_like
        Test key of each arm (row).
    observed : array_like
        Contacts assigned to the arm.
    weights : array_like
        Planned weight of the arm (any scale). A test with a NaN weight has no known plan and
        gets no p-value (NaN): guessing equal weights would flag every deliberately uneven split.

    Returns
    -------
    pandas.Series
        Indexed by test key; NaN when the test has fewer than two arms or no contacts.
    """
    codes, keys = pd.factorize(np.asarray(groups))
    obs = np.asarray(observed, dtype=float)
    w = np.asarray(weights, dtype=float)
    unplanned = np.bincount(codes, np.isnan(w), len(keys)) > 0
    w = np.where(unplanned[codes], 1.0, w)
    total = np.bincount(codes, obs, len(keys))
    expected = total[codes] * w / np.bincount(codes, w, len(keys))[codes]
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = np.where(expected > 0, (obs - expected) ** 2 / expected, 0.0)
    chi2 = np.bincount(codes, cells, len(keys))
    k = np.bincount(codes, minlength=len(keys))
    p = pd.Series(stats.chi2.sf(chi2, np.maximum(k - 1, 1)), index=keys)
    return p.where((k >= 2) & (total > 0) & ~unplanned)
