"""Small DataFrame helpers the models share."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["among"]


def among(values: pd.Series, ids: Iterable) -> np.ndarray:
    """``values.isin(ids)`` as a boolean array, by one hash lookup.

    pandas' ``isin`` on its Arrow-backed strings (the default ``str`` dtype) first turns every
    one of ``ids`` into an Arrow scalar, one Python call each: 0.3 s for 20,000 contact ids
    against 100,000 rows, where the index's lookup takes 0.03 s. Missing values match a missing
    id, as with ``isin``.
    """
    index = ids if isinstance(ids, pd.Index) else pd.Index(list(ids), dtype=object)
    if not index.is_unique:
        index = index.unique()
    found = index.get_indexer(values) >= 0
    if index.hasnans:  # None, NaN and pd.NA are one missing value to isin, not to a hash
        found |= values.isna().to_numpy()
    return found
