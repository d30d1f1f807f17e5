"""Ops-store tables of privacy (SQLAlchemy Core), created by Alembic revision ``0011_privacy``.

Personal data in them is stored encrypted (``*_enc``: AES-256-GCM, see :mod:`privacy.crypto`)
with a keyed-hash twin (``*_hash``) for equality lookups. They live on the store's shared
``metadata``; a change here needs a new revision.
"""

from __future__ import annotations

import sqlalchemy as sa

from delivery.store.schema import metadata

REQUEST_KINDS = ("access", "erasure", "objection", "do_not_sell")
REQUEST_REGIMES = ("gdpr", "ccpa")
REQUEST_STATUSES = ("open", "completed", "rejected")
CONSENT_STATUSES = ("granted", "withdrawn")
CONSENT_SOURCES = (
    "form",
    "import",
    "sms_keyword",
    "unsubscribe_link",
    "preference_centre",
    "admin",
    "double_opt_in",
)
OBJECTION_SCOPES = ("marketing", "sell_share", "analytics")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


privacy_requests = sa.Table(
    "privacy_requests",
    metadata,
    sa.Column("request_id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("regime", sa.String(8), nullable=False),
    sa.Column("subject_hash", sa.String(64), nullable=False),
    sa.Column("subject_enc", sa.Text),  # the reference given (contact id / address), encrypted
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("received_at", sa.DateTime, nullable=False),
    sa.Column("due_at", sa.DateTime, nullable=False),
    sa.Column("completed_at", sa.DateTime),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("outcome", sa.Text),  # JSON counts, never personal data
    sa.CheckConstraint(_in("kind", REQUEST_KINDS), name="ck_privacy_requests_kind"),
    sa.CheckConstraint(_in("regime", REQUEST_REGIMES), name="ck_privacy_requests_regime"),
    sa.CheckConstraint(_in("status", REQUEST_STATUSES), name="ck_privacy_requests_status"),
)
sa.Index("ix_privacy_requests_status_due", privacy_requests.c.status, privacy_requests.c.due_at)

privacy_tombstones = sa.Table(
    "privacy_tombstones",
    metadata,
    sa.Column("keyed_hash", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),  # contact | address
    sa.Column("request_id", sa.String(64)),
    sa.Column("erased_at", sa.DateTime, nullable=False),
)

privacy_objections = sa.Table(
    "privacy_objections",
    metadata,
    sa.Column("contact_id", sa.String(64), primary_key=True),
    sa.Column("scope", sa.String(16), primary_key=True),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.CheckConstraint(_in("scope", OBJECTION_SCOPES), name="ck_privacy_objections_scope"),
)

consent_ledger = sa.Table(
    "consent_ledger",
    metadata,
    sa.Column("consent_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("contact_id", sa.String(64)),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("topic", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("wording_version", sa.String(64)),
    sa.Column("address_hash", sa.String(64), nullable=False),
    sa.Column("address_enc", sa.Text, nullable=False),
    sa.Column("ip_enc", sa.Text),
    sa.Column("user_agent_enc", sa.Text),
    sa.Column("occurred_at", sa.DateTime, nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("external_id", sa.String(128)),  # the CRM's consent_event_id for imports
    sa.CheckConstraint(_in("status", CONSENT_STATUSES), name="ck_consent_ledger_status"),
    sa.CheckConstraint(_in("source", CONSENT_SOURCES), name="ck_consent_ledger_source"),
    sa.UniqueConstraint("source", "external_id", name="uq_consent_ledger_external"),
)
sa.Index(
    "ix_consent_ledger_lookup",
    consent_ledger.c.address_hash,
    consent_ledger.c.channel,
    consent_ledger.c.topic,
    consent_ledger.c.occurred_at,
)
sa.Index("ix_consent_ledger_contact", consent_ledger.c.contact_id)

optin_confirmations = sa.Table(
    "optin_confirmations",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("contact_id", sa.String(64)),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("topic", sa.String(64), nullable=False),
    sa.Column("address_hash", sa.String(64), nullable=False),
    sa.Column("address_enc", sa.Text, nullable=False),
    sa.Column("wording_version", sa.String(64)),
    sa.Column("ip_enc", sa.Text),
    sa.Column("user_agent_enc", sa.Text),
    sa.Column("requested_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("confirmed_at", sa.DateTime),
)

#: Every table of this module (erasure, export and retention walk them).
PRIVACY_TABLES = (
    privacy_requests,
    privacy_tombstones,
    privacy_objections,
    consent_ledger,
    optin_confirmations,
)
