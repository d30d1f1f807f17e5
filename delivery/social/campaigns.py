"""Campaign social steps: a ``send`` node with ``channel: social`` posts once per account.

A journey passes through a social node without a per-contact message (a post is a broadcast);
:func:`schedule_campaign_posts` turns each social node of every running campaign's current
version into publish-ledger rows — post key ``<campaign>:<node>``, one row per account, at the
node's ``post_at`` (default: the campaign's start), text from its ``social`` template (default
locale) — born ``approved`` by the campaign version's approver, since the approval covered its
content — as soon as the campaign is launched (``scheduled`` or ``running``). They publish only
while the campaign is ``running`` (a paused campaign's posts wait). Idempotent: a second tick
(or a replayed sensor tick) adds nothing.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from delivery.campaigns.lifecycle import get_campaign
from delivery.campaigns.tables import campaign_approvals, campaigns
from delivery.social.content import PostContent
from delivery.social.ledger import PostError, post_id_for, schedule_post
from delivery.social.tables import social_posts
from delivery.store import Store, to_utc_naive


def version_approver(conn: sa.Connection, campaign_id: str, version: int) -> str | None:
    """Who approved ``version`` of the campaign (the latest approval), or None."""
    return conn.execute(
        sa.select(campaign_approvals.c.approver)
        .where(
            campaign_approvals.c.campaign_id == campaign_id,
            campaign_approvals.c.version == version,
        )
        .order_by(campaign_approvals.c.approval_id.desc())
        .limit(1)
    ).scalar()


def schedule_campaign_posts(store: Store, *, now: dt.datetime) -> tuple[list[str], list[str]]:
    """(post ids written, problems) for the launched campaigns' social nodes not in the ledger yet."""
    now = to_utc_naive(now)
    with store.engine.connect() as conn:
        running = list(
            conn.execute(
                sa.select(campaigns.c.campaign_id).where(
                    campaigns.c.status.in_(("scheduled", "running"))
                )
            ).scalars()
        )
    ids: list[str] = []
    problems: list[str] = []
    for cid in running:
        record = get_campaign(store, cid)
        spec = record.spec
        nodes = [n for n in spec.workflow.nodes if n.type == "send" and n.channel == "social"]
        if not nodes:
            continue
        with store.engine.connect() as conn:
            approver = version_approver(conn, cid, record.current_version)
            held = set(
                conn.execute(
                    sa.select(social_posts.c.post_id).where(social_posts.c.campaign_id == cid)
                ).scalars()
            )
        nodes = [
            n for n in nodes if any(post_id_for(f"{cid}:{n.id}", a) not in held for a in n.accounts)
        ]
        if nodes and approver is None:
            problems.append(
                f"{cid}: version {record.current_version} adds social posts and has no approval "
                "(`enrollflow campaign approve`)"
            )
            continue
        for node in nodes:
            template = spec.template(node.template)
            text = template.locales[template.default_locale]
            content = PostContent(text.body, node.link, node.image_url)
            try:
                ids += schedule_post(
                    store, post_key=f"{cid}:{node.id}", account_ids=list(node.accounts),
                    content=content, scheduled_at=node.post_at or spec.start_at, actor=approver,
                    now=now, campaign_id=cid, step_id=node.id, approved_by=approver,
                )  # fmt: skip
            except PostError as exc:
                problems.append(f"{cid}.{node.id}: {exc}")
    return ids, problems
