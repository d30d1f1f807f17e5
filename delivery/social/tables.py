"""Ops-store tables of social posting (SQLAlchemy Core), created by Alembic revision
``0012_social_posting``.

- ``social_accounts``: one connected account (a Facebook Page, an Instagram professional account,
  a LinkedIn organisation, an X user) with its OAuth tokens **encrypted** (``*_enc``: AES-256-GCM
  from :mod:`privacy.crypto`, the column name as associated data), their expiry, its status
  (``active`` / ``needs_reauth`` / ``disconnected``) and the rate-limit pause the platform asked for.
- ``social_oauth_states``: one pending authorization (``state`` → PKCE verifier, encrypted), used once.
- ``social_posts``: the publish ledger, one row per post per account (unique ``post_key`` +
  ``account_id``); see :mod:`delivery.social.ledger` for the states.

They live on the store's shared ``metadata``; a change here needs a new revision.
"""

from __future__ import annotations

import sqlalchemy as sa

from delivery.store.schema import metadata

PLATFORMS = ("facebook", "instagram", "linkedin", "x")
ACCOUNT_STATUSES = ("active", "needs_reauth", "disconnected")
#: Publish-ledger states (see :mod:`delivery.social.ledger`).
POST_STATES = (
    "scheduled",
    "approved",
    "publishing",
    "published",
    "failed",
    "needs_reauth",
    "unknown",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


social_accounts = sa.Table(
    "social_accounts",
    metadata,
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

social_oauth_states = sa.Table(
    "social_oauth_states",
    metadata,
    sa.Column("state", sa.String(64), primary_key=True),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("code_verifier_enc", sa.Text),
    sa.Column("redirect_uri", sa.Text, nullable=False),
    sa.Column("created_by", sa.String(128)),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("used_at", sa.DateTime),
)

social_posts = sa.Table(
    "social_posts",
    metadata,
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
sa.Index("ix_social_posts_state_due", social_posts.c.state, social_posts.c.scheduled_at)
sa.Index("ix_social_posts_campaign", social_posts.c.campaign_id)
sa.Index("ix_social_posts_updated_at", social_posts.c.updated_at)

#: Tables with ``*_enc`` columns (``enrollflow privacy rotate-key`` re-encrypts them too).
SECRET_TABLES = (social_accounts, social_oauth_states)
