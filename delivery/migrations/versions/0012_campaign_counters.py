"""Campaign counters: spend kept by the ledger itself, engagement applied once per provider event.

Revision ID: 0012_campaign_counters
Revises: 0012_content_library
Create Date: 2026-12-20

``campaign_counters`` (campaign_id, metric) holds running figures so the studio's list page and
live monitor read O(campaigns) rows instead of scanning the ledger:

- ``spent``: what the campaign's messages cost as the budget check charges them -- the sum of
  ``cost_amount`` over rows in a reserving state (claimed, sending, submitted, delivered,
  bounced, unknown). Kept by triggers on ``send_ledger`` in the *same statement* as every ledger
  change (claim, submit, fail, lease expiry, requeue -- whatever the code path), firing only when
  a row's charge changes (``WHEN`` clause), so the hot transitions claimed -> sending ->
  submitted -> delivered cost nothing. Deleting ledger rows (retention) does not lower it: money
  spent stays spent. Backfilled from the ledger here.
- ``opened``, ``clicked``, ``unsubscribed``, ``complained``, ``converted``: messages with at least
  one such provider event (written by ``delivery.webhooks.effects``); ``message_engagement``
  (ledger_id, kind) makes each count once per message, ``webhook_receipts`` once per provider
  event id (a replayed POST changes nothing).

Owned by delivery (``delivery/counters.py``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_campaign_counters"
down_revision = "0012_content_library"
branch_labels = None
depends_on = None

# frozen copy of delivery.ledger.RESERVING_STATES at this revision (tests compare the two)
RESERVING = "('claimed', 'sending', 'submitted', 'delivered', 'bounced', 'unknown')"


def charge(row: str) -> str:
    """SQL: what ledger row ``row`` (NEW / OLD) charges to its campaign's budget."""
    return f"(CASE WHEN {row}.state IN {RESERVING} THEN coalesce({row}.cost_amount, 0) ELSE 0 END)"


_UPSERT = """INSERT INTO campaign_counters (campaign_id, metric, value, updated_at)
    VALUES (NEW.campaign_id, 'spent', {delta}, {now})
    ON CONFLICT (campaign_id, metric)
    DO UPDATE SET value = campaign_counters.value + excluded.value, updated_at = excluded.updated_at"""


def _sqlite_triggers() -> list[str]:
    now = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    return [
        f"""CREATE TRIGGER trg_send_ledger_spent_update AFTER UPDATE OF state, cost_amount
            ON send_ledger FOR EACH ROW WHEN {charge("NEW")} <> {charge("OLD")}
            BEGIN {_UPSERT.format(delta=f"{charge('NEW')} - {charge('OLD')}", now=now)}; END""",
        f"""CREATE TRIGGER trg_send_ledger_spent_insert AFTER INSERT ON send_ledger
            FOR EACH ROW WHEN {charge("NEW")} <> 0
            BEGIN {_UPSERT.format(delta=charge("NEW"), now=now)}; END""",
    ]


def _postgres_triggers() -> list[str]:
    now = "timezone('UTC', clock_timestamp())"
    old = f"CASE WHEN TG_OP = 'UPDATE' THEN {charge('OLD')} ELSE 0 END"
    return [
        f"""CREATE FUNCTION send_ledger_spent() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              {_UPSERT.format(delta=f"{charge('NEW')} - ({old})", now=now)};
              RETURN NULL;
            END $$""",
        f"""CREATE TRIGGER trg_send_ledger_spent_update AFTER UPDATE OF state, cost_amount
            ON send_ledger FOR EACH ROW
            WHEN ({charge("NEW")} IS DISTINCT FROM {charge("OLD")})
            EXECUTE FUNCTION send_ledger_spent()""",
        f"""CREATE TRIGGER trg_send_ledger_spent_insert AFTER INSERT ON send_ledger
            FOR EACH ROW WHEN ({charge("NEW")} <> 0) EXECUTE FUNCTION send_ledger_spent()""",
    ]


def upgrade() -> None:
    op.create_table(
        "campaign_counters",
        sa.Column("campaign_id", sa.String(64), primary_key=True),
        sa.Column("metric", sa.String(32), primary_key=True),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "message_engagement",
        sa.Column("ledger_id", sa.String(255), primary_key=True),
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("campaign_id", sa.String(64), nullable=False),
        sa.Column("first_at", sa.DateTime, nullable=False),
    )
    conn = op.get_bind()
    triggers = _postgres_triggers() if conn.dialect.name == "postgresql" else _sqlite_triggers()
    for statement in triggers:
        op.execute(statement)
    op.execute(
        f"""INSERT INTO campaign_counters (campaign_id, metric, value, updated_at)
            SELECT campaign_id, 'spent', sum(coalesce(cost_amount, 0)), max(updated_at)
            FROM send_ledger WHERE state IN {RESERVING} GROUP BY campaign_id"""
    )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name in ("trg_send_ledger_spent_update", "trg_send_ledger_spent_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (" ON send_ledger" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS send_ledger_spent()")
    op.drop_table("message_engagement")
    op.drop_table("campaign_counters")
