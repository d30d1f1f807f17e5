"""Validation shared by the experiment statistics: alpha, counts, the minimum test size.

Hostile or broken inputs (NaN counts, conversions above trials, alpha outside (0, 1)) raise
:class:`ml.errors.MLInputError` naming the field; merely *degenerate* inputs (an empty arm, zero
variance) are not errors: the statistics return an explicit inconclusive result for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from delivery.campaigns.validation import MIN_AB_AUDIENCE
from ml.errors import MLInputError

if TYPE_CHECKING:
    import numpy as np

#: The requirement's rule: fewer contacts than this in a test, no A/B verdict (same as campaigns).
MIN_TEST_CONTACTS = MIN_AB_AUDIENCE


def check_alpha(alpha: float, name: str = "alpha") -> float:
    """``alpha`` as a float strictly between 0 and 1, else :class:`MLInputError`."""
    try:
        value = float(alpha)
    except (TypeError, ValueError):
        raise MLInputError(f"{name} must be a number between 0 and 1, got {alpha!r}") from None
    if not 0.0 < value < 1.0:
        raise MLInputError(f"{name} must be strictly between 0 and 1 (e.g. 0.05), got {alpha!r}")
    return value


def as_counts(values: object, name: str) -> np.ndarray:
    """A float array of non-negative, finite counts (NaN or negative -> :class:`MLInputError`)."""
    import numpy as np  # here, not above: power planning (campaign validate) needs none of it

    arr = np.asarray(values, dtype=float)
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        raise MLInputError(
            f"{name}: counts must be finite and >= 0, got {arr[bad].ravel()[:3].tolist()}"
        )
    return arr


def check_conversions(conversions: np.ndarray, trials: np.ndarray, name: str) -> None:
    """Conversions must not exceed trials."""
    import numpy as np

    over = conversions > trials
    if np.any(over):
        i = int(np.flatnonzero(np.ravel(over))[0])
        raise MLInputError(
            f"{name}: conversions ({np.ravel(conversions)[i]:g}) must be between 0 and trials "
            f"({np.ravel(trials)[i]:g})"
        )
