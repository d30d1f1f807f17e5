"""Privacy: requests (with legal due dates), tombstones, objections, consent ledger, opt-ins.

Revision ID: 0011_privacy
Revises: 0004_ops_export
Create Date: 2026-12-05

Owned by privacy (``privacy/tables.py`` mirrors these tables). Personal data in them is stored
AES-256-GCM encrypted (``*_enc``) with a keyed-hash twin (``*_hash``) for lookups.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_privacy"
down_revision = "0004_ops_export"
branch_labels = None
depends_on = None


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _s(name: str, n: int, **kw) -> sa.Column:
    return sa.Column(name, sa.String(n), **kw)


_SOURCES = ("form", "import", "sms_keyword", "unsubscribe_link", "preference_centre", "admin")


def upgrade() -> None:
    op.create_table(
        "privacy_requests",
        _s("request_id", 64, primary_key=True),
        _s("kind", 16, nullable=False),
        _s("regime", 8, nullable=False),
        _s("subject_hash", 64, nullable=False),
        sa.Column("subject_enc", sa.Text),
        _s("status", 16, nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("due_at", sa.DateTime, nullable=False),
        sa.Column("completed_at", sa.DateTime),
        _s("actor", 128, nullable=False),
        sa.Column("outcome", sa.Text),
        sa.CheckConstraint(
            _in("kind", ("access", "erasure", "objection", "do_not_sell")),
            name="ck_privacy_requests_kind",
        ),
        sa.CheckConstraint(_in("regime", ("gdpr", "ccpa")), name="ck_privacy_requests_regime"),
        sa.CheckConstraint(
            _in("status", ("open", "completed", "rejected")), name="ck_privacy_requests_status"
        ),
    )
    op.create_index("ix_privacy_requests_status_due", "privacy_requests", ["status", "due_at"])
    op.create_table(
        "privacy_tombstones",
        _s("keyed_hash", 64, primary_key=True),
        _s("kind", 16, nullable=False),
        _s("request_id", 64),
        sa.Column("erased_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "privacy_objections",
        _s("contact_id", 64, primary_key=True),
        _s("scope", 16, primary_key=True),
        _s("source", 32, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.CheckConstraint(
            _in("scope", ("marketing", "sell_share", "analytics")),
            name="ck_privacy_objections_scope",
        ),
    )
    op.create_table(
        "consent_ledger",
        sa.Column("consent_id", sa.Integer, primary_key=True, autoincrement=True),
        _s("contact_id", 64),
        _s("channel", 16, nullable=False),
        _s("topic", 64, nullable=False),
        _s("status", 16, nullable=False),
        _s("source", 32, nullable=False),
        _s("wording_version", 64),
        _s("address_hash", 64, nullable=False),
        sa.Column("address_enc", sa.Text, nullable=False),
        sa.Column("ip_enc", sa.Text),
        sa.Column("user_agent_enc", sa.Text),
        sa.Column("occurred_at", sa.DateTime, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        _s("external_id", 128),
        sa.CheckConstraint(
            _in("status", ("granted", "withdrawn")), name="ck_consent_ledger_status"
        ),
        sa.CheckConstraint(
            _in("source", (*_SOURCES, "double_opt_in")), name="ck_consent_ledger_source"
        ),
        sa.UniqueConstraint("source", "external_id", name="uq_consent_ledger_external"),
    )
    op.create_index(
        "ix_consent_ledger_lookup",
        "consent_ledger",
        ["address_hash", "channel", "topic", "occurred_at"],
    )
    op.create_index("ix_consent_ledger_contact", "consent_ledger", ["contact_id"])
    op.create_table(
        "optin_confirmations",
        _s("token_hash", 64, primary_key=True),
        _s("contact_id", 64),
        _s("channel", 16, nullable=False),
        _s("topic", 64, nullable=False),
        _s("address_hash", 64, nullable=False),
        sa.Column("address_enc", sa.Text, nullable=False),
        _s("wording_version", 64),
        sa.Column("ip_enc", sa.Text),
        sa.Column("user_agent_enc", sa.Text),
        sa.Column("requested_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("confirmed_at", sa.DateTime),
    )


def downgrade() -> None:
    for table in (
        "optin_confirmations",
        "consent_ledger",
        "privacy_objections",
        "privacy_tombstones",
        "privacy_requests",
    ):
        op.drop_table(table)
