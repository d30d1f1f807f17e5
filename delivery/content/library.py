"""Library templates in the ops store: items, their versions, restore and diff.

A library item is one :class:`~delivery.campaigns.models.Template` (a channel, its locales and
A/B variants) with a review status (:mod:`delivery.content.review`). Every save is a new
version (saving the same text keeps the version); a save returns the item to ``draft`` -- an
approval is for the text that was reviewed. Restoring an old version saves it as a new version.
Every action is in the audit log (``content.*``) with the actor and the server's time, in the
same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError

from delivery.campaigns.models import Template
from delivery.campaigns.templates import template_problems
from delivery.content.errors import ContentError, ContentNotFound
from delivery.content.tables import content_items, content_reviews, content_versions
from delivery.store import Store, to_utc_naive, write_audit


@dataclass(frozen=True)
class ContentItem:
    """A library item and its current text."""

    item_id: str
    name: str
    channel: str
    owner: str
    status: str
    current_version: int
    origin: str | None
    template: Template
    saved_by: str


def content_digest(template: Template) -> str:
    """sha256 of a template's text (channel, locales, variants; not its id).

    A campaign template and a library version with the same digest say exactly the same
    thing, whatever each calls it.
    """
    doc = template.model_dump(mode="json", exclude={"id"})
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


def parse_template(doc: Any, item_id: str) -> Template:
    """Validate a template document (as edited) for item ``item_id``.

    Raises
    ------
    ContentError
        Naming each field that is wrong.
    """
    if not isinstance(doc, dict):
        raise ContentError(f"{item_id}: the template must be a mapping (channel, locales, ...)")
    try:
        return Template.model_validate({**doc, "id": item_id})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'template'}: {e['msg']}" for e in exc.errors()
        )
        raise ContentError(f"{item_id}: {problems}") from None


def render_problems(template: Template) -> list[str]:
    """Render every locale and variant of ``template`` with the sample contact, as campaign
    validation does (:func:`delivery.campaigns.templates.template_problems`); what fails."""
    one = SimpleNamespace(campaign_id="library", content=[template])
    return [f"{p.path}: {p.message}" for p in template_problems(one)]  # type: ignore[arg-type]


def audit(conn: sa.Connection, now: dt.datetime, actor: str, action: str, item: str, **detail):
    """An ``audit_log`` row ``content.<action>`` in the caller's transaction."""
    write_audit(conn, now=now, actor=actor, action=f"content.{action}", subject=item,
                detail=detail or None)  # fmt: skip


def record(conn, item_id: str, version: int, action: str, actor: str, now, comment=None) -> None:
    """A row of the item's review timeline."""
    conn.execute(
        content_reviews.insert().values(
            item_id=item_id, version=version, action=action, actor=actor, comment=comment,
            at=to_utc_naive(now),
        )
    )  # fmt: skip


def _insert_version(conn, item_id, version, template, actor, now, note) -> None:
    conn.execute(
        content_versions.insert().values(
            item_id=item_id, version=version,
            doc_json=json.dumps(template.model_dump(mode="json"), ensure_ascii=False),
            content_sha256=content_digest(template), saved_by=actor,
            saved_at=to_utc_naive(now), note=note,
        )
    )  # fmt: skip


def free_item_id(store: Store, base: str) -> str:
    """``base``, or ``base_2``, ``base_3``... whichever is not taken yet."""
    with store.engine.connect() as conn:
        taken = set(
            conn.execute(
                sa.select(content_items.c.item_id).where(content_items.c.item_id.like(f"{base}%"))
            ).scalars()
        )
    n, candidate = 1, base
    while candidate in taken:
        n += 1
        candidate = f"{base[:60]}_{n}"
    return candidate


def create_item(
    store: Store,
    template: Template,
    *,
    name: str,
    owner: str,
    now: dt.datetime,
    origin: str | None = None,
) -> str:
    """Store ``template`` as a new library item (version 1, ``draft``); its id is the template's.

    Raises
    ------
    ContentError
        If an item with that id exists.
    """
    ts = to_utc_naive(now)
    with store.begin() as conn:
        if conn.execute(
            sa.select(content_items.c.item_id).where(content_items.c.item_id == template.id)
        ).first():
            raise ContentError(f"library item {template.id!r} exists already: choose another id")
        conn.execute(
            content_items.insert().values(
                item_id=template.id, name=name.strip()[:200] or template.id,
                channel=template.channel, owner=owner, status="draft", current_version=1,
                origin=origin, created_at=ts, updated_at=ts,
            )
        )  # fmt: skip
        _insert_version(conn, template.id, 1, template, owner, now, origin and f"from {origin}")
        record(conn, template.id, 1, "create", owner, now)
        audit(conn, now, owner, "create", template.id, version=1, origin=origin)
    return template.id


