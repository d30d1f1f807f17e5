"""SQLite: the spend counter's triggers cost nothing on the rows that charge nothing.

Revision ID: 0015_cheap_counter_triggers
Revises: 0014_sms_link_clicks
Create Date: 2026-12-06

SQLite runs the start of a trigger program -- the cursors its statements open, its factored
constant expressions -- on *every* invocation, before the ``WHEN`` clause is tested. The bodies of
``trg_send_ledger_spent_insert`` / ``_update`` (revision ``0012_campaign_counters``) were an
upsert (``INSERT ... ON CONFLICT DO UPDATE``) stamped with ``strftime(..., 'now')``: ~30 µs per
ledger row inserted or changed although the ``WHEN`` clause let almost none through -- 2.5 of
the 4.1 CPU-s of inserting a 100k-contact step's 88k pending rows, and as much again on each
state change at dispatch. The bodies are now two plain statements (create the counter at 0 if
missing, then add the delta: what the upsert did; no conflict clause, so an outer
``INSERT OR ...`` cannot change their meaning) stamped with the ``updated_at`` of the ledger row
whose change they record (the writer's ``now``; nothing reads the counter's stamp but people).
Which rows fire and the amounts are unchanged. Postgres keeps its triggers: its ``WHEN``
clause is tested before the function is called.
"""

from __future__ import annotations

from alembic import op

revision = "0015_cheap_counter_triggers"
down_revision = "0014_sms_link_clicks"
branch_labels = None
depends_on = None

# frozen copy of delivery.ledger.RESERVING_STATES at this revision (tests compare the two)
RESERVING = "('claimed', 'sending', 'submitted', 'delivered', 'bounced', 'unknown')"
_UPSERT = """INSERT INTO campaign_counters (campaign_id, metric, value, updated_at)
    VALUES (NEW.campaign_id, 'spent', {delta}, {now})
    ON CONFLICT (campaign_id, metric)
    DO UPDATE SET value = campaign_counters.value + excluded.value, updated_at = excluded.updated_at"""
_ADD = """INSERT INTO campaign_counters (campaign_id, metric, value, updated_at)
    SELECT NEW.campaign_id, 'spent', 0, NEW.updated_at WHERE NOT EXISTS (
      SELECT 1 FROM campaign_counters WHERE campaign_id = NEW.campaign_id AND metric = 'spent');
    UPDATE campaign_counters SET value = value + {delta}, updated_at = NEW.updated_at
    WHERE campaign_id = NEW.campaign_id AND metric = 'spent'"""


def charge(row: str) -> str:
    """SQL: what ledger row ``row`` (NEW / OLD) charges to its campaign's budget."""
    return f"(CASE WHEN {row}.state IN {RESERVING} THEN coalesce({row}.cost_amount, 0) ELSE 0 END)"


def _triggers(body: str, now: str | None = None) -> list[str]:
    update = f"{charge('NEW')} - {charge('OLD')}"
    return [
        f"""CREATE TRIGGER trg_send_ledger_spent_update AFTER UPDATE OF state, cost_amount
            ON send_ledger FOR EACH ROW WHEN {charge("NEW")} <> {charge("OLD")}
            BEGIN {body.format(delta=update, now=now)}; END""",
        f"""CREATE TRIGGER trg_send_ledger_spent_insert AFTER INSERT ON send_ledger
            FOR EACH ROW WHEN {charge("NEW")} <> 0
            BEGIN {body.format(delta=charge("NEW"), now=now)}; END""",
    ]


def _replace(triggers: list[str]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in ("trg_send_ledger_spent_update", "trg_send_ledger_spent_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in triggers:
        op.execute(statement)


def upgrade() -> None:
    _replace(_triggers(_ADD))


def downgrade() -> None:
    _replace(_triggers(_UPSERT, "strftime('%Y-%m-%d %H:%M:%f', 'now')"))
