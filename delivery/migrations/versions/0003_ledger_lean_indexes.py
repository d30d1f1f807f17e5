"""Ledger: drop the two indexes that no query uses, so every enqueued message maintains fewer.

Revision ID: 0003_ledger_lean_indexes
Revises: 0002_campaigns_journeys
Create Date: 2026-11-25

- ``ix_send_ledger_campaign_step`` (campaign_id, step_id) is a prefix of the unique key
  ``uq_send_ledger_key`` (campaign_id, step_id, contact_id, channel, occurrence), whose index
  serves every campaign / campaign-and-step lookup (SQLite's EXPLAIN QUERY PLAN shows it used).
- ``ix_send_ledger_provider_message_id``: no query filters on the provider's message id
  (provider callbacks carry the ledger id, and rows are found by it).

The unique constraints that give exactly-once (the primary key ``ledger_id`` and
``uq_send_ledger_key``) are untouched. Owned by delivery; the downgrade recreates both indexes.
"""

from __future__ import annotations

from alembic import op

revision = "0003_ledger_lean_indexes"
down_revision = "0002_campaigns_journeys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_send_ledger_provider_message_id", table_name="send_ledger")
    op.drop_index("ix_send_ledger_campaign_step", table_name="send_ledger")


def downgrade() -> None:
    op.create_index("ix_send_ledger_campaign_step", "send_ledger", ["campaign_id", "step_id"])
    op.create_index("ix_send_ledger_provider_message_id", "send_ledger", ["provider_message_id"])
