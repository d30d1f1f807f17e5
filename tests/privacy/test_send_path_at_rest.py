"""Encryption at rest on the send path, through production (the sensors and the step job).

- A person erased after their message was enqueued -- or erased and then re-imported under a new
  contact id -- is never sent to: the claim skips rows whose contact id or address hashes to a
  privacy tombstone, in the same transaction as the other rules.
- After a campaign send, a STOP and an unsubscribe, the ops store holds no clear email or phone
  number -- nor any staff email of a user added, signed in or granted a role: not in the SQLite
  file or its WAL (bytes), not in any Postgres row.

SQLite and the real Postgres (the journeys' ``store`` fixture).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa

from delivery import breaker
from delivery.campaigns.lifecycle import grant_role
from delivery.identity import add_user, authenticate
from delivery.ledger import Ledger
from delivery.suppression import suppress, suppressed_among
from delivery.webhooks.effects import apply_sendgrid_events
from privacy.person import Person
from privacy.stores_ops import reflect_tables
from privacy.tombstones import add_tombstones
from tests.journeys.conftest import World, launch
from tests.orchestration.send_path import Production, ledger, outbox_counts, sandbox_resources
from tests.orchestration.test_send_rules import sms_campaign

NINE = dt.datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def setup(store, tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse.duckdb"
    outbox = tmp_path / "outbox"
    with dg.instance_for_test() as instance:
        prod = Production(instance, sandbox_resources(store.url, warehouse, outbox), monkeypatch)
        yield store, warehouse, outbox, prod


def _enqueued_and_held(store, warehouse, prod, n: int = 12) -> list[str]:
    world = World(str(warehouse))
    ids = world.add_contacts(n, timezone="Europe/London")
    world.conn.close()
    launch(store, sms_campaign("09:00", "2026-03-02"), audience_size=n)
    breaker.record_failure(
        store, "sandbox:sms", now=NINE, reason="503", cooldown=dt.timedelta(minutes=30)
    )
    prod.settle(NINE)
    assert set(ledger(store)["state"]) == {"pending"}  # enqueued, waiting for the provider
    return ids


def test_an_erased_person_is_never_sent_even_under_a_new_contact_id(setup):
    store, warehouse, outbox, prod = setup
    ids = _enqueued_and_held(store, warehouse, prod)
    with store.begin() as conn:
        # erased by contact id (their row is already in the ledger) ...
        add_tombstones(
            conn, store, store.keys, Person(frozenset({ids[1]})), now=NINE, request_id="r1"
        )
        # ... and someone erased under an old id whose number came back with a re-import,
        # written by the CRM in a national format
        add_tombstones(
            conn,
            store,
            store.keys,
            Person(frozenset({"c_old_9"}), phones=frozenset({"+44 7911 000002"})),
            now=NINE,
            request_id="r2",
        )
    prod.settle(NINE + dt.timedelta(minutes=31))
    rows = ledger(store).set_index("contact_id")
    erased = [ids[1], ids[2]]
    assert set(rows.loc[erased, "state"]) == {"skipped"}
    assert all("erased" in e for e in rows.loc[erased, "last_error"])
    assert set(rows.drop(index=erased)["state"]) == {"submitted"}
    sent = outbox_counts(outbox)
    assert not any(rows.loc[c, "ledger_id"] in sent for c in erased)
    assert sum(sent.values()) == len(ids) - 2
    # the journey's own audience check says the same for the next step
    assert suppressed_among(store, "sms", ["+44 (0)7911 000002"]) == {"+447911000002"}


def _store_text(store) -> bytes:
    """Every byte the ops store keeps: the SQLite file and its WAL, or every Postgres row."""
    if store.dialect == "sqlite":
        path = Path(store.engine.url.database)
        return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    out = []
    with store.engine.connect() as conn:
        for table in reflect_tables(store.engine):
            for row in conn.execute(sa.select(table)):
                out.append(repr(tuple(row)))
    return "\n".join(out).encode()


def test_no_clear_email_or_phone_rests_in_the_ops_store_after_a_send(setup):
    store, warehouse, outbox, prod = setup
    ids = _enqueued_and_held(store, warehouse, prod)
    prod.settle(NINE + dt.timedelta(minutes=31))
    assert sum(outbox_counts(outbox).values()) == len(ids)  # the numbers did leave
    # a STOP-like rejection, an unsubscribe and a bounce write suppressions and consent events
    with store.begin() as conn:
        suppress(conn, store, channel="sms", address="+447911000003", reason="sms_stop",
                 source="twilio", now=NINE)  # fmt: skip
    stats = apply_sendgrid_events(
        store,
        [
            {
                "event": "unsubscribe",
                "email": f"{ids[4]}@example.edu",
                "timestamp": 1772442000,
                "sg_event_id": "e1",
                "contact_id": ids[4],
            },
            {
                "event": "bounce",
                "type": "bounce",
                "email": f"{ids[5]}@Example.edu",
                "timestamp": 1772442001,
                "sg_event_id": "e2",
            },
        ],  # fmt: skip
        now=NINE,
    )
    assert stats["opt_outs"] == 2 and not stats["failed"]
    row = Ledger(store).get(ledger(store)["ledger_id"].iloc[0])
    assert row.to_address and row.to_address.startswith("+447911")  # opened on demand
    # staff: a user added (as `enrollflow users add` does) signs in by email, an approver is
    # granted on the fly; their addresses are sealed too (revision 0013_sealed_staff_emails)
    add_user(store, "rita", "Rita.Staff@Northbridge.edu", actor="root", now=NINE,
             password="rita's long password", roles=["marketer"])  # fmt: skip
    assert authenticate(store, "rita.staff@northbridge.EDU", "rita's long password",
                        client="1.2.3.4", now=NINE).user_id == "rita"  # fmt: skip
    grant_role(store, "otto", "approver", email="otto.staff@northbridge.edu", actor="root",
               now=NINE)  # fmt: skip
    text = _store_text(store)
    assert b"staff@northbridge" not in text.lower()
    for i, cid in enumerate(ids):
        assert f"{cid}@example.edu".encode() not in text.lower(), cid
        assert f"7911{i:06d}".encode() not in text, cid
    assert b"+447911" not in text
