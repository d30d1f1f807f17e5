"""What the publisher has to do now (the sensor's question), without calling any platform."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from delivery.campaigns.lifecycle import get_campaign
from delivery.campaigns.tables import campaigns
from delivery.social.accounts import REFRESH_AHEAD
from delivery.social.campaigns import version_approver
from delivery.social.ledger import due as due_rows
from delivery.social.ledger import post_id_for
from delivery.social.tables import social_accounts, social_posts
from delivery.store import Store, to_utc_naive

P, A = social_posts, social_accounts


def pending_work(store: Store, *, now: dt.datetime) -> dict[str, int]:
    """Counts of: due posts, ``unknown`` posts, expired ``publishing`` leases, tokens to refresh
    (or found expired), launched campaigns whose social steps lack ledger rows."""
    now = to_utc_naive(now)
    due = len(due_rows(store, now=now, limit=1000))
    with store.engine.connect() as conn:
        unknown = conn.execute(
            sa.select(sa.func.count()).where(P.c.state == "unknown")
        ).scalar_one()
        stale = conn.execute(
            sa.select(sa.func.count()).where(P.c.state == "publishing", P.c.lease_expires_at < now)
        ).scalar_one()
        expiring = conn.execute(
            sa.select(A.c.platform, A.c.token_expires_at).where(
                A.c.status == "active", A.c.token_expires_at.is_not(None)
            )
        ).all()
    tokens = sum(1 for p, at in expiring if at - REFRESH_AHEAD.get(p, dt.timedelta(0)) <= now)
    campaigns_ = len(unscheduled_campaign_posts(store))
    return {
        "due": due,
        "unknown": unknown,
        "stale": stale,
        "tokens": tokens,
        "campaigns": campaigns_,
    }


def reauth_needed(store: Store) -> list[tuple[str, dt.datetime, str]]:
    """``(account_id, since, reason)`` of every account waiting for a new authorization."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(A.c.account_id, A.c.needs_reauth_since, A.c.status_reason)
            .where(A.c.status == "needs_reauth")
            .order_by(A.c.account_id)
        ).all()
    return [(r.account_id, r.needs_reauth_since, r.status_reason or "") for r in rows]


def unscheduled_campaign_posts(store: Store) -> list[str]:
    """Post ids that launched campaigns' social steps call for but the ledger does not hold."""
    with store.engine.connect() as conn:
        launched = list(
            conn.execute(
                sa.select(campaigns.c.campaign_id).where(
                    campaigns.c.status.in_(("scheduled", "running"))
                )
            ).scalars()
        )
        held = set(
            conn.execute(sa.select(P.c.post_id).where(P.c.campaign_id.in_(launched))).scalars()
        )
    wanted = []
    for cid in launched:
        record = get_campaign(store, cid)
        with store.engine.connect() as conn:
            if version_approver(conn, cid, record.current_version) is None:
                continue  # nothing to write until the version is approved
        for node in record.spec.workflow.nodes:
            if node.type == "send" and node.channel == "social":
                wanted += [post_id_for(f"{cid}:{node.id}", a) for a in node.accounts]
    return [p for p in wanted if p not in held]
