"""Deterministic, collision-free identifiers from integer sequences (a bijective 64-bit mix)."""

from __future__ import annotations

import numpy as np

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def mix64(values: np.ndarray, salt: int) -> np.ndarray:
    """SplitMix64 finaliser of ``values ^ salt``: a bijection on uint64, so distinct in → distinct out.

    Parameters
    ----------
    values : numpy.ndarray
        Integer array (any int dtype); each value identifies one record.
    salt : int
        Distinguishes id families (and seeds) so equal sequence numbers give unrelated ids.

    Returns
    -------
    numpy.ndarray
        ``uint64`` array of the same shape.
    """
    z = values.astype(np.uint64) ^ np.uint64(salt & 0xFFFFFFFFFFFFFFFF)
    with np.errstate(over="ignore"):
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * _M1
        z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def as_signed(values: np.ndarray) -> np.ndarray:
    """View ``uint64`` ids as ``int64`` (DuckDB's ``to_hex`` renders the two's complement bits)."""
    return values.view(np.int64)
