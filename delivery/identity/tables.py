"""Ops-store tables of identity: sign-in sessions, API tokens, login attempts, report
subscriptions.

Created by the Alembic revision ``0009_identity``, which also adds ``password_hash`` and
``is_active`` to ``users`` (see :mod:`delivery.store.schema`) and seeds the ``viewer`` role;
``report_subscriptions`` by ``0018_report_subscriptions``. They live on the store's shared
``metadata``; a change here needs a new revision.
"""

from __future__ import annotations

import sqlalchemy as sa

from delivery.store.schema import audit_log, metadata

#: Roles in the order of what they may do; ``manager`` is the foundation's older name of an
#: approver and is still honoured by the campaign lifecycle.
ROLES = ("viewer", "analyst", "marketer", "approver", "admin")

user_sessions = sa.Table(
    "user_sessions",
    metadata,
    # sha256 of the cookie value: a leaked table does not hand out sessions
    sa.Column("session_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.user_id"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("revoked_at", sa.DateTime),
)
sa.Index("ix_user_sessions_user", user_sessions.c.user_id)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("token_id", sa.String(32), primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.user_id"), nullable=False),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime),
    sa.Column("last_used_at", sa.DateTime),
    sa.Column("revoked_at", sa.DateTime),
)

login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("attempt_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(320), nullable=False),
    sa.Column("client", sa.String(64), nullable=False),
    sa.Column("succeeded", sa.Boolean, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)
sa.Index("ix_login_attempts_username_at", login_attempts.c.username, login_attempts.c.at)
sa.Index("ix_login_attempts_client_at", login_attempts.c.client, login_attempts.c.at)
#: the audit page filters by actor over time
sa.Index("ix_audit_log_actor_at", audit_log.c.actor, audit_log.c.at)

#: users who receive the weekly report or the alerts by email
#: (:mod:`delivery.identity.subscriptions`)
report_subscriptions = sa.Table(
    "report_subscriptions",
    metadata,
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.user_id"), primary_key=True),
    sa.Column("report", sa.String(32), primary_key=True),
    sa.Column("subscribed_at", sa.DateTime, nullable=False),
)
