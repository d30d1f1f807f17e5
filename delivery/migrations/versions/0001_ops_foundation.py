"""Ops store foundation: send ledger, suppressions, consent, provider state, audit, users/roles.

Revision ID: 0001_ops_foundation
Revises:
Create Date: 2026-11-25

Later revisions (campaigns, journeys) chain on top of this one: ``down_revision = "0001_ops_foundation"``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_ops_foundation"
down_revision = None
branch_labels = None
depends_on = None

_STATES = (
    "pending",
    "claimed",
    "sending",
    "submitted",
    "delivered",
    "bounced",
    "failed",
    "skipped",
    "unknown",
)
_ROLES = {
    "admin": "manages users, providers and settings",
    "manager": "approves campaigns and budgets",
    "marketer": "creates and edits campaigns",
    "analyst": "reads reports",
}


def upgrade() -> None:
    op.create_table(
        "send_ledger",
        sa.Column("ledger_id", sa.String(255), primary_key=True),
        sa.Column("campaign_id", sa.String(64), nullable=False),
        sa.Column("step_id", sa.String(64), nullable=False),
        sa.Column("contact_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("occurrence", sa.Integer, nullable=False),
        sa.Column("variant_id", sa.String(64)),
        sa.Column("to_address", sa.String(320)),
        sa.Column("provider", sa.String(32)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(64)),
        sa.Column("lease_expires_at", sa.DateTime),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("content_sha256", sa.String(64)),
        sa.Column("provider_message_id", sa.String(128)),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("sending_at", sa.DateTime),
        sa.Column("submitted_at", sa.DateTime),
        sa.Column("completed_at", sa.DateTime),
        sa.UniqueConstraint(
            "campaign_id",
            "step_id",
            "contact_id",
            "channel",
            "occurrence",
            name="uq_send_ledger_key",
        ),
        sa.CheckConstraint(
            "state IN (" + ", ".join(f"'{s}'" for s in _STATES) + ")", name="ck_send_ledger_state"
        ),
    )
    op.create_index("ix_send_ledger_state_lease", "send_ledger", ["state", "lease_expires_at"])
    op.create_index("ix_send_ledger_campaign_step", "send_ledger", ["campaign_id", "step_id"])
    op.create_index("ix_send_ledger_provider_message_id", "send_ledger", ["provider_message_id"])

    op.create_table(
        "suppressions",
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("address", sa.String(320), primary_key=True),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("ledger_id", sa.String(255)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "consent_events",
        sa.Column("consent_event_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("contact_id", sa.String(64)),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("ledger_id", sa.String(255)),
        sa.Column("occurred_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("status IN ('granted', 'revoked')", name="ck_consent_events_status"),
    )
    op.create_index("ix_consent_events_address", "consent_events", ["channel", "address"])
    op.create_table(
        "provider_state",
        sa.Column("provider", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("consecutive_failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("opened_at", sa.DateTime),
        sa.Column("retry_at", sa.DateTime),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.CheckConstraint(
            "status IN ('closed', 'open', 'stopped')", name="ck_provider_state_status"
        ),
    )
    op.create_table(
        "audit_log",
        sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(255)),
        sa.Column("detail", sa.Text),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "users",
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("display_name", sa.String(255)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    roles = op.create_table(
        "roles",
        sa.Column("role", sa.String(32), primary_key=True),
        sa.Column("description", sa.Text, nullable=False),
    )
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.String(64), sa.ForeignKey("users.user_id"), primary_key=True),
        sa.Column("role", sa.String(32), sa.ForeignKey("roles.role"), primary_key=True),
    )
    op.bulk_insert(roles, [{"role": r, "description": d} for r, d in _ROLES.items()])


def downgrade() -> None:
    for table in (
        "user_roles",
        "roles",
        "users",
        "audit_log",
        "provider_state",
        "consent_events",
        "suppressions",
        "send_ledger",
    ):
        op.drop_table(table)
