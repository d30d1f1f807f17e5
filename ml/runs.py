"""One training + scoring run per model over the warehouse: what each ML asset calls.

Each run reads the marts it needs through a DuckDB connection, evaluates the model on a time
holdout beside its baseline, refits on all data up to ``now`` and returns the output table with the
version stamp. Nothing here writes: the caller (the Dagster asset) writes the table and the
registry row, so a run is easy to test on a temporary warehouse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
    touch_credits,
)
from ml.attribution_evaluation import journey_log_loss, split_journeys
from ml.budget import evaluate_response_curves, recommend_budget
from ml.campaign_success import cross_validate_campaigns, fit_campaign_success, score_campaigns
from ml.errors import MLInputError
from ml.lookalikes import CATEGORICAL, NUMERIC, evaluate_lookalikes, score_lookalikes
from ml.ltv_predictions import evaluate_ltv_holdout, predict_contact_ltv
from ml.recommendations import evaluate_recommendations, fit_recommender, recommend_courses
from ml.registry import ModelEvaluation
from ml.send_time import (
    engagement_hours,
    fit_send_time,
    holdout_hit_rate,
    recommend_send_times,
)
from ml.warehouse_io import read_table

__all__ = [
    "ModelRun",
    "run_budget",
    "run_campaign_success",
    "credit_share_table",
    "run_attribution",
    "run_contact_ltv",
    "run_course_recommendations",
    "run_lookalikes",
    "run_send_time",
]


@dataclass(frozen=True)
class ModelRun:
    """Output table of a model, its holdout evaluation(s) and figures for asset metadata."""

    table: pd.DataFrame
    evaluations: list[ModelEvaluation]
    figures: dict[str, float] = field(default_factory=dict)

    @property
    def promoted(self) -> bool:
        """True only when every evaluated model beats its baseline."""
        return all(e.promoted for e in self.evaluations)


def _before(column: str, now: dt.datetime) -> str:
    return f"{column} < TIMESTAMP '{pd.Timestamp(now):%Y-%m-%d %H:%M:%S}'"


def _stamp(table: pd.DataFrame, evaluation: ModelEvaluation) -> pd.DataFrame:
    return table.assign(
        model_version=evaluation.model_version,
        is_promoted=evaluation.promoted,
        scored_at=pd.Timestamp(evaluation.trained_at),
    )


def run_send_time(
    con: duckdb.DuckDBPyConnection,
    *,
    now: dt.datetime,
    default_tz: str,
    holdout_days: int = 28,
    segment_cols: tuple[str, ...] = ("timezone",),
    seed: int = 0,
) -> ModelRun:
    """Send-time recommendations per contact (``send_time_recommendations``).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Warehouse with ``fct_message_events`` and ``dim_contacts``.
    now : datetime.datetime
        Training cut-off (naive UTC).
    default_tz : str
        Zone for contacts with none (the organisation's).
    holdout_days : int
        The last days before ``now`` held out for the evaluation.
    segment_cols : tuple of str
        ``dim_contacts`` columns a thin history is shrunk towards.
    seed : int
        Seed of the concentration fit's sampling.

    Returns
    -------
    ModelRun
    """
    events = read_table(
        con,
        "fct_message_events",
        ["contact_id", "event_type", "event_at", "is_machine_open"],
        where="event_type in ('open', 'click') and " + _before("event_at", now),
    )
    contacts = read_table(con, "dim_contacts", ["contact_id", *sorted({"timezone", *segment_cols})])
    hours = engagement_hours(events, contacts, default_tz=default_tz)
    cut = pd.Timestamp(now) - pd.Timedelta(days=holdout_days)
    train = hours[hours["event_at"] < cut]
    model = fit_send_time(train, contacts, segment_cols=segment_cols, seed=seed)
    held = holdout_hit_rate(
        recommend_send_times(model, train, contacts),
        hours[hours["event_at"] >= cut],
        global_best_hour=model.global_best_hour,
    )
    final = fit_send_time(hours, contacts, segment_cols=segment_cols, seed=seed)
    evaluation = ModelEvaluation(
        model_name="send_time_eb",
        metric_name="holdout_engagements_within_1h",
        model_score=held["model_share"],
        baseline_name="global_best_hour",
        baseline_score=held["baseline_share"],
        higher_is_better=True,
        training_start_at=None,
        training_end_at=cut.to_pydatetime(),
        trained_at=pd.Timestamp(now).to_pydatetime(),
        n_train=int(len(train)),
        n_holdout=int(held["n_events"]),
        seed=seed,
        params={
            "segment_cols": list(segment_cols),
            "contact_concentration": final.contact_concentration,
            "segment_concentration": round(final.segment_concentration, 4),
            "global_best_hour": final.global_best_hour,
            "holdout_days": holdout_days,
        },
    )
    table = recommend_send_times(final, hours, contacts)
    figures = {
        "holdout_model_share": held["model_share"],
        "holdout_baseline_share": held["baseline_share"],
        "global_best_hour_of_week": float(final.global_best_hour),
        "contact_prior_weight": final.contact_concentration,
        "contacts_with_history": float((table["n_engagements"] > 0).sum()),
    }
    return ModelRun(_stamp(table, evaluation), [evaluation], figures)


def run_contact_ltv(
    con: duckdb.DuckDBPyConnection,
    *,
    now: dt.datetime,
    horizon_days: int = 365,
    holdout_days: int = 90,
) -> ModelRun:
    """BG/NBD + Gamma-Gamma LTV per contact (``contact_ltv_predictions``).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Warehouse with ``stg_lms__enrollments`` and ``dim_contacts``.
    now : datetime.datetime
    horizon_days : int
        Horizon of the predicted enrollments and LTV.
    holdout_days : int
        Holdout of the evaluation.

    Returns
    -------
    ModelRun
    """
    enrollments = read_table(
        con,
        "stg_lms__enrollments",
        ["contact_id", "occurred_at", "revenue_amount", "is_refund"],
        where=_before("occurred_at", now),
    )
    contacts = read_table(
        con, "dim_contacts", ["contact_id", "created_at"], where=_before("created_at", now)
    )
    evaluation, extra = evaluate_ltv_holdout(
        enrollments, contacts, now=now, holdout_days=holdout_days
    )
    table, fit = predict_contact_ltv(enrollments, contacts, now=now, horizon_days=horizon_days)
    figures = dict(extra)
    figures |= {
        "bgnbd_r": fit.bgnbd.r,
        "bgnbd_alpha_weeks": fit.bgnbd.alpha,
        "bgnbd_a": fit.bgnbd.a,
        "bgnbd_b": fit.bgnbd.b,
        "predicted_ltv_total_amount": float(table["predicted_ltv_amount"].sum()),
    }
    return ModelRun(_stamp(table, evaluation), [evaluation], figures)


def _journeys(con: duckdb.DuckDBPyConnection, now: dt.datetime, lookback_days: int) -> Journeys:
    touches = read_table(
        con,
        "fct_touchpoints",
        ["contact_id", "touch_at", "channel", "campaign_id"],
        where=_before("touch_at", now),
    )
    enrollments = read_table(
        con,
        "stg_lms__enrollments",
        ["contact_id", "occurred_at", "revenue_amount"],
        where="not is_refund and " + _before("occurred_at", now),
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
    journeys = _journeys(con, now, lookback_days)
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


def run_course_recommendations(
    con: duckdb.DuckDBPyConnection,
    *,
    now: dt.datetime,
    k: int = 5,
    holdout_days: int = 60,
) -> ModelRun:
    """Top-``k`` courses per contact (``course_recommendations``).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Warehouse with ``fct_contact_activity``, ``dim_courses``, ``dim_contacts`` and
        ``dim_contact_interests``.
    now : datetime.datetime
    k : int
        Courses per contact.
    holdout_days : int
        Holdout of the precision/recall evaluation.

    Returns
    -------
    ModelRun
    """
    activity = read_table(
        con,
        "fct_contact_activity",
        ["contact_id", "course_id", "activity_type", "occurred_at"],
        where="course_id is not null and " + _before("occurred_at", now),
    )
    courses = read_table(con, "dim_courses", ["course_id", "course_category"])
    contacts = read_table(con, "dim_contacts", ["contact_id"])
    interests = read_table(con, "dim_contact_interests", ["contact_id", "interest"])
    contacts = contacts.merge(
        interests.groupby("contact_id")["interest"].agg(list).rename("interests"),
        left_on="contact_id",
        right_index=True,
        how="left",
    )
    scores = evaluate_recommendations(
        activity, courses, contacts, now=now, holdout_days=holdout_days, k=k
    )
    cut = pd.Timestamp(now) - pd.Timedelta(days=holdout_days)
    evaluation = ModelEvaluation(
        model_name="course_recs_item_item",
        metric_name=f"recall_at_{k}",
        model_score=scores["recall_at_k"],
        baseline_name="most_popular",
        baseline_score=scores["recall_at_k_popular"],
        higher_is_better=True,
        training_start_at=None,
        training_end_at=cut.to_pydatetime(),
        trained_at=pd.Timestamp(now).to_pydatetime(),
        n_train=int((pd.to_datetime(activity["occurred_at"]) < cut).sum()),
        n_holdout=int(scores["n_contacts"]),
        params={"k": k, "holdout_days": holdout_days, "weights": "view 1, apply 2, enroll 3"},
    )
    model = fit_recommender(activity, courses)
    table = recommend_courses(model, activity, contacts, k=k)
    return ModelRun(_stamp(table, evaluation), [evaluation], dict(scores))


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
        where=_before("created_at", now),
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
    return ModelRun(_stamp(table, evaluation), [evaluation], figures)


def _week(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.to_period("W").dt.start_time


def weekly_spend_and_revenue(
    con: duckdb.DuckDBPyConnection, *, now: dt.datetime, lookback_days: int = 30
) -> pd.DataFrame:
    """Spend (sends' cost + ad spend) and Shapley-attributed revenue per campaign x channel x week.

    Revenue is booked in the week of the enrollment.

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
        where=_before("sent_at", now),
    )  # fmt: skip
    ads = read_table(
        con, "stg_ads__spend", ["campaign_id", "channel", "spend_date", "spend_amount"],
        where=_before("spend_date", now),
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
    journeys = _journeys(con, now, lookback_days)
    credits = touch_credits(journeys)
    credits["channel"] = np.asarray(journeys.channels, dtype=object)[credits["channel_code"]]
    credits["week"] = _week(credits["journey_id"].map(journeys.outcomes["ended_at"]))
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
        metric_name="holdout_weekly_revenue_mae",
        model_score=scores["mae_curves"],
        baseline_name="constant_roi",
        baseline_score=scores["mae_constant_roi"],
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
    return ModelRun(_stamp(table, evaluation), [evaluation], figures)


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
        where=_before("sent_at", now),
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
    return ModelRun(_stamp(table, evaluation), [evaluation], figures)


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
