"""Social posting: connected accounts (encrypted tokens), OAuth states, the publish ledger.

Revision ID: 0012_social_posting
Revises: 0012_pii_encryption
Create Date: 2026-12-05

Owned by ``delivery.social`` (``delivery/social/tables.py``); the downgrade drops all of it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from delivery.social.tables import ACCOUNT_STATUSES, PLATFORMS, POST_STATES

revision = "0012_social_posting"
down_revision = "0012_pii_encryption"
branch_labels = None
depends_on = None


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    op.create_table(
        "social_accounts",
        sa.Column("account_id", sa.String(64), primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("remote_id", sa.String(128), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("access_token_enc", sa.Text),
        sa.Column("refresh_token_enc", sa.Text),
        sa.Column("token_expires_at", sa.DateTime),
        sa.Column("refresh_expires_at", sa.DateTime),
        sa.Column("scopes", sa.Text),
        sa.Column("status_reason", sa.Text),
        sa.Column("needs_reauth_since", sa.DateTime),
        sa.Column("paused_until", sa.DateTime),
        sa.Column("usage_pct", sa.Float),
        sa.Column("connected_by", sa.String(128)),
        sa.Column("connected_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("platform", "remote_id", name="uq_social_accounts_remote"),
        sa.CheckConstraint(_in("platform", PLATFORMS), name="ck_social_accounts_platform"),
        sa.CheckConstraint(_in("status", ACCOUNT_STATUSES), name="ck_social_accounts_status"),
    )
    op.create_table(
        "social_oauth_states",
        sa.Column("state", sa.String(64), primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("code_verifier_enc", sa.Text),
        sa.Column("redirect_uri", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(128)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("used_at", sa.DateTime),
    )
    op.create_table(
        "social_posts",
        sa.Column("post_id", sa.String(255), primary_key=True),
        sa.Column("post_key", sa.String(200), nullable=False),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("campaign_id", sa.String(64)),
        sa.Column("step_id", sa.String(64)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("link", sa.Text),
        sa.Column("image_url", sa.Text),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("scheduled_at", sa.DateTime, nullable=False),
        sa.Column("not_before", sa.DateTime),
        sa.Column("held_reason", sa.Text),
        sa.Column("approved_by", sa.String(128)),
        sa.Column("approved_at", sa.DateTime),
        sa.Column("owner", sa.String(64)),
        sa.Column("lease_expires_at", sa.DateTime),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("container_id", sa.String(128)),
        sa.Column("remote_post_id", sa.String(255)),
        sa.Column("cost_amount", sa.Float),
        sa.Column("last_error", sa.Text),
        sa.Column("created_by", sa.String(128)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("publishing_at", sa.DateTime),
        sa.Column("published_at", sa.DateTime),
        sa.UniqueConstraint("post_key", "account_id", name="uq_social_posts_key"),
        sa.CheckConstraint(_in("state", POST_STATES), name="ck_social_posts_state"),
    )
    op.create_index("ix_social_posts_state_due", "social_posts", ["state", "scheduled_at"])
    op.create_index("ix_social_posts_campaign", "social_posts", ["campaign_id"])
    op.create_index("ix_social_posts_updated_at", "social_posts", ["updated_at"])


def downgrade() -> None:
    op.drop_table("social_posts")
    op.drop_table("social_oauth_states")
    op.drop_table("social_accounts")