def get_item(store: Store, item_id: str, conn: sa.Connection | None = None) -> ContentItem:
    """The item with its current text.

    Raises
    ------
    ContentNotFound
    """
    stmt = (
        sa.select(content_items, content_versions.c.doc_json, content_versions.c.saved_by)
        .join(
            content_versions,
            sa.and_(
                content_versions.c.item_id == content_items.c.item_id,
                content_versions.c.version == content_items.c.current_version,
            ),
        )
        .where(content_items.c.item_id == item_id)
    )
    row = store.first(stmt, conn)
    if row is None:
        raise ContentNotFound(f"no library item {item_id!r}: start one from the gallery")
    fields = {k: row[k] for k in ContentItem.__dataclass_fields__ if k in row}
    fields.pop("template", None)
    return ContentItem(**fields, template=Template.model_validate_json(row["doc_json"]))


def list_items(store: Store) -> list[dict[str, Any]]:
    """Every item (id, name, channel, owner, status, version, updated), newest first."""
    stmt = sa.select(content_items).order_by(
        content_items.c.updated_at.desc(), content_items.c.item_id
    )
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def save_version(
    store: Store,
    item_id: str,
    template: Template,
    *,
    actor: str,
    now: dt.datetime,
    note: str | None = None,
    restored_from: int | None = None,
) -> int:
    """Save ``template`` as the item's next version; the item returns to ``draft``.

    The same text as the current version keeps that version (and the status). Returns the
    current version after the call.

    Raises
    ------
    ContentError
        If the template changes the item's channel.
    """
    if template.id != item_id:
        template = template.model_copy(update={"id": item_id})
    digest = content_digest(template)
    with store.begin() as conn:
        item = get_item(store, item_id, conn)
        if template.channel != item.channel:
            raise ContentError(
                f"{item_id} is a {item.channel} template: it cannot become {template.channel}; "
                "start a new item from the gallery instead"
            )
        if content_digest(item.template) == digest:
            return item.current_version
        version = item.current_version + 1
        changed = conn.execute(
            content_items.update()
            .where(
                content_items.c.item_id == item_id,
                content_items.c.current_version == item.current_version,
            )
            .values(current_version=version, status="draft", updated_at=to_utc_naive(now))
        ).rowcount
        if changed != 1:
            raise ContentError(f"{item_id} was saved by someone else meanwhile: reload and retry")
        _insert_version(conn, item_id, version, template, actor, now, note)
        action = "restore" if restored_from else "edit"
        comment = f"restored version {restored_from}" if restored_from else None
        record(conn, item_id, version, action, actor, now, comment)
        audit(conn, now, actor, action, item_id, version=version, previous_status=item.status,
              restored_from=restored_from)  # fmt: skip
    return version


def versions(store: Store, item_id: str) -> list[dict[str, Any]]:
    """The item's versions (number, who, when, note, digest), newest first."""
    stmt = (
        sa.select(
            content_versions.c.version,
            content_versions.c.saved_by,
            content_versions.c.saved_at,
            content_versions.c.note,
            content_versions.c.content_sha256,
        )  # fmt: skip
        .where(content_versions.c.item_id == item_id)
        .order_by(content_versions.c.version.desc())
    )
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def version_template(store: Store, item_id: str, version: int) -> Template:
    """The text of one version.

    Raises
    ------
    ContentNotFound
    """
    with store.engine.connect() as conn:
        text = conn.execute(
            sa.select(content_versions.c.doc_json).where(
                content_versions.c.item_id == item_id, content_versions.c.version == version
            )
        ).scalar()
    if text is None:
        raise ContentNotFound(f"library item {item_id!r} has no version {version}")
    return Template.model_validate_json(text)


def restore_version(store: Store, item_id: str, version: int, *, actor: str, now: dt.datetime):
    """Save version ``version``'s text as a new version (audited as ``content.restore``)."""
    template = version_template(store, item_id, version)
    return save_version(
        store, item_id, template, actor=actor, now=now, note=f"restore of version {version}",
        restored_from=version,
    )  # fmt: skip


def timeline(store: Store, item_id: str) -> list[dict[str, Any]]:
    """The item's review timeline (create, edit, submit, comments, decisions), oldest first."""
    stmt = (
        sa.select(content_reviews)
        .where(content_reviews.c.item_id == item_id)
        .order_by(content_reviews.c.review_id)
    )
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]
