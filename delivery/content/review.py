"""Content approval: ``draft → in_review → approved | changes_requested``, with comments.

- ``submit`` (the author or any editor): draft or changes requested → in review.
- ``request_changes`` (an approver, with a comment) and ``approve`` (an approver): in review →
  changes requested / approved. The approver needs the ``approver`` (or ``manager``) role and
  may not be the item's author -- its owner or whoever saved the version under review -- whatever
  other roles they hold (an admin who wrote it cannot approve it either).
- Saving a new version (:func:`delivery.content.library.save_version`) returns the item to
  draft: an approval is for the text that was reviewed.

Every transition is one conditional update (two reviewers cannot both decide), a timeline row
and an ``audit_log`` row in one transaction. The launch rule reads :func:`unapproved_content`:
a campaign over 1,000 contacts launches only when each of its templates says exactly what an
approved library item's current version says (same :func:`~delivery.content.library.content_digest`).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from delivery.campaigns.models import Campaign
from delivery.content import library
from delivery.content.errors import ContentNotFound, ReviewRefused
from delivery.content.tables import content_items, content_versions
from delivery.store import Store, to_utc_naive
from delivery.store.schema import user_roles

APPROVER_ROLES = ("approver", "manager")
#: action -> (statuses it may start from, status it leads to)
REVIEW_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": (("draft", "changes_requested"), "in_review"),
    "request_changes": (("in_review",), "changes_requested"),
    "approve": (("in_review",), "approved"),
}


def _roles(conn: sa.Connection, user: str) -> set[str]:
    return set(
        conn.execute(sa.select(user_roles.c.role).where(user_roles.c.user_id == user)).scalars()
    )


def _check_reviewer(conn, item: library.ContentItem, actor: str, action: str) -> None:
    roles = _roles(conn, actor)
    if not roles & set(APPROVER_ROLES):
        raise ReviewRefused(
            f"user {actor!r} cannot {action.replace('_', ' ')} {item.item_id!r}: needs the "
            f"approver role (has {sorted(roles) or 'none'}); ask an admin to grant it"
        )
    if actor in (item.owner, item.saved_by):
        raise ReviewRefused(
            f"user {actor!r} cannot review {item.item_id!r}: they are its author (owner "
            f"{item.owner!r}, version {item.current_version} saved by {item.saved_by!r}); "
            "another approver must review it"
        )


def _transition(
    store: Store, item_id: str, action: str, *, actor: str, now: dt.datetime, comment=None
) -> str:
    allowed, target = REVIEW_TRANSITIONS[action]
    comment = (comment or "").strip() or None
    with store.begin() as conn:
        item = library.get_item(store, item_id, conn)
        if action != "submit":
            _check_reviewer(conn, item, actor, action)
        if action == "request_changes" and not comment:
            raise ReviewRefused("say what to change: a comment is required to request changes")
        if item.status not in allowed:
            raise ReviewRefused(
                f"cannot {action.replace('_', ' ')} {item_id!r}: it is "
                f"{item.status.replace('_', ' ')}; that needs {' or '.join(allowed)}"
            )
        changed = conn.execute(
            content_items.update()
            .where(
                content_items.c.item_id == item_id,
                content_items.c.status == item.status,
                content_items.c.current_version == item.current_version,
            )
            .values(status=target, updated_at=to_utc_naive(now))
        ).rowcount
        if changed != 1:
            raise ReviewRefused(f"{item_id!r} changed meanwhile: reload and try again")
        library.record(conn, item_id, item.current_version, action, actor, now, comment)
        library.audit(conn, now, actor, action, item_id, version=item.current_version,
                      status=target, comment=comment)  # fmt: skip
    return target


def submit(store: Store, item_id: str, *, actor: str, now: dt.datetime, comment=None) -> str:
    """Ask for review of the current version; returns ``in_review``."""
    return _transition(store, item_id, "submit", actor=actor, now=now, comment=comment)


def request_changes(
    store: Store, item_id: str, *, actor: str, now: dt.datetime, comment: str
) -> str:
    """Send the item back to its author with ``comment``; returns ``changes_requested``."""
    return _transition(store, item_id, "request_changes", actor=actor, now=now, comment=comment)


def approve(store: Store, item_id: str, *, actor: str, now: dt.datetime, comment=None) -> str:
    """Approve the version under review; returns ``approved``."""
    return _transition(store, item_id, "approve", actor=actor, now=now, comment=comment)


def add_comment(store: Store, item_id: str, *, actor: str, now: dt.datetime, comment: str) -> None:
    """A comment on the current version (no status change)."""
    comment = (comment or "").strip()
    if not comment:
        raise ReviewRefused("the comment is empty")
    with store.begin() as conn:
        item = library.get_item(store, item_id, conn)
        library.record(conn, item_id, item.current_version, "comment", actor, now, comment[:4000])
        library.audit(conn, now, actor, "comment", item_id, version=item.current_version)


def approved_match(conn: sa.Connection, digests: set[str]) -> dict[str, str]:
    """``{digest: item_id}`` for the digests that are an approved item's current text."""
    if not digests:
        return {}
    rows = conn.execute(
        sa.select(content_versions.c.content_sha256, content_items.c.item_id)
        .join(
            content_items,
            sa.and_(
                content_items.c.item_id == content_versions.c.item_id,
                content_items.c.current_version == content_versions.c.version,
            ),
        )
        .where(
            content_items.c.status == "approved",
            content_versions.c.content_sha256.in_(sorted(digests)),
        )
    )
    return {digest: item for digest, item in rows}


