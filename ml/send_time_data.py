"""What the send-time model learns from: engagement moments, and how much each one says.

An engagement says when the contact reads their messages only when it was not simply *prompted*
by the message arriving: an open a few minutes after delivery reflects the hour we sent, not the
hour the contact prefers. :func:`engagement_hours` keeps one engagement per message (its first
human open, else its first click: a click right after its open or a re-open repeats the same
moment) with its lag after the message's delivery; :func:`fit_prompt_lag` fits the lag
distribution as a mixture of "prompted" (exponential, a few hours) and "unprompted" (uniform over
the week), and :func:`engagement_weights` gives each engagement the posterior probability that it
was unprompted, times an optional recency decay.

References
----------
.. [1] Dempster, A. P., Laird, N. M. & Rubin, D. B. (1977). Maximum likelihood from incomplete
   data via the EM algorithm. *JRSS B* 39(1). (The two-component lag mixture.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ml.errors import MLInputError, require_columns
from ml.local_time import local_times

__all__ = [
    "ENGAGEMENT_TYPES",
    "PromptLag",
    "engagement_hours",
    "engagement_weights",
    "fit_prompt_lag",
]

ENGAGEMENT_TYPES = ("open", "click")
LAG_HORIZON_HOURS = 168.0  # an unprompted engagement falls anywhere in the week after delivery


@dataclass(frozen=True)
class PromptLag:
    """Lag mixture: share of prompted engagements and their mean lag (hours) after delivery."""

    prompted_share: float
    prompted_mean_hours: float
    n_lags: int

    def unprompted_probability(self, lag_hours: np.ndarray) -> np.ndarray:
        """P(unprompted | lag); NaN lags (no delivery event known) get the prior share."""
        lag = np.clip(np.asarray(lag_hours, dtype=float), 0.0, LAG_HORIZON_HOURS)
        pi, mu = self.prompted_share, self.prompted_mean_hours
        prompted = pi * np.exp(-lag / mu) / mu
        unprompted = (1.0 - pi) / LAG_HORIZON_HOURS
        out = unprompted / (prompted + unprompted)
        return np.where(np.isnan(lag), 1.0 - pi, out)


NO_LAG = PromptLag(prompted_share=0.0, prompted_mean_hours=1.0, n_lags=0)


def fit_prompt_lag(lag_hours: np.ndarray, *, iterations: int = 200) -> PromptLag:
    """Fit ``π·Exp(mean μ) + (1 − π)·Uniform(0, 168 h)`` to engagement lags by EM.

    Parameters
    ----------
    lag_hours : numpy.ndarray
        Hours from each message's delivery to its engagement (NaN = unknown, ignored).
    iterations : int
        EM iterations (it converges in a few dozen).

    Returns
    -------
    PromptLag
        :data:`NO_LAG` (every engagement fully counted) when fewer than 50 lags are known.
    """
    lag = np.asarray(lag_hours, dtype=float)
    lag = np.clip(lag[~np.isnan(lag)], 0.0, LAG_HORIZON_HOURS)
    if len(lag) < 50:
        return NO_LAG
    pi, mu = 0.5, max(float(np.median(lag)), 0.1)
    for _ in range(iterations):
        prompted = pi * np.exp(-lag / mu) / mu
        resp = prompted / (prompted + (1.0 - pi) / LAG_HORIZON_HOURS)
        pi = float(np.clip(resp.mean(), 1e-4, 1 - 1e-4))
        mu = float(np.clip((resp * lag).sum() / max(resp.sum(), 1e-9), 0.05, 48.0))
    return PromptLag(prompted_share=pi, prompted_mean_hours=mu, n_lags=int(len(lag)))


def engagement_hours(
    events: pd.DataFrame, contacts: pd.DataFrame, *, default_tz: str
) -> pd.DataFrame:
    """Human engagements (one per message) with each contact's local hour of week.

    Parameters
    ----------
    events : pandas.DataFrame
        ``fct_message_events`` rows: ``contact_id``, ``event_type``, ``event_at`` (naive UTC) and
        optionally ``is_machine_open`` (machine opens, e.g. Apple MPP, are dropped),
        ``message_id`` (one engagement per message is kept: the first human open, else the
        first click) and ``delivered`` rows of the same messages (the lag after delivery).
    contacts : pandas.DataFrame
        ``dim_contacts`` rows: ``contact_id``, ``timezone`` (IANA, may be null).
    default_tz : str
        Zone used for contacts with no (or an unknown) zone, e.g. the organisation's.

    Returns
    -------
    pandas.DataFrame
        ``contact_id``, ``event_at``, ``hour_of_week`` (local, 0 = Monday 00h) and ``lag_hours``
        (hours after the message's delivery; NaN when unknown).
    """
    require_columns(events, ["contact_id", "event_type", "event_at"], name="fct_message_events")
    require_columns(contacts, ["contact_id", "timezone"], name="dim_contacts")
    if events["event_at"].isna().any():
        raise MLInputError("fct_message_events: event_at is missing on some rows (NaT)")
    keep = events["event_type"].isin(ENGAGEMENT_TYPES) & events["contact_id"].notna()
    if "is_machine_open" in events.columns:
        keep &= ~events["is_machine_open"].fillna(False).astype(bool)
    has_messages = "message_id" in events.columns
    cols = ["contact_id", "event_at", "event_type"] + (["message_id"] if has_messages else [])
    ev = events.loc[keep, cols]
    if has_messages:
        ev = _first_per_message(ev)
        delivered = (
            events.loc[events["event_type"] == "delivered"].groupby("message_id")["event_at"].min()
        )
        lag = (ev["event_at"] - ev["message_id"].map(delivered)).dt.total_seconds() / 3600.0
        ev = ev.assign(lag_hours=lag.clip(lower=0.0).to_numpy())
    else:
        ev = ev.assign(lag_hours=np.nan)
    if ev.empty:
        return pd.DataFrame({"contact_id": [], "event_at": [], "hour_of_week": [], "lag_hours": []})
    zones = ev["contact_id"].map(contacts.set_index("contact_id")["timezone"])
    local = local_times(ev["event_at"], zones, default_tz=default_tz)
    how = local.dt.dayofweek * 24 + local.dt.hour
    out = ev.assign(hour_of_week=how.astype(int))
    return out[["contact_id", "event_at", "hour_of_week", "lag_hours"]].reset_index(drop=True)


def _first_per_message(ev: pd.DataFrame) -> pd.DataFrame:
    """The first human open of each message, else its first click (rows without an id kept)."""
    known = ev[ev["message_id"].notna()]
    rank = (known["event_type"] != "open").astype(int)  # opens before clicks
    first = (
        known.assign(_rank=rank)
        .sort_values(["message_id", "_rank", "event_at"])
        .drop_duplicates("message_id")
        .drop(columns="_rank")
    )
    return pd.concat([first, ev[ev["message_id"].isna()]]).sort_values("event_at")


def engagement_weights(
    hours: pd.DataFrame,
    lag: PromptLag,
    *,
    now: pd.Timestamp | None = None,
    half_life_days: float | None = None,
) -> np.ndarray:
    """How much each engagement says about the contact's preferred hour.

    ``P(unprompted | lag)`` (:class:`PromptLag`) times ``0.5 ** (age / half_life_days)`` (age in
    days before ``now``, the latest engagement when None); no decay when ``half_life_days`` is None.
    """
    w = lag.unprompted_probability(hours["lag_hours"].to_numpy(dtype=float))
    if half_life_days is not None and len(hours):
        at = pd.to_datetime(hours["event_at"])
        ref = pd.Timestamp(now) if now is not None else at.max()
        age = (ref - at).dt.total_seconds().to_numpy() / 86_400.0
        w = w * np.power(0.5, np.clip(age, 0.0, None) / half_life_days)
    return w
