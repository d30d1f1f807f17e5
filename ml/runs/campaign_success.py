"""Campaign-success run: message features from the marts, grouped CV and per-campaign scores."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from ml.campaign_drafts import DraftPlan, draft_messages, draft_plan, score_drafts
from ml.campaign_success import (
    CampaignSuccess,
    cross_validate_campaigns,
    daypart,
    fit_campaign_success,
    score_campaigns,
    subject_features,
)
from ml.errors import MLInputError
from ml.frames import among
from ml.local_time import local_times
from ml.registry import ModelEvaluation
from ml.runs.common import ModelRun, before, stamp
from ml.warehouse_io import read_table

__all__ = [
    "campaign_messages",
    "draft_audience",
    "run_campaign_success",
    "score_draft_campaigns",
]


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
        [
            "campaign_id",
            "variant_id",
            "channel",
            "contact_id",
            "sent_at",
            "converted_at",
            "cost_amount",
            "revenue_amount",
        ],
        where=before("sent_at", now),
    )
    campaigns = read_table(
        con,
        "stg_marketing__campaigns",
        ["campaign_id", "campaign_type", "course_category", "budget_amount", "variants"],
    )
    contacts = read_table(
        con, "dim_contacts", ["contact_id", "opens_90d", "clicks_90d", "timezone"]
    )
    interests = read_table(con, "dim_contact_interests", ["contact_id", "interest"])
    out = sends.merge(campaigns, on="campaign_id", how="inner").merge(
        contacts, on="contact_id", how="left"
    )
    pairs = interests.assign(is_interested=1.0).rename(columns={"interest": "course_category"})
    out = out.merge(pairs.drop_duplicates(), on=["contact_id", "course_category"], how="left")
    engagement = out["opens_90d"].fillna(0) + out["clicks_90d"].fillna(0)
    converted_at = pd.to_datetime(out["converted_at"])
    content = _variant_content(campaigns).reindex(out["variant_id"].to_numpy())
    content.index = out.index
    reached = out.groupby("campaign_id")["contact_id"].transform("nunique")
    local = local_times(out["sent_at"], out["timezone"], default_tz="UTC")
    return out.assign(
        is_interested=out["is_interested"].fillna(0.0),
        log_engagement=np.log1p(engagement.clip(lower=0)),
        is_converted=converted_at.notna() & (converted_at < pd.Timestamp(now)),
        course_category=out["course_category"].fillna("(none)"),
        send_daypart=daypart(local.dt.hour),
        is_weekend=(local.dt.dayofweek >= 5).astype(float),
        content_format=content["content"].fillna("(unknown)").to_numpy(),
        **subject_features(content["subject"].where(out["channel"] == "email")),
        log_budget_per_contact=np.log1p(out["budget_amount"].fillna(0).clip(lower=0) / reached),
    )


def _variant_content(campaigns: pd.DataFrame) -> pd.DataFrame:
    """``subject`` and ``content`` (format) per variant id, from the campaigns' variants JSON."""
    rows = []
    for text in campaigns["variants"].dropna():
        try:
            variants = json.loads(text)
        except (TypeError, ValueError):
            continue
        rows += [v for v in variants if isinstance(v, dict) and v.get("variant_id")]
    frame = pd.DataFrame(rows, columns=["variant_id", "subject", "content"])
    return frame.drop_duplicates("variant_id").set_index("variant_id")[["subject", "content"]]


def _sql_list(values: Sequence[str]) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) or "''"


def draft_audience(
    con: duckdb.DuckDBPyConnection, plan: DraftPlan, *, now: dt.datetime
) -> pd.DataFrame:
    """A draft's audience now: members of its segments (``segment_memberships``) minus the
    excluded ones, with ``opens_90d``, ``clicks_90d`` and ``interests`` (list).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Warehouse with ``segment_memberships``, ``dim_contacts`` and ``dim_contact_interests``.
    plan : DraftPlan
    now : datetime.datetime

    Returns
    -------
    pandas.DataFrame
    """
    current = (
        f"valid_from <= TIMESTAMP '{pd.Timestamp(now):%Y-%m-%d %H:%M:%S}' and (valid_to is null "
        f"or valid_to > TIMESTAMP '{pd.Timestamp(now):%Y-%m-%d %H:%M:%S}')"
    )
    members = read_table(
        con,
        "segment_memberships",
        ["contact_id", "segment_name"],
        where=f"segment_name in ({_sql_list(plan.segments + plan.exclude_segments)}) and {current}",
    )
    excluded = members.loc[members["segment_name"].isin(plan.exclude_segments), "contact_id"]
    ids = members.loc[members["segment_name"].isin(plan.segments), "contact_id"]
    ids = pd.Index(ids.unique()).difference(pd.Index(excluded.unique()))
    contacts = read_table(con, "dim_contacts", ["contact_id", "opens_90d", "clicks_90d"])
    interests = read_table(con, "dim_contact_interests", ["contact_id", "interest"])
    out = contacts[among(contacts["contact_id"], ids)]
    lists = interests.groupby("contact_id")["interest"].agg(list).rename("interests")
    out = out.merge(lists, left_on="contact_id", right_index=True, how="left")
    out["interests"] = [x if isinstance(x, list) else [] for x in out["interests"]]
    return out.reset_index(drop=True)


