"""Attribution run: Markov and Shapley credits per campaign x channel beside the rule-based ones."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from ml.attribution import (
    Journeys,
    build_journeys,
    campaign_credits,
    markov_attribution,
    rule_based_attribution,
    shapley_attribution,
)
from ml.attribution_evaluation import journey_log_loss, split_journeys
from ml.registry import ModelEvaluation
from ml.runs.common import ModelRun, before
from ml.warehouse_io import read_table

__all__ = ["credit_share_table", "read_journeys", "run_attribution"]


def read_journeys(con: duckdb.DuckDBPyConnection, now: dt.datetime, lookback_days: int) -> Journeys:
    touches = read_table(
        con,
        "fct_touchpoints",
        ["contact_id", "touch_at", "channel", "campaign_id"],
        where=before("touch_at", now),
    )
    enrollments = read_table(
        con,
        "stg_lms__enrollments",
        ["contact_id", "occurred_at", "revenue_amount"],
        where="not is_refund and " + before("occurred_at", now),
    ).rename(columns={"occurred_at": "converted_at"})
    return build_journeys(touches, enrollments, now=now, lookback_days=lookback_days)


def run_attribution(
    con: duckdb.DuckDBPyConnection,
    *,
    now: dt.datetime,
    lookback_days: int = 30,
    holdout_days: int = 28,
) -> ModelRun:
    """Markov and Shapley credits per campaign × channel (``fct_attribution_data_driven``).

    Rule-based credits (last touch, linear) over the same journeys are included for comparison.
    The evaluation scores each journey model's conversion probabilities on the journeys that ended
    in the last ``holdout_days`` (log loss) against the base rate.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Warehouse with ``fct_touchpoints`` and ``stg_lms__enrollments``.
    now : datetime.datetime
    lookback_days : int
        Longest touch-to-conversion gap credited.
    holdout_days : int

    Returns
    -------
    ModelRun
    """
    journeys = read_journeys(con, now, lookback_days)
    cut = pd.Timestamp(now) - pd.Timedelta(days=holdout_days)
    train, test = split_journeys(journeys, (journeys.outcomes["ended_at"] >= cut).to_numpy())
    losses = journey_log_loss(train, test)
    evaluations = [
        ModelEvaluation(
            model_name=name,
            metric_name="holdout_journey_log_loss",
            model_score=losses[key],
            baseline_name="base_conversion_rate",
            baseline_score=losses["log_loss_base_rate"],
            higher_is_better=False,
            training_start_at=None,
            training_end_at=cut.to_pydatetime(),
            trained_at=pd.Timestamp(now).to_pydatetime(),
            n_train=int(len(train.outcomes)),
            n_holdout=int(losses["n_test"]),
            params={"lookback_days": lookback_days, "channels": journeys.channels},
        )
        for name, key in (
            ("attribution_shapley", "log_loss_shapley_sets"),
            ("attribution_markov", "log_loss_markov_last_step"),
        )
    ]
    versions = {"shapley": evaluations[0], "markov_first_order": evaluations[1]}
    frames = []
    for credits in (
        markov_attribution(journeys),
        shapley_attribution(journeys),
        rule_based_attribution(journeys, "last_touch"),
        rule_based_attribution(journeys, "linear"),
    ):
        model = credits["attribution_model"].iloc[0]
        part = campaign_credits(journeys, credits)
        evaluation = versions.get(model)
        part["model_version"] = evaluation.model_version if evaluation else f"{model}@rule"
        part["is_promoted"] = evaluation.promoted if evaluation else True
        frames.append(part)
    table = pd.concat(frames, ignore_index=True)
    table["scored_at"] = pd.Timestamp(now)
    by_model = table.groupby(["attribution_model", "channel"])["attributed_conversions"].sum()
    figures = dict(losses)
    figures["conversions"] = journeys.total_conversions
    figures["journeys"] = float(len(journeys.outcomes))
    for (model, channel), value in by_model.items():
        figures[f"credit_share/{model}/{channel}"] = float(
            value / max(journeys.total_conversions, 1e-9)
        )
    return ModelRun(table, evaluations, figures)


def credit_share_table(run: ModelRun) -> pd.DataFrame:
    """Channel × model share of conversions from an attribution run (for metadata and reports).

    Parameters
    ----------
    run : ModelRun
        Output of :func:`run_attribution`.

    Returns
    -------
    pandas.DataFrame
        Index: channel; columns: attribution models; values: share of conversions.
    """
    t = run.table.groupby(["channel", "attribution_model"])["attributed_conversions"].sum()
    share = t / t.groupby(level="attribution_model").transform("sum").replace(0, np.nan)
    return share.unstack("attribution_model").fillna(0.0)
