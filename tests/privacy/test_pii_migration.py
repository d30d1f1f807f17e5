"""Revision 0012_pii_encryption seals the addresses already in a store (SQLite and Postgres).

Rows written by the earlier revisions in clear are sealed with the store's keys; every lookup
(ledger recipient, suppression, consent, the dispatch-time check) still matches on the keyed
hash; no clear address is left in the SQLite file; ``rotate`` re-encrypts them under a new key;
``downgrade`` opens them again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from delivery.ledger import Ledger
from delivery.store import Store, _alembic_config, migrate
from delivery.store.schema import metadata
from delivery.suppression import blocked_addresses, suppressed_among, suppression_list
from privacy.crypto import KeyRing, new_key
from privacy.rotation import key_usage, rotate
from tests.privacy.conftest import store_at

NOW = dt.datetime(2026, 3, 2, 9, 0)
LID = "cmp_1:s1:c_0000001:email:1"
OURS = {"send_ledger", "suppressions", "consent_events", "consent_clock"}


def _old_tables() -> dict[str, sa.TableClause]:
    """The four tables as revision 0009 left them (clear addresses)."""
    cols = {
        "send_ledger": ("ledger_id", "campaign_id", "step_id", "contact_id", "channel",
                        "occurrence", "to_address", "state", "attempts", "created_at",
                        "updated_at"),
        "suppressions": ("channel", "address", "reason", "source", "created_at"),
        "consent_events": ("channel", "address", "status", "source", "occurred_at"),
        "consent_clock": ("channel", "address", "event_at", "status", "source", "updated_at"),
    }  # fmt: skip
    return {t: sa.table(t, *(sa.column(c) for c in names)) for t, names in cols.items()}


def _ledger_row(lid: str, channel: str, to: str | None) -> dict:
    cid = lid.split(":")[2]
    return dict(ledger_id=lid, campaign_id="cmp_1", step_id="s1", contact_id=cid, channel=channel,
                occurrence=1, to_address=to, state="pending", attempts=0, created_at=NOW,
                updated_at=NOW)  # fmt: skip


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_existing_addresses_are_sealed_and_still_match(kind, tmp_path, request):
    store = store_at("0009_identity", kind, tmp_path, request)
    url, engine, keys = store.url, store.engine, store.keys
    old = _old_tables()
    with store.engine.begin() as conn:
        conn.execute(old["send_ledger"].insert(), [
            _ledger_row(LID, "email", "Ana.Quintero@Example.edu"),
            _ledger_row("cmp_1:s1:c_0000002:sms:1", "sms", "+447911123456"),
            _ledger_row("cmp_1:s1:c_0000003:email:1", "email", None),
        ])  # fmt: skip
        conn.execute(old["suppressions"].insert().values(
            channel="sms", address="+447911123456", reason="sms_stop", source="twilio",
            created_at=NOW))  # fmt: skip
        conn.execute(old["consent_events"].insert().values(
            channel="email", address="ana.quintero@example.edu", status="revoked",
            source="unsubscribe_link", occurred_at=NOW))  # fmt: skip
        conn.execute(old["consent_clock"].insert().values(
            channel="email", address="ana.quintero@example.edu", event_at=NOW, status="revoked",
            source="unsubscribe_link", updated_at=NOW))  # fmt: skip
    migrate(store)

    with store.engine.connect() as conn:  # the schema is what the code declares
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diffs if OURS & {str(getattr(x, "name", x)) for x in _flat(d)}] == []
    with (
        store.engine.connect() as conn
    ):  # the ledger keeps its spend triggers (0012_campaign_counters)
        triggers = (
            conn.execute(
                sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                if kind == "sqlite"
                else sa.text(
                    "SELECT DISTINCT trigger_name FROM information_schema.triggers "
                    "WHERE event_object_table = 'send_ledger'"
                )
            )
            .scalars()
            .all()
        )
    assert {"trg_send_ledger_spent_update", "trg_send_ledger_spent_insert"} <= set(triggers)
    row = Ledger(store).get(LID)
    assert row.to_address == "Ana.Quintero@Example.edu"  # sealed as given, opened on read
    assert row.to_address_hash == keys.hash("address", "ana.quintero@example.edu")
    assert Ledger(store).get("cmp_1:s1:c_0000003:email:1").to_address is None
    assert suppression_list(store) == {("sms", "+447911123456"): "sms_stop"}
    assert suppressed_among(store, "sms", ["+44 (0)7911 123 456"]) == {"+447911123456"}
    with store.engine.connect() as conn:
        blocked = blocked_addresses(conn, store, "email", [" ANA.Quintero@example.EDU"])
    assert blocked == {"ana.quintero@example.edu": "email consent withdrawn (ops store)"}
    if kind == "sqlite":
        data = b"".join(
            p.read_bytes() for p in tmp_path.glob("ops.sqlite*") if not p.name.endswith(".lock")
        )
        assert b"quintero" not in data.lower() and b"7911123456" not in data

    # rotate-key: a new active key re-encrypts every sealed column; hashes do not change
    rotated = KeyRing(active="k2", keys={**keys.keys, **KeyRing.parse(new_key("k2"), new_key("h9")).keys}, hash_key=keys.hash_key)  # fmt: skip
    store2 = Store(url=url, engine=engine, _keys=rotated)
    done = rotate(store2, rotated)
    assert done["send_ledger.to_address_enc"] == 2
    assert done["suppressions.address_enc"] == 1 and done["consent_events.address_enc"] == 1
    assert set(key_usage(store2)) == {"k2"}
    assert Ledger(store2).get(LID).to_address == "Ana.Quintero@Example.edu"

    cfg = _alembic_config(url)  # downgrade opens them again
    with engine.connect() as conn:
        cfg.attributes.update(connection=conn, store=store2)
        command.downgrade(cfg, "0009_identity")
        conn.commit()
    with engine.connect() as conn:
        assert (
            conn.execute(
                sa.select(old["send_ledger"].c.to_address).where(
                    old["send_ledger"].c.ledger_id == LID
                )
            ).scalar_one()
            == "Ana.Quintero@Example.edu"
        )
        assert (
            conn.execute(sa.select(old["suppressions"].c.address)).scalar_one() == "+447911123456"
        )
    engine.dispose()


def _flat(diff) -> list:
    if isinstance(diff, list):
        return [x for d in diff for x in _flat(d)]
    return [x for x in diff[1:] if not isinstance(x, Path)]
