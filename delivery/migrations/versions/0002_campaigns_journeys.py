"""Campaigns and journeys: campaigns, campaign_versions, campaign_approvals, journey_state.

Revision ID: 0002_campaigns_journeys
Revises: 0001_ops_foundation
Create Date: 2026-11-25

Owned by the campaigns work (``delivery/campaigns/tables.py`` mirrors these tables). Also seeds
the ``approver`` role (campaigns above 1000 contacts need an approver's sign-off) and indexes
``send_ledger`` by contact, channel and time for the frequency cap.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_campaigns_journeys"
down_revision = "0001_ops_foundation"
branch_labels = None
depends_on = None

_STATUSES = ("draft", "approved", "scheduled", "running", "paused", "completed", "archived")
_JOURNEY = ("active", "completed", "exited")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("campaign_id", sa.String(64), primary_key=True),
        sa.Column("organisation", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("owner", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("audience_size", sa.Integer),
        sa.Column("status_reason", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.CheckConstraint(_in("status", _STATUSES), name="ck_campaigns_status"),
    )
    op.create_index("ix_campaigns_organisation_status", "campaigns", ["organisation", "status"])
    op.create_table(
        "campaign_versions",
        sa.Column(
            "campaign_id", sa.String(64), sa.ForeignKey("campaigns.campaign_id"), primary_key=True
        ),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("spec_json", sa.Text, nullable=False),
        sa.Column("spec_sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.String(500)),
        sa.Column("applied_by", sa.String(128), nullable=False),
        sa.Column("applied_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "campaign_approvals",
        sa.Column("approval_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "campaign_id", sa.String(64), sa.ForeignKey("campaigns.campaign_id"), nullable=False
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("approver", sa.String(128), nullable=False),
        sa.Column("audience_size", sa.Integer, nullable=False),
        sa.Column("approved_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "journey_state",
        sa.Column("campaign_id", sa.String(64), primary_key=True),
        sa.Column("contact_id", sa.String(64), primary_key=True),
        sa.Column("occurrence", sa.Integer, primary_key=True),
        sa.Column("node_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("due_at", sa.DateTime),
        sa.Column("variant_id", sa.String(32)),
        sa.Column("waiting_since", sa.DateTime),
        sa.Column("entered_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("exit_reason", sa.String(200)),
        sa.CheckConstraint(_in("status", _JOURNEY), name="ck_journey_state_status"),
    )
    op.create_index("ix_journey_state_due", "journey_state", ["campaign_id", "status", "due_at"])
    # the 3-emails-per-7-days cap reads each due contact's recent emails from the ledger
    op.create_index(
        "ix_send_ledger_contact_channel_created",
        "send_ledger",
        ["contact_id", "channel", "created_at"],
    )
    roles = sa.table("roles", sa.column("role", sa.String), sa.column("description", sa.Text))
    op.bulk_insert(
        roles, [{"role": "approver", "description": "approves campaigns above 1000 contacts"}]
    )


def downgrade() -> None:
    op.execute("DELETE FROM user_roles WHERE role = 'approver'")
    op.execute("DELETE FROM roles WHERE role = 'approver'")
    op.drop_index("ix_send_ledger_contact_channel_created", table_name="send_ledger")
    op.drop_index("ix_journey_state_due", table_name="journey_state")
    op.drop_table("journey_state")
    op.drop_table("campaign_approvals")
    op.drop_table("campaign_versions")
    op.drop_index("ix_campaigns_organisation_status", table_name="campaigns")
    op.drop_table("campaigns")
