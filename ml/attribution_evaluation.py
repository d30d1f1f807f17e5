"""Holdout evaluation of the journey models behind data-driven attribution.

Attribution has no observed ground truth, but both models imply a conversion probability for a
journey: Shapley's coalition value is the conversion rate of the journey's channel set, and the
Markov chain gives the chance a journey ending at its last channel ends in conversion. Scoring those
probabilities on later journeys (log loss) against the overall conversion rate tells whether the
models learnt something about channels at all; a model that does not beat the base rate is not
promoted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ml.attribution import Journeys, journey_channel_masks

__all__ = [
    "journey_log_loss",
    "planted_channel_journeys",
    "planted_incremental_conversions",
    "split_journeys",
]

_EPS = 1e-6


def _log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, _EPS, 1 - _EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _set_rates(train: Journeys, prior_weight: float) -> tuple[pd.Series, float]:
    y = (train.outcomes["conversions"] > 0).astype(float)
    base = float(y.mean())
    by_set = y.groupby(journey_channel_masks(train)).agg(["sum", "size"])
    rate = (by_set["sum"] + prior_weight * base) / (by_set["size"] + prior_weight)
    return rate, base


def _last_channel_rates(train: Journeys, prior_weight: float) -> tuple[pd.Series, float]:
    y = (train.outcomes["conversions"] > 0).astype(float)
    base = float(y.mean())
    last = (
        train.steps.sort_values(["journey_id", "step"]).groupby("journey_id")["channel_code"].last()
    )
    last = last.reindex(train.outcomes.index, fill_value=-1)
    by_last = y.groupby(last.to_numpy()).agg(["sum", "size"])
    rate = (by_last["sum"] + prior_weight * base) / (by_last["size"] + prior_weight)
    return rate, base


def journey_log_loss(
    train: Journeys, test: Journeys, *, prior_weight: float = 20.0
) -> dict[str, float]:
    """Log loss on ``test`` of the Shapley set model, the Markov last-step model and the base rate.

    Parameters
    ----------
    train, test : Journeys
        Journeys before and after the holdout cut-off. They must share the channel list (build both
        from one :class:`Journeys` with :func:`split_journeys`, or with the same channels).
    prior_weight : float
        Pseudo-journeys at the base rate added to every set / last channel (smoothing).

    Returns
    -------
    dict
        ``log_loss_shapley_sets``, ``log_loss_markov_last_step``, ``log_loss_base_rate``,
        ``n_test``.
    """
    y = (test.outcomes["conversions"] > 0).to_numpy(float)
    set_rate, base = _set_rates(train, prior_weight)
    p_set = journey_channel_masks(test).map(set_rate).fillna(base).to_numpy()
    last_rate, _ = _last_channel_rates(train, prior_weight)
    last = (
        test.steps.sort_values(["journey_id", "step"]).groupby("journey_id")["channel_code"].last()
    )
    last = last.reindex(test.outcomes.index, fill_value=-1)
    p_last = last.map(last_rate).fillna(base).to_numpy()
    return {
        "log_loss_shapley_sets": _log_loss(p_set, y),
        "log_loss_markov_last_step": _log_loss(p_last, y),
        "log_loss_base_rate": _log_loss(np.full(len(y), base), y),
        "n_test": int(len(y)),
    }


def split_journeys(journeys: Journeys, is_test: np.ndarray) -> tuple[Journeys, Journeys]:
    """Split journeys (by a boolean per journey) keeping the same channel codes.

    Parameters
    ----------
    journeys : Journeys
    is_test : numpy.ndarray
        One flag per row of ``journeys.outcomes``.

    Returns
    -------
    tuple of (Journeys, Journeys)
        Train and test.
    """
    ids = journeys.outcomes.index.to_numpy()
    test_ids = set(ids[is_test])
    in_test = journeys.steps["journey_id"].isin(test_ids)
    return (
        Journeys(journeys.steps[~in_test], journeys.outcomes[~is_test], journeys.channels),
        Journeys(journeys.steps[in_test], journeys.outcomes[is_test], journeys.channels),
    )


def planted_channel_journeys(
    n: int, k: int, *, seed: int = 0, intercept: float = -3.5
) -> tuple[Journeys, np.ndarray]:
    """Journeys with a planted truth: each channel present adds ``effect[i]`` to the log-odds.

    Channels have unequal reach (Dirichlet popularity), journeys 1-6 touches, conversion at the
    end with probability ``logistic(intercept + sum of the effects of the channels present)``;
    channel 0 is the strongest, the last does nothing. For checks and benchmarks.

    Returns
    -------
    tuple of (Journeys, numpy.ndarray)
        The journeys (channels ``ch00``...) and the planted effects.
    """
    rng = np.random.default_rng(seed)
    popularity = rng.dirichlet(np.full(k, 2.0))
    effect = np.linspace(1.2, 0.0, k)
    length = rng.integers(1, 7, n)
    jid = np.repeat(np.arange(n), length)
    step = np.arange(len(jid)) - np.repeat(np.cumsum(length) - length, length)
    channel = rng.choice(k, size=len(jid), p=popularity)
    present = np.zeros((n, k), dtype=bool)
    present[jid, channel] = True
    converted = rng.random(n) < 1 / (1 + np.exp(-(intercept + present @ effect)))
    steps = pd.DataFrame(
        {"journey_id": jid, "step": step, "channel_code": channel, "campaign_id": None}
    )
    outcomes = pd.DataFrame(
        {"conversions": converted.astype(float), "revenue_amount": converted * 500.0},
        index=pd.RangeIndex(n, name="journey_id"),
    )
    return Journeys(steps, outcomes, [f"ch{i:02d}" for i in range(k)]), effect


def planted_incremental_conversions(
    journeys: Journeys, effect: np.ndarray, *, intercept: float = -3.5
) -> np.ndarray:
    """Expected conversions each channel causes under the planted log-odds model.

    For channel ``c``: the sum over journeys touching it of P(convert) minus P(convert) with
    ``c``'s effect taken out (the journey otherwise unchanged). This is what attribution credits
    estimate (conversions), so it is the yardstick for them; the per-exposure ``effect`` alone
    is not, since credits also scale with how many journeys a channel reaches.

    Parameters
    ----------
    journeys : Journeys
        From :func:`planted_channel_journeys`.
    effect : numpy.ndarray
        The planted log-odds effects.
    intercept : float

    Returns
    -------
    numpy.ndarray
        One value per channel.
    """
    k = len(journeys.channels)
    masks = journey_channel_masks(journeys).to_numpy()
    present = ((masks[:, None] >> np.arange(k)) & 1).astype(bool)
    logit = intercept + present @ effect
    p = 1 / (1 + np.exp(-logit))
    without = 1 / (1 + np.exp(-(logit[:, None] - present * effect[None, :])))
    return (p[:, None] - without).sum(axis=0)
