"""One publisher tick: refresh tokens, expire leases, settle ``unknown`` posts, publish due ones.

Domain code only: the ``social_publish_job`` (``orchestration/defs/social``) calls
:func:`run_publisher` with the store, the key ring, one client per platform and ``now``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from delivery.social import accounts as acc
from delivery.social import ledger
from delivery.social.errors import (
    NotReady,
    OutcomeUnknown,
    RateLimited,
    Rejected,
    SocialError,
    TokenDead,
    TokenExpired,
    Unavailable,
)
from delivery.social.limits import (
    Limits,
    instagram_quota_wait,
    post_cost,
    published_last_day,
    remaining_budget,
    usage_pause,
)
from delivery.social.oauth import OAuthApp
from delivery.social.platforms.base import PlatformClient
from delivery.social.settle import settle_unknown
from delivery.store import Store, to_utc_naive
from privacy.crypto import KeyRing

LEASE = dt.timedelta(minutes=5)
RETRY_UNAVAILABLE = dt.timedelta(minutes=2)
RETRY_NOT_READY = dt.timedelta(minutes=1)


@dataclass
class PublishReport:
    published: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)
    needs_reauth: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.__dict__.items()}


def _defer(
    store: Store, row: ledger.PostRow, owner: str, until: dt.datetime, why: str, now: dt.datetime
) -> None:
    ledger.finish(
        store, row.post_id, owner, "approved", now=now, not_before=until, last_error=why[:500]
    )


def _dead_token(
    store: Store, keys: KeyRing, apps: Mapping[str, OAuthApp], row: ledger.PostRow, owner: str,
    exc: TokenDead, report: PublishReport, now: dt.datetime,
) -> None:  # fmt: skip
    """A 401 with a refresh token: refresh and retry later; otherwise ``needs_reauth``."""
    if isinstance(exc, TokenExpired) and row.platform in apps:
        r = acc.refresh_due(
            store, keys, {row.platform: apps[row.platform]}, now=now + dt.timedelta(days=30)
        )
        if row.account_id in r.refreshed:
            report.refreshed.append(row.account_id)
            _defer(store, row, owner, now, f"token refreshed after: {exc}", now)
            return
    ledger.finish(store, row.post_id, owner, "needs_reauth", now=now, last_error=str(exc)[:500])
    if acc.mark_needs_reauth(store, row.account_id, str(exc), now=now):
        report.needs_reauth.append(row.account_id)


def _precheck(
    store: Store,
    client: PlatformClient,
    row: ledger.PostRow,
    token: str,
    limits: Limits,
    now: dt.datetime,
) -> tuple[float | None, dt.timedelta | None]:
    """(cost to charge, time to wait for Instagram's publishing limit) of a due row."""
    cost = post_cost(row.platform, limits) if row.campaign_id else 0.0
    wait = None
    if row.platform == "instagram" and row.container_id is None:
        used, allowed = client.publishing_quota(row.remote_id, token)  # type: ignore[attr-defined]
        with store.engine.connect() as conn:
            ours = published_last_day(conn, row.account_id, now)
        wait = instagram_quota_wait(used, allowed, ours, limits)
    return cost or None, wait


def publish_one(
    store: Store, keys: KeyRing, client: PlatformClient, row: ledger.PostRow, *,
    limits: Limits, apps: Mapping[str, OAuthApp], report: PublishReport, now: dt.datetime,
) -> None:  # fmt: skip
    """Check limits, claim, publish and record the outcome of one due row."""
    try:
        token = acc.access_token(store, keys, row.account_id)
        cost, wait = _precheck(store, client, row, token, limits, now)
    except TokenDead as exc:
        if acc.mark_needs_reauth(store, row.account_id, str(exc), now=now):
            report.needs_reauth.append(row.account_id)
        return
    except RateLimited as exc:
        acc.pause(store, row.account_id, now + exc.retry_after, exc.usage_pct, now=now)
        report.deferred.append(row.post_id)
        return
    except SocialError as exc:
        report.notes.append(f"{row.post_id}: {exc}")
        return
    if wait is not None:
        with store.begin() as conn:
            conn.execute(
                ledger.P.update().where(ledger.P.c.post_id == row.post_id, ledger.P.c.state == "approved")
                .values(not_before=now + wait, held_reason="instagram publishing limit (posts per 24 h) reached")
            )  # fmt: skip
        report.deferred.append(row.post_id)
        return
    with store.begin() as conn:
        if cost and row.campaign_id:
            left = remaining_budget(conn, store, row.campaign_id)
            if left is not None and cost > left[0] + 1e-9:
                conn.execute(
                    ledger.P.update().where(ledger.P.c.post_id == row.post_id, ledger.P.c.state == "approved")
                    .values(held_reason=f"budget: this {row.platform} post costs {cost:g} {left[1]}, "
                            f"{max(left[0], 0):.4g} left; raise the budget with a new campaign version",
                            updated_at=now)
                )  # fmt: skip
                report.held.append(row.post_id)
                return
        owner = ledger.claim(conn, row.post_id, lease=LEASE, now=now, cost=cost)
    if owner is None:
        return  # another publisher took it

    def on_container(container_id: str) -> None:
        ledger.keep_container(store, row.post_id, owner, container_id, now=now)

    try:
        done = client.publish(
            row.remote_id,
            token,
            row.content,
            container_id=row.container_id,
            on_container=on_container,
        )
    except OutcomeUnknown as exc:
        ledger.finish(store, row.post_id, owner, "unknown", now=now, last_error=str(exc)[:500])
        report.unknown.append(row.post_id)
    except TokenDead as exc:
        _dead_token(store, keys, apps, row, owner, exc, report, now)
    except RateLimited as exc:
        _defer(store, row, owner, now + exc.retry_after, str(exc), now)
        acc.pause(store, row.account_id, now + exc.retry_after, exc.usage_pct, now=now)
        report.deferred.append(row.post_id)
    except NotReady as exc:
        _defer(store, row, owner, now + RETRY_NOT_READY, str(exc), now)
        report.deferred.append(row.post_id)
    except Unavailable as exc:
        _defer(store, row, owner, now + RETRY_UNAVAILABLE, str(exc), now)
        report.deferred.append(row.post_id)
    except Rejected as exc:
        ledger.finish(store, row.post_id, owner, "failed", now=now, last_error=str(exc)[:500])
        report.failed.append(row.post_id)
    else:
        ledger.finish(
            store, row.post_id, owner, "published", now=now,
            remote_post_id=done.remote_post_id, container_id=done.container_id or row.container_id,
            published_at=now, last_error=None,
        )  # fmt: skip
        report.published.append(row.post_id)
    pause = usage_pause(client.last_usage(), limits)
    usage = client.last_usage()
    if pause is not None:
        acc.pause(store, row.account_id, now + pause, usage.pct if usage else None, now=now)
    elif usage is not None:
        acc.record_usage(store, row.account_id, usage.pct, now=now)


def run_publisher(
    store: Store,
    keys: KeyRing,
    clients: Mapping[str, PlatformClient],
    *,
    now: dt.datetime,
    apps: Mapping[str, OAuthApp] | None = None,
    limits: Limits | None = None,
    batch: int = 100,
) -> PublishReport:
    """One tick over every account (see the module docstring)."""
    now = to_utc_naive(now)
    limits = limits or Limits()
    apps = dict(apps or {})
    report = PublishReport()
    refreshed = acc.refresh_due(store, keys, apps, now=now)
    report.refreshed += refreshed.refreshed
    report.needs_reauth += refreshed.needs_reauth
    report.notes += refreshed.errors
    ledger.expire_leases(store, now=now)
    settle_unknown(store, keys, clients, now=now, report=report)
    for row in ledger.due(store, now=now, limit=batch):
        client = clients.get(row.platform)
        if client is None:
            report.notes.append(f"{row.post_id}: no {row.platform} client configured")
            continue
        account = acc.get_account(store, row.account_id)
        if account.status != "active" or (account.paused_until or now) > now:
            continue  # went needs_reauth or was paused earlier in this tick
        publish_one(store, keys, client, row, limits=limits, apps=apps, report=report, now=now)
    return report
