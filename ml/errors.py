"""Typed errors raised by ml/ for inputs a user (or an upstream table) can get wrong."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named in annotations: these errors load without pandas
    import pandas as pd


class MLInputError(ValueError):
    """An input table is missing columns or holds values a model cannot use."""


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, name: str) -> None:
    """Raise :class:`MLInputError` naming the table and the missing columns.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to check.
    columns : iterable of str
        Columns the caller needs.
    name : str
        The table's name as the user knows it (e.g. ``"fct_message_events"``).
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise MLInputError(
            f"{name}: missing column(s) {missing}; present: {sorted(frame.columns)}. "
            f"Rebuild {name} with the columns listed in docs/data-contract.md or pass them in."
        )
