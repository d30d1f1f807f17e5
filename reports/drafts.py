"""The best-practice check of a draft with what it needs from the world: the campaigns running in
the ops store, current segment memberships and the click-through to expect (the warehouse)."""

from __future__ import annotations

import datetime as dt

from delivery.campaigns import lifecycle
from delivery.campaigns.models import Campaign
from delivery.store import Store
from reports import data
from reports.best_practice import Finding, check_draft

DEFAULT_CTR = 0.03


def running_campaigns(store: Store | None) -> list[Campaign]:
    """Specs of the campaigns whose status is ``running`` (none without an ops store)."""
    if store is None:
        return []
    rows = lifecycle.list_campaigns(store)
    return [
        lifecycle.get_campaign(store, r["campaign_id"]).spec
        for r in rows
        if r["status"] == "running"
    ]


def current_members(
    con: data.Connection, segments: set[str], now: dt.datetime
) -> dict[str, set[str]]:
    """``{segment: contact ids}`` of the memberships valid at ``now`` (``segment_memberships``)."""
    if not segments or not data.table_columns(con, "segment_memberships"):
        return {}
    rows = con.execute(
        f"""
        select segment_name, contact_id from segment_memberships
        where segment_name in ({", ".join("?" for _ in segments)})
          and valid_from <= ? and (valid_to is null or valid_to > ?)
        """,
        [*sorted(segments), now, now],
    ).fetchall()
    out: dict[str, set[str]] = {}
    for segment, contact in rows:
        out.setdefault(segment, set()).add(contact)
    return out


def email_click_through(con: data.Connection) -> float:
    """Unique clicks per delivered email so far (``fct_campaign_performance``)."""
    clicks, delivered = con.execute(
        "select sum(unique_clicks), sum(deliveries) from fct_campaign_performance where channel = 'email'"
    ).fetchone()
    return float(clicks) / float(delivered) if delivered else DEFAULT_CTR


def check_in_context(
    campaign: Campaign, con: data.Connection, store: Store | None, now: dt.datetime
) -> list[Finding]:
    """:func:`reports.best_practice.check_draft` with the running campaigns, the audience size
    and the overlap measured on current segment memberships, and the observed click-through."""
    running = running_campaigns(store)
    segments = set(campaign.audience.segments) | set(campaign.audience.exclude_segments)
    for other in running:
        segments |= set(other.audience.segments) | set(other.audience.exclude_segments)
    members = current_members(con, segments, now)
    audience = None
    if members:
        mine = set().union(*(members.get(s, set()) for s in campaign.audience.segments))
        audience = len(
            mine - set().union(*(members.get(s, set()) for s in campaign.audience.exclude_segments))
        )
    return check_draft(
        campaign,
        running=running,
        segment_members=members or None,
        audience_size=audience,
        baseline_rate=max(email_click_through(con), 0.005),
    )
