"""An index on the send ledger's provider message id, for Twilio's link-click events.

Revision ID: 0014_sms_link_clicks
Revises: 0013_sealed_staff_emails
Create Date: 2026-12-06

Twilio's link shortening click callback names the message only by its ``sms_sid`` (the
Messaging Service's callback URL is the same for every message, so it cannot carry a
``ledger_id`` as the status callback does); ``delivery/webhooks/twilio_clicks.py`` finds the
ledger row by ``provider_message_id``, which needs this index on a ledger of millions of rows.
"""

from __future__ import annotations

from alembic import op

revision = "0014_sms_link_clicks"
down_revision = "0013_sealed_staff_emails"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_send_ledger_provider_message_id", "send_ledger", ["provider_message_id"])


def downgrade() -> None:
    op.drop_index("ix_send_ledger_provider_message_id", table_name="send_ledger")
