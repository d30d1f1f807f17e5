"""Multiple-comparison corrections within a family (one test's challengers on one metric).

Holm's step-down procedure controls the family-wise error rate (the default); Benjamini-Hochberg
controls the false discovery rate (an option). Both are vectorised over many families at once and
equal ``statsmodels.stats.multitest.multipletests(method="holm" | "fdr_bh")`` within each family.

References
----------
.. [1] Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scand. J. Stat.
.. [2] Benjamini, Y., Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B.
"""

from __future__ import annotations

import numpy as np

__all__ = ["adjust_p_values"]


def adjust_p_values(families: np.ndarray, p_values: np.ndarray, method: str = "holm") -> np.ndarray:
    """Adjusted p-values per family; NaN p-values stay NaN and do not count towards a family's size.

    Parameters
    ----------
    families : array_like of int
        Family code of each p-value (e.g. ``pandas.factorize`` of test x metric).
    p_values : array_like
    method : {"holm", "bh"}
    """
    if method not in ("holm", "bh"):
        raise ValueError(f"method must be 'holm' or 'bh', got {method!r}")
    fam = np.asarray(families, dtype=np.int64)
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    if ok.size == 0:
        return out
    f, q = fam[ok], p[ok]
    order = np.lexsort((q, f))
    f, q = f[order], q[order]
    starts = np.r_[0, np.flatnonzero(np.diff(f)) + 1]
    sizes = np.diff(np.r_[starts, len(f)])
    m = np.repeat(sizes, sizes).astype(float)
    rank = np.arange(len(f)) - np.repeat(starts, sizes)  # 0-based rank within the family
    offset = 2.0 * np.repeat(np.arange(len(starts)), sizes)  # keeps families apart in the scans
    if method == "holm":
        raw = np.minimum(1.0, (m - rank) * q)
        adj = np.maximum.accumulate(raw + offset) - offset
    else:
        raw = np.minimum(1.0, m * q / (rank + 1))
        adj = np.minimum.accumulate((raw + offset)[::-1])[::-1] - offset
    result = np.empty_like(adj)
    result[order] = adj
    out[ok] = result
    return out
