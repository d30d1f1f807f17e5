"""Send-time optimisation: best local hour of week per contact, with empirical-Bayes shrinkage.

Each contact's engagement (one human open or click per message, :mod:`ml.send_time_data`) is
counted per local hour of week (0 = Monday 00:00-00:59 in the contact's zone, 167 = Sunday 23:00),
each engagement weighted by how much it says about the contact's own timing: the probability it
was not simply prompted by the message arriving (a lag mixture fitted on the data) times a recency
decay. A contact's hour profile is the posterior mean of a hierarchy global → segment → contact:

- the segment profile shrinks towards the global one with a weight fitted by the
  Dirichlet-multinomial marginal likelihood;
- the contact's own weighted counts are *pooled across days* (an engagement at 09:00 on Tuesday
  also says something about 09:00 on other days, weight β), then shrunk towards the segment
  profile with prior weight κ.

κ, β and the recency half-life are chosen together by leave-one-out prediction of engagement
hours (weighted by the same unprompted probability), the decision the table serves. The
recommended hour maximises the posterior mass within ±1 hour.

References
----------
.. [1] Minka, T. (2000). Estimating a Dirichlet distribution. (Dirichlet-multinomial likelihood.)
.. [2] Gelman, A. et al. (2013). *Bayesian Data Analysis*, 3rd ed., ch. 5 (hierarchical models).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from scipy.special import gammaln

from ml.errors import MLInputError, require_columns
from ml.frames import among
from ml.send_time_data import (
    NO_LAG,
    PromptLag,
    engagement_hours,
    engagement_weights,
    fit_prompt_lag,
)
from ml.send_time_eval import (
    circular_distance,
    contact_mode_hours,
    evaluate_against_truth,
    holdout_hit_rate,
)

__all__ = [
    "HOURS_PER_WEEK",
    "SendTimeModel",
    "circular_distance",
    "contact_mode_hours",
    "engagement_hours",
    "evaluate_against_truth",
    "fit_send_time",
    "holdout_hit_rate",
    "recommend_send_times",
]

HOURS_PER_WEEK = 168
CONCENTRATION_GRID = (0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 35.0, 60.0, 100.0)
DAY_POOLING_GRID = (0.0, 0.5, 1.0, 2.0, 4.0)
HALF_LIFE_GRID: tuple[float | None, ...] = (None, 90.0, 30.0)


@dataclass(frozen=True)
class SendTimeModel:
    """Fitted hierarchy: global and segment profiles, the concentrations and the weighting."""

    global_profile: np.ndarray  # (168,)
    segment_profiles: pd.DataFrame  # index = segment, 168 columns
    segment_concentration: float  # prior weight of the global profile on a segment
    contact_concentration: float  # κ: prior weight of the segment profile on a contact
    segment_cols: tuple[str, ...]
    global_best_hour: int
    day_pooling: float = 0.0  # β: weight of the same hour on the other days
    half_life_days: float | None = None  # recency decay of engagements (None: none)
    prompt_lag: PromptLag = field(default=NO_LAG)
    reference_at: pd.Timestamp | None = None  # "now" of the recency decay

    def weights(self, hours: pd.DataFrame) -> np.ndarray:
        """Weight of each engagement row under this model's lag mixture and recency decay."""
        return engagement_weights(
            hours, self.prompt_lag, now=self.reference_at, half_life_days=self.half_life_days
        )


def _window(profile: np.ndarray) -> np.ndarray:
    """Circular ±1 h window mass along the last axis (the window a recommendation is judged on)."""
    return profile + np.roll(profile, 1, axis=-1) + np.roll(profile, -1, axis=-1)


def _day_pool(counts: np.ndarray) -> np.ndarray:
    """Each hour of week's same-hour total over the 7 days, divided by 7 (last axis = 168)."""
    lead = counts.shape[:-1]
    hod = counts.reshape(*lead, 7, 24).sum(axis=-2) / 7.0
    return np.tile(hod, 7)


def _dm_neg_loglik(kappa, rows, hours, counts, totals, prior) -> float:
    """Negative Dirichlet-multinomial marginal log-likelihood (sparse, possibly weighted counts)."""
    alpha = kappa * prior[rows, hours]
    cell = gammaln(counts + alpha) - gammaln(alpha)
    return -(len(totals) * gammaln(kappa) - gammaln(totals + kappa).sum() + cell.sum())


