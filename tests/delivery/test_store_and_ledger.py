"""Ops store migrations and ledger transitions, on SQLite and on the real Postgres."""

from __future__ import annotations

import datetime as dt
import importlib
import threading

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from delivery.ledger import Ledger, LedgerKey, LedgerKeyError, ledger_id_for
from delivery.store import StoreError, current_revision, head_revision, open_store
from delivery.store.schema import metadata
from tests.delivery.conftest import NOW, email_keys

LEASE = dt.timedelta(seconds=30)


def _table_of(diff) -> str | None:
    """Table name an alembic autogenerate diff is about."""
    if isinstance(diff, list):  # column modifications: [(op, schema, table, column, ...)]
        return diff[0][2]
    obj = diff[1] if len(diff) > 1 else None
    if isinstance(obj, sa.Table):
        return obj.name
    if isinstance(obj, sa.Index | sa.UniqueConstraint):
        return obj.table.name
    return diff[2] if len(diff) > 2 and isinstance(diff[2], str) else None


def test_migrations_reach_head_and_match_the_table_definitions(any_store):
    # later revisions register their tables/indexes on the same metadata when imported
    importlib.import_module("delivery.campaigns.tables")
    importlib.import_module("delivery.identity.tables")
    importlib.import_module("delivery.content.tables")
    assert current_revision(any_store) == head_revision()
    with any_store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    ours = set(metadata.tables)
    relevant = [d for d in diffs if _table_of(d) in ours]
    assert relevant == [], f"schema.py and the migrations disagree: {relevant}"
    with any_store.begin() as conn:
        roles = set(conn.execute(sa.text("SELECT role FROM roles")).scalars())
    assert {"admin", "manager", "marketer", "analyst"} <= roles


def test_open_store_is_idempotent_and_rejects_unknown_backends(tmp_path):
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    open_store(url, create=True).dispose()
    again = open_store(url, upgrade=False)
    assert current_revision(again) == head_revision()
    with pytest.raises(StoreError, match="not supported"):
        open_store("mysql://x@localhost/db")
    with pytest.raises(StoreError, match="not a SQLAlchemy URL"):
        open_store("ops.sqlite")
    with pytest.raises(StoreError, match="enrollflow ops migrate"):
        open_store(f"sqlite:///{tmp_path / 'fresh.sqlite'}", upgrade=False, create=True)


def test_sqlite_store_uses_wal_and_a_busy_timeout(sqlite_store):
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_ledger_id_and_key_validation():
    assert ledger_id_for("cmp_1", "s1", "c_1", "sms", 2) == "cmp_1:s1:c_1:sms:2"
    with pytest.raises(LedgerKeyError, match="channel"):
        ledger_id_for("cmp_1", "s1", "c_1", "fax", 1)
    with pytest.raises(LedgerKeyError, match="contact_id"):
        ledger_id_for("cmp_1", "s1", "c:1", "email", 1)
    with pytest.raises(LedgerKeyError, match="occurrence"):
        ledger_id_for("cmp_1", "s1", "c_1", "email", 0)


def test_enqueue_is_idempotent(any_store):
    ledger = Ledger(any_store)
    keys = email_keys(1200)
    assert ledger.enqueue(keys, now=NOW) == 1200
    assert ledger.enqueue(keys[:700] + email_keys(3, step="s2"), now=NOW) == 3
    assert ledger.counts() == {"pending": 1203}
    second = LedgerKey("cmp_0001", "s1", "c_0000000", "email", occurrence=2, to_address="a@b.org")
    assert ledger.enqueue([second], now=NOW) == 1  # a re-entry is a new occurrence


def test_concurrent_claims_never_overlap(any_store):
    ledger = Ledger(any_store)
    ledger.enqueue(email_keys(300), now=NOW)
    got: dict[str, list[str]] = {}

    def worker(name: str) -> None:
        mine: list[str] = []
        while rows := Ledger(any_store).claim(owner=name, now=NOW, lease=LEASE, limit=7):
            mine += [r.ledger_id for r in rows]
        got[name] = mine

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    all_ids = [i for ids in got.values() for i in ids]
    assert len(all_ids) == 300 and len(set(all_ids)) == 300
    assert ledger.counts() == {"claimed": 300}


