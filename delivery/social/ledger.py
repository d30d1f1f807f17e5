"""The publish ledger: one row per post per account, written before any platform call.

States::

    scheduled ──approve──► approved ──claim──► publishing ──► published
                               ▲                   │ ├─────► failed        (the platform refused it)
                               │                   │ ├─────► needs_reauth  (dead token; resumes on reconnect)
                               └── rate limit, ────┘ └─────► unknown       (timeout: it may be out)
                                   unavailable,                 │
                                   not ready                    └─ settled by listing the account's
                                                                   posts (text hash), never re-posted blindly

Campaign posts are born ``approved`` (the campaign version's approval covers its content);
standalone posts are ``scheduled`` until ``enrollflow social approve``. A claim is a
compare-and-set ``approved → publishing`` with an owner token and a lease, committed before the
request leaves; every later transition is fenced by that token. A lease that expires in
``publishing`` means the request may have left: ``unknown``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import sqlalchemy as sa

from delivery.campaigns.errors import RuleViolation
from delivery.campaigns.lifecycle import check_approver
from delivery.campaigns.tables import campaigns
from delivery.social.content import PostContent, text_sha256
from delivery.social.errors import ConfigError
from delivery.social.tables import social_accounts, social_posts
from delivery.social.textcount import posted_text, text_problem
from delivery.store import Store, to_utc_naive

P = social_posts
#: States whose cost counts against the campaign budget (it was, or may have been, spent).
SPENDING_STATES = ("publishing", "published", "unknown")


class PostError(ConfigError):
    """A post cannot be scheduled as written (names the field and the fix)."""


@dataclass(frozen=True)
class PostRow:
    post_id: str
    post_key: str
    account_id: str
    platform: str
    remote_id: str
    campaign_id: str | None
    text: str
    link: str | None
    image_url: str | None
    text_sha256: str
    state: str
    container_id: str | None
    publishing_at: dt.datetime | None
    attempts: int

    @property
    def content(self) -> PostContent:
        return PostContent(self.text, self.link, self.image_url)


def post_id_for(post_key: str, account_id: str) -> str:
    return f"{post_key}@{account_id}"


def validate(platform: str, content: PostContent) -> None:
    """Refuse content ``platform`` would refuse: length as it counts it (X's weighted length,
    :mod:`delivery.social.textcount`), Instagram without an image, links that are not https."""
    problem = text_problem(platform, content)
    if problem:
        raise PostError(problem)
    if platform == "instagram" and not content.image_url:
        raise PostError("image_url: Instagram feed posts need an image (https URL)")
    for name, url in (("link", content.link), ("image_url", content.image_url)):
        if url is not None and not url.startswith("https://"):
            raise PostError(f"{name}: {url!r} must be an https:// URL")


def schedule_post(
    store: Store,
    *,
    post_key: str,
    account_ids: list[str],
    content: PostContent,
    scheduled_at: dt.datetime,
    actor: str,
    now: dt.datetime,
    campaign_id: str | None = None,
    step_id: str | None = None,
    approved_by: str | None = None,
) -> list[str]:
    """Write one ledger row per account (idempotent on ``post_key`` + account); returns post ids.

    ``approved_by`` set (a campaign's approver) makes the rows ``approved`` at once.
    """
    now, at = to_utc_naive(now), to_utc_naive(scheduled_at)
    if not post_key or len(post_key) > 200 or "@" in post_key:
        raise PostError("post key: 1-200 characters without '@'")
    if not account_ids:
        raise PostError("accounts: name at least one connected account")
    with store.begin() as conn:
        accounts = {
            r.account_id: r
            for r in conn.execute(
                sa.select(social_accounts).where(social_accounts.c.account_id.in_(account_ids))
            )
        }
        missing = sorted(set(account_ids) - set(accounts))
        if missing:
            raise PostError(f"accounts: {missing} not connected (see `enrollflow social accounts`)")
        for a in accounts.values():
            validate(a.platform, content)
        ids = []
        for account_id in dict.fromkeys(account_ids):
            a = accounts[account_id]
            pid = post_id_for(post_key, account_id)
            ids.append(pid)
            exists = conn.execute(sa.select(P.c.text_sha256).where(P.c.post_id == pid)).first()
            digest = text_sha256(posted_text(a.platform, content))
            if exists is not None:
                if exists.text_sha256 != digest:
                    raise PostError(
                        f"post {pid} already exists with another text; use a new post key"
                    )
                continue
            conn.execute(
                P.insert().values(
                    post_id=pid, post_key=post_key, account_id=account_id, platform=a.platform,
                    campaign_id=campaign_id, step_id=step_id, text=content.text,
                    link=content.link, image_url=content.image_url, text_sha256=digest,
                    state="approved" if approved_by else "scheduled", scheduled_at=at,
                    approved_by=approved_by, approved_at=now if approved_by else None,
                    created_by=actor, created_at=now, updated_at=now,
                )
            )  # fmt: skip
            store.audit(
                conn, now=now, actor=actor, action="social.post_scheduled", subject=pid,
                detail={"campaign_id": campaign_id, "scheduled_at": at.isoformat(),
                        "text_sha256": digest},
            )  # fmt: skip
    return ids


def approve(store: Store, post_key: str, *, actor: str, now: dt.datetime) -> int:
    """Approve every ``scheduled`` row of ``post_key`` (audited); returns how many.

    As for a campaign's content: the approver needs the ``approver`` or ``manager`` role and may
    not be who wrote the post.
    """
    now = to_utc_naive(now)
    with store.begin() as conn:
        try:
            check_approver(conn, actor, f"post {post_key!r}")
        except RuleViolation as exc:
            raise PostError(str(exc)) from None
        authors = set(
            conn.execute(sa.select(P.c.created_by).where(P.c.post_key == post_key)).scalars()
        )
        if actor in authors:
            raise PostError(
                f"user {actor!r} cannot approve post {post_key!r}: they wrote it; another "
                "approver must sign it off"
            )
        n = conn.execute(
            P.update()
            .where(P.c.post_key == post_key, P.c.state == "scheduled")
            .values(state="approved", approved_by=actor, approved_at=now, updated_at=now)
        ).rowcount
        if (
            n == 0
            and not conn.execute(sa.select(P.c.post_id).where(P.c.post_key == post_key)).first()
        ):
            raise PostError(f"no post {post_key!r} (see `enrollflow social status`)")
        store.audit(conn, now=now, actor=actor, action="social.post_approved", subject=post_key,
                    detail={"rows": n})  # fmt: skip
    return n


def _row(r: sa.Row) -> PostRow:
    return PostRow(
        r.post_id, r.post_key, r.account_id, r.platform, r.remote_id, r.campaign_id, r.text,
        r.link, r.image_url, r.text_sha256, r.state, r.container_id, r.publishing_at, r.attempts,
    )  # fmt: skip


def _joined():
    return sa.select(P, social_accounts.c.remote_id).join(
        social_accounts, social_accounts.c.account_id == P.c.account_id
    )


def due(store: Store, *, now: dt.datetime, limit: int = 100) -> list[PostRow]:
    """``approved`` rows due now on active accounts that the platform is not pausing, of a
    ``running`` campaign (a paused, completed or archived campaign's posts wait) or standalone."""
    now = to_utc_naive(now)
    running = sa.select(campaigns.c.campaign_id).where(campaigns.c.status == "running")
    stmt = (
        _joined()
        .where(
            sa.or_(P.c.campaign_id.is_(None), P.c.campaign_id.in_(running)),
            P.c.state == "approved",
            P.c.scheduled_at <= now,
            sa.or_(P.c.not_before.is_(None), P.c.not_before <= now),
            social_accounts.c.status == "active",
            sa.or_(social_accounts.c.paused_until.is_(None), social_accounts.c.paused_until <= now),
        )
        .order_by(P.c.scheduled_at, P.c.post_id)
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [_row(r) for r in conn.execute(stmt)]


def in_state(store: Store, state: str, *, limit: int = 500) -> list[PostRow]:
    with store.engine.connect() as conn:
        rows = conn.execute(_joined().where(P.c.state == state).order_by(P.c.post_id).limit(limit))
        return [_row(r) for r in rows]


def claim(
    conn: sa.Connection, post_id: str, *, lease: dt.timedelta, now: dt.datetime, cost: float | None
) -> str | None:
    """``approved → publishing`` (compare-and-set) in the caller's transaction; the owner token
    or None when another publisher took it first."""
    owner = uuid.uuid4().hex
    taken = conn.execute(
        P.update()
        .where(P.c.post_id == post_id, P.c.state == "approved")
        .values(
            state="publishing", owner=owner, lease_expires_at=now + lease, publishing_at=now,
            attempts=P.c.attempts + 1, cost_amount=cost, held_reason=None, updated_at=now,
        )
    ).rowcount  # fmt: skip
    return owner if taken == 1 else None


def finish(
    store: Store, post_id: str, owner: str, state: str, *, now: dt.datetime, **values
) -> bool:
    """Move a ``publishing`` row we own to ``state`` (fenced by ``owner``)."""
    now = to_utc_naive(now)
    if state in ("approved", "failed", "needs_reauth"):
        values.setdefault("cost_amount", None)  # nothing was spent
    with store.begin() as conn:
        n = conn.execute(
            P.update()
            .where(P.c.post_id == post_id, P.c.owner == owner, P.c.state == "publishing")
            .values(state=state, owner=None, lease_expires_at=None, updated_at=now, **values)
        ).rowcount
    return n == 1


def keep_container(
    store: Store, post_id: str, owner: str, container_id: str, *, now: dt.datetime
) -> None:
    """Record an Instagram container id the moment it exists (before it is published)."""
    with store.begin() as conn:
        conn.execute(
            P.update()
            .where(P.c.post_id == post_id, P.c.owner == owner)
            .values(container_id=container_id, updated_at=to_utc_naive(now))
        )


def settle(store: Store, post_id: str, state: str, *, now: dt.datetime, **values) -> bool:
    """Move an ``unknown`` row to ``state`` with the evidence found."""
    with store.begin() as conn:
        n = conn.execute(
            P.update()
            .where(P.c.post_id == post_id, P.c.state == "unknown")
            .values(state=state, updated_at=to_utc_naive(now), **values)
        ).rowcount
    return n == 1


def expire_leases(store: Store, *, now: dt.datetime) -> int:
    """``publishing`` rows whose lease ran out may have left: ``unknown``."""
    now = to_utc_naive(now)
    with store.begin() as conn:
        return conn.execute(
            P.update()
            .where(P.c.state == "publishing", P.c.lease_expires_at < now)
            .values(state="unknown", owner=None, lease_expires_at=None, updated_at=now,
                    last_error="lease expired while publishing (the request may have left)")
        ).rowcount  # fmt: skip


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(P.c.state, sa.func.count()).group_by(P.c.state)).all()
    return {s: int(n) for s, n in rows}


def posts(store: Store, *, post_key: str | None = None, limit: int = 200) -> list[dict]:
    stmt = sa.select(P).order_by(P.c.scheduled_at.desc(), P.c.post_id).limit(limit)
    if post_key:
        stmt = stmt.where(P.c.post_key == post_key)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]
