"""Historical campaigns: type, channels, schedule, budget, objectives, A/B variants, audiences."""

from __future__ import annotations

import numpy as np

from simulator import reference as ref
from simulator.clock import DAY, HOUR, Period

Table = dict[str, np.ndarray]

EMAIL, SMS, PAID_SOCIAL, PAID_SEARCH = range(4)
CHANNEL_SHARE = (0.85, 0.3, 0.35, 0.25)
STEP_OFFSETS_DAYS = (0, 3, 7)
LOCAL_SEND_SHARE = 0.25
LOCAL_SEND_HOUR = 10
AB_SHARE = 0.35
# Planted drivers of success (documented in truth/campaign_drivers.json).
TYPE_OPEN_MULT = (1.0, 1.15, 0.95, 0.9)
TYPE_CONV_MULT = (1.4, 0.8, 0.9, 0.6)
AUDIENCE_SHARE = {0: (0.4, 0.03), 1: (0.45, 0.45), 2: (0.26, 0.04), 3: (0.5, 0.5)}


def campaign_count(days: int) -> int:
    """Campaigns launched over ``days`` days (about two a week)."""
    return max(3, round(days / 3.5) + 1)


def generate_campaigns(rng: np.random.Generator, period: Period, contacts: int) -> Table:
    """Draw the campaigns with their schedule, channels, budget and variant effects.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random stream of this component.
    period : Period
        Campaigns start inside the period.
    contacts : int
        Size of the contact base (ad budgets scale with it).

    Returns
    -------
    dict of numpy.ndarray
        One row per campaign; variant arrays have shape (campaigns, 3), unused slots hold 0 weight.
    """
    n = campaign_count(period.days)
    ctype = rng.choice(4, size=n, p=np.array(ref.CAMPAIGN_TYPE_SHARE))
    category = rng.choice(len(ref.CATEGORIES), size=n, p=np.array(ref.CATEGORY_SHARE))
    channels = rng.random((n, 4)) < np.array(CHANNEL_SHARE)
    channels[~channels.any(axis=1), EMAIL] = True
    channels[ctype == 1, 2:] = False  # retention talks to alumni directly, no ads
    channels[~channels.any(axis=1), EMAIL] = True
    start_day = np.sort(rng.integers(0, max(period.days - 2, 1), n))
    send_hour = rng.integers(7, 18, n)
    start_at = period.start + start_day * DAY + send_hour * HOUR
    duration = rng.integers(5, 22, n)
    steps = np.where(ctype == 3, 3, rng.integers(1, 3, n))
    is_ab = channels[:, EMAIL] & (rng.random(n) < AB_SHARE)
    n_var = np.where(is_ab, rng.integers(2, 4, n), 1)
    slot = np.arange(3)[None, :]
    used = slot < n_var[:, None]
    weights = np.where(used, 1.0 / n_var[:, None], 0.0)
    open_mult = np.where(used, np.exp(rng.normal(0, 0.15, (n, 3))), 0.0)
    click_mult = np.where(used, np.exp(rng.normal(0, 0.2, (n, 3))), 0.0)
    conv_mult = np.where(used, np.exp(rng.normal(0, 0.15, (n, 3))), 0.0)
    for m in (open_mult, click_mult, conv_mult):
        m[:, 0] = 1.0  # variant A is the control
    ads_budget = np.where(channels[:, 2:].any(axis=1), contacts * rng.uniform(0.01, 0.04, n), 0.0)
    return {
        "campaign": np.arange(1, n + 1),
        "type": ctype,
        "category": category,
        "channels": channels,
        "start_at": start_at,
        "end_at": start_at + duration * DAY,
        "created_at": start_at - rng.integers(3, 15, n) * DAY - rng.integers(0, 8 * HOUR, n),
        "send_hour": send_hour,
        "local_send": rng.random(n) < LOCAL_SEND_SHARE,
        "steps": steps,
        "is_ab": is_ab,
        "n_variants": n_var,
        "variant_weight": weights,
        "subject": rng.integers(0, len(ref.SUBJECTS), (n, 3)),
        "content": rng.integers(0, len(ref.CONTENTS), (n, 3)),
        "open_mult": open_mult,
        "click_mult": click_mult,
        "conv_mult": conv_mult,
        "ads_budget": np.round(ads_budget, 2),
        "window_days": rng.choice([7, 14, 30], size=n),
        "target_rate": np.round(rng.uniform(0.005, 0.04, n), 4),
        "target_cpa": np.round(rng.uniform(60, 400, n), 0),
        "platforms": rng.random((n, 4)) < 0.6,
    }


def select_audience(
    rng: np.random.Generator, campaigns: Table, k: int, contacts: Table
) -> np.ndarray:
    """Indices of the contacts campaign ``k`` targets (before consent and send-time rules).

    Enrollment and event campaigns target people interested in the campaign's category (and a few
    others); retention targets alumni; nurture targets leads created in the 90 days before it.
    """
    ctype = int(campaigns["type"][k])
    start = int(campaigns["start_at"][k])
    exists = contacts["created_at"] < start
    interested = (contacts["interests"] >> int(campaigns["category"][k])) & 1 == 1
    if ctype == 1:
        pool = contacts["is_alumni"]
    elif ctype == 3:
        pool = contacts["created_at"] > start - 90 * DAY
    else:
        pool = np.ones_like(exists)
    share_in, share_out = AUDIENCE_SHARE[ctype]
    share = np.where(interested, share_in, share_out)
    chosen = exists & pool & (rng.random(len(exists)) < share)
    return np.flatnonzero(chosen)
