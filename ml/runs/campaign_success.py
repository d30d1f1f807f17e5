"""Campaign-success run: message features from the marts, grouped CV and per-campaign scores."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from ml.campaign_success import cross_validate_campaigns, fit_campaign_success, score_campaigns
from ml.registry import ModelEvaluation
from ml.runs.common import ModelRun, before, stamp
from ml.warehouse_io import read_table

__all__ = ["campaign_messages", "run_campaign_success"]


def campaign_messages(con: duckdb.DuckDBPyConnection, *, now: dt.datetime) -> pd.DataFrame:
    """Sent messages with the campaign-success features (see :mod:`ml.campaign_success`).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Warehouse with ``fct_sends``, ``stg_marketing__campaigns``, ``dim_contacts`` and
        ``dim_contact_interests``.
    now : datetime.datetime

    Returns
    -------
    pandas.DataFrame
        One row per message: ``campaign_id``, ``is_converted``, features, ``cost_amount``,
        ``revenue_amount``.
    """
    sends = read_table(
        con,
        "fct_sends",
        ["campaign_id", "channel", "contact_id", "converted_at", "cost_amount", "revenue_amount"],
        where=before("sent_at", now),
    )
    campaigns = read_table(
        con, "stg_marketing__campaigns", ["campaign_id", "campaign_type", "course_category"]
    )
    contacts = read_table(con, "dim_contacts", ["contact_id", "opens_90d", "clicks_90d"])
    interests = read_table(con, "dim_contact_interests", ["contact_id", "interest"])
    out = sends.merge(campaigns, on="campaign_id", how="inner").merge(
        contacts, on="contact_id", how="left"
    )
    pairs = interests.assign(is_interested=1.0).rename(columns={"interest": "course_category"})
    out = out.merge(pairs.drop_duplicates(), on=["contact_id", "course_category"], how="left")
    engagement = out["opens_90d"].fillna(0) + out["clicks_90d"].fillna(0)
    converted_at = pd.to_datetime(out["converted_at"])
    return out.assign(
        is_interested=out["is_interested"].fillna(0.0),
        log_engagement=np.log1p(engagement.clip(lower=0)),
        is_converted=converted_at.notna() & (converted_at < pd.Timestamp(now)),
        course_category=out["course_category"].fillna("(none)"),
    )


def run_campaign_success(
    con: duckdb.DuckDBPyConnection, *, now: dt.datetime, seed: int = 0
) -> ModelRun:
    """Predicted conversion rate, CPA and ROI per campaign (``campaign_success_scores``).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    now : datetime.datetime
    seed : int

    Returns
    -------
    ModelRun
    """
    messages = campaign_messages(con, now=now)
    oof, scores = cross_validate_campaigns(messages, seed=seed)
    model = fit_campaign_success(messages, seed=seed)
    conv = messages[messages["is_converted"]]
    mean_value = float(conv["revenue_amount"].mean()) if len(conv) else 0.0
    economics = messages.groupby("campaign_id").agg(cost_amount=("cost_amount", "sum"))
    economics["revenue_per_conversion_amount"] = mean_value
    table = score_campaigns(model, messages, economics.reset_index())
    table = table.merge(
        oof[["actual_conversion_rate", "predicted_conversion_rate"]].rename(
            columns={"predicted_conversion_rate": "out_of_fold_conversion_rate"}
        ),
        left_on="campaign_id",
        right_index=True,
        how="left",
    )
    evaluation = ModelEvaluation(
        model_name="campaign_success_logit",
        metric_name="grouped_cv_conversion_rate_mae",
        model_score=scores["mae_model"],
        baseline_name="overall_conversion_rate",
        baseline_score=scores["mae_baseline"],
        higher_is_better=False,
        training_start_at=None,
        training_end_at=pd.Timestamp(now).to_pydatetime(),
        trained_at=pd.Timestamp(now).to_pydatetime(),
        n_train=int(len(messages)),
        n_holdout=int(scores["n_campaigns"]),
        seed=seed,
        params={"relative_half_width": round(scores["relative_half_width"], 4), "coverage": 0.8},
    )
    figures = dict(scores) | {
        f"weight/{name}": float(value) for name, value in model.importances.head(8).items()
    }
    return ModelRun(stamp(table, evaluation), [evaluation], figures)
