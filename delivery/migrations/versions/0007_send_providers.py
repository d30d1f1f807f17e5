"""Webhooks: consent decisions ordered by the provider's event time, and replayed requests seen.

Revision ID: 0007_send_providers
Revises: 0003_ledger_lean_indexes
Create Date: 2026-12-05

- ``consent_clock`` (channel, address): the event time of the latest consent decision applied to
  the address. A decision older than it (a START retried after a later STOP, a SendGrid
  resubscribe delivered late) is not applied; at equal times a revocation wins.
- ``webhook_receipts`` (provider, event_id): provider events already applied (Twilio's inbound
  ``MessageSid``). A replay of a validly signed request -- Twilio's signature has no timestamp --
  is recognised and changes nothing.

- ``provider_rate`` (provider): the shared token bucket of a provider account (GCRA: the
  theoretical arrival time ``tat`` and a provider-imposed pause, unix seconds), so concurrent
  runs sending through one account stay under its rate together.

Owned by delivery (the webhooks app, the providers' rate limit).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_send_providers"
down_revision = "0003_ledger_lean_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consent_clock",
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("address", sa.String(320), primary_key=True),
        sa.Column("event_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "webhook_receipts",
        sa.Column("provider", sa.String(16), primary_key=True),
        sa.Column("event_id", sa.String(128), primary_key=True),
        sa.Column("received_at", sa.DateTime, nullable=False),
    )

    op.create_table(
        "provider_rate",
        sa.Column("provider", sa.String(64), primary_key=True),
        sa.Column("tat", sa.Float, nullable=False),
        sa.Column("paused_until", sa.Float, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("provider_rate")
    op.drop_table("webhook_receipts")
    op.drop_table("consent_clock")
