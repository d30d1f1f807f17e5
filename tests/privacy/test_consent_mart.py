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
