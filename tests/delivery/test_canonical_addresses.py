"""One canonical address everywhere: E.164 phones, trimmed lower-case emails.

Suppressions, consent events, STOP handling, the engine and the dispatch-time check all compare
on :func:`delivery.suppression.normalise_address`; revision ``0006_send_core`` rewrites what was
stored before into that form (SQLite and the real Postgres).
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
import sqlalchemy as sa

from delivery.store import Store, migrate, open_store, schema
from delivery.suppression import (
    blocked_addresses,
    normalise_address,
    record_consent,
    suppress,
    suppression_list,
)
from privacy.tables import privacy_tombstones

NOW = dt.datetime(2026, 3, 2, 9, 0)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("+44 7911 123456", "+447911123456"),
        ("+44 (0)7911-123 456", "+447911123456"),
        ("0044 7911 123456", "+447911123456"),
        ("0044 (0)7911-123 456", "+447911123456"),  # a 00 prefix and a trunk (0) together
        ("00 44 (0) 7911 123456", "+447911123456"),
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


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_stop_written_with_00_and_a_trunk_zero_blocks_the_e164_number(kind, tmp_path, request):
    """``0044 (0)7911 ...`` was read as ``+4407911...`` (the trunk 0 kept): a STOP or withdrawal
    recorded in that form matched no contact stored in E.164, and the other way round."""
    url = (
        f"sqlite:///{tmp_path / 'ops.sqlite'}"
        if kind == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    store = open_store(url, create=True)
    with store.begin() as conn:
        suppress(
            conn, store, channel="sms", address="0044 (0)7911-000002", reason="sms_stop",
            source="crm", now=NOW,
        )  # fmt: skip
        record_consent(
            conn, store, channel="sms", address="+447911000003", status="revoked",
            source="twilio", now=NOW,
        )  # fmt: skip
    with store.engine.connect() as conn:
        blocked = blocked_addresses(
            conn, store, "sms", ["+447911000002", "0044 (0)7911 000003", "+447911000004"]
        )
    assert set(blocked) == {"+447911000002", "+447911000003"}
    store.dispose()


OLD_FORM = "+4407911000002"  # what `0044 (0)7911-000002` normalised to before the fix
E164 = "+447911000002"


def _old_rows(conn: sa.Connection, store: Store) -> None:
    """Rows as revision 0015 stored them for `0044 (0)7911-000002`: under OLD_FORM's hash."""
    keys = store.keys
    old_hash = keys.hash("address", OLD_FORM)
    conn.execute(schema.suppressions.insert().values(
        channel="sms", address_hash=old_hash, reason="sms_stop", source="crm", created_at=NOW,
        address_enc=keys.encrypt(OLD_FORM, column="suppressions.address_enc"),
    ))  # fmt: skip
    conn.execute(schema.consent_events.insert().values(
        channel="sms", address_hash=old_hash, status="revoked", source="crm", occurred_at=NOW,
        address_enc=keys.encrypt(OLD_FORM, column="consent_events.address_enc"),
    ))  # fmt: skip
    conn.execute(schema.consent_clock.insert().values(
        channel="sms", address_hash=old_hash, event_at=NOW, status="revoked", source="crm",
        updated_at=NOW,
    ))  # fmt: skip
    conn.execute(schema.send_ledger.insert().values(
        ledger_id="c:s:c1:sms:0", campaign_id="c", step_id="s", contact_id="c1", channel="sms",
        occurrence=0, state="pending", created_at=NOW, updated_at=NOW,
        to_address_enc=keys.encrypt("0044 (0)7911-000002", column="send_ledger.to_address_enc"),
        to_address_hash=old_hash,
    ))  # fmt: skip
    # the same number suppressed again in E.164 (a Twilio STOP): one suppression must remain
    suppress(conn, store, channel="sms", address=E164, reason="sms_stop", source="twilio", now=NOW)
    # an unrelated number, stored right: untouched
    suppress(conn, store, channel="sms", address="+447911000009", reason="sms_stop",
             source="twilio", now=NOW)  # fmt: skip


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_rows_hashed_under_the_old_00_form_are_keyed_again(kind, tmp_path, request):
    """Revision 0016: what the old normalisation stored under ``+4407911...`` blocks the E.164
    number after ``migrate`` (which every process runs on start), and nothing else changes."""
    from delivery.webhooks.effects import advance_consent_clock
    from tests.privacy.conftest import store_at

    store = store_at("0015_cheap_counter_triggers", kind, tmp_path, request)
    with store.begin() as conn:
        _old_rows(conn, store)
        conn.execute(
            schema.suppressions.delete().where(
                schema.suppressions.c.address_hash == store.keys.hash("address", E164)
            )
        )  # fmt: skip  (first without the E.164 STOP: the old rows alone must block)
    with store.engine.connect() as conn:
        before = set(blocked_addresses(conn, store, "sms", [E164]))
        untouched = conn.execute(
            sa.select(schema.suppressions.c.address_enc).where(
                schema.suppressions.c.address_hash == store.keys.hash("address", "+447911000009")
            )
        ).scalar_one()
    assert before == set()  # the bug: the old rows match no contact

    migrate(store)
    new_hash = store.keys.hash("address", E164)
    with store.engine.connect() as conn:
        blocked = blocked_addresses(conn, store, "sms", [E164, "+447911000009", "+447911000005"])
        ledger_hash = conn.execute(sa.select(schema.send_ledger.c.to_address_hash)).scalar_one()
        events = conn.execute(sa.select(schema.consent_events.c.address_hash)).scalars().all()
        clock = conn.execute(sa.select(schema.consent_clock.c.address_hash)).scalars().all()
        still = conn.execute(
            sa.select(schema.suppressions.c.address_enc).where(
                schema.suppressions.c.address_hash == store.keys.hash("address", "+447911000009")
            )
        ).scalar_one()
    assert set(blocked) == {E164, "+447911000009"}
    assert blocked[E164] == "sms suppressed (sms_stop)"
    assert ledger_hash == new_hash  # the pending message's dispatch-time check finds the STOP
    assert events == [new_hash] and clock == [new_hash]
    assert suppression_list(store, "sms") == {
        ("sms", E164): "sms_stop",
        ("sms", "+447911000009"): "sms_stop",
    }
    assert still == untouched  # a row stored right is not rewritten
    with store.begin() as conn:  # a START older than the migrated STOP changes nothing
        assert not advance_consent_clock(
            conn, store, channel="sms", address=E164, status="granted", source="twilio",
            event_at=NOW - dt.timedelta(hours=1), now=NOW,
        )  # fmt: skip
    store.dispose()


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_an_old_form_suppression_beside_its_e164_one_leaves_one(kind, tmp_path, request):
    """Both forms suppressed (a CRM import and a Twilio STOP): one row stays, under the E.164
    hash; the consent clock keeps the later decision of the two forms."""
    from tests.privacy.conftest import store_at

    store = store_at("0015_cheap_counter_triggers", kind, tmp_path, request)
    later = NOW + dt.timedelta(days=1)
    with store.begin() as conn:
        _old_rows(conn, store)
        conn.execute(schema.consent_clock.insert().values(
            channel="sms", address_hash=store.keys.hash("address", E164), event_at=later,
            status="granted", source="twilio", updated_at=later,
        ))  # fmt: skip
    migrate(store)
    with store.engine.connect() as conn:
        kept = (
            conn.execute(
                sa.select(schema.suppressions.c.source).where(
                    schema.suppressions.c.channel == "sms"
                )
            )
            .scalars()
            .all()
        )
        clock = conn.execute(
            sa.select(schema.consent_clock.c.address_hash, schema.consent_clock.c.status)
        ).all()
    assert sorted(kept) == ["twilio", "twilio"]  # E164's own and +447911000009's
    assert clock == [(store.keys.hash("address", E164), "granted")]  # the later decision
    store.dispose()


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_blocked_hashes_read_small_tables_whole_and_look_large_ones_up_alike(
    kind, tmp_path, request
):
    """A table holding no more rows than the hashes asked about is read whole and matched in
    Python, a larger one is looked up by ``IN``: the same blocked set and reasons either way,
    the latest consent event deciding (a START after a STOP lifts it, not the other way)."""
    url = (
        f"sqlite:///{tmp_path / 'ops.sqlite'}"
        if kind == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    store = open_store(url, create=True)
    address = [f"p{i}@example.edu" for i in range(12)]
    stopped = [("email", address[0]), ("email", address[1]), ("sms", "+447911000009")]
    with store.begin() as conn:
        for channel, stop in stopped:
            reason = "bounce" if channel == "email" else "sms_stop"
            suppress(
                conn, store, channel=channel, address=stop, reason=reason, source="crm", now=NOW
            )
        for i, statuses in (
            (2, ["revoked"]),
            (3, ["revoked", "granted"]),
            (4, ["granted", "revoked"]),
        ):
            for k, status in enumerate(statuses):
                record_consent(
                    conn, store, channel="email", address=address[i], status=status,
                    source="webhook", now=NOW + dt.timedelta(minutes=k),
                )  # fmt: skip
        conn.execute(
            privacy_tombstones.insert(),
            [{"keyed_hash": store.keys.hash("address", a), "kind": "address", "erased_at": NOW}
             for a in (address[5], "gone@example.edu")],
        )  # fmt: skip
    expected = {
        address[0]: "email suppressed (bounce)",
        address[1]: "email suppressed (bounce)",
        address[2]: "email consent withdrawn (ops store)",
        address[4]: "email consent withdrawn (ops store)",
        address[5]: "erased (privacy tombstone)",
    }
    with store.engine.connect() as conn:
        # 12 addresses: every table (2, 2 and 5 rows) is read whole
        with _statements(store) as read:
            assert blocked_addresses(conn, store, "email", address) == expected
        assert not [q for q in read if "json" in q]
        # one address: every table is looked up by its JSON-array parameter
        with _statements(store) as read:
            assert blocked_addresses(conn, store, "email", address[:1]) == {
                address[0]: expected[address[0]]
            }
        tables = {"privacy_tombstones", "suppressions", "consent_events"}
        looked_up = {t for t in tables for q in read if "json" in q and f"FROM {t}" in q}
        assert looked_up == tables
        one_by_one = {}
        for pair in zip(address[::2], address[1::2], strict=True):
            one_by_one |= blocked_addresses(conn, store, "email", pair)
            assert blocked_addresses(conn, store, "email", pair[:1]) == (
                {pair[0]: expected[pair[0]]} if pair[0] in expected else {}
            )
        assert one_by_one == expected
    store.dispose()


@contextlib.contextmanager
def _statements(store: Store):
    """The SQL statements ``store``'s engine runs inside the block."""
    read: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        read.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield read
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)
