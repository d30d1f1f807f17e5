"""Ops-store tables of campaigns and journeys (SQLAlchemy Core).

Created by the Alembic revision ``0002_campaigns_journeys`` (on top of the delivery foundation);
a change here needs a new revision. They live on the store's shared ``metadata``.
"""

from __future__ import annotations

import sqlalchemy as sa

from delivery.store.schema import metadata, send_ledger

#: Lifecycle statuses (see ``delivery.campaigns.lifecycle``).
STATUSES = ("draft", "approved", "scheduled", "running", "paused", "completed", "archived")
#: Statuses counted by the 10-active-campaigns-per-organisation rule.
ACTIVE_STATUSES = ("scheduled", "running", "paused")
JOURNEY_STATUSES = ("active", "completed", "exited")

campaigns = sa.Table(
    "campaigns",
    metadata,
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
    sa.CheckConstraint(
        "status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")", name="ck_campaigns_status"
    ),
)
sa.Index("ix_campaigns_organisation_status", campaigns.c.organisation, campaigns.c.status)
#: The ops-store export's watermark (revision 0004_ops_export).
sa.Index("ix_campaigns_updated_at", campaigns.c.updated_at)

campaign_versions = sa.Table(
    "campaign_versions",
    metadata,
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

campaign_approvals = sa.Table(
    "campaign_approvals",
    metadata,
    sa.Column("approval_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("campaign_id", sa.String(64), sa.ForeignKey("campaigns.campaign_id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("approver", sa.String(128), nullable=False),
    sa.Column("audience_size", sa.Integer, nullable=False),
    sa.Column("approved_at", sa.DateTime, nullable=False),
)

journey_state = sa.Table(
    "journey_state",
    metadata,
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
    sa.CheckConstraint(
        "status IN (" + ", ".join(f"'{s}'" for s in JOURNEY_STATUSES) + ")",
        name="ck_journey_state_status",
    ),
)
sa.Index(
    "ix_journey_state_due",
    journey_state.c.campaign_id,
    journey_state.c.status,
    journey_state.c.due_at,
)
#: The ops-store export's watermark (revision 0004_ops_export).
sa.Index("ix_journey_state_updated_at", journey_state.c.updated_at)

#: The frequency cap reads each due contact's recent emails (created by revision 0002).
sa.Index(
    "ix_send_ledger_contact_channel_created",
    send_ledger.c.contact_id,
    send_ledger.c.channel,
    send_ledger.c.created_at,
)
