"""Send core: dispatch-time rules in the ledger, and the operator decision queue.

Revision ID: 0006_send_core
Revises: 0011_privacy
Create Date: 2026-12-05

``send_ledger`` gains what the dispatch-time check (in the claim's transaction) writes:

- ``not_before``: a pending row deferred by quiet hours or the frequency cap is not claimed
  before this instant (UTC);
- ``held_reason``: a pending row held by the budget (``budget``) is not claimed until the hold
  is lifted (a new campaign version or ``campaign resume``);
- ``reserved_at``: when the row took its slot of the frequency cap (set by the claim);
- ``cost_amount``: what the row costs (per billed SMS segment), charged to the budget at claim.

Stored suppressions and consent events are rewritten into the one canonical address form
(:func:`delivery.suppression.normalise_address`: E.164 phones, lower-case emails), so what was
recorded before keeps matching the canonical addresses the dispatch-time check compares.

``ledger_decisions`` is the operator queue of ``unknown`` rows whose provider cannot say whether
they left (SMTP): ``enrollflow ops decide resend|abandon LEDGER_ID --by USER`` resolves one.
Owned by delivery (send core).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_send_core"
down_revision = "0011_privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("send_ledger", sa.Column("not_before", sa.DateTime))
    op.add_column("send_ledger", sa.Column("held_reason", sa.String(64)))
    op.add_column("send_ledger", sa.Column("reserved_at", sa.DateTime))
    op.add_column("send_ledger", sa.Column("cost_amount", sa.Float))
    op.create_table(
        "ledger_decisions",
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
    _canonicalise_addresses()


def _canonicalise_addresses() -> None:
    """Rewrite stored addresses into the one canonical form (E.164 phones, lower-case emails),
    so suppressions and consent events recorded before this revision keep matching."""
    from delivery.suppression import normalise_address

    conn = op.get_bind()
    suppressions = sa.table(
        "suppressions",
        sa.column("channel", sa.String),
        sa.column("address", sa.String),
    )
    consent = sa.table(
        "consent_events",
        sa.column("consent_event_id", sa.Integer),
        sa.column("channel", sa.String),
        sa.column("address", sa.String),
    )
    seen: set[tuple[str, str]] = set()
    rows = conn.execute(sa.select(suppressions.c.channel, suppressions.c.address)).all()
    for channel, address in rows:
        canonical = normalise_address(channel, address)
        if canonical == address:
            seen.add((channel, address))
    for channel, address in rows:
        canonical = normalise_address(channel, address)
        if canonical == address:
            continue
        where = sa.and_(suppressions.c.channel == channel, suppressions.c.address == address)
        if (channel, canonical) in seen:  # the canonical row exists: this one is a duplicate
            conn.execute(suppressions.delete().where(where))
        else:
            conn.execute(suppressions.update().where(where).values(address=canonical))
            seen.add((channel, canonical))
    for event_id, channel, address in conn.execute(
        sa.select(consent.c.consent_event_id, consent.c.channel, consent.c.address)
    ).all():
        canonical = normalise_address(channel, address)
        if canonical != address:
            conn.execute(
                consent.update()
                .where(consent.c.consent_event_id == event_id)
                .values(address=canonical)
            )


def downgrade() -> None:
    op.drop_table("ledger_decisions")
    with op.batch_alter_table("send_ledger") as batch:
        batch.drop_column("cost_amount")
        batch.drop_column("reserved_at")
        batch.drop_column("held_reason")
        batch.drop_column("not_before")
