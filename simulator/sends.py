"""The send ledger: who each campaign step reached, on which channel and when (before suppression)."""

from __future__ import annotations

import numpy as np

from simulator.campaigns import EMAIL, LOCAL_SEND_HOUR, SMS, STEP_OFFSETS_DAYS, select_audience
from simulator.clock import DAY, HOUR, Period, ZoneOffsets

Table = dict[str, np.ndarray]

HOLDOUT_SHARE = 0.1
SEND_SPREAD_SECONDS = 45 * 60
SMS_DELAY_SECONDS = 2 * HOUR


def _send_times(
    rng: np.random.Generator, nominal: int, zone: np.ndarray, local: bool, offsets: ZoneOffsets
) -> np.ndarray:
    """UTC send moments: the nominal time spread over 45 min, or 10:00 in each recipient's zone."""
    spread = rng.integers(0, SEND_SPREAD_SECONDS, len(zone))
    if not local:
        return nominal + spread
    day_start = nominal - nominal % DAY
    at = day_start + LOCAL_SEND_HOUR * HOUR - offsets.at(zone, np.full(len(zone), nominal))
    return np.where(at < nominal - 12 * HOUR, at + DAY, at) + spread // 3


def plan_sends(
    rng: np.random.Generator,
    campaigns: Table,
    contacts: Table,
    period: Period,
    offsets: ZoneOffsets,
) -> tuple[Table, Table]:
    """Expand every campaign's channels and steps over its audience into candidate sends.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random stream of this component.
    campaigns, contacts : dict of numpy.ndarray
        Outputs of :func:`simulator.campaigns.generate_campaigns` and
        :func:`simulator.population.generate_contacts`.
    period : Period
        Sends after the period are not planned.
    offsets : ZoneOffsets
        For campaigns sent at a fixed local hour.

    Returns
    -------
    (sends, members)
        ``sends``: columns ``campaign`` (row index), ``step``, ``contact`` (row index),
        ``channel``, ``variant`` (0..2), ``sent_at``, sorted by time. ``members``: ``campaign``,
        ``contact``, ``held`` — every audience member of every campaign, ``held`` for those
        deliberately left out of all its sends (the holdout, for incrementality checks).
    """
    parts: list[tuple[np.ndarray, ...]] = []
    holds: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for k in range(len(campaigns["campaign"])):
        audience = select_audience(rng, campaigns, k, contacts)
        held = rng.random(len(audience)) < HOLDOUT_SHARE
        holds.append((np.full(len(audience), k), audience, held))
        audience = audience[~held]
        w = campaigns["variant_weight"][k]
        variant = rng.choice(3, size=len(audience), p=w / w.sum())
        start = int(campaigns["start_at"][k])
        local = bool(campaigns["local_send"][k])
        chans = campaigns["channels"][k]
        if chans[EMAIL]:
            ok = contacts["email_consent"][audience]
            who, var = audience[ok], variant[ok]
            for s in range(int(campaigns["steps"][k])):
                nominal = start + STEP_OFFSETS_DAYS[s] * DAY
                if nominal >= period.end:
                    break
                at = _send_times(rng, nominal, contacts["zone"][who], local, offsets)
                parts.append((k, s + 1, who, EMAIL, var, at))
        if chans[SMS]:
            nominal = start + SMS_DELAY_SECONDS
            late = contacts["late_sms_consent_at"][audience]
            ok = contacts["has_phone"][audience] & (
                contacts["sms_consent"][audience] | ((late >= 0) & (late < nominal))
            )
            who = audience[ok]
            if nominal < period.end:
                at = _send_times(rng, nominal, contacts["zone"][who], local, offsets)
                parts.append((k, 1, who, SMS, np.zeros(len(who), dtype=np.int64), at))
    sends = {
        name: np.concatenate([np.broadcast_to(np.asarray(p[i]), len(p[2])) for p in parts])
        for i, name in enumerate(("campaign", "step", "contact", "channel", "variant", "sent_at"))
    }
    order = np.lexsort((sends["contact"], sends["sent_at"]))
    sends = {key: np.ascontiguousarray(v[order]) for key, v in sends.items()}
    keep = sends["sent_at"] < period.end
    sends = {key: v[keep] for key, v in sends.items()}
    members = {
        name: np.concatenate([h[i] for h in holds])
        for i, name in enumerate(("campaign", "contact", "held"))
    }
    return sends, members


def first_per_key(key: np.ndarray) -> np.ndarray:
    """Mask of the first occurrence of each value of ``key`` (rows assumed in time order)."""
    _, first = np.unique(key, return_index=True)
    mask = np.zeros(len(key), dtype=bool)
    mask[first] = True
    return mask


def earliest_per_key(key: np.ndarray, ts: np.ndarray, size: int) -> np.ndarray:
    """Per key 0..size-1, the smallest ``ts`` (``INT64_MAX`` where the key never occurs)."""
    out = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(out, key, ts)
    return out
