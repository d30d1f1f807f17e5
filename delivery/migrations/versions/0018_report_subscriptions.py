"""Who in the studio receives the weekly report by email.

Revision ID: 0018_report_subscriptions
Revises: 0017_consent_ledger_canonical
Create Date: 2026-12-08

``report_subscriptions``: one row per user and subscription (``weekly``, ``alerts``); the weekly
report job and the alert notifier send to these users (active ones, at their sealed address)
beside ``ENROLLFLOW_REPORT_RECIPIENTS`` / ``ENROLLFLOW_ALERT_RECIPIENTS``.
Owned by :mod:`delivery.identity.subscriptions`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_report_subscriptions"
down_revision = "0017_consent_ledger_canonical"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_subscriptions",
        sa.Column("user_id", sa.String(64), sa.ForeignKey("users.user_id"), primary_key=True),
        sa.Column("report", sa.String(32), primary_key=True),
        sa.Column("subscribed_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("report_subscriptions")
