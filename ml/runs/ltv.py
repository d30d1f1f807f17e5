"""LTV run: BG/NBD + Gamma-Gamma per contact, scored against each contact's run rate."""

from __future__ import annotations

import datetime as dt

import duckdb

from ml.ltv_predictions import evaluate_ltv_holdout, predict_contact_ltv
from ml.runs.common import ModelRun, before, stamp
from ml.warehouse_io import read_table

__all__ = ["run_contact_ltv"]


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
        where=before("occurred_at", now),
    )
    contacts = read_table(
        con, "dim_contacts", ["contact_id", "created_at"], where=before("created_at", now)
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
    return ModelRun(stamp(table, evaluation), [evaluation], figures)