def test_claim_respects_limit_and_filters(any_store):
    ledger = Ledger(any_store)
    ledger.enqueue(email_keys(10) + email_keys(5, step="s2"), now=NOW)
    # claims take pending rows in no particular order (no ORDER BY), so filter first
    rows = ledger.claim(owner="b", now=NOW, lease=LEASE, limit=100, step_id="s2")
    assert len(rows) == 5 and {r.step_id for r in rows} == {"s2"}
    taken = ledger.claim(owner="a", now=NOW, lease=LEASE, limit=4)
    assert len(taken) == 4 and {r.step_id for r in taken} == {"s1"}
    claimed = {r.ledger_id for r in taken}
    picked = [k.ledger_id for k in email_keys(10) if k.ledger_id not in claimed][-2:]
    rows = ledger.claim(owner="c", now=NOW, lease=LEASE, ledger_ids=picked)
    assert [r.ledger_id for r in rows] == picked
    assert all(
        r.attempts == 1 and r.lease_expires_at == NOW.replace(tzinfo=None) + LEASE for r in rows
    )


def test_transitions_are_fenced_by_the_owner_token(any_store):
    ledger = Ledger(any_store)
    ledger.enqueue(email_keys(2), now=NOW)
    ids = [r.ledger_id for r in ledger.claim(owner="old", now=NOW, lease=LEASE)]
    # the old owner's lease expires; the rows go back to pending and a new owner takes them
    assert ledger.expire_leases(now=NOW + 2 * LEASE) == {"pending": 2, "unknown": 0}
    assert len(ledger.claim(owner="new", now=NOW + 2 * LEASE, lease=LEASE)) == 2
    assert ledger.mark_sending(ids, owner="old", now=NOW, lease=LEASE, provider="sendgrid") == []
    assert ledger.release(ids, owner="old", now=NOW) == []
    assert ledger.mark_sending(ids, owner="new", now=NOW, lease=LEASE, provider="sendgrid") == ids
    assert ledger.mark_submitted({i: "m1" for i in ids}, owner="old", now=NOW) == []
    assert sorted(ledger.mark_submitted({i: "m1" for i in ids}, owner="new", now=NOW)) == ids


def test_expired_sending_becomes_unknown_and_evidence_resolves_it(any_store):
    ledger = Ledger(any_store)
    ledger.enqueue(email_keys(3), now=NOW)
    ids = [r.ledger_id for r in ledger.claim(owner="a", now=NOW, lease=LEASE)]
    ledger.mark_sending(ids, owner="a", now=NOW, lease=LEASE, provider="sendgrid")
    assert ledger.expire_leases(now=NOW + 2 * LEASE) == {"pending": 0, "unknown": 3}
    # a provider event proves the first left; reconciliation proves the second; third stays
    assert ledger.apply_outcome(ids[0], "delivered", now=NOW, provider_message_id="x1")
    assert ledger.mark_submitted({ids[1]: "x2"}, owner=None, now=NOW) == [ids[1]]
    states = {r.ledger_id: (r.state, r.provider_message_id) for r in ledger.rows()}
    assert states == {
        ids[0]: ("delivered", "x1"),
        ids[1]: ("submitted", "x2"),
        ids[2]: ("unknown", None),
    }
    assert ledger.requeue_unknown([ids[2]], now=NOW, reason="not at provider") == [ids[2]]
    assert ledger.get(ids[2]).state == "pending"


def test_outcomes_only_move_forward(any_store):
    ledger = Ledger(any_store)
    ledger.enqueue(email_keys(1), now=NOW)
    (lid,) = [r.ledger_id for r in ledger.claim(owner="a", now=NOW, lease=LEASE)]
    ledger.mark_sending([lid], owner="a", now=NOW, lease=LEASE, provider="sendgrid")
    ledger.mark_submitted({lid: "m"}, owner="a", now=NOW)
    # the id the provider gave at submission stays (the event's own id fills only a gap)
    assert ledger.apply_outcome(lid, "delivered", now=NOW, provider_message_id="m2")
    assert not ledger.apply_outcome(lid, "submitted", now=NOW)  # a late 'processed' event
    assert not ledger.apply_outcome("no-such-row", "delivered", now=NOW)
    with pytest.raises(ValueError, match="outcome='opened'"):
        ledger.apply_outcome(lid, "opened", now=NOW)
    assert ledger.apply_outcome(lid, "bounced", now=NOW, reason="550 mailbox unknown")
    assert not ledger.apply_outcome(lid, "delivered", now=NOW)
    row = ledger.get(lid)
    assert (row.state, row.last_error, row.provider_message_id) == (
        "bounced",
        "550 mailbox unknown",
        "m",
    )
