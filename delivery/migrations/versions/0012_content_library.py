"""Content library: library templates with versions and reviews, brand assets and colours.

Revision ID: 0012_content_library
Revises: 0009_identity
Create Date: 2026-12-06

Owned by ``delivery.content`` (``delivery/content/tables.py`` mirrors these tables); the
downgrade drops all of it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_content_library"
down_revision = "0009_identity"
branch_labels = None
depends_on = None

_STATUSES = ("draft", "in_review", "approved", "changes_requested")


def upgrade() -> None:
    op.create_table(
        "content_items",
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
            "status IN (" + ", ".join(f"'{s}'" for s in _STATUSES) + ")",
            name="ck_content_items_status",
        ),
    )
    op.create_table(
        "content_versions",
        sa.Column(
            "item_id", sa.String(64), sa.ForeignKey("content_items.item_id"), primary_key=True
        ),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("doc_json", sa.Text, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("saved_by", sa.String(128), nullable=False),
        sa.Column("saved_at", sa.DateTime, nullable=False),
        sa.Column("note", sa.String(200)),
    )
    op.create_index("ix_content_versions_sha256", "content_versions", ["content_sha256"])
    op.create_table(
        "content_reviews",
        sa.Column("review_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.String(64), sa.ForeignKey("content_items.item_id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_content_reviews_item", "content_reviews", ["item_id", "review_id"])
    op.create_table(
        "brand_assets",
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
    op.create_table(
        "brand_colours",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("hex", sa.String(7), nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("brand_colours")
    op.drop_table("brand_assets")
    op.drop_index("ix_content_reviews_item", table_name="content_reviews")
    op.drop_table("content_reviews")
    op.drop_index("ix_content_versions_sha256", table_name="content_versions")
    op.drop_table("content_versions")
    op.drop_table("content_items")
