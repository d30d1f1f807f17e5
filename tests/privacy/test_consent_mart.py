"""``fct_consent_history`` built by dbt on the tiny business, checked against the CRM export."""

from __future__ import annotations

import json
import shutil

import duckdb

from enrollflow.transform import dbt_build, profile_env


def test_consent_history_mart_matches_the_crm_export(tiny_business, tiny_warehouse, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(tiny_warehouse, path)
    dbt_build(
        env=profile_env(warehouse_path=path),
        select="fct_consent_history",
        target_path=tmp_path / "dbt_target",
    )
    # the reference: every CRM consent line, latest per (contact, channel) is current
    events = []
    for f in sorted((tiny_business.landing / "crm").glob("*/consent.jsonl")):
        events += [json.loads(line) for line in f.read_text().splitlines()]
    latest: dict[tuple, dict] = {}
    for e in sorted(events, key=lambda e: (e["occurred_at"], str(e["consent_event_id"]))):
        latest[(e["contact_id"], e["channel"])] = e
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT consent_event_id, contact_id, channel, consent_status, consent_source, "
            "is_current, valid_to FROM fct_consent_history"
        ).fetchall()
        dim = dict(con.execute("SELECT contact_id, has_email_consent FROM dim_contacts").fetchall())
    assert len(rows) == len(events) > 100
    current = {(r[1], r[2]): r for r in rows if r[5]}
    assert set(current) == set(latest)
    for key, e in latest.items():
        row = current[key]
        assert str(row[0]) == str(e["consent_event_id"]) and row[6] is None
        assert row[3] == ("granted" if e["status"] == "granted" else "withdrawn")
        assert row[4] == e.get("source")
    # the current email decision agrees with dim_contacts' consent flag
    for (contact, channel), row in current.items():
        if channel == "email" and contact in dim:
            assert dim[contact] == (row[3] == "granted"), contact


def test_crm_consent_is_imported_into_the_ledger_with_its_provenance(
    tiny_business, tiny_raw_warehouse, sqlite_store, keys, tmp_path
):
    import dagster as dg
    import sqlalchemy as sa

    from orchestration.defs.delivery.resources import OpsStoreResource
    from orchestration.defs.privacy.assets import consent_ledger
    from orchestration.defs.privacy.resources import PrivacyKeysResource
    from orchestration.resources import WarehouseResource
    from privacy.consent import current_consent
    from privacy.keyfile import load_keyring
    from privacy.tables import consent_ledger as ledger_table

    key_file = tmp_path / "privacy.keys"
    resources = {
        "ops_store": OpsStoreResource(url=sqlite_store.url),
        "warehouse": WarehouseResource(path=str(tiny_raw_warehouse)),
        "privacy_keys": PrivacyKeysResource(key_file=str(key_file)),
    }
    first = dg.materialize([consent_ledger], resources=resources)
    (mat,) = first.asset_materializations_for_node("consent_ledger")
    events, contacts = [], {}
    for f in sorted((tiny_business.landing / "crm").glob("*/consent.jsonl")):
        events += [json.loads(line) for line in f.read_text().splitlines()]
    for f in sorted((tiny_business.landing / "crm").glob("*/contacts.jsonl")):
        for line in f.read_text().splitlines():
            r = json.loads(line)
            contacts[r["contact_id"]] = r
    addressed = [
        e
        for e in events
        if contacts[e["contact_id"]]["phone" if e["channel"] == "sms" else "email"]
    ]
    assert mat.metadata["imported"].value == len(addressed) > 100
    assert mat.metadata["skipped"].value == len(events) - len(addressed)
    again = dg.materialize([consent_ledger], resources=resources)
    assert (
        again.asset_materializations_for_node("consent_ledger")[0].metadata["imported"].value == 0
    )

    keys_used = load_keyring(None, None, key_file)
    sample = addressed[0]
    with sqlite_store.engine.connect() as conn:
        row = (
            conn.execute(
                sa.select(ledger_table).where(
                    ledger_table.c.external_id == f"crm:{sample['consent_event_id']}"
                )
            )
            .mappings()
            .one()
        )
    assert (row["source"], row["wording_version"]) == ("import", f"crm:{sample['source']}")
    # the latest CRM decision for an email address is its current consent in the ledger
    email_events = [e for e in addressed if e["channel"] == "email"]
    last = max(email_events, key=lambda e: (e["occurred_at"], str(e["consent_event_id"])))
    mine = sorted(
        (e for e in email_events if e["contact_id"] == last["contact_id"]),
        key=lambda e: (e["occurred_at"], str(e["consent_event_id"])),
    )
    state = current_consent(
        sqlite_store, keys_used, address=contacts[last["contact_id"]]["email"], channel="email"
    )
    assert state == {"marketing": "granted" if mine[-1]["status"] == "granted" else "withdrawn"}
