"""One canonical address everywhere: E.164 phones, trimmed lower-case emails.

Suppressions, consent events, STOP handling, the engine and the dispatch-time check all compare
on :func:`delivery.suppression.normalise_address`; revision ``0006_send_core`` rewrites what was
stored before into that form (SQLite and the real Postgres).
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from delivery.store import Store, migrate, schema
from delivery.suppression import blocked_addresses, normalise_address, suppression_list

NOW = dt.datetime(2026, 3, 2, 9, 0)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("+44 7911 123456", "+447911123456"),
        ("+44 (0)7911-123 456", "+447911123456"),
        ("0044 7911 123456", "+447911123456"),
        ("tel:+447911123456", "+447911123456"),
        ("+1 (212) 555-0100", "+12125550100"),
        (" Ana.Lopez@Example.EDU ", "ana.lopez@example.edu"),
    ],
)
def test_one_canonical_address_whatever_the_format(written, canonical):
    channel = "email" if "@" in written else "sms"
    assert normalise_address(channel, written) == canonical
    assert normalise_address(channel, canonical) == canonical  # idempotent


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_migration_rewrites_stored_addresses_into_the_canonical_form(kind, tmp_path, request):
    url = (
        f"sqlite:///{tmp_path / 'ops.sqlite'}"
        if kind == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
    store = Store(url=url, engine=engine)
    migrate(store, "0003_ledger_lean_indexes")
    old = [
        {"channel": "sms", "address": "+44 7911 123456", "reason": "sms_stop"},
        {"channel": "sms", "address": "+447911123456", "reason": "sms_stop"},  # same number
        {"channel": "sms", "address": "0044 7911 654321", "reason": "sms_stop"},
        {"channel": "email", "address": "Ana@Example.EDU", "reason": "unsubscribe"},
    ]
    # the tables as revision 0003 left them (clear addresses)
    suppressions = sa.table(
        "suppressions", *(sa.column(c) for c in ("channel", "address", "reason", "source",
                                                 "ledger_id", "created_at"))
    )  # fmt: skip
    consent_events = sa.table(
        "consent_events",
        *(sa.column(c) for c in ("channel", "address", "status", "source", "occurred_at")),
    )
    with store.begin() as conn:
        conn.execute(
            suppressions.insert(),
            [{**r, "source": "old", "ledger_id": None, "created_at": NOW} for r in old],
        )
        conn.execute(
            consent_events.insert().values(
                channel="sms",
                address="+44 (0)7911 777888",
                status="revoked",
                source="crm",
                occurred_at=NOW,
            )
        )
    migrate(store)  # 0006 canonicalises, 0012 seals what 0006 left
    stored = set(suppression_list(store))
    with store.engine.connect() as conn:
        consent = [
            store.keys.decrypt(e, column="consent_events.address_enc")
            for e in conn.execute(sa.select(schema.consent_events.c.address_enc)).scalars()
        ]
        blocked = blocked_addresses(conn, store, "sms", ["+447911 777 888", "07911 654321"])
    assert stored == {
        ("sms", "+447911123456"),
        ("sms", "+447911654321"),
        ("email", "ana@example.edu"),
    }
    assert consent == ["+447911777888"]
    assert set(blocked) == {"+447911777888"}  # a national number without its country: no match
    store.dispose()
