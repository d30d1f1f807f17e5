"""Paid social and search: daily spend per (platform, campaign) and the individual ad clicks."""

from __future__ import annotations

import numpy as np

from simulator import reference as ref
from simulator.campaigns import PAID_SEARCH, PAID_SOCIAL
from simulator.clock import DAY, Period

Table = dict[str, np.ndarray]

MATCHED_CLICK_SHARE = 0.35  # clicks whose landing page resolves to a known contact
CTR = (0.011, 0.045, 0.006, 0.009)
# Budget driver: the cost per click rises with the daily spend (diminishing returns).
CPC_SATURATION_PER_CONTACT = 0.0005
CPC_ELASTICITY = 0.5


def ad_platforms(campaigns: Table, k: int) -> list[int]:
    """Platforms campaign ``k`` buys: Google for search; Meta (+ LinkedIn/TikTok) for social."""
    chans = campaigns["channels"][k]
    out = [1] if chans[PAID_SEARCH] else []
    if chans[PAID_SOCIAL]:
        out += [0] + [p for p in (2, 3) if campaigns["platforms"][k, p]]
    return out


def effective_cpc(platform: np.ndarray, daily_spend: np.ndarray, contacts: int) -> np.ndarray:
    """Cost per click at a given daily spend: base CPC × (1 + spend / saturation) ** 0.5."""
    saturation = max(contacts * CPC_SATURATION_PER_CONTACT, 1.0)
    return (
        np.array(ref.AD_PLATFORM_CPC)[platform] * (1 + daily_spend / saturation) ** CPC_ELASTICITY
    )


def generate_ads(
    rng: np.random.Generator, campaigns: Table, contacts: Table, period: Period
) -> tuple[Table, Table]:
    """Draw daily spend rows and the clicks they bought.

    Returns
    -------
    (spend, clicks)
        ``spend``: ``day``, ``platform``, ``campaign``, ``spend``, ``impressions``, ``clicks``.
        ``clicks``: ``clicked_at``, ``platform``, ``campaign``, ``contact`` (-1 unknown), ``cost``.
    """
    n_contacts = len(contacts["cid"])
    rows = []
    for k in range(len(campaigns["campaign"])):
        plats = ad_platforms(campaigns, k)
        if not plats:
            continue
        first = int((campaigns["start_at"][k] - period.start) // DAY)
        last = min(int((campaigns["end_at"][k] - period.start) // DAY), period.days - 1)
        days = np.arange(first, last + 1)
        for p in plats:
            rows.append(
                (
                    np.full(len(days), p),
                    np.full(len(days), k),
                    days,
                    campaigns["ads_budget"][k] / (len(plats) * len(days)),
                )
            )
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return (
            {
                "day": empty,
                "platform": empty,
                "campaign": empty,
                "spend": empty.astype(float),
                "impressions": empty,
                "clicks": empty,
            },
            {
                "clicked_at": empty,
                "platform": empty,
                "campaign": empty,
                "contact": empty,
                "cost": empty.astype(float),
                "token": empty.astype(np.uint64),
            },
        )
    platform = np.concatenate([r[0] for r in rows])
    campaign = np.concatenate([r[1] for r in rows])
    day = np.concatenate([r[2] for r in rows])
    target = np.concatenate([np.full(len(r[2]), r[3]) for r in rows]) * rng.uniform(
        0.7, 1.3, len(day)
    )
    cpc = effective_cpc(platform, target, n_contacts)
    n_clicks = rng.poisson(target / cpc)
    idx = np.repeat(np.arange(len(day)), n_clicks)
    cost = np.round(cpc[idx] * rng.lognormal(0, 0.3, len(idx)), 2)
    spend = np.bincount(idx, weights=cost, minlength=len(day))
    clicked_at = period.start + day[idx] * DAY + rng.integers(0, DAY, len(idx))
    created_sorted = np.sort(contacts["created_at"])
    by_created = np.argsort(contacts["created_at"], kind="stable")
    known = np.searchsorted(created_sorted, clicked_at)
    matched = (rng.random(len(idx)) < MATCHED_CLICK_SHARE) & (known > 0)
    pick = (rng.random(len(idx)) * np.maximum(known, 1)).astype(np.int64)
    contact = np.where(matched, by_created[pick], -1)
    order = np.lexsort((idx, clicked_at))
    clicks = {
        "clicked_at": clicked_at[order],
        "platform": platform[idx][order],
        "campaign": campaign[idx][order],
        "contact": contact[order],
        "cost": cost[order],
        "token": rng.integers(1, np.iinfo(np.int64).max, len(idx)).astype(np.uint64),
    }
    ctr = np.array(CTR)[platform]
    spend_rows = {
        "day": day,
        "platform": platform,
        "campaign": campaign,
        "spend": np.round(spend, 2),
        "impressions": n_clicks + rng.poisson(n_clicks / ctr),
        "clicks": n_clicks,
    }
    return spend_rows, clicks
