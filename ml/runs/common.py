"""What every model run shares: the run result, the cut-off filter and the version stamp."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ml.registry import ModelEvaluation

__all__ = ["ModelRun", "before", "stamp"]


@dataclass(frozen=True)
class ModelRun:
    """Output table of a model, its holdout evaluation(s) and figures for asset metadata."""

    table: pd.DataFrame
    evaluations: list[ModelEvaluation]
    figures: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # plain-language remarks for the metadata

    @property
    def promoted(self) -> bool:
        """True only when every evaluated model beats its baseline."""
        return all(e.promoted for e in self.evaluations)


def before(column: str, now: dt.datetime) -> str:
    return f"{column} < TIMESTAMP '{pd.Timestamp(now):%Y-%m-%d %H:%M:%S}'"


def stamp(table: pd.DataFrame, evaluation: ModelEvaluation) -> pd.DataFrame:
    return table.assign(
        model_version=evaluation.model_version,
        is_promoted=evaluation.promoted,
        scored_at=pd.Timestamp(evaluation.trained_at),
    )
