"""Data-driven attribution: first-order Markov removal effects and Shapley values over channel sets.

Journeys are the ordered touchpoints (``fct_touchpoints``) of a contact leading up to a conversion
(within a look-back window), plus the journeys that did not convert. Both models return per-channel
credits that sum to the number of conversions, so they can sit beside the rule-based models.

References
----------
.. [1] Anderl, E., Becker, I., von Wangenheim, F. and Schumann, J. H. (2016). Mapping the customer
   journey: Lessons learned from graph-based online attribution modeling. *International Journal of
   Research in Marketing* 33(3), 457-474.
.. [2] Shao, X. and Li, L. (2011). Data-driven multi-touch attribution models. *KDD '11*.
.. [3] Zhao, K., Mahboobi, S. H. and Bagheri, S. R. (2018). Shapley value methods for attribution
   modeling in online advertising. arXiv:1804.05327.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from ml.errors import MLInputError, require_columns

__all__ = [
    "Journeys",
    "build_journeys",
    "campaign_credits",
    "journey_channel_masks",
    "journeys_from_paths",
    "markov_attribution",
    "rule_based_attribution",
    "shapley_attribution",
    "shapley_set_shares",
    "shapley_values",
    "touch_credits",
]


class Journeys:
    """Journeys in long form, ready for attribution.

    Attributes
    ----------
    steps : pandas.DataFrame
        ``journey_id``, ``step`` (0-based order), ``channel_code`` (int), ``campaign_id`` and,
        for journeys built from touchpoints, ``touch_at``.
    outcomes : pandas.DataFrame
        Indexed by ``journey_id``: ``conversions`` (0 or more), ``revenue_amount`` and, for
        journeys built from touchpoints, ``ended_at`` (conversion time, or the last touch).
    channels : list of str
        Channel names; ``channel_code`` indexes this list.
    """

    def __init__(self, steps: pd.DataFrame, outcomes: pd.DataFrame, channels: list[str]):
        conversions = pd.to_numeric(outcomes["conversions"], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(conversions) | (conversions < 0)
        if bad.any():
            raise MLInputError(
                f"conversions: {int(bad.sum())} journey(s) have a negative or missing count "
                f"(first: {outcomes['conversions'].to_numpy()[bad][0]!r}); expected 0 or more per journey"
            )
        self.steps = steps
        self.outcomes = outcomes
        self.channels = channels

    def require_touches(self) -> None:
        """Raise :class:`MLInputError` when there is no journey with a touch to credit."""
        if self.steps.empty or not len(self.channels):
            raise MLInputError(
                "no journeys with a touch to attribute (empty touchpoints, or all after `now`); "
                "build fct_touchpoints first or widen the period"
            )

    @property
    def total_conversions(self) -> float:
        return float(self.outcomes["conversions"].sum())


def journeys_from_paths(
    paths: list[list[str]], conversions: list[float], revenue: list[float] | None = None
) -> Journeys:
    """Journeys from explicit channel paths (handy for small examples and benchmarks).

    Parameters
    ----------
    paths : list of list of str
        Ordered channels of each journey.
    conversions : list of float
        Conversions at the end of each journey (0 for a non-converting journey).
    revenue : list of float, optional
        Revenue of each journey.

    Returns
    -------
    Journeys
    """
    if len(paths) != len(conversions):
        raise MLInputError("paths and conversions must have the same length")
    empty = [i for i, p in enumerate(paths) if not p]
    if empty:
        raise MLInputError(f"paths: journey {empty[0]} has no touch; every path needs a channel")
    channels = sorted({c for p in paths for c in p})
    code = {c: i for i, c in enumerate(channels)}
    lengths = np.array([len(p) for p in paths])
    steps = pd.DataFrame(
        {
            "journey_id": np.repeat(np.arange(len(paths)), lengths),
            "step": np.concatenate([np.arange(n) for n in lengths]) if len(paths) else [],
            "channel_code": [code[c] for p in paths for c in p],
            "campaign_id": None,
        }
    )
    outcomes = pd.DataFrame(
        {
            "conversions": np.asarray(conversions, dtype=float),
            "revenue_amount": np.asarray(revenue if revenue is not None else [0.0] * len(paths)),
        },
        index=pd.RangeIndex(len(paths), name="journey_id"),
    )
    return Journeys(steps, outcomes, channels)


def build_journeys(
    touchpoints: pd.DataFrame,
    conversions: pd.DataFrame,
    *,
    now: dt.datetime,
    lookback_days: int = 30,
) -> Journeys:
    """Cut each contact's touchpoints into converting and non-converting journeys.

    A touch belongs to the journey of the contact's next conversion when that conversion happens
    within ``lookback_days`` after it; the remaining touches before ``now`` (after the last
    conversion, or too long before the next one) form non-converting journeys, cut into
    ``lookback_days`` windows so they are no longer than a converting journey can be.

    Parameters
    ----------
    touchpoints : pandas.DataFrame
        ``fct_touchpoints``: ``contact_id``, ``touch_at``, ``channel`` and optionally
        ``campaign_id``.
    conversions : pandas.DataFrame
        One row per conversion: ``contact_id``, ``converted_at`` and optionally
        ``revenue_amount`` (e.g. enrollments from ``stg_lms__enrollments``).
    now : datetime.datetime
        Touches and conversions at or after ``now`` are ignored (naive UTC).
    lookback_days : int
        Longest gap between a touch and the conversion it is credited to.

    Returns
    -------
    Journeys
    """
    require_columns(touchpoints, ["contact_id", "touch_at", "channel"], name="fct_touchpoints")
    require_columns(conversions, ["contact_id", "converted_at"], name="conversions")
    if not isinstance(lookback_days, int | np.integer) or lookback_days < 1:
        raise MLInputError(f"lookback_days={lookback_days!r}: expected a whole number of days >= 1")
    for frame, column, name in (
        (touchpoints, "touch_at", "fct_touchpoints"),
        (conversions, "converted_at", "conversions"),
    ):
        missing = int(pd.to_datetime(frame[column]).isna().sum())
        if missing:
            raise MLInputError(
                f"{name}.{column}: {missing} row(s) without a time (NaT); drop or fix them first"
            )
    now_ts = pd.Timestamp(now)
    tp = touchpoints[pd.to_datetime(touchpoints["touch_at"]) < now_ts].copy()
    tp["touch_at"] = pd.to_datetime(tp["touch_at"]).astype("datetime64[ns]")
    if "campaign_id" not in tp.columns:
        tp["campaign_id"] = None
    tp = tp[tp["channel"].notna() & tp["contact_id"].notna()]
    conv = conversions[pd.to_datetime(conversions["converted_at"]) < now_ts].copy()
    conv["converted_at"] = pd.to_datetime(conv["converted_at"]).astype("datetime64[ns]")
    if "revenue_amount" not in conv.columns:
        conv["revenue_amount"] = 0.0
    conv = conv[conv["contact_id"].notna()].reset_index(drop=True)
    conv["conversion_key"] = np.arange(len(conv))
    if tp.empty:  # nothing to credit: an empty set of journeys (attribution then says so)
        steps = pd.DataFrame(
            columns=["journey_id", "step", "channel_code", "campaign_id", "touch_at"]
        )
        outcomes = pd.DataFrame(
            {"conversions": [], "revenue_amount": [], "ended_at": pd.to_datetime([])},
            index=pd.RangeIndex(0, name="journey_id"),
        )
        return Journeys(steps, outcomes, [])

    tp = tp.sort_values("touch_at", kind="stable")
    conv_sorted = conv.sort_values("converted_at", kind="stable")
    matched = pd.merge_asof(
        tp,
        conv_sorted[["contact_id", "converted_at", "conversion_key"]],
        left_on="touch_at",
        right_on="converted_at",
        by="contact_id",
        direction="forward",
        allow_exact_matches=True,
    )
    in_window = matched["converted_at"].notna() & (
        matched["converted_at"] - matched["touch_at"] <= pd.Timedelta(days=lookback_days)
    )
    # converting journeys: keyed by conversion; the rest: non-converting journeys per (contact,
    # next conversion or none), cut into windows of the same length as the look-back, so they
    # are as long as converting journeys can be (else a contact's months of touches without an
    # enrollment form one long path, and the chain learns channel-to-channel flow that converting
    # journeys could never have)
    key_conv = "c" + matched["conversion_key"].astype("Int64").astype(str).fillna("none")
    key_null = "n" + matched["contact_id"].astype(str) + "|" + key_conv
    first_touch = matched.groupby(key_null)["touch_at"].transform("min")
    window = ((matched["touch_at"] - first_touch) // pd.Timedelta(days=lookback_days)).astype(int)
    key_null = key_null + "|" + window.astype(str)
    matched["journey_key"] = np.where(in_window, key_conv, key_null)
    matched = matched.sort_values(["journey_key", "touch_at"], kind="stable")

    channels = sorted(matched["channel"].astype(str).unique())
    keys = pd.Index(matched["journey_key"].unique())
    steps = pd.DataFrame(
        {
            "journey_id": keys.get_indexer(matched["journey_key"]),
            "step": matched.groupby("journey_key").cumcount().to_numpy(),
            "channel_code": pd.Index(channels).get_indexer(matched["channel"].astype(str)),
            "campaign_id": matched["campaign_id"].to_numpy(),
            "touch_at": matched["touch_at"].to_numpy(),
        }
    )
    conv_by_key = conv.set_index("c" + conv["conversion_key"].astype(str))
    is_conv = keys.str.startswith("c")
    last_touch = matched.groupby("journey_key")["touch_at"].max().reindex(keys).to_numpy()
    outcomes = pd.DataFrame(
        {
            "conversions": is_conv.astype(float),
            "revenue_amount": np.where(
                is_conv,
                conv_by_key["revenue_amount"].reindex(keys).fillna(0.0).to_numpy(),
                0.0,
            ),
            "ended_at": np.where(
                is_conv, conv_by_key["converted_at"].reindex(keys).to_numpy(), last_touch
            ),
        },
        index=pd.RangeIndex(len(keys), name="journey_id"),
    )
    outcomes["ended_at"] = pd.to_datetime(outcomes["ended_at"])
    return Journeys(steps, outcomes, channels)


def _credits_frame(journeys: Journeys, weights: np.ndarray, model: str) -> pd.DataFrame:
    """Channel credits from non-negative weights, scaled to the total conversions and revenue."""
    total = journeys.total_conversions
    share = weights / weights.sum() if weights.sum() > 0 else np.zeros_like(weights)
    revenue = float(journeys.outcomes["revenue_amount"].sum())
    return pd.DataFrame(
        {
            "attribution_model": model,
            "channel": journeys.channels,
            "weight": weights,
            "attributed_conversions": share * total,
            "attributed_revenue_amount": share * revenue,
        }
    )


def _conversion_probability(q: np.ndarray, r: np.ndarray) -> float:
    """Absorption probability into *conversion* from state 0 (start)."""
    n = q.shape[0]
    return float(np.linalg.solve(np.eye(n) - q, r)[0])


def markov_attribution(journeys: Journeys) -> pd.DataFrame:
    """First-order Markov-chain attribution by removal effect ([1]_).

    States: start, one per channel, conversion, null. The removal effect of a channel is the
    relative drop in the probability of reaching conversion from start when every transition into
    that channel goes to null instead. Credits are proportional to the removal effects.

    Parameters
    ----------
    journeys : Journeys

    Returns
    -------
    pandas.DataFrame
        ``attribution_model`` (``"markov_first_order"``), ``channel``, ``weight`` (removal
        effect), ``attributed_conversions`` (sums to the conversions),
        ``attributed_revenue_amount``.
    """
    journeys.require_touches()
    k = len(journeys.channels)
    steps = journeys.steps.sort_values(["journey_id", "step"], kind="stable")
    jid = steps["journey_id"].to_numpy()
    state = steps["channel_code"].to_numpy() + 1  # 0 = start
    counts = np.zeros((k + 1, k + 3))  # columns: start/channels, conv = k+1, null = k+2
    first = np.r_[True, jid[1:] != jid[:-1]]
    np.add.at(counts, (np.zeros(first.sum(), dtype=int), state[first]), 1.0)
    inner = ~first
    np.add.at(counts, (state[np.flatnonzero(inner) - 1], state[inner]), 1.0)
    last_idx = np.r_[np.flatnonzero(first)[1:] - 1, len(jid) - 1] if len(jid) else np.array([])
    conv = journeys.outcomes["conversions"].to_numpy()
    converted = conv[jid[last_idx]] > 0
    np.add.at(counts, (state[last_idx], np.where(converted, k + 1, k + 2)), 1.0)
    # journeys with no touch at all go start -> conversion / null
    touched = np.zeros(len(conv), dtype=bool)
    touched[jid] = True
    counts[0, k + 1] += float((conv[~touched] > 0).sum())
    counts[0, k + 2] += float((conv[~touched] <= 0).sum())
    rows = counts.sum(axis=1, keepdims=True)
    probs = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    q, r = probs[:, : k + 1], probs[:, k + 1]
    base = _conversion_probability(q, r)
    effects = np.zeros(k)
    if base > 0:
        for c in range(k):
            q_removed = q.copy()
            q_removed[:, c + 1] = 0.0  # transitions into the channel now lead to null
            effects[c] = 1.0 - _conversion_probability(q_removed, r) / base
    return _credits_frame(journeys, np.clip(effects, 0.0, None), "markov_first_order")


def _channel_sets(journeys: Journeys) -> pd.DataFrame:
    """Per distinct channel set (bit mask): journeys and conversions."""
    journeys.require_touches()
    if len(journeys.channels) > 62:
        raise MLInputError(
            f"Shapley attribution supports at most 62 channels, got {len(journeys.channels)}; "
            "group rare channels together"
        )
    out = journeys.outcomes.assign(mask=journey_channel_masks(journeys))
    return out.groupby("mask").agg(
        journeys=("conversions", "size"),
        conversions=("conversions", "sum"),
        revenue_amount=("revenue_amount", "sum"),
    )


def shapley_attribution(journeys: Journeys, *, max_set_size: int = 12) -> pd.DataFrame:
    """Shapley-value attribution over channel sets, with conversion rate as the coalition value.

    For each observed channel set ``T`` the value of a coalition ``S ⊆ T`` is the conversion rate
    of the journeys whose channel set is exactly ``S`` (0 for unseen sets, and for the empty set).
    The Shapley values of that game, clipped at 0, split ``T``'s conversions among its channels
    (equally when none is positive); per-channel credits are summed over sets ([2]_, [3]_).

    Parameters
    ----------
    journeys : Journeys
    max_set_size : int
        Sets larger than this are rejected (the game has ``2**|T|`` coalitions).

    Returns
    -------
    pandas.DataFrame
        Same columns as :func:`markov_attribution`, ``attribution_model`` = ``"shapley"``.
    """
    shares = shapley_set_shares(journeys, max_set_size=max_set_size)
    k = len(journeys.channels)
    credits = np.bincount(
        shares["channel_code"], weights=shares["share"] * shares["conversions"], minlength=k
    )
    revenue_credits = np.bincount(
        shares["channel_code"], weights=shares["share"] * shares["revenue_amount"], minlength=k
    )
    frame = _credits_frame(journeys, credits, "shapley")
    frame["attributed_conversions"] = credits
    frame["attributed_revenue_amount"] = revenue_credits
    return frame


def shapley_set_shares(journeys: Journeys, *, max_set_size: int = 12) -> pd.DataFrame:
    """Each converting channel set's split of its conversions among its channels (Shapley).

    Parameters
    ----------
    journeys : Journeys
    max_set_size : int
        Sets larger than this are rejected.

    Returns
    -------
    pandas.DataFrame
        ``mask``, ``channel_code``, ``share`` (sums to 1 per mask), and the set's ``conversions``
        and ``revenue_amount``.
    """
    sets = _channel_sets(journeys)
    rate = sets["conversions"] / sets["journeys"]
    rate.loc[0] = 0.0
    k = len(journeys.channels)
    rows = []
    for mask, row in sets.iterrows():
        if mask == 0 or row["conversions"] <= 0:
            continue
        members = [c for c in range(k) if mask >> c & 1]
        if len(members) > max_set_size:
            raise MLInputError(
                f"a journey touches {len(members)} channels (> max_set_size={max_set_size})"
            )
        phi = np.clip(shapley_values(members, rate), 0.0, None)
        share = phi / phi.sum() if phi.sum() > 0 else np.full(len(members), 1 / len(members))
        for member, value in zip(members, share, strict=True):
            rows.append((mask, member, value, row["conversions"], row["revenue_amount"]))
    return pd.DataFrame(
        rows, columns=["mask", "channel_code", "share", "conversions", "revenue_amount"]
    )


def touch_credits(journeys: Journeys, *, max_set_size: int = 12) -> pd.DataFrame:
    """Shapley credit of every touch of a converting journey (for per-period aggregation).

    A converting journey's conversion and revenue are split among its channels by its channel
    set's Shapley shares, and a channel's part equally among that channel's touches.

    Parameters
    ----------
    journeys : Journeys
    max_set_size : int

    Returns
    -------
    pandas.DataFrame
        The converting journeys' ``steps`` with ``attributed_conversions`` and
        ``attributed_revenue_amount``; their totals equal the conversions and revenue.
    """
    shares = shapley_set_shares(journeys, max_set_size=max_set_size)
    outcome = journeys.outcomes.assign(mask=journey_channel_masks(journeys))
    steps = journeys.steps.merge(
        outcome[["conversions", "revenue_amount", "mask"]],
        left_on="journey_id",
        right_index=True,
    )
    steps = steps[steps["conversions"] > 0]
    steps = steps.merge(shares[["mask", "channel_code", "share"]], on=["mask", "channel_code"])
    per_channel = steps.groupby(["journey_id", "channel_code"])["step"].transform("size")
    weight = steps["share"] / per_channel
    return steps.assign(
        attributed_conversions=weight * steps["conversions"],
        attributed_revenue_amount=weight * steps["revenue_amount"],
    ).drop(columns=["share", "mask"])


def journey_channel_masks(journeys: Journeys) -> pd.Series:
    """Bit mask of the channels each journey touched (bit ``i`` = ``journeys.channels[i]``)."""
    pairs = journeys.steps[["journey_id", "channel_code"]].drop_duplicates()
    bits = np.left_shift(np.int64(1), pairs["channel_code"].to_numpy(np.int64))
    # distinct powers of two: their sum is their bitwise OR
    masks = pd.Series(bits, index=pairs["journey_id"].to_numpy()).groupby(level=0).sum()
    return masks.reindex(journeys.outcomes.index, fill_value=0)


def shapley_values(members: list[int], value: pd.Series) -> np.ndarray:
    """Exact Shapley values of the players ``members`` in the game ``value[mask]`` (vectorised).

    Parameters
    ----------
    members : list of int
        Player (channel) codes; a coalition is the bit mask of its players' codes.
    value : pandas.Series
        Coalition value indexed by bit mask; missing coalitions are worth 0.

    Returns
    -------
    numpy.ndarray
        One value per member, in order; they sum to ``value[all members] - value[empty]``.
    """
    n = len(members)
    local = np.arange(1 << n, dtype=np.int64)
    bits = (local[:, None] >> np.arange(n)) & 1
    global_masks = (bits * np.left_shift(np.int64(1), np.asarray(members, dtype=np.int64))).sum(1)
    vals = value.reindex(global_masks).fillna(0.0).to_numpy()
    size = bits.sum(axis=1)
    fact = np.array([math.factorial(i) for i in range(n + 1)], dtype=float)
    weight = fact[:n] * fact[n - 1 :: -1] / fact[n]  # s! (n-s-1)! / n! for s = 0..n-1
    phi = np.zeros(n)
    for b in range(n):
        without = local[bits[:, b] == 0]
        gain = vals[without | (1 << b)] - vals[without]
        phi[b] = float(np.dot(weight[size[without]], gain))
    return phi


def rule_based_attribution(journeys: Journeys, model: str) -> pd.DataFrame:
    """First-touch, last-touch or linear credits over the same journeys (the baselines).

    Parameters
    ----------
    journeys : Journeys
    model : {"first_touch", "last_touch", "linear"}

    Returns
    -------
    pandas.DataFrame
        Same columns as :func:`markov_attribution`.
    """
    steps = journeys.steps.merge(
        journeys.outcomes, left_on="journey_id", right_index=True, how="left"
    )
    steps = steps[steps["conversions"] > 0]
    size = steps.groupby("journey_id")["step"].transform("size")
    if model == "first_touch":
        share = (steps["step"] == 0).astype(float)
    elif model == "last_touch":
        share = (steps["step"] == size - 1).astype(float)
    elif model == "linear":
        share = 1.0 / size
    else:
        raise MLInputError(
            f"unknown rule-based model {model!r}; use first_touch, last_touch or linear"
        )
    k = len(journeys.channels)
    credits = np.bincount(steps["channel_code"], weights=share * steps["conversions"], minlength=k)
    revenue = np.bincount(
        steps["channel_code"], weights=share * steps["revenue_amount"], minlength=k
    )
    frame = _credits_frame(journeys, credits, model)
    frame["attributed_conversions"] = credits
    frame["attributed_revenue_amount"] = revenue
    return frame


def campaign_credits(journeys: Journeys, channel_credits: pd.DataFrame) -> pd.DataFrame:
    """Split each channel's credit across campaigns by their touches in converting journeys.

    Parameters
    ----------
    journeys : Journeys
    channel_credits : pandas.DataFrame
        Output of one of the attribution functions.

    Returns
    -------
    pandas.DataFrame
        ``attribution_model``, ``campaign_id`` (null for touches with no campaign), ``channel``,
        ``attributed_conversions``, ``attributed_revenue_amount``; sums equal the channel totals.
    """
    steps = journeys.steps.merge(
        journeys.outcomes, left_on="journey_id", right_index=True, how="left"
    )
    steps = steps[steps["conversions"] > 0]
    steps = steps.assign(channel=np.asarray(journeys.channels, dtype=object)[steps["channel_code"]])
    touches = (
        steps.groupby(["channel", "campaign_id"], dropna=False)
        .size()
        .rename("touches")
        .reset_index()
    )
    touches["share"] = touches["touches"] / touches.groupby("channel")["touches"].transform("sum")
    out = touches.merge(channel_credits, on="channel", how="inner")
    for col in ("attributed_conversions", "attributed_revenue_amount"):
        out[col] = out[col] * out["share"]
    return out[
        [
            "attribution_model",
            "campaign_id",
            "channel",
            "attributed_conversions",
            "attributed_revenue_amount",
        ]
    ]
