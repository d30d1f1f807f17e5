"""Lookalike run: seed-vs-rest scores of every other contact, scored against a random pick."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from ml.lookalikes import CATEGORICAL, NUMERIC, evaluate_lookalikes, score_lookalikes
from ml.registry import ModelEvaluation
from ml.runs.common import ModelRun, before, stamp
from ml.warehouse_io import read_table

__all__ = ["run_lookalikes"]


def run_lookalikes(
    con: duckdb.DuckDBPyConnection,
    *,
    now: dt.datetime,
    seed_days: int = 90,
    top_n: int = 1000,
    seed: int = 0,
) -> ModelRun:
    """Lookalike scores of every contact outside the "recent enrollers" seed.

    The seed is the contacts whose last enrollment falls in the ``seed_days`` before ``now``
    (``dim_contacts.last_enrolled_at``); the ``top_n`` most seed-like others form the expansion.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Warehouse with ``dim_contacts``.
    now : datetime.datetime
    seed_days : int
    top_n : int
    seed : int

    Returns
    -------
    ModelRun
    """
    contacts = read_table(
        con,
        "dim_contacts",
        ["contact_id", "last_enrolled_at", *CATEGORICAL, *NUMERIC],
        where=before("created_at", now),
    )
    since = pd.Timestamp(now) - pd.Timedelta(days=seed_days)
    enrolled_at = pd.to_datetime(contacts["last_enrolled_at"])
    seed_ids = contacts.loc[
        (enrolled_at >= since) & (enrolled_at < pd.Timestamp(now)), "contact_id"
    ].tolist()
    top_n = min(top_n, max(1, (len(contacts) - len(seed_ids)) // 10))
    scores = evaluate_lookalikes(contacts, seed_ids, top_n=top_n, seed=seed)
    evaluation = ModelEvaluation(
        model_name="lookalike_recent_enrollers",
        metric_name="hidden_seed_auc",
        model_score=scores["auc"],
        baseline_name="random_pick",
        baseline_score=scores["auc_random"],
        higher_is_better=True,
        training_start_at=since.to_pydatetime(),
        training_end_at=pd.Timestamp(now).to_pydatetime(),
        trained_at=pd.Timestamp(now).to_pydatetime(),
        n_train=len(seed_ids),
        n_holdout=int(scores["n_hidden"]),
        seed=seed,
        params={"seed_days": seed_days, "top_n": top_n, "features": [*CATEGORICAL, *NUMERIC]},
    )
    table = score_lookalikes(contacts, seed_ids, top_n=top_n, seed=seed)
    table["seed_segment"] = f"enrolled_last_{seed_days}d"
    figures = dict(scores) | {"seed_size": float(len(seed_ids))}
    return ModelRun(stamp(table, evaluation), [evaluation], figures)
