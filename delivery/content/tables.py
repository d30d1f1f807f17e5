"""Ops-store tables of the content library (SQLAlchemy Core).

Created by the Alembic revision ``0012_content_library``; they live on the store's shared
``metadata``, and a change here needs a new revision.

- ``content_items``: a template of the library (one channel, its locales and A/B variants), its
  review status and current version.
- ``content_versions``: every saved version of an item (never updated); ``content_sha256`` is the
  digest of the text (:func:`delivery.content.library.content_digest`), which the launch rule
  looks up.
- ``content_reviews``: the review timeline (submit, request changes, approve, comment, edit,
  restore), with the comment and who wrote it.
- ``brand_assets``: uploaded logos and images, keyed by the sha256 of their bytes (the file lives
  at that path under the asset directory); ``brand_colours``: the named brand palette.
"""

from __future__ import annotations

import sqlalchemy as sa

from delivery.store.schema import metadata

#: Review statuses of a library item.
CONTENT_STATUSES = ("draft", "in_review", "approved", "changes_requested")

content_items = sa.Table(
    "content_items",
    metadata,
    sa.Column("item_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("channel", sa.String(8), nullable=False),
    sa.Column("owner", sa.String(128), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("current_version", sa.Integer, nullable=False),
    sa.Column("origin", sa.String(100)),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.CheckConstraint(
        "status IN (" + ", ".join(f"'{s}'" for s in CONTENT_STATUSES) + ")",
        name="ck_content_items_status",
    ),
)

content_versions = sa.Table(
    "content_versions",
    metadata,
    sa.Column("item_id", sa.String(64), sa.ForeignKey("content_items.item_id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("doc_json", sa.Text, nullable=False),
    sa.Column("content_sha256", sa.String(64), nullable=False),
    sa.Column("saved_by", sa.String(128), nullable=False),
    sa.Column("saved_at", sa.DateTime, nullable=False),
    sa.Column("note", sa.String(200)),
)
sa.Index("ix_content_versions_sha256", content_versions.c.content_sha256)

content_reviews = sa.Table(
    "content_reviews",
    metadata,
    sa.Column("review_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("item_id", sa.String(64), sa.ForeignKey("content_items.item_id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("action", sa.String(24), nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("at", sa.DateTime, nullable=False),
)
sa.Index("ix_content_reviews_item", content_reviews.c.item_id, content_reviews.c.review_id)

brand_assets = sa.Table(
    "brand_assets",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("media_type", sa.String(64), nullable=False),
    sa.Column("extension", sa.String(8), nullable=False),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("width", sa.Integer),
    sa.Column("height", sa.Integer),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("uploaded_by", sa.String(128), nullable=False),
    sa.Column("uploaded_at", sa.DateTime, nullable=False),
)

brand_colours = sa.Table(
    "brand_colours",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("hex", sa.String(7), nullable=False),
    sa.Column("updated_by", sa.String(128), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)
