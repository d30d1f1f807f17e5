"""Send-time run: empirical-Bayes best hour per contact, gated against each contact's mode hour."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from ml.registry import ModelEvaluation
from ml.runs.common import ModelRun, before, stamp
from ml.send_time import (
    contact_mode_hours,
    engagement_hours,
    fit_send_time,
    holdout_hit_rate,
    recommend_send_times,
)
from ml.warehouse_io import read_table

__all__ = ["run_send_time"]


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

    Promotion gate: on the last ``holdout_days``, the share of held-out engagements within ±1 h
    of the model's hour beside the share within ±1 h of each contact's most common earlier
    engagement hour (the global best hour for contacts without history). The table carries that
    baseline too (``baseline_hour_of_week``, ``baseline_local_hour``): what the engine falls
    back to when the model is not promoted.

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
    present = {
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns "
            "where table_name = 'fct_message_events'"
        ).fetchall()
    }
    # message_id (one engagement per message, lag after delivery) when the mart has it
    ids = ["message_id"] if "message_id" in present else []
    events = read_table(
        con,
        "fct_message_events",
        [*ids, "contact_id", "event_type", "event_at", "is_machine_open"],
        where="event_type in ('open', 'click', 'delivered') and " + before("event_at", now),
    )
    contacts = read_table(con, "dim_contacts", ["contact_id", *sorted({"timezone", *segment_cols})])
    hours = engagement_hours(events, contacts, default_tz=default_tz)
    cut = pd.Timestamp(now) - pd.Timedelta(days=holdout_days)
    train, holdout = hours[hours["event_at"] < cut], hours[hours["event_at"] >= cut]
    model = fit_send_time(train, contacts, segment_cols=segment_cols, seed=seed, now=cut)
    recommended = recommend_send_times(model, train, contacts)
    mode = contact_mode_hours(train, contacts["contact_id"])
    held = holdout_hit_rate(
        recommended, holdout, global_best_hour=model.global_best_hour, baseline=mode
    )
    unprompted = holdout_hit_rate(
        recommended,
        holdout,
        global_best_hour=model.global_best_hour,
        baseline=mode,
        weights=model.prompt_lag.unprompted_probability(holdout["lag_hours"].to_numpy(float)),
    )
    final = fit_send_time(hours, contacts, segment_cols=segment_cols, seed=seed, now=now)
    evaluation = ModelEvaluation(
        model_name="send_time_eb",
        metric_name="holdout_engagements_within_1h",
        model_score=held["model_share"],
        baseline_name="contact_mode_hour",
        baseline_score=held["contact_mode_share"],
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
            "day_pooling": final.day_pooling,
            "half_life_days": final.half_life_days,
            "prompted_share": round(final.prompt_lag.prompted_share, 4),
            "prompted_mean_hours": round(final.prompt_lag.prompted_mean_hours, 3),
            "holdout_days": holdout_days,
        },
    )
    fallback = contact_mode_hours(hours, contacts["contact_id"])
    table = recommend_send_times(final, hours, contacts).merge(
        fallback[["contact_id", "best_hour_of_week", "best_local_hour"]].rename(
            columns={
                "best_hour_of_week": "baseline_hour_of_week",
                "best_local_hour": "baseline_local_hour",
            }
        ),
        on="contact_id",
        how="left",
    )
    figures = {
        "holdout_model_share": held["model_share"],
        "holdout_contact_mode_share": held["contact_mode_share"],
        "holdout_global_hour_share": held["baseline_share"],
        "holdout_unprompted_model_share": unprompted["model_share"],
        "holdout_unprompted_contact_mode_share": unprompted["contact_mode_share"],
        "global_best_hour_of_week": float(final.global_best_hour),
        "contact_prior_weight": final.contact_concentration,
        "contacts_with_history": float((table["n_engagements"] > 0).sum()),
    }
    return ModelRun(stamp(table, evaluation), [evaluation], figures)
