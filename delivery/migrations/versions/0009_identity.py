"""Identity: passwords, sign-in sessions, API tokens, login attempts, the ``viewer`` role.

Revision ID: 0009_identity
Revises: 0006_send_core
Create Date: 2026-12-05

- ``users.password_hash`` (argon2id; NULL = the user cannot sign in, e.g. a CLI-only operator)
  and ``users.is_active`` (a disabled user's sessions and tokens stop working).
- ``user_sessions``: server-side studio sessions, keyed by the sha256 of the cookie value, each
  with its CSRF token and expiry.
- ``api_tokens``: bearer tokens for automation (``ef_<id>_<secret>``; only the sha256 of the
  secret is stored).
- ``login_attempts``: the login rate limiter counts recent failures per username and client.
- ``ix_audit_log_actor_at`` for the audit page's actor filter; the ``viewer`` role.

Owned by ``delivery.identity``; the downgrade drops all of it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_identity"
down_revision = "0006_send_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password_hash", sa.Text))
        batch.add_column(
            sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true())
        )
    op.create_table(
        "user_sessions",
        sa.Column("session_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(64), sa.ForeignKey("users.user_id"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_index("ix_user_sessions_user", "user_sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("token_id", sa.String(32), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), sa.ForeignKey("users.user_id"), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime),
        sa.Column("last_used_at", sa.DateTime),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_table(
        "login_attempts",
        sa.Column("attempt_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(320), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("succeeded", sa.Boolean, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_login_attempts_username_at", "login_attempts", ["username", "at"])
    op.create_index("ix_login_attempts_client_at", "login_attempts", ["client", "at"])
    op.create_index("ix_audit_log_actor_at", "audit_log", ["actor", "at"])
    roles = sa.table("roles", sa.column("role", sa.String), sa.column("description", sa.Text))
    op.bulk_insert(roles, [{"role": "viewer", "description": "reads campaigns and results"}])


def downgrade() -> None:
    op.execute("DELETE FROM user_roles WHERE role = 'viewer'")
    op.execute("DELETE FROM roles WHERE role = 'viewer'")
    op.drop_index("ix_audit_log_actor_at", table_name="audit_log")
    op.drop_table("login_attempts")
    op.drop_table("api_tokens")
    op.drop_table("user_sessions")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("is_active")
        batch.drop_column("password_hash")
