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
        Planned weight of the arm (any scale; NaN = equal weights within the test).

    Returns
    -------
    pandas.Series
        Indexed by test key; NaN when the test has fewer than two arms or no contacts.
    """
    frame = pd.DataFrame(
        {"g": np.asarray(groups), "o": np.asarray(observed, dtype=float), "w": weights}
    )
    frame["w"] = frame["w"].astype(float)
    frame.loc[frame.groupby("g")["w"].transform(lambda w: w.isna().any()), "w"] = 1.0
    grouped = frame.groupby("g", sort=False)
    total = grouped["o"].transform("sum")
    expected = total * frame["w"] / grouped["w"].transform("sum")
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["c"] = np.where(expected > 0, (frame["o"] - expected) ** 2 / expected, np.nan)
    agg = frame.groupby("g", sort=False).agg(chi2=("c", "sum"), k=("o", "size"), n=("o", "sum"))
    p = pd.Series(stats.chi2.sf(agg["chi2"].to_numpy(), np.maximum(agg["k"] - 1, 1)), agg.index)
    return p.where((agg["k"] >= 2) & (agg["n"] > 0))
