"""Limits and costs checked before a post is published.

- **Budget** (:func:`remaining_budget`): a campaign post on X costs ``x_post_price`` (X bills each
  post); it is charged to the campaign's budget in the claim's transaction, beside what its
  emails and SMS reserved in the send ledger. A post that does not fit stays ``approved`` with
  ``held_reason`` and is re-checked every tick (raise the budget with a new campaign version).
- **Instagram's publishing limit** (:func:`instagram_quota_wait`): the account's
  ``content_publishing_limit`` (posts per rolling 24 h) is read before publishing, and the posts
  this ledger published on that account in the last 24 h are counted too (the stricter wins);
  when used up, the post waits an hour and the account is not asked again before then.
- **Rate limits** (:func:`usage_pause`): after every call the largest usage percentage the
  platform reported (Graph ``X-App-Usage`` / ``X-Business-Use-Case-Usage``, X's
  ``x-rate-limit-remaining``) is recorded on the account; at ``backoff_at_pct`` or above the
  account pauses (Graph's ``estimated_time_to_regain_access`` when given) and resumes by itself.
  A rate-limit error (Graph codes 4/17/32/613, HTTP 429) pauses it for the time the platform says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from delivery.campaigns.errors import NotFoundError
from delivery.campaigns.lifecycle import get_campaign
from delivery.counters import spent_amounts
from delivery.social.ledger import SPENDING_STATES
from delivery.social.platforms.base import Usage
from delivery.social.tables import social_posts
from delivery.store import Store

DAY = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Limits:
    """Tunables of the publisher (``ENROLLFLOW_SOCIAL_*`` settings)."""

    x_post_price: float = 0.0
    backoff_at_pct: float = 90.0
    backoff: dt.timedelta = dt.timedelta(minutes=10)
    instagram_daily_posts: int = 50
    quota_wait: dt.timedelta = dt.timedelta(hours=1)


def post_cost(platform: str, limits: Limits) -> float:
    return limits.x_post_price if platform == "x" else 0.0


def remaining_budget(
    conn: sa.Connection, store: Store, campaign_id: str
) -> tuple[float, str] | None:
    """``(amount left, currency)`` of the campaign's budget, or None for a campaign the ops store
    does not hold (a standalone post has no budget)."""
    try:
        spec = get_campaign(store, campaign_id, conn).spec
    except NotFoundError:
        return None
    mail = spent_amounts(conn, [campaign_id]).get(campaign_id, 0.0)
    social = conn.execute(
        sa.select(sa.func.coalesce(sa.func.sum(social_posts.c.cost_amount), 0.0)).where(
            social_posts.c.campaign_id == campaign_id, social_posts.c.state.in_(SPENDING_STATES)
        )
    ).scalar_one()
    return float(spec.budget.amount) - float(mail) - float(social), spec.budget.currency


def published_last_day(conn: sa.Connection, account_id: str, now: dt.datetime) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count()).where(
                social_posts.c.account_id == account_id,
                social_posts.c.state.in_(("published", "publishing", "unknown")),
                social_posts.c.publishing_at > now - DAY,
            )
        ).scalar_one()
    )


def instagram_quota_wait(used: int, allowed: int, ours: int, limits: Limits) -> dt.timedelta | None:
    """How long to wait before the next Instagram post, or None when one fits now."""
    if max(used, ours) >= min(allowed, limits.instagram_daily_posts):
        return limits.quota_wait
    return None


def usage_pause(usage: Usage | None, limits: Limits) -> dt.timedelta | None:
    """How long to leave an account alone after a call that reported ``usage``."""
    if usage is None or usage.pct < limits.backoff_at_pct:
        return None
    return usage.retry_after or limits.backoff
