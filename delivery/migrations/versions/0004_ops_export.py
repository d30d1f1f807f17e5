"""Ops-store export: index the ``updated_at`` watermark of the tables exported incrementally.

Revision ID: 0004_ops_export
Revises: 0007_send_providers
Create Date: 2026-12-05

The ops-store export (``enrollflow/ingest/ops_export.py``) reads the rows of ``send_ledger``,
``journey_state`` and ``campaigns`` changed since its watermark (``updated_at >= watermark -
overlap``), in keyset-paginated chunks ordered by ``(updated_at, key)``. Without these indexes
every export scans the whole table. Append-only tables are read by their integer primary key
(``consent_events``, ``audit_log``, ``campaign_approvals``) or by ``applied_at`` over the few
``campaign_versions`` rows, and need nothing new. Owned by the ops-store export; chained on top
of ``0007_send_providers`` (the revision id was assigned before that one landed).
"""

from __future__ import annotations

from alembic import op

revision = "0004_ops_export"
down_revision = "0007_send_providers"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_send_ledger_updated_at": ("send_ledger", ["updated_at"]),
    "ix_journey_state_updated_at": ("journey_state", ["updated_at"]),
    "ix_campaigns_updated_at": ("campaigns", ["updated_at"]),
}


def upgrade() -> None:
    for name, (table, columns) in _INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in _INDEXES.items():
        op.drop_index(name, table_name=table)
