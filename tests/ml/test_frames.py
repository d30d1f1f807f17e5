"""ml.frames.among is pandas' isin, by one hash lookup."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ml.frames import among


@pytest.mark.parametrize("dtype", ["str", object])
def test_among_is_isin(dtype):
    rng = np.random.default_rng(0)
    values = pd.Series(rng.choice([f"c_{i}" for i in range(50)], 500), dtype=dtype)
    values[::7] = None
    wanted = [f"c_{i}" for i in range(0, 60, 3)] * 2  # duplicates, and ids no row has
    for ids in (wanted, set(wanted), pd.Index(wanted), pd.Index(wanted).unique(), [], [None]):
        expected = values.isin(ids).to_numpy()
        np.testing.assert_array_equal(among(values, ids), expected)
