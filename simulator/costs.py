"""Campaign costs beyond per-message fees: creative production, platform fees and agency fees.

Per-message costs (a tenth of a cent an email) and modest ad spend alone made ROI read in the
thousands; real campaigns also pay for their creative, their tools and their agency. Each
campaign gets (in its own currency, booked as budget lines):

- ``creative``: 8 % of its budget plus 120 per variant, on its start day;
- ``platform_fee``: 95 on its start day (tools, list hosting);
- ``agency_fee``: 10 % of its budget, in equal weekly instalments from its start day to its end
  (or over 4 weeks when open-ended), as far as the simulated period reaches.

The lines are deterministic in the campaigns (no random draw), so adding them changes no other
planted truth. The landing file is ``marketing/<day>/cost_lines.jsonl``: one line per cost on the
day it is booked.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from simulator import reference as ref
from simulator.clock import DAY, Period
from simulator.landing import Stream

Table = dict[str, np.ndarray]
COST_TYPES = ("creative", "platform_fee", "agency_fee")
CREATIVE_SHARE, CREATIVE_PER_VARIANT = 0.08, 120.0
PLATFORM_FEE = 95.0
AGENCY_SHARE, OPEN_ENDED_WEEKS = 0.10, 4


def campaign_budget(campaigns: Table) -> np.ndarray:
    """The budget each campaign file states (as in the campaigns landing file)."""
    return campaigns["ads_budget"] + np.round(campaigns["target_cpa"] * 20, 0)


def cost_lines(campaigns: Table, period: Period) -> Table:
    """One row per cost line: ``campaign`` (index), ``day`` (period day), ``type``, ``amount``, ``seq``."""
    budget = campaign_budget(campaigns)
    start_day = (campaigns["start_at"] - period.start) // DAY
    end_day = np.where(
        campaigns["end_at"] > 0,
        (campaigns["end_at"] - period.start) // DAY,
        start_day + 7 * OPEN_ENDED_WEEKS,
    )
    rows: dict[str, list] = {"campaign": [], "day": [], "type": [], "amount": [], "seq": []}

    def add(k: int, day: int, kind: int, amount: float, seq: int) -> None:
        if 0 <= day < period.days:
            for key, value in zip(rows, (k, day, kind, round(amount, 2), seq), strict=True):
                rows[key].append(value)

    for k in range(len(budget)):
        s = int(start_day[k])
        add(
            k,
            s,
            0,
            CREATIVE_SHARE * budget[k] + CREATIVE_PER_VARIANT * int(campaigns["n_variants"][k]),
            0,
        )
        add(k, s, 1, PLATFORM_FEE, 0)
        weeks = max(1, -(-(int(end_day[k]) - s) // 7))
        for w in range(weeks):
            add(k, s + 7 * w, 2, AGENCY_SHARE * budget[k] / weeks, w)
    return {key: np.asarray(v) for key, v in rows.items()}


def cost_lines_stream(lines: Table, period: Period) -> Stream:
    """The ``marketing/cost_lines`` landing stream (one JSON line per cost, on its booking day)."""
    table = pa.table(
        {
            "day": lines["day"].astype(np.int64),
            "k": lines["campaign"].astype(np.int64),
            "type": lines["type"].astype(np.int64),
            "amount": lines["amount"].astype(np.float64),
            "seq": lines["seq"].astype(np.int64),
        }
    )
    start = period.start // DAY
    types = "[" + ", ".join(f"'{t}'" for t in COST_TYPES) + "]"
    sql = f"""to_json({{'cost_line_id': campaign_id(k) || '-' || {types}[type + 1] || '-' || seq,
        'campaign_id': campaign_id(k), 'cost_date': strftime(DATE '1970-01-01' + ({start} + day)::INTEGER, '%Y-%m-%d'),
        'cost_type': {types}[type + 1], 'amount': round(amount, 2), 'currency': '{ref.CURRENCY}'}}) || chr(10)"""
    return Stream(
        table.sort_by(
            [("day", "ascending"), ("k", "ascending"), ("type", "ascending"), ("seq", "ascending")]
        ),
        sql,
    )
