"""The global holdout at send time: a stable share of contacts that receive nothing from any
campaign for a period (``ENROLLFLOW_GLOBAL_HOLDOUT_SHARE``, ``..._PERIOD``).

Membership is :func:`ml.experiments.holdout.global_holdout` (the splits' deterministic hash,
salted by the period, e.g. ``2026-Q1``): the same contact is held out by every process for the
whole period and reshuffled the next. It is enforced twice, like every rule: the journey engine
does not admit a held-out contact (it writes the journey as ``exited`` with variant
:data:`GLOBAL_HOLDOUT_VARIANT`, which the ops-store export carries to the warehouse, where
``fct_experiment_assignments`` makes each campaign's ``global_holdout`` test: ``treated`` vs
``holdout``), and the dispatch-time check skips any pending message to one (a contact who
entered the holdout with a new period while a journey was under way).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd

GLOBAL_HOLDOUT_VARIANT = "global_holdout"
Period = Literal["month", "quarter", "year"]


@dataclass(frozen=True)
class GlobalHoldout:
    """``share`` of the contacts held out per ``period`` (0 = off)."""

    share: float = 0.0
    period: Period = "quarter"

    def __post_init__(self) -> None:
        if not 0 <= self.share < 0.5:
            raise ValueError(
                f"ENROLLFLOW_GLOBAL_HOLDOUT_SHARE must be in [0, 0.5), got {self.share!r}"
            )
        if self.period not in ("month", "quarter", "year"):
            raise ValueError(
                f"ENROLLFLOW_GLOBAL_HOLDOUT_PERIOD must be month, quarter or year, "
                f"got {self.period!r}"
            )

    @property
    def active(self) -> bool:
        return self.share > 0

    def period_of(self, now: dt.datetime) -> str:
        """The period label of ``now``: ``2026-03``, ``2026-Q1`` or ``2026``."""
        if self.period == "month":
            return f"{now:%Y-%m}"
        if self.period == "quarter":
            return f"{now.year}-Q{(now.month - 1) // 3 + 1}"
        return f"{now.year}"

    def reason(self, now: dt.datetime) -> str:
        return f"global holdout {self.period_of(now)}"

    def members(self, contact_ids: pd.Series, now: dt.datetime) -> pd.Series:
        """Whether each contact is held out in ``now``'s period (all False when off)."""
        if not self.active or contact_ids.empty:
            return pd.Series(False, index=contact_ids.index, dtype=bool)
        from ml.experiments.holdout import global_holdout  # ml builds on delivery: import late

        return global_holdout(contact_ids.astype(str), self.share, self.period_of(now))
