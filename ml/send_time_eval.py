"""Send-time baselines and yardsticks: the per-contact mode, planted truth and held-out hit rates.

The baseline a send-time model must beat is not one hour for everyone (that is easy) but the
obvious per-contact rule: send at the hour each contact engaged most often
(:func:`contact_mode_hours`; one global hour only for contacts with no history).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ml.errors import MLInputError, require_columns
from ml.frames import among

__all__ = [
    "circular_distance",
    "contact_mode_hours",
    "evaluate_against_truth",
    "holdout_hit_rate",
]

HOURS_PER_WEEK = 168


def circular_distance(a, b, period: int = HOURS_PER_WEEK) -> np.ndarray:
    """Distance in hours between hours of week ``a`` and ``b`` on a circle of ``period`` hours."""
    d = np.abs(np.asarray(a, dtype=int) - np.asarray(b, dtype=int)) % period
    return np.minimum(d, period - d)


def contact_mode_hours(
    hours: pd.DataFrame, contact_ids, *, fallback_hour: int | None = None
) -> pd.DataFrame:
    """Each contact's most common engagement hour of week (ties: the most recent of them).

    Parameters
    ----------
    hours : pandas.DataFrame
        :func:`ml.send_time_data.engagement_hours` rows (``contact_id``, ``hour_of_week``,
        ``event_at``).
    contact_ids : iterable
        Contacts to answer for.
    fallback_hour : int, optional
        Hour of week for contacts without history (default: the hour with most engagements
        overall, ±1 h window).

    Returns
    -------
    pandas.DataFrame
        ``contact_id``, ``best_hour_of_week``, ``best_local_hour`` (= hour of week mod 24),
        ``n_engagements``.
    """
    require_columns(hours, ["contact_id", "hour_of_week"], name="engagement hours")
    ids = pd.Index(pd.unique(pd.Series(list(contact_ids), dtype=object)))
    if fallback_hour is None:
        counts = np.bincount(hours["hour_of_week"].astype(int), minlength=HOURS_PER_WEEK)
        window = counts + np.roll(counts, 1) + np.roll(counts, -1)
        fallback_hour = int(np.argmax(window)) if counts.sum() else 9
    h = hours[among(hours["contact_id"], ids)]
    order = "event_at" if "event_at" in h.columns else "hour_of_week"
    cells = (
        h.groupby(["contact_id", "hour_of_week"])
        .agg(n=("hour_of_week", "size"), last=(order, "max"))
        .reset_index()
        .sort_values(["contact_id", "n", "last"], ascending=[True, False, False])
        .drop_duplicates("contact_id")
        .set_index("contact_id")
    )
    totals = h.groupby("contact_id").size()
    best = cells["hour_of_week"].reindex(ids).fillna(fallback_hour).astype(int).to_numpy()
    return pd.DataFrame(
        {
            "contact_id": ids,
            "best_hour_of_week": best,
            "best_local_hour": best % 24,
            "n_engagements": totals.reindex(ids).fillna(0).astype(int).to_numpy(),
        }
    )


def _hits(joined: pd.DataFrame, column: str, target: np.ndarray, tolerance: int) -> np.ndarray:
    return circular_distance(joined[column], target) <= tolerance


def evaluate_against_truth(
    recommendations: pd.DataFrame,
    truth: pd.DataFrame,
    *,
    global_best_hour: int,
    baseline: pd.DataFrame | None = None,
    tolerance: int = 1,
) -> dict[str, float]:
    """Share of contacts whose recommended hour is within ±``tolerance`` h of their planted hour.

    Parameters
    ----------
    recommendations : pandas.DataFrame
        Output of :func:`ml.send_time.recommend_send_times`.
    truth : pandas.DataFrame
        ``contact_id``, ``preferred_hour_of_week`` (local), e.g. the simulator's
        ``truth/contact_preferences.parquet``.
    global_best_hour : int
        One hour for everyone.
    baseline : pandas.DataFrame, optional
        Per-contact baseline (:func:`contact_mode_hours`): adds ``contact_mode_share``.
    tolerance : int
        Hours either side that still count as a hit.

    Returns
    -------
    dict
        ``model_share``, ``baseline_share`` (global hour), ``contact_mode_share`` (when
        ``baseline`` is given), ``n_contacts``.
    """
    require_columns(truth, ["contact_id", "preferred_hour_of_week"], name="contact_preferences")
    joined = recommendations[["contact_id", "best_hour_of_week"]].merge(
        truth, on="contact_id", how="inner"
    )
    if joined.empty:
        raise MLInputError("contact_preferences: no contact in common with the recommendations")
    target = joined["preferred_hour_of_week"].to_numpy()
    joined["global"] = global_best_hour
    out = {
        "model_share": float(_hits(joined, "best_hour_of_week", target, tolerance).mean()),
        "baseline_share": float(_hits(joined, "global", target, tolerance).mean()),
        "n_contacts": int(len(joined)),
    }
    if baseline is not None:
        base = joined[["contact_id"]].merge(
            baseline[["contact_id", "best_hour_of_week"]], on="contact_id", how="left"
        )
        base["best_hour_of_week"] = base["best_hour_of_week"].fillna(global_best_hour)
        out["contact_mode_share"] = float(
            _hits(base, "best_hour_of_week", target, tolerance).mean()
        )
    return out


def holdout_hit_rate(
    recommendations: pd.DataFrame,
    holdout_hours: pd.DataFrame,
    *,
    global_best_hour: int,
    baseline: pd.DataFrame | None = None,
    weights: np.ndarray | None = None,
    tolerance: int = 1,
) -> dict[str, float]:
    """Share of held-out engagements that fell within ±``tolerance`` h of the recommended hour.

    The yardstick when no planted truth exists: fit on engagements before a cut-off, recommend,
    then count how often later engagements land in the recommended window, beside the global
    hour and (with ``baseline``) each contact's most common earlier hour.

    Parameters
    ----------
    recommendations : pandas.DataFrame
        Output of :func:`ml.send_time.recommend_send_times` fitted on the training window.
    holdout_hours : pandas.DataFrame
        Engagement rows after the cut-off.
    global_best_hour : int
        One hour for everyone.
    baseline : pandas.DataFrame, optional
        :func:`contact_mode_hours` on the training window.
    weights : numpy.ndarray, optional
        Weight of each held-out engagement (e.g. its probability of being unprompted by the
        message's arrival); every engagement counts 1 when None.
    tolerance : int
        Hours either side that count.

    Returns
    -------
    dict
        ``model_share``, ``baseline_share`` (global hour), ``contact_mode_share`` (with
        ``baseline``), ``n_events``.
    """
    held = holdout_hours.assign(_w=1.0 if weights is None else np.asarray(weights, dtype=float))
    joined = held.merge(
        recommendations[["contact_id", "best_hour_of_week"]], on="contact_id", how="inner"
    )
    if joined.empty or joined["_w"].sum() <= 0:
        nan = float("nan")
        return {"model_share": nan, "baseline_share": nan, "contact_mode_share": nan, "n_events": 0}
    target = joined["hour_of_week"].to_numpy()
    w = joined["_w"].to_numpy()
    joined["global"] = global_best_hour

    def share(column: str) -> float:
        return float((_hits(joined, column, target, tolerance) * w).sum() / w.sum())

    out = {
        "model_share": share("best_hour_of_week"),
        "baseline_share": share("global"),
        "n_events": int(len(joined)),
    }
    if baseline is not None:
        mode = baseline.set_index("contact_id")["best_hour_of_week"]
        joined["mode"] = joined["contact_id"].map(mode).fillna(global_best_hour).astype(int)
        out["contact_mode_share"] = share("mode")
    return out