def _revenue_per_conversion(messages: pd.DataFrame) -> float:
    conv = messages[messages["is_converted"]]
    return float(conv["revenue_amount"].mean()) if len(conv) else 0.0


def _score_plans(
    con: duckdb.DuckDBPyConnection,
    model: CampaignSuccess,
    messages: pd.DataFrame,
    plans: list[DraftPlan],
    *,
    now: dt.datetime,
    seed: int,
) -> pd.DataFrame:
    interest_rate = float(messages["is_interested"].mean())
    planned = pd.concat(
        [
            draft_messages(
                plan,
                draft_audience(con, plan, now=now),
                unknown_interest_rate=interest_rate,
                seed=seed,
            )
            for plan in plans
        ],
        ignore_index=True,
    )
    return score_drafts(
        model, plans, planned, revenue_per_conversion_amount=_revenue_per_conversion(messages)
    )


def score_draft_campaigns(
    con: duckdb.DuckDBPyConnection,
    campaigns: Sequence[Any],
    *,
    now: dt.datetime,
    seed: int = 0,
    course_categories: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Score campaigns that have not run (campaign files or ops-store drafts).

    The model is fitted on the messages sent before ``now`` (as the asset does), then applied to
    each draft's planned messages (:mod:`ml.campaign_drafts`).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Warehouse with the marts of :func:`campaign_messages` and ``segment_memberships``.
    campaigns : sequence of delivery.campaigns.models.Campaign
    now : datetime.datetime
    seed : int
    course_categories : mapping of str to str, optional
        Course category per campaign id (campaign files do not carry one).

    Returns
    -------
    pandas.DataFrame
        One row per campaign: ``sends`` (planned), ``predicted_conversion_rate`` with
        ``conversion_rate_low``/``_high`` (80 %), ``predicted_conversions``, ``cost_amount``
        (planned, capped at ``budget_amount``), ``predicted_cpa_amount`` with
        ``cpa_low_amount``/``cpa_high_amount``, ``predicted_roi``, ``is_draft``.
    """
    cats = course_categories or {}
    plans = [draft_plan(c, course_category=cats.get(c.campaign_id)) for c in campaigns]
    messages = campaign_messages(con, now=now)
    model = fit_campaign_success(messages, seed=seed)
    return _score_plans(con, model, messages, plans, now=now, seed=seed)


def run_campaign_success(
    con: duckdb.DuckDBPyConnection,
    *,
    now: dt.datetime,
    seed: int = 0,
    drafts: Sequence[Any] = (),
) -> ModelRun:
    """Predicted conversion rate, CPA and ROI per campaign (``campaign_success_scores``).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    now : datetime.datetime
    seed : int
    drafts : sequence of delivery.campaigns.models.Campaign
        Campaigns that have not sent yet (draft, approved or scheduled in the ops store); they
        get rows with ``is_draft`` set, scored from their planned messages; one that cannot be
        scored (e.g. its segments have no members yet) is skipped and named in ``notes``.

    Returns
    -------
    ModelRun
    """
    messages = campaign_messages(con, now=now)
    oof, scores = cross_validate_campaigns(messages, seed=seed)
    model = fit_campaign_success(messages, seed=seed, cv_scores=scores)
    economics = messages.groupby("campaign_id").agg(cost_amount=("cost_amount", "sum"))
    economics["revenue_per_conversion_amount"] = _revenue_per_conversion(messages)
    table = score_campaigns(model, messages, economics.reset_index())
    table = table.merge(
        oof[["actual_conversion_rate", "predicted_conversion_rate"]].rename(
            columns={"predicted_conversion_rate": "out_of_fold_conversion_rate"}
        ),
        left_on="campaign_id",
        right_index=True,
        how="left",
    ).assign(budget_amount=np.nan, is_draft=False)
    sent = set(table["campaign_id"])
    scored, skipped = [], []
    for draft in drafts:
        if draft.campaign_id in sent:
            continue
        try:  # a draft whose segments are not materialised yet must not stop the model
            plan = draft_plan(draft)
            scored.append(_score_plans(con, model, messages, [plan], now=now, seed=seed))
        except MLInputError as exc:
            skipped.append(f"{draft.campaign_id}: {exc}")
    if scored:
        table = pd.concat([table, *scored], ignore_index=True)
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
    figures["drafts_scored"] = float(len(scored))
    figures["drafts_not_scored"] = float(len(skipped))
    return ModelRun(stamp(table, evaluation), [evaluation], figures, notes=skipped)
