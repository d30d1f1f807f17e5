"""The consent ledger is keyed by the send path's canonical address (E.164 phones).

A CRM phone written ``+44 (0)7911 123456`` is the preference centre's ``+447911123456``; revision
``0017_consent_ledger_canonical`` re-keys the rows stored before in the privacy hash's own form.
SQLite and the real Postgres.
"""

from __future__ import annotations

import datetime as dt
import logging

import dagster as dg
import duckdb
import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from delivery.rendering.compliance import make_unsubscribe_token
from delivery.store import migrate
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.privacy.assets import consent_ledger as consent_ledger_asset
from orchestration.defs.privacy.resources import PrivacyKeysResource
from orchestration.resources import WarehouseResource
from privacy.consent import ConsentError, ConsentRecord, current_consent, record
from privacy.crypto import KeyRing, new_key
from privacy.tables import consent_ledger
from privacy.web import create_privacy_app
from tests.privacy.conftest import NOW, store_at

SECRET = "footer-signing-secret"
KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
# contact -> (the phone as the CRM holds it, its E.164 form)
CRM_PHONES = {
    "c_1": ("+44 (0)7911 123456", "+447911123456"),
    "c_2": ("0044 7911 777888", "+447911777888"),
}


def _crm_warehouse(path, contacts: dict[str, str], events: list[tuple]) -> None:
    """The CRM's raw tables as ingest lands them (only the columns the import reads)."""
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE TABLE raw_crm__contacts (contact_id VARCHAR, email VARCHAR, phone VARCHAR, "
            "updated_at TIMESTAMP)"
        )
        con.execute(
            "CREATE TABLE raw_crm__consent_events (consent_event_id VARCHAR, contact_id VARCHAR, "
            "channel VARCHAR, status VARCHAR, source VARCHAR, occurred_at TIMESTAMP)"
        )
        for cid, phone in contacts.items():
            con.execute(
                "INSERT INTO raw_crm__contacts VALUES (?, ?, ?, ?)",
                [cid, f"{cid}@example.edu", phone, NOW.replace(tzinfo=None)],
            )
        for row in events:
            con.execute("INSERT INTO raw_crm__consent_events VALUES (?, ?, ?, ?, ?, ?)", row)


def _count(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(consent_ledger)).scalar_one()


def test_a_crm_withdrawal_written_nationally_is_what_the_preference_centre_shows(
    any_store, tmp_path
):
    enc, hsh = new_key("k1"), new_key("h1")
    keys = KeyRing.parse(enc, hsh)
    app = create_privacy_app(
        any_store, keys, unsubscribe_secret=SECRET, public_base_url="https://hooks.example.edu",
        topics={"marketing": "Marketing texts"}, wording_version="prefs-2026-11",
        clock=lambda: NOW,
    )  # fmt: skip
    client = TestClient(app, base_url="https://hooks.example.edu")

    def page(cid: str) -> str:
        token = make_unsubscribe_token(
            SECRET, ledger_id=f"cmp_1:s1:{cid}:sms:1", channel="sms", address=CRM_PHONES[cid][1]
        )
        return f"/preferences?token={token}"

    # each person opted in from a text's link (their number as the provider has it: E.164)
    for cid in CRM_PHONES:
        r = client.post(page(cid), data={"topic": ["marketing"]})
        assert r.status_code == 200 and "1 change(s) saved" in r.text
        assert "checked" in client.get(page(cid)).text
    # ... then withdrew at the CRM, which writes their number its own way
    later = (NOW + dt.timedelta(days=1)).replace(tzinfo=None)
    warehouse = tmp_path / "warehouse.duckdb"
    _crm_warehouse(
        warehouse,
        {**{cid: phone for cid, (phone, _) in CRM_PHONES.items()}, "c_3": "07911 12"},
        [(f"ce_{cid}", cid, "sms", "withdrawn", "call_centre", later)
         for cid in (*CRM_PHONES, "c_3")],
    )  # fmt: skip
    result = dg.materialize(
        [consent_ledger_asset],
        resources={
            "ops_store": OpsStoreResource(url=any_store.url),
            "warehouse": WarehouseResource(path=str(warehouse)),
            "privacy_keys": PrivacyKeysResource(
                encryption_keys=enc, hash_key=hsh, key_file=str(tmp_path / "unused.keys")
            ),
        },
    )
    meta = result.asset_materializations_for_node("consent_ledger")[0].metadata
    # c_3's phone is no number: nothing written for it, counted
    assert {k: meta[k].value for k in ("imported", "skipped", "unaddressable")} == {
        "imported": 2,
        "skipped": 0,
        "unaddressable": 1,
    }
    for cid, (_, e164) in CRM_PHONES.items():
        assert current_consent(any_store, keys, address=e164, channel="sms") == {
            "marketing": "withdrawn"
        }
        shown = client.get(page(cid))
        assert shown.status_code == 200 and "Marketing texts" in shown.text
        assert "checked" not in shown.text, cid  # the CRM's later withdrawal stands
        # saving the page unchanged records nothing: the withdrawal is already the state
        assert "0 change(s) saved" in client.post(page(cid), data={}).text
    with any_store.engine.connect() as conn:
        sealed = conn.execute(
            sa.select(consent_ledger.c.address_enc).where(consent_ledger.c.source == "import")
        ).scalars()
        assert sorted(keys.decrypt(s, column="consent_ledger.address_enc") for s in sealed) == [
            "+447911123456",
            "+447911777888",
        ]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("hostile", ["07911 12", "call me maybe", "+44 12", "   ", "+" + "9" * 40])