def _fit_concentration(rows, hours, counts, totals, prior) -> float:
    result = minimize_scalar(
        lambda log_k: _dm_neg_loglik(np.exp(log_k), rows, hours, counts, totals, prior),
        bounds=(np.log(0.1), np.log(5000.0)),
        method="bounded",
    )
    return float(np.exp(result.x))


def _dense_counts(rows: np.ndarray, hours: np.ndarray, n_rows: int, weights=None) -> np.ndarray:
    """(n_rows x 168) weighted engagement counts from (row, hour) pairs."""
    flat = np.bincount(
        rows * HOURS_PER_WEEK + hours, weights=weights, minlength=n_rows * HOURS_PER_WEEK
    )
    return flat.reshape(n_rows, HOURS_PER_WEEK).astype(float)


def _segment_of(contacts: pd.DataFrame, segment_cols: Sequence[str]) -> pd.Series:
    parts = contacts[list(segment_cols)].astype("string").fillna("(none)")
    key = parts.iloc[:, 0]
    for col in parts.columns[1:]:
        key = key + "|" + parts[col]
    return pd.Series(key.to_numpy(), index=contacts["contact_id"].to_numpy())


def _segments_for(segment_of: pd.Series, ids: pd.Index) -> np.ndarray:
    """Segment of each id (``"(none)"`` for ids without a contact row)."""
    return segment_of.reindex(ids).fillna("(none)").to_numpy()


def fit_send_time(
    hours: pd.DataFrame,
    contacts: pd.DataFrame,
    *,
    segment_cols: Sequence[str] = ("timezone",),
    max_fit_contacts: int = 200_000,
    seed: int = 0,
    now: pd.Timestamp | None = None,
) -> SendTimeModel:
    """Fit the global → segment → contact hierarchy of hour-of-week profiles.

    Parameters
    ----------
    hours : pandas.DataFrame
        Output of :func:`engagement_hours` (``lag_hours`` optional: without it every engagement
        counts fully).
    contacts : pandas.DataFrame
        ``dim_contacts`` with ``contact_id`` and the ``segment_cols``.
    segment_cols : sequence of str
        Columns defining the segment a contact is shrunk towards (missing values form their own
        segment).
    max_fit_contacts : int
        κ, β and the half-life are selected on a random sample of at most this many contacts.
    seed : int
        Seed of that sample.
    now : pandas.Timestamp, optional
        Reference of the recency decay (default: the latest engagement).

    Returns
    -------
    SendTimeModel
    """
    require_columns(contacts, ["contact_id", *segment_cols], name="dim_contacts")
    require_columns(hours, ["contact_id", "hour_of_week"], name="engagement hours")
    if hours.empty:
        raise MLInputError(
            "fct_message_events: no human open or click to learn send times from; "
            "run a campaign (or the simulator) first"
        )
    if "lag_hours" not in hours.columns:
        hours = hours.assign(lag_hours=np.nan)
    if "event_at" not in hours.columns:
        hours = hours.assign(event_at=pd.Timestamp(0))
    reference = pd.Timestamp(now) if now is not None else pd.to_datetime(hours["event_at"]).max()
    lag = fit_prompt_lag(hours["lag_hours"].to_numpy(dtype=float))
    w = engagement_weights(hours, lag)
    seg = _segment_of(contacts, segment_cols)
    h = hours.assign(segment=hours["contact_id"].map(seg).fillna("(none)").to_numpy(), _w=w)

    counts = np.bincount(h["hour_of_week"], weights=w, minlength=HOURS_PER_WEEK)
    global_profile = (counts + 1.0) / (counts.sum() + HOURS_PER_WEEK)

    seg_index = pd.Index(sorted(h["segment"].unique()))
    cells = h.groupby(["segment", "hour_of_week"])["_w"].sum().rename("n").reset_index()
    rows = seg_index.get_indexer(cells["segment"])
    totals = np.bincount(rows, weights=cells["n"], minlength=len(seg_index))
    hrs, n = cells["hour_of_week"].to_numpy(), cells["n"].to_numpy(float)
    g_prior = np.broadcast_to(global_profile, (len(seg_index), HOURS_PER_WEEK))
    k_seg = _fit_concentration(rows, hrs, n, totals, g_prior)
    seg_counts = np.zeros((len(seg_index), HOURS_PER_WEEK))
    np.add.at(seg_counts, (rows, hrs), n)
    seg_profiles = (seg_counts + k_seg * global_profile) / (totals[:, None] + k_seg)

    contact_ids = pd.Index(h["contact_id"].unique())
    rng = np.random.default_rng(seed)
    if len(contact_ids) > max_fit_contacts:
        contact_ids = pd.Index(rng.choice(contact_ids, max_fit_contacts, replace=False))
        h = h[among(h["contact_id"], contact_ids)]
    contact_seg = seg_index.get_indexer(_segments_for(seg, contact_ids))
    k_contact, beta, half_life = _select_hyperparameters(
        h, contact_ids, seg_profiles, contact_seg, lag, reference, rng
    )
    return SendTimeModel(
        global_profile=global_profile,
        segment_profiles=pd.DataFrame(seg_profiles, index=seg_index),
        segment_concentration=k_seg,
        contact_concentration=k_contact,
        segment_cols=tuple(segment_cols),
        global_best_hour=int(np.argmax(_window(global_profile))),
        day_pooling=beta,
        half_life_days=half_life,
        prompt_lag=lag,
        reference_at=reference,
    )


