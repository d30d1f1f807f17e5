"""Objections honoured by the journey audience; the consent ledger; keys, encryption, rotation."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from privacy.consent import ConsentError, ConsentRecord, current_consent, has_consent, record
from privacy.crypto import DecryptionError, KeyConfigError, KeyRing, hmac_sha256, new_key
from privacy.objections import record_objection
from privacy.rotation import key_usage, rotate
from privacy.tables import consent_ledger
from tests.campaigns.conftest import _migrated_store_file  # noqa: F401 - fixture
from tests.journeys.conftest import _pg_template, demo_doc, launch, store, world  # noqa: F401
from tests.journeys.test_engine import LONDON_9AM, ledger_frame, tick
from tests.privacy.conftest import NOW


def test_an_objector_is_never_admitted_to_a_journey(store, world, demo_doc):  # noqa: F811
    london = world.add_contacts(120, timezone="Europe/London")
    objector = london[3]
    with store.begin() as conn:
        record_objection(conn, contact_id=objector, scope="marketing", source="admin", now=NOW)
        assert not record_objection(
            conn, contact_id=objector, scope="marketing", source="admin", now=NOW
        )
    launch(store, demo_doc, audience_size=120)
    report = tick(store, world, LONDON_9AM)
    assert report.admitted == 119
    sent = set(ledger_frame(store)["contact_id"])
    assert objector not in sent and len(sent) > 90  # everyone else admitted (minus holdout)


def _consent(status, when, source="form", topic="newsletter", **kw):
    return ConsentRecord(
        channel="email", topic=topic, status=status, source=source,
        address="Ana.Lopez@Example.edu", occurred_at=when, contact_id="c_1", **kw,
    )  # fmt: skip


def test_consent_ledger_derives_current_state_and_keeps_provenance(any_store, keys):
    t0 = NOW - dt.timedelta(days=10)
    with any_store.begin() as conn:
        record(conn, keys, _consent("granted", t0, wording_version="signup-v3",
                                    ip="203.0.113.7", user_agent="Mozilla/5.0"), now=t0)  # fmt: skip
        record(conn, keys, _consent("granted", t0, topic="course_updates"), now=t0)
        record(conn, keys, _consent("withdrawn", t0 + dt.timedelta(days=2),
                                    source="preference_centre"), now=NOW)  # fmt: skip
        # a CRM import keeps its own id; importing the same event twice is a no-op
        crm = _consent("granted", t0 - dt.timedelta(days=30), source="import",
                       topic="events", external_id="crm:ce_77", wording_version="crm:signup_form")  # fmt: skip
        assert record(conn, keys, crm, now=NOW) and not record(conn, keys, crm, now=NOW)
        with pytest.raises(ConsentError, match="source"):
            record(conn, keys, _consent("granted", t0, source="guess"), now=NOW)
    state = current_consent(any_store, keys, address="ana.lopez@example.edu ", channel="email")
    assert state == {"newsletter": "withdrawn", "course_updates": "granted", "events": "granted"}
    assert has_consent(
        any_store, keys, address="ANA.LOPEZ@example.edu", channel="email", topic="events"
    )
    with any_store.engine.connect() as conn:
        raw = conn.execute(sa.select(consent_ledger)).mappings().all()
    text = repr([dict(r) for r in raw]).lower()
    assert "ana.lopez" not in text and "203.0.113.7" not in text and "mozilla" not in text
    first = raw[0]
    assert keys.decrypt(first["ip_enc"], column="consent_ledger.ip_enc") == "203.0.113.7"
    with pytest.raises(DecryptionError):  # a value moved to another column does not decrypt
        keys.decrypt(first["ip_enc"], column="consent_ledger.user_agent_enc")


def test_rotation_re_encrypts_under_the_new_key_and_lookups_still_match(sqlite_store, keys):
    with sqlite_store.begin() as conn:
        for i in range(3):
            record(conn, keys, _consent("granted", NOW, topic=f"t{i}"), now=NOW)
    rotated = KeyRing(
        active="k2", keys={"k2": bytes(range(32)), **keys.keys}, hash_key=keys.hash_key
    )
    assert key_usage(sqlite_store) == {"k1": 3}
    assert rotate(sqlite_store, rotated) == {"consent_ledger.address_enc": 3}
    assert key_usage(sqlite_store) == {"k2": 3}
    assert rotate(sqlite_store, rotated) == {}
    # the old key can now go: the ring without it still reads everything
    only_new = KeyRing(active="k2", keys={"k2": bytes(range(32))}, hash_key=keys.hash_key)
    assert (
        len(
            current_consent(
                sqlite_store, only_new, address="ana.lopez@example.edu", channel="email"
            )
        )
        == 3
    )
    with sqlite_store.engine.connect() as conn:
        token = conn.execute(sa.select(consent_ledger.c.address_enc)).scalars().first()
    # sealed in the canonical form the rows are keyed by (trimmed, lower-case)
    assert only_new.decrypt(token, column="consent_ledger.address_enc") == "ana.lopez@example.edu"


def test_key_settings_are_checked():
    with pytest.raises(KeyConfigError, match="32"):
        KeyRing.parse("k1:" + "QUJD", new_key("h1"))
    with pytest.raises(KeyConfigError, match="twice"):
        KeyRing.parse(f"{new_key('k1')},{new_key('k1')}", new_key("h1"))
    ring = KeyRing.parse(f"{new_key('k2')},{new_key('k1')}", new_key("h1"))
    assert ring.active == "k2" and "QUJD" not in repr(ring)


def test_prekeyed_hmac_gives_the_rfc_4231_values():
    # RFC 4231 test cases 1, 2 and 6 (a key longer than SHA-256's block is hashed first)
    cases = [
        (
            b"\x0b" * 20,
            b"Hi There",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (
            b"Jefe",
            b"what do ya want for nothing?",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            b"\xaa" * 131,
            b"Test Using Larger Than Block-Size Key - Hash Key First",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
    ]
    for key, message, expected in cases:
        mac = hmac_sha256(key)
        assert mac.digest(message).hex() == expected
        assert mac.digest(message).hex() == expected  # the absorbed key is not consumed
