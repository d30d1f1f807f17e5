"""Post engagement into the landing zone: ``social/<day>/insights-<platform>.jsonl``.

Each run asks every platform for the lifetime figures of the posts this ledger published in the
last ``window`` (28 days by default) and appends one line per post — a *snapshot* (``fetched_at``)
of impressions, reactions, comments, shares and link clicks with the post's campaign, account and
cost — which ``ingest_social`` loads into ``raw_social__post_insights`` and dbt keeps the latest of
(``fct_social_posts``), so social counts per campaign and channel like email and SMS
(``fct_campaign_performance``, channel ``social``). A platform that fails skips its posts this run
(next run asks again); a dead token puts the account in ``needs_reauth``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from delivery.social import accounts as acc
from delivery.social.errors import RateLimited, SocialError, TokenDead
from delivery.social.platforms.base import PlatformClient
from delivery.social.tables import social_posts
from delivery.store import Store, to_utc_naive
from delivery.webhooks.landing import LandingWriter
from privacy.crypto import KeyRing

SOURCE = "social"
WINDOW = dt.timedelta(days=28)
BATCH = 50


@dataclass
class EngagementReport:
    posts: int = 0
    landed: int = 0
    files: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    needs_reauth: list[str] = field(default_factory=list)


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def pull_engagement(
    store: Store,
    keys: KeyRing,
    clients: Mapping[str, PlatformClient],
    landing: Path,
    *,
    now: dt.datetime,
    window: dt.timedelta = WINDOW,
) -> EngagementReport:
    """Land one engagement snapshot per post published within ``window`` of ``now``."""
    now = to_utc_naive(now)
    report = EngagementReport()
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(social_posts)
            .where(
                social_posts.c.state == "published",
                social_posts.c.remote_post_id.is_not(None),
                social_posts.c.published_at >= now - window,
            )
            .order_by(social_posts.c.post_id)
        ).all()
    by_account: dict[str, list] = defaultdict(list)
    for r in rows:
        by_account[r.account_id].append(r)
    writer = LandingWriter(landing)
    stamp = now.replace(tzinfo=dt.UTC)
    for account_id, posts in by_account.items():
        account = acc.get_account(store, account_id)
        client = clients.get(account.platform)
        if client is None or account.status != "active":
            continue
        if account.paused_until is not None and account.paused_until > now:
            report.errors.append(f"{account_id}: rate-limited until {account.paused_until}")
            continue
        try:
            token = acc.access_token(store, keys, account_id)
            figures = {}
            for i in range(0, len(posts), BATCH):
                ids = [p.remote_post_id for p in posts[i : i + BATCH]]
                figures.update(client.engagement(account.remote_id, token, ids))
        except TokenDead as exc:
            if acc.mark_needs_reauth(store, account_id, str(exc), now=now):
                report.needs_reauth.append(account_id)
            continue
        except RateLimited as exc:
            acc.pause(store, account_id, now + exc.retry_after, exc.usage_pct, now=now)
            report.errors.append(f"{account_id}: {exc}")
            continue
        except SocialError as exc:
            report.errors.append(f"{account_id}: {exc}")
            continue
        for p in posts:
            report.posts += 1
            e = figures.get(p.remote_post_id)
            if e is None:
                continue
            path = writer.append(
                SOURCE,
                f"insights-{account.platform}.jsonl",
                {
                    "post_id": p.post_id, "post_key": p.post_key, "account_id": account_id,
                    "platform": account.platform, "remote_post_id": p.remote_post_id,
                    "campaign_id": p.campaign_id, "published_at": _iso(p.published_at),
                    "fetched_at": _iso(now), "impressions": e.impressions,
                    "reactions": e.reactions, "comments": e.comments, "shares": e.shares,
                    "link_clicks": e.link_clicks, "cost_amount": p.cost_amount or 0.0,
                },
                received_at=stamp,
            )  # fmt: skip
            report.landed += 1
            report.files.add(str(path.relative_to(landing)))
    return report