def _select_hyperparameters(
    h: pd.DataFrame,
    contact_ids: pd.Index,
    seg_profiles: np.ndarray,
    contact_seg: np.ndarray,
    lag: PromptLag,
    reference: pd.Timestamp,
    rng: np.random.Generator,
    max_events: int = 30_000,
) -> tuple[float, float, float | None]:
    """(κ, β, half-life) that best predict each engagement's hour from the contact's *other* ones.

    Leave-one-out over (a sample of) engagements: each held-out engagement's contact profile is
    rebuilt without it, and the grid point maximising the (unprompted-weighted) share of held-out
    hours within ±1 h of the recommended one wins. This targets the decision the table is used
    for, which the Dirichlet-multinomial marginal likelihood (the whole 168-hour profile) does not.
    """
    rows = contact_ids.get_indexer(h["contact_id"])
    hours = h["hour_of_week"].to_numpy()
    target_w = lag.unprompted_probability(h["lag_hours"].to_numpy(dtype=float))
    pick = np.arange(len(rows))
    if len(pick) > max_events:
        pick = rng.choice(pick, max_events, replace=False)
    r, hr, tw = rows[pick], hours[pick], target_w[pick]
    seg = contact_seg[r]  # the prior of each held-out engagement: its contact's segment profile
    seg_window = _window(seg_profiles).astype(np.float32)
    grid = [(k, beta) for beta in DAY_POOLING_GRID for k in CONCENTRATION_GRID]
    best, best_score = (CONCENTRATION_GRID[0], 0.0, None), -1.0
    for half_life in HALF_LIFE_GRID:
        w = engagement_weights(h, lag, now=reference, half_life_days=half_life)
        counts = _dense_counts(rows, hours, len(contact_ids), w)
        own = counts[r]
        own[np.arange(len(r)), hr] -= w[pick]
        choices = _grid_choices(own, seg_window, seg, grid)
        for (k, beta), choice in zip(grid, choices, strict=True):
            hit = circular_distance(choice, hr) <= 1
            score = float((hit * tw).sum() / max(tw.sum(), 1e-12))
            if score > best_score + 1e-9:
                best, best_score = (float(k), float(beta), half_life), score
    return best


#: rows of the held-out sample scored together in :func:`_grid_choices` (~1 MiB per float32 block)
GRID_BLOCK_ROWS = 1536
#: threads scoring blocks at once in :func:`_grid_choices` (NumPy releases the GIL in a block's
#: sums and argmax, so the blocks use the machine's cores; the same hours as one thread)
GRID_THREADS = min(4, os.cpu_count() or 1)


def _grid_choices(
    own: np.ndarray, seg_window: np.ndarray, seg: np.ndarray, grid: list[tuple[float, float]]
) -> np.ndarray:
    """``argmax(window(own) + β·window(day_pool(own)) + κ·seg_window[seg])`` per row, for every
    (κ, β) of ``grid``: an int16 array (len(grid), rows).

    The same float32 sums as scoring the whole sample at once, so the same hours: rows with no
    other engagement (``own`` all zero) take their segment prior's argmax, computed once per
    segment, and the others are scored in blocks of :data:`GRID_BLOCK_ROWS`, which keeps each
    block's arrays in the CPU cache across the grid, on :data:`GRID_THREADS` threads.
    """
    out = np.empty((len(grid), len(own)), dtype=np.int16)
    empty = ~own.any(axis=1)
    if empty.any():  # no own or pooled mass: only the prior is left (0 + x is x in floats)
        for g, (k, _) in enumerate(grid):
            out[g, empty] = (np.float32(k) * seg_window).argmax(axis=1)[seg[empty]]
    busy = np.flatnonzero(~empty)

    def score(start: int) -> None:  # one block, every grid point; blocks write disjoint columns
        idx = busy[start : start + GRID_BLOCK_ROWS]
        block = own[idx]
        own_window = _window(block).astype(np.float32)
        pool_window = _window(_day_pool(block)).astype(np.float32)
        prior_block = seg_window[seg[idx]]
        for g, (k, beta) in enumerate(grid):
            base = own_window + np.float32(beta) * pool_window
            out[g, idx] = (base + np.float32(k) * prior_block).argmax(axis=1)

    starts = range(0, len(busy), GRID_BLOCK_ROWS)
    if GRID_THREADS > 1 and len(starts) > 1:
        with ThreadPoolExecutor(GRID_THREADS) as pool:
            list(pool.map(score, starts))  # list(): a block's exception is raised here
    else:
        for start in starts:
            score(start)
    return out