def unapproved_content(conn: sa.Connection, campaign: Campaign) -> list[str]:
    """Ids of ``campaign``'s templates whose text is not an approved library item's current
    text (empty when all of its content is approved)."""
    digests = {t.id: library.content_digest(t) for t in campaign.content}
    approved = approved_match(conn, set(digests.values()))
    return [tid for tid, digest in digests.items() if digest not in approved]


def campaign_item_id(campaign_id: str, template_id: str) -> str:
    """The library item a campaign's own template is reviewed as."""
    return f"{campaign_id}__{template_id}"[:64]


def linked_item(store: Store, campaign_id: str, template_id: str) -> library.ContentItem | None:
    """The library item a campaign template comes from: the item of the same id (a campaign
    started from the library), else the one it was reviewed as; ``None`` if neither exists."""
    for item_id in (template_id, campaign_item_id(campaign_id, template_id)):
        try:
            return library.get_item(store, item_id)
        except ContentNotFound:
            continue
    return None


def submit_campaign_content(
    store: Store, campaign: Campaign, *, author: str, now: dt.datetime
) -> list[str]:
    """Put each of ``campaign``'s templates in the library as item ``<campaign>__<template>``
    (a new version when the text changed), saved by ``author``, and submit it for review.

    Returns the item ids (an item already approved with the same text is left approved).
    """
    items = []
    for template in campaign.content:
        item_id = campaign_item_id(campaign.campaign_id, template.id)
        own = template.model_copy(update={"id": item_id})
        try:
            library.save_version(store, item_id, own, actor=author, now=now)
        except ContentNotFound:
            library.create_item(store, own, name=f"{campaign.name}: {template.id}", owner=author,
                                now=now, origin=f"campaign:{campaign.campaign_id}")  # fmt: skip
        if library.get_item(store, item_id).status in REVIEW_TRANSITIONS["submit"][0]:
            submit(store, item_id, actor=author, now=now)
        items.append(item_id)
    return items


def approve_campaign_content(
    store: Store, campaign: Campaign, *, author: str, approver: str, now: dt.datetime
) -> list[str]:
    """:func:`submit_campaign_content`, then ``approver`` approves each item under review.

    What the demo uses (the same rules apply: the approver needs the role and may not be the
    author). Returns the item ids.
    """
    items = submit_campaign_content(store, campaign, author=author, now=now)
    for item_id in items:
        if library.get_item(store, item_id).status == "in_review":
            approve(store, item_id, actor=approver, now=now)
    return items