def test_an_address_that_is_no_phone_number_is_refused_and_nothing_is_written(
    kind, hostile, tmp_path, request
):
    store = store_at("head", kind, tmp_path, request)
    keys = store.keys
    rec = ConsentRecord(channel="sms", topic="marketing", status="withdrawn", source="admin",
                        address=hostile, occurred_at=NOW, contact_id="c_9")  # fmt: skip
    with pytest.raises(ConsentError, match="sms address") as err, store.begin() as conn:
        record(conn, keys, rec, now=NOW)
    assert hostile.strip() not in str(err.value) or not hostile.strip()  # no PII in the message
    assert _count(store) == 0
    store.dispose()


def test_the_preference_centre_refuses_a_link_whose_number_is_no_phone(sqlite_store, keys):
    app = create_privacy_app(
        sqlite_store, keys, unsubscribe_secret=SECRET, public_base_url="https://hooks.example.edu",
        topics={"marketing": "Marketing texts"}, wording_version="prefs-2026-11",
        clock=lambda: NOW,
    )  # fmt: skip
    token = make_unsubscribe_token(SECRET, ledger_id="l1", channel="sms", address="07911 12")
    r = TestClient(app).post(f"/preferences?token={token}", data={"topic": ["marketing"]})
    assert r.status_code == 400 and "not a valid phone number" in r.text
    assert _count(sqlite_store) == 0


def _old_row(keys: KeyRing, channel: str, written: str, status: str, n: int) -> dict:
    """A row as ``privacy.consent.record`` stored it up to revision 0016: hashed in the privacy
    canonical form (``keys.hash`` applies it), the address sealed as given."""
    return {
        "contact_id": f"c_{n}", "channel": channel, "topic": "marketing", "status": status,
        "source": "import", "external_id": f"crm:ce_{n}", "wording_version": "crm:call_centre",
        "address_hash": keys.hash("address", written),
        "address_enc": keys.encrypt(written, column="consent_ledger.address_enc"),
        "occurred_at": NOW.replace(tzinfo=None), "recorded_at": NOW.replace(tzinfo=None),
    }  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_revision_0017_rekeys_the_ledger_rows_stored_in_the_old_form(
    kind, tmp_path, request, caplog
):
    store = store_at("0016_renormalised_sms_addresses", kind, tmp_path, request)
    keys = store.keys
    written = {  # as written -> looked up as (channel, canonical form)
        "+44 (0)7911 123456": ("sms", "+447911123456"),
        "0044 7911 777888": ("sms", "+447911777888"),
        "+447911000001": ("sms", "+447911000001"),  # stored right already
        "Bea.Ruiz@Example.EDU ": ("email", "bea.ruiz@example.edu"),  # same hash, sealed as given
    }
    unparseable = "07911 12"
    rows = [_old_row(keys, ch, w, "withdrawn", n) for n, (w, (ch, _)) in enumerate(written.items())]
    rows.append(_old_row(keys, "sms", unparseable, "granted", 99))
    with store.begin() as conn:
        conn.execute(consent_ledger.insert(), rows)
        before = {r.external_id: r for r in conn.execute(sa.select(consent_ledger))}

    def found() -> dict[str, dict]:
        return {
            canonical: current_consent(store, keys, address=canonical, channel=ch)
            for ch, canonical in written.values()
        }

    assert found() == {
        "+447911123456": {},
        "+447911777888": {},
        "+447911000001": {"marketing": "withdrawn"},
        "bea.ruiz@example.edu": {"marketing": "withdrawn"},  # emails hashed alike already
    }
    with caplog.at_level(logging.INFO, logger="alembic.runtime.migration"):
        migrate(store)  # what `enrollflow ops migrate` runs
    assert "consent_ledger: 3 row(s) re-keyed to the canonical address; 1 left" in caplog.text
    assert all(state == {"marketing": "withdrawn"} for state in found().values()), found()
    with store.engine.connect() as conn:
        after = {r.external_id: r for r in conn.execute(sa.select(consent_ledger))}
    for n, (_, canonical) in enumerate(written.values()):
        row = after[f"crm:ce_{n}"]
        assert keys.decrypt(row.address_enc, column="consent_ledger.address_enc") == canonical
        assert row.address_hash == keys.hash("address", canonical)
    # a row stored right, and one with no canonical form, are not rewritten (same sealed bytes)
    for external in ("crm:ce_2", "crm:ce_99"):
        assert after[external] == before[external], external
    # the unparseable one still matches itself (both forms keep its digits)
    assert current_consent(store, keys, address=unparseable, channel="sms") == {
        "marketing": "granted"
    }
    store.dispose()