def recommend_send_times(
    model: SendTimeModel,
    hours: pd.DataFrame,
    contacts: pd.DataFrame,
    *,
    chunk_size: int = 100_000,
) -> pd.DataFrame:
    """Best local hour of week (and best local hour of day) for every contact.

    Parameters
    ----------
    model : SendTimeModel
        From :func:`fit_send_time`.
    hours : pandas.DataFrame
        Output of :func:`engagement_hours` (may be a different window than the fit's).
    contacts : pandas.DataFrame
        ``dim_contacts``: every contact gets a row; those with no engagement get their segment's
        best hour.
    chunk_size : int
        Contacts scored at once (memory: ``chunk_size`` x 168 floats).

    Returns
    -------
    pandas.DataFrame
        ``contact_id``, ``best_hour_of_week`` (local, 0 = Monday 00h), ``best_day_of_week``
        (0 = Monday), ``best_local_hour`` (0-23, best hour of any day), ``window_probability``
        (posterior share of engagement within ±1 h of the best hour), ``n_engagements``,
        ``evidence_weight`` (n / (n + κ) over the weighted engagements: 0 = all prior, 1 = all own
        history) and ``segment``.
    """
    if "lag_hours" not in hours.columns:
        hours = hours.assign(lag_hours=np.nan)
    if "event_at" not in hours.columns:
        hours = hours.assign(event_at=model.reference_at or pd.Timestamp(0))
    seg = _segment_of(contacts, model.segment_cols)
    ids = pd.Index(contacts["contact_id"].unique())
    h = hours[among(hours["contact_id"], ids)]
    seg_profiles = model.segment_profiles.to_numpy()
    seg_rows = model.segment_profiles.index.get_indexer(_segments_for(seg, ids))
    k, beta = model.contact_concentration, model.day_pooling
    rows_all = ids.get_indexer(h["contact_id"])
    order = np.argsort(rows_all, kind="stable")
    rows_all = rows_all[order]
    hours_all = h["hour_of_week"].to_numpy()[order]
    w_all = model.weights(h)[order]
    raw_all = np.ones(len(rows_all))

    frames = []
    for start in range(0, len(ids), chunk_size):
        stop = min(start + chunk_size, len(ids))
        lo, hi = np.searchsorted(rows_all, [start, stop])
        local_rows = rows_all[lo:hi] - start
        counts = _dense_counts(local_rows, hours_all[lo:hi], stop - start, w_all[lo:hi])
        n_raw = np.bincount(local_rows, weights=raw_all[lo:hi], minlength=stop - start)
        pooled = counts + beta * _day_pool(counts)
        n = pooled.sum(axis=1)
        prior = np.where(
            (seg_rows[start:stop] >= 0)[:, None],
            seg_profiles[np.maximum(seg_rows[start:stop], 0)],
            model.global_profile,
        )
        posterior = (pooled + k * prior) / (n + k)[:, None]
        window = _window(posterior)
        best = window.argmax(axis=1)
        daily = posterior.reshape(-1, 7, 24).sum(axis=1)
        frames.append(
            pd.DataFrame(
                {
                    "contact_id": ids[start:stop],
                    "best_hour_of_week": best,
                    "best_day_of_week": best // 24,
                    "best_local_hour": _window(daily).argmax(axis=1),
                    "window_probability": window[np.arange(len(best)), best],
                    "n_engagements": n_raw.astype(int),
                    "evidence_weight": n / (n + k),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["segment"] = out["contact_id"].map(seg).fillna("(none)")
    return out
