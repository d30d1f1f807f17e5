"""Course-recommendation run: item-item top-k per contact, scored against most-popular."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from ml.recommendations import evaluate_recommendations, fit_recommender, recommend_courses
from ml.registry import ModelEvaluation
from ml.runs.common import ModelRun, before, stamp
from ml.warehouse_io import read_table

__all__ = ["run_course_recommendations"]


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
        where="course_id is not null and " + before("occurred_at", now),
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
    return ModelRun(stamp(table, evaluation), [evaluation], dict(scores))
