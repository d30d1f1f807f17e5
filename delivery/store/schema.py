"""Table definitions of the ops store (SQLAlchemy Core).

These ``Table`` objects are what the code queries; the Alembic revisions under
``delivery/migrations/versions`` create them. A change here needs a new revision (never edit an
applied one). Head revision: ``0018_report_subscriptions`` (who receives the weekly report;
:mod:`delivery.identity.tables`), on top of ``0017_consent_ledger_canonical`` (``consent_ledger``
keyed by the canonical address, E.164 phones; no table changes), on top of
``0016_renormalised_sms_addresses`` (SMS addresses hashed under
the old ``00 ... (0)`` normalisation keyed again; no table changes), on top of
``0015_cheap_counter_triggers`` (SQLite's spend-counter triggers rewritten; no table changes), on
top of ``0014_sms_link_clicks`` (an index on the
ledger's provider message id), on top of ``0013_sealed_staff_emails`` (staff emails
sealed beside a keyed hash; :mod:`delivery.identity.emails`), on top of ``0012_pii_encryption``
(contact addresses sealed with AES-256-GCM beside a keyed hash; :mod:`privacy.codec`).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

#: Ledger states. ``sending`` is a claimed row whose request is about to leave (or has left):
#: a lease that expires in ``claimed`` provably never left (back to ``pending``); one that
#: expires in ``sending`` may have left (``unknown``, reconciled, never resent blindly).
LEDGER_STATES = (
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

send_ledger = sa.Table(
    "send_ledger",
    metadata,
    sa.Column("ledger_id", sa.String(255), primary_key=True),
    sa.Column("campaign_id", sa.String(64), nullable=False),
    sa.Column("step_id", sa.String(64), nullable=False),
    sa.Column("contact_id", sa.String(64), nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("occurrence", sa.Integer, nullable=False),
    sa.Column("variant_id", sa.String(64)),
    # the recipient, AES-256-GCM sealed, and its keyed hash (revision 0012_pii_encryption):
    # rules and lookups use the hash, only rendering and the provider call open the address
    sa.Column("to_address_enc", sa.Text),
    sa.Column("to_address_hash", sa.String(64)),
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
    # written by the dispatch-time check (revision 0006_send_core)
    sa.Column("not_before", sa.DateTime),
    sa.Column("held_reason", sa.String(64)),
    sa.Column("reserved_at", sa.DateTime),
    sa.Column("cost_amount", sa.Float),
    sa.UniqueConstraint(
        "campaign_id", "step_id", "contact_id", "channel", "occurrence", name="uq_send_ledger_key"
    ),
    sa.CheckConstraint(
        "state IN (" + ", ".join(f"'{s}'" for s in LEDGER_STATES) + ")", name="ck_send_ledger_state"
    ),
)
sa.Index("ix_send_ledger_state_lease", send_ledger.c.state, send_ledger.c.lease_expires_at)
# (campaign_id, step_id) lookups use uq_send_ledger_key's index; revision 0003 dropped the
# prefix index and the unused provider_message_id index
#: The ops-store export's watermark (revision 0004_ops_export).
sa.Index("ix_send_ledger_updated_at", send_ledger.c.updated_at)
#: Twilio's link-click events name the message by its sid only (0014_sms_link_clicks).
sa.Index("ix_send_ledger_provider_message_id", send_ledger.c.provider_message_id)
#: Erasure and reconciliation find a recipient's rows by keyed hash (0012_pii_encryption).
sa.Index("ix_send_ledger_to_address_hash", send_ledger.c.to_address_hash)

#: ``unknown`` rows whose provider cannot say whether they left (SMTP), awaiting an operator's
#: ``enrollflow ops decide`` (revision 0006_send_core)
ledger_decisions = sa.Table(
    "ledger_decisions",
    metadata,
    sa.Column("ledger_id", sa.String(255), primary_key=True),
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("queued_at", sa.DateTime, nullable=False),
    sa.Column("decision", sa.String(16)),
    sa.Column("decided_by", sa.String(128)),
    sa.Column("decided_at", sa.DateTime),
    sa.CheckConstraint(
        "decision IS NULL OR decision IN ('resend', 'abandon')",
        name="ck_ledger_decisions_decision",
    ),
)

suppressions = sa.Table(
    "suppressions",
    metadata,
    sa.Column("channel", sa.String(16), primary_key=True),
    # keyed hash of the canonical address (the key) + the sealed address (0012_pii_encryption)
    sa.Column("address_hash", sa.String(64), primary_key=True),
    sa.Column("address_enc", sa.Text, nullable=False),
    sa.Column("reason", sa.String(64), nullable=False),
    sa.Column("source", sa.String(64), nullable=False),
    sa.Column("ledger_id", sa.String(255)),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

consent_events = sa.Table(
    "consent_events",
    metadata,
    sa.Column("consent_event_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("contact_id", sa.String(64)),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("address_hash", sa.String(64), nullable=False),  # 0012_pii_encryption
    sa.Column("address_enc", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("source", sa.String(64), nullable=False),
    sa.Column("ledger_id", sa.String(255)),
    sa.Column("occurred_at", sa.DateTime, nullable=False),
    sa.CheckConstraint("status IN ('granted', 'revoked')", name="ck_consent_events_status"),
)
sa.Index("ix_consent_events_address", consent_events.c.channel, consent_events.c.address_hash)

#: Event time of the latest consent decision applied per address (revision 0007): older
#: decisions arriving later (retries, replays, late deliveries) are not applied.
consent_clock = sa.Table(
    "consent_clock",
    metadata,
    sa.Column("channel", sa.String(16), primary_key=True),
    sa.Column("address_hash", sa.String(64), primary_key=True),  # 0012_pii_encryption
    sa.Column("event_at", sa.DateTime, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("source", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

#: Provider events already applied (revision 0007): a replayed request changes nothing.
webhook_receipts = sa.Table(
    "webhook_receipts",
    metadata,
    sa.Column("provider", sa.String(16), primary_key=True),
    sa.Column("event_id", sa.String(128), primary_key=True),
    sa.Column("received_at", sa.DateTime, nullable=False),
)

#: Running figures per campaign (revision 0012): ``spent`` kept by triggers on send_ledger,
#: engagement metrics (``opened``, ``clicked``, ...) by the webhooks app (delivery.counters).
campaign_counters = sa.Table(
    "campaign_counters",
    metadata,
    sa.Column("campaign_id", sa.String(64), primary_key=True),
    sa.Column("metric", sa.String(32), primary_key=True),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

#: The first engagement of each kind per message (revision 0012): counted once per message.
message_engagement = sa.Table(
    "message_engagement",
    metadata,
    sa.Column("ledger_id", sa.String(255), primary_key=True),
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("campaign_id", sa.String(64), nullable=False),
    sa.Column("first_at", sa.DateTime, nullable=False),
)

#: The shared token bucket of each provider account (revision 0007; unix seconds).
provider_rate = sa.Table(
    "provider_rate",
    metadata,
    sa.Column("provider", sa.String(64), primary_key=True),
    sa.Column("tat", sa.Float, nullable=False),
    sa.Column("paused_until", sa.Float, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

provider_state = sa.Table(
    "provider_state",
    metadata,
    sa.Column("provider", sa.String(64), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("consecutive_failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("opened_at", sa.DateTime),
    sa.Column("retry_at", sa.DateTime),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.CheckConstraint("status IN ('closed', 'open', 'stopped')", name="ck_provider_state_status"),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("subject", sa.String(255)),
    sa.Column("detail", sa.Text),
)
sa.Index("ix_audit_log_at", audit_log.c.at)

users = sa.Table(
    "users",
    metadata,
    sa.Column("user_id", sa.String(64), primary_key=True),
    # the staff address, sealed (AES-256-GCM) beside the keyed hash of its lower-cased form
    # (revision 0013_sealed_staff_emails; delivery.identity.emails): sign-in looks up the hash
    sa.Column("email_enc", sa.Text, nullable=False),
    sa.Column("email_hash", sa.String(64), nullable=False),
    sa.Column("display_name", sa.String(255)),
    sa.Column("created_at", sa.DateTime, nullable=False),
    # added by 0009_identity (delivery.identity): argon2 hash; NULL = cannot sign in
    sa.Column("password_hash", sa.Text),
    sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
)
#: one user per address, whatever its case (0013_sealed_staff_emails)
sa.Index("ux_users_email_hash", users.c.email_hash, unique=True)

roles = sa.Table(
    "roles",
    metadata,
    sa.Column("role", sa.String(32), primary_key=True),
    sa.Column("description", sa.Text, nullable=False),
)

user_roles = sa.Table(
    "user_roles",
    metadata,
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.user_id"), primary_key=True),
    sa.Column("role", sa.String(32), sa.ForeignKey("roles.role"), primary_key=True),
)

#: Roles seeded by the first revision (approval rules refer to them).
DEFAULT_ROLES = {
    "admin": "manages users, providers and settings",
    "manager": "approves campaigns and budgets",
    "marketer": "creates and edits campaigns",
    "analyst": "reads reports",
}
