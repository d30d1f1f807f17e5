"""Model versions and their holdout evaluation: the rows of the ``ml_model_registry`` table.

A model is *promoted* (its scores may be used downstream) only when it beats its baseline on the
holdout. The Dagster asset checks read :attr:`ModelEvaluation.promoted` to refuse promotion.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from dataclasses import asdict, dataclass, field

import pandas as pd

__all__ = ["REGISTRY_COLUMNS", "ModelEvaluation", "registry_frame"]

REGISTRY_COLUMNS = [
    "model_name",
    "model_version",
    "metric_name",
    "model_score",
    "baseline_name",
    "baseline_score",
    "higher_is_better",
    "is_promoted",
    "training_start_at",
    "training_end_at",
    "trained_at",
    "n_train",
    "n_holdout",
    "seed",
    "params_json",
]


@dataclass(frozen=True)
class ModelEvaluation:
    """One trained model version and how it did on its holdout beside a baseline.

    Parameters
    ----------
    model_name : str
        Stable name, e.g. ``"send_time_eb"``.
    metric_name : str
        Holdout metric, e.g. ``"share_within_1h"``.
    model_score, baseline_score : float
        The metric for the model and for the baseline on the same holdout.
    baseline_name : str
        What the baseline is (``"contact_mode_hour"``: each contact's most common hour).
    higher_is_better : bool
        Direction of the metric.
    training_start_at, training_end_at : datetime or None
        Training window (naive UTC).
    trained_at : datetime
        The ``now`` the model was trained at.
    n_train, n_holdout : int
        Rows (usually contacts) used for training and evaluation.
    seed : int
        Random seed used (0 when the fit is deterministic).
    params : dict
        Fitted parameters / hyper-parameters worth keeping (JSON-serialisable).
    """

    model_name: str
    metric_name: str
    model_score: float
    baseline_name: str
    baseline_score: float
    higher_is_better: bool
    training_start_at: dt.datetime | None
    training_end_at: dt.datetime
    trained_at: dt.datetime
    n_train: int
    n_holdout: int
    seed: int = 0
    params: dict = field(default_factory=dict)

    @property
    def promoted(self) -> bool:
        """True when the model strictly beats its baseline (a NaN score never does)."""
        if any(math.isnan(v) for v in (self.model_score, self.baseline_score)):
            return False
        if self.higher_is_better:
            return self.model_score > self.baseline_score
        return self.model_score < self.baseline_score

    @property
    def model_version(self) -> str:
        """``<name>@<training end yyyymmdd>-<hash of params>``: same data and params, same version."""
        digest = hashlib.sha256(
            json.dumps(self.params, sort_keys=True, default=str).encode()
        ).hexdigest()[:8]
        return f"{self.model_name}@{self.training_end_at:%Y%m%d}-{digest}"

    def verdict(self) -> str:
        """A one-line plain-language summary for asset metadata and check descriptions."""
        word = "beats" if self.promoted else "does NOT beat"
        return (
            f"{self.model_name} {word} {self.baseline_name} on {self.metric_name}: "
            f"{self.model_score:.4g} vs {self.baseline_score:.4g} "
            f"({'higher' if self.higher_is_better else 'lower'} is better, n={self.n_holdout})"
        )

    def to_row(self) -> dict:
        """The ``ml_model_registry`` row for this version."""
        row = asdict(self)
        params = row.pop("params")
        row.update(
            model_version=self.model_version,
            is_promoted=self.promoted,
            params_json=json.dumps(params, sort_keys=True, default=str),
        )
        return {c: row[c] for c in REGISTRY_COLUMNS}


def registry_frame(evaluations: list[ModelEvaluation]) -> pd.DataFrame:
    """Registry rows for several evaluations, columns in :data:`REGISTRY_COLUMNS` order.

    Parameters
    ----------
    evaluations : list of ModelEvaluation

    Returns
    -------
    pandas.DataFrame
    """
    return pd.DataFrame([e.to_row() for e in evaluations], columns=REGISTRY_COLUMNS)
