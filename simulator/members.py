"""The CRM's campaign-member export (who was in each campaign's audience, and who was held out)
and the holdouts' planted incremental effect.

Every campaign's audience is split before its first send: 10 % (``sends.HOLDOUT_SHARE``) are
held out of all its sends, the rest are targeted. The CRM exports the list as
``marketing/<day>/campaign_members.jsonl`` — one line per audience member, on the day the list
was built — as a CRM's campaign-member report does (Salesforce ``CampaignMember`` with a member
status, HubSpot's static list plus its control group). The list is built
``LIST_LEAD_SECONDS`` before the campaign's nominal start, so before any of its sends (a send
at 10:00 in the recipient's zone may go out up to 12 h before the nominal start).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from simulator.campaigns import EMAIL, SMS
from simulator.clock import DAY, HOUR, Period
from simulator.landing import Stream
from simulator.render_crm import arrival_day

Table = dict[str, np.ndarray]

LIST_LEAD_SECONDS = 12 * HOUR


def listed_at(campaigns: Table) -> np.ndarray:
    """When each campaign's member list (its holdout split) was built: before any of its sends."""
    return campaigns["start_at"] - LIST_LEAD_SECONDS


def members_stream(members: Table, contacts: Table, campaigns: Table, period: Period) -> Stream:
    """The ``marketing/campaign_members`` landing stream (one JSON line per audience member)."""
    k = members["campaign"].astype(np.int64)
    at = listed_at(campaigns)[k]
    table = pa.table(
        {
            "day": arrival_day(at, period),
            "k": k,
            "cid": contacts["cid"][members["contact"]],
            "held": members["held"].astype(bool),
            "listed": at,
        }
    )
    sql = """to_json({'campaign_member_id': campaign_id(k) || ':' || contact_id(cid),
        'campaign_id': campaign_id(k), 'contact_id': contact_id(cid),
        'member_status': CASE WHEN held THEN 'holdout' ELSE 'targeted' END,
        'added_at': iso(listed)}) || chr(10)"""
    order = [("day", "ascending"), ("k", "ascending"), ("cid", "ascending")]
    return Stream(table.sort_by(order), sql)


def holdout_effects(
    members: Table,
    campaigns: Table,
    sessions: Table,
    apps: Table,
    enrollments: Table,
) -> dict:
    """Per campaign: its audience split and the enrollments its own messages caused.

    ``caused_enrollments`` counts the targeted contacts who enrolled, within the campaign's
    conversion window after the list was built, through an application one of the campaign's
    emails or SMS caused (click or direct visit after the message; ads are bought for everyone,
    held out or not, so they are no part of the holdout contrast); ``caused_revenue_amount`` is
    those enrollments' amount. This is what treated - holdout estimates (up to sampling noise and
    the rare contact who would have enrolled anyway in the same window).
    """
    n = len(campaigns["campaign"])
    held = members["held"].astype(bool)
    audience = np.bincount(members["campaign"], minlength=n)
    held_out = np.bincount(members["campaign"][held], minlength=n)
    enrolled = enrollments["kind"] == 0
    session = apps["session"][enrollments["application"]]
    k = sessions["campaign"][session]
    by_message = enrolled & np.isin(enrollments["cause"], (EMAIL, SMS)) & (k >= 0)
    k, contact = k[by_message], enrollments["contact"][by_message]
    at, amount = enrollments["occurred_at"][by_message], enrollments["amount"][by_message]
    start = listed_at(campaigns)[k]
    inside = (at >= start) & (at < start + campaigns["window_days"][k] * DAY)
    k, contact, amount = k[inside], contact[inside], amount[inside]
    distinct = np.unique(np.stack([k, contact]), axis=1)[0] if len(k) else k
    caused = np.bincount(distinct, minlength=n)
    revenue = np.bincount(k, weights=amount, minlength=n)
    return {
        f"cmp_{i + 1:04d}": {
            "audience": int(audience[i]),
            "held_out": int(held_out[i]),
            "targeted": int(audience[i] - held_out[i]),
            "conversion_window_days": int(campaigns["window_days"][i]),
            "caused_enrollments": int(caused[i]),
            "caused_revenue_amount": round(float(revenue[i]), 2),
        }
        for i in range(n)
    }
