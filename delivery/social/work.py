"""What the publisher has to do now (the sensor's question), without calling any platform."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from delivery.campaigns.tables import campaigns
from delivery.social.accounts import REFRESH_AHEAD
from delivery.social.tables import social_accounts, social_posts
from delivery.store import Store, to_utc_naive

P, A = social_posts, social_accounts


def pending_work(store: Store, *, now: dt.datetime) -> dict[str, int]:
    """Counts of: due posts, ``unknown`` posts, expired ``publishing`` leases, tokens to refresh
    (or found expired), running campaigns (whose social steps may need ledger rows)."""
    now = to_utc_naive(now)
    ahead = max(REFRESH_AHEAD.values())
    with store.engine.connect() as conn:
        due = conn.execute(
            sa.select(sa.func.count())
            .select_from(P.join(A, A.c.account_id == P.c.account_id))
            .where(
                P.c.state == "approved",
                P.c.scheduled_at <= now,
                sa.or_(P.c.not_before.is_(None), P.c.not_before <= now),
                A.c.status == "active",
                sa.or_(A.c.paused_until.is_(None), A.c.paused_until <= now),
            )
        ).scalar_one()
        unknown = conn.execute(
            sa.select(sa.func.count()).where(P.c.state == "unknown")
        ).scalar_one()
        stale = conn.execute(
            sa.select(sa.func.count()).where(P.c.state == "publishing", P.c.lease_expires_at < now)
        ).scalar_one()
        tokens = conn.execute(
            sa.select(sa.func.count()).where(
                A.c.status == "active", A.c.token_expires_at.is_not(None),
                A.c.token_expires_at <= now + ahead,
            )
        ).scalar_one()  # fmt: skip
        running = conn.execute(
            sa.select(sa.func.count()).where(campaigns.c.status == "running")
        ).scalar_one()
    return {"due": due, "unknown": unknown, "stale": stale, "tokens": tokens, "campaigns": running}


def reauth_needed(store: Store) -> list[tuple[str, dt.datetime, str]]:
    """``(account_id, since, reason)`` of every account waiting for a new authorization."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(A.c.account_id, A.c.needs_reauth_since, A.c.status_reason)
            .where(A.c.status == "needs_reauth")
            .order_by(A.c.account_id)
        ).all()
    return [(r.account_id, r.needs_reauth_since, r.status_reason or "") for r in rows]
