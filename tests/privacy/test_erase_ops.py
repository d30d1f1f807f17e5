"""Erasure in the ops store on SQLite and Postgres: own rows deleted, the rest scrubbed."""

from __future__ import annotations

import sqlalchemy as sa

from delivery.ledger import Ledger, LedgerKey
from delivery.suppression import record_consent, suppress, suppression_list
from delivery.webhooks.effects import apply_unsubscribe
from privacy.consent import ConsentRecord, record
from privacy.objections import record_objection
from privacy.person import Person, Scrubber
from privacy.stores_ops import erase_in_ops, find_in_ops
from privacy.tombstones import add_tombstones, tombstoned_among
from tests.privacy.conftest import NOW

ANA = Person(
    contact_ids=frozenset({"c_0000007"}),
    emails=frozenset({"ana.q@example.edu"}),
    phones=frozenset({"+351912345678"}),
    names=frozenset({"Anabela", "Quintanilha"}),
)


def _all_text(store) -> str:
    meta = sa.MetaData()
    meta.reflect(store.engine)
    out = []
    with store.engine.connect() as conn:
        for table in meta.tables.values():
            out += [repr(tuple(r)) for r in conn.execute(sa.select(table))]
    return "\n".join(out)


def test_ops_erasure_on_both_databases(any_store, keys):
    Ledger(any_store).enqueue(
        [
            LedgerKey("cmp_1", "s1", "c_0000007", "email", to_address="Ana.Q@example.edu"),
            LedgerKey("cmp_1", "s1", "c_0000007", "sms", to_address="+351912345678"),
            LedgerKey("cmp_1", "s1", "c_0000008", "email", to_address="ben@example.edu"),
        ],
        now=NOW,
    )
    apply_unsubscribe(
        any_store, ledger_id="cmp_1:s1:c_0000007:email:1", channel="email",
        address="Ana.Q@example.edu", now=NOW,
    )  # fmt: skip
    with any_store.begin() as conn:
        suppress(conn, any_store, channel="email", address="ben@example.edu", reason="bounce",
                 source="sendgrid", now=NOW)  # fmt: skip
        record_consent(conn, any_store, channel="sms", address="+351912345678", status="granted",
                       source="form", now=NOW, contact_id="c_0000007")  # fmt: skip
        record(conn, keys, ConsentRecord("email", "newsletter", "granted", "form",
               "ana.q@example.edu", NOW, contact_id="c_0000007", ip="198.51.100.4"), now=NOW)  # fmt: skip
        record_objection(conn, contact_id="c_0000007", scope="sell_share", source="admin", now=NOW)
        any_store.audit(conn, now=NOW, actor="maria", action="note", subject="c_0000007",
                        detail={"about": "Anabela Quintanilha <ana.q@example.edu>"})  # fmt: skip
    scrubber = Scrubber(ANA)
    found = find_in_ops(any_store, scrubber, keys)
    assert {"send_ledger", "suppressions", "consent_events", "consent_ledger",
            "privacy_objections", "audit_log"} <= set(found)  # fmt: skip
    assert found["consent_ledger"][0]["ip"] == "198.51.100.4"  # decrypted for the export

    touched = erase_in_ops(any_store, scrubber, keys)
    assert touched["send_ledger"] == 2 and touched["suppressions"] == 1
    text = _all_text(any_store).lower()
    for needle in ("ana.q@", "351912345678", "anabela", "quintanilha", "c_0000007"):
        assert needle not in text, needle
    # Ben is untouched; Ana's ledger rows remain (exactly-once) under the pseudonym, no address
    assert "c_0000008" in text and "ben@example.edu" not in text  # his address is sealed
    assert suppression_list(any_store) == {("email", "ben@example.edu"): "bounce"}
    with any_store.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT contact_id, to_address_enc, to_address_hash FROM send_ledger "
                "WHERE contact_id <> 'c_0000008'"
            )
        ).all()
    assert {r[0] for r in rows} == {scrubber.pseudonym}
    assert {(r[1], r[2]) for r in rows} == {(None, None)}  # no sealed address, no hash left
    assert find_in_ops(any_store, scrubber, keys) == {}
    # the tombstones answer a send-time check by address, in any spelling
    with any_store.begin() as conn:
        add_tombstones(conn, any_store, keys, ANA, now=NOW, request_id=None)
    assert tombstoned_among(
        any_store, keys, ["ANA.Q@example.edu ", "ben@example.edu", "+351 912 345 678"]
    ) == {"ANA.Q@example.edu ", "+351 912 345 678"}
