"""Budget run: weekly spend vs attributed revenue, response curves and suggested moves."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from ml.attribution import touch_credits
from ml.budget import evaluate_response_curves, recommend_budget
from ml.errors import MLInputError
from ml.registry import ModelEvaluation
from ml.runs.attribution import read_journeys
from ml.runs.common import ModelRun, before, stamp
from ml.warehouse_io import read_table

__all__ = ["run_budget", "weekly_spend_and_revenue"]


def _week(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.to_period("W").dt.start_time


def weekly_spend_and_revenue(
    con: duckdb.DuckDBPyConnection, *, now: dt.datetime, lookback_days: int = 30
) -> pd.DataFrame:
    """Spend (sends' cost + ad spend) and Shapley-attributed revenue per campaign x channel x week.

    Revenue is booked in the week of the touch credited with it (Shapley share of the enrollment,
    split equally among that channel's touches in the journey), so spend and the revenue it
    earned fall in the same week.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Warehouse with ``fct_sends``, ``stg_ads__spend``, ``fct_touchpoints`` and
        ``stg_lms__enrollments``.
    now : datetime.datetime
    lookback_days : int

    Returns
    -------
    pandas.DataFrame
        ``campaign_id``, ``channel``, ``week``, ``spend_amount``, ``revenue_amount``.
    """
    sends = read_table(
        con, "fct_sends", ["campaign_id", "channel", "sent_at", "cost_amount"],
        where=before("sent_at", now),
    )  # fmt: skip
    ads = read_table(
        con, "stg_ads__spend", ["campaign_id", "channel", "spend_date", "spend_amount"],
        where=before("spend_date", now),
    )  # fmt: skip
    spend = (
        pd.concat(
            [
                sends.assign(week=_week(sends["sent_at"]), spend_amount=sends["cost_amount"]),
                ads.assign(week=_week(ads["spend_date"])),
            ]
        )
        .groupby(["campaign_id", "channel", "week"], as_index=False)["spend_amount"]
        .sum()
    )
    journeys = read_journeys(con, now, lookback_days)
    credits = touch_credits(journeys)
    credits["channel"] = np.asarray(journeys.channels, dtype=object)[credits["channel_code"]]
    # revenue is booked in the week of the touch that earned it, beside that week's spend (booking
    # it at the enrollment put spend and its revenue in different weeks)
    credits["week"] = _week(credits["touch_at"])
    revenue = credits.groupby(["campaign_id", "channel", "week"], as_index=False)[
        "attributed_revenue_amount"
    ].sum()
    out = spend.merge(revenue, on=["campaign_id", "channel", "week"], how="left")
    return out.rename(columns={"attributed_revenue_amount": "revenue_amount"}).fillna(
        {"revenue_amount": 0.0}
    )


def run_budget(
    con: duckdb.DuckDBPyConnection,
    *,
    now: dt.datetime,
    holdout_weeks: int = 4,
    recent_weeks: int = 4,
    seed: int = 0,
) -> ModelRun:
    """Budget moves between channels within each active campaign (``budget_recommendations``).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    now : datetime.datetime
    holdout_weeks : int
        Last weeks held out to score the response curves against constant ROI.
    recent_weeks : int
        The current weekly spend is the mean over these last weeks.
    seed : int
        Bootstrap seed.

    Returns
    -------
    ModelRun
    """
    obs = weekly_spend_and_revenue(con, now=now)
    if obs.empty:
        raise MLInputError("no spend in fct_sends or stg_ads__spend before now: nothing to move")
    last_week = obs["week"].max()
    cut = last_week - pd.Timedelta(weeks=holdout_weeks - 1)
    scores = evaluate_response_curves(obs[obs["week"] < cut], obs[obs["week"] >= cut])
    recent = obs[obs["week"] > last_week - pd.Timedelta(weeks=recent_weeks)]
    current = recent.groupby(["campaign_id", "channel"], as_index=False)["spend_amount"].sum()
    current["spend_amount"] /= recent_weeks
    table = recommend_budget(current, obs, seed=seed)
    evaluation = ModelEvaluation(
        model_name="budget_response_curves",
        metric_name="holdout_weekly_revenue_rmse",
        model_score=scores["rmse_curves"],
        baseline_name="constant_roi",
        baseline_score=scores["rmse_constant_roi"],
        higher_is_better=False,
        training_start_at=None,
        training_end_at=cut.to_pydatetime(),
        trained_at=pd.Timestamp(now).to_pydatetime(),
        n_train=int((obs["week"] < cut).sum()),
        n_holdout=int(scores["n_test"]),
        seed=seed,
        params={"holdout_weeks": holdout_weeks, "recent_weeks": recent_weeks, "max_shift": 0.3},
    )
    figures = dict(scores) | {
        "expected_weekly_gain_amount": float(table["expected_revenue_gain_amount"].sum())
        if len(table)
        else 0.0
    }
    return ModelRun(stamp(table, evaluation), [evaluation], figures)
