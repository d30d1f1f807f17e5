"""Two-way HubSpot sync through the Dagster asset, against a local fake of HubSpot's CRM v3 API."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from enrollflow.ingest import ingest_source
from orchestration.defs.integrations import HubSpotResource, hubspot_sync_state
from orchestration.resources import LandingResource, WarehouseResource
from tests.fakes.http import Fault
from tests.fakes.hubspot import HubSpotFake

TOKEN = "pat-eu1-test-token"
NOW = dt.datetime(2026, 12, 5, 10, 0)


@pytest.fixture
def hubspot():
    fake = HubSpotFake(TOKEN, NOW).start()
    yield fake
    fake.stop()


def _sync(
    warehouse: Path | WarehouseResource,
    landing: Path,
    fake: HubSpotFake,
    token: str = TOKEN,
    now=NOW,
):
    if not isinstance(warehouse, WarehouseResource):
        warehouse = WarehouseResource(path=str(warehouse))
    return dg.materialize(
        [hubspot_sync_state],
        resources={
            "warehouse": warehouse,
            "landing": LandingResource(path=str(landing)),
            "hubspot": HubSpotResource(access_token=token, host=fake.url),
        },
        run_config={"ops": {"hubspot_sync_state": {"config": {"now": now.isoformat()}}}},
        raise_on_error=False,
    )


def _meta(result) -> dict:
    return {
        k: v.value
        for k, v in result.asset_materializations_for_node("hubspot_sync_state")[0].metadata.items()
    }


def _landed(landing: Path, name: str) -> list[dict]:
    return [
        json.loads(line)
        for f in sorted(landing.glob(f"crm/*/{name}"))
        for line in f.read_text().splitlines()
    ]


def _emails(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select count(*) from dim_contacts where email is not null").fetchone()[
            0
        ]


def test_first_sync_pushes_every_contact_and_the_echo_lands_nothing(warehouse, tmp_path, hubspot):
    landing = tmp_path / "landing"
    first = _sync(warehouse, landing, hubspot)
    assert first.success, first
    assert _meta(first)["pushed"] == _emails(warehouse) == len(hubspot.contacts)
    contact = next(iter(hubspot.contacts.values()))["properties"]
    assert contact["enrollflow_contact_id"].startswith("c_")
    assert contact["enrollflow_email_opt_out"] in ("true", "false")
    # second run: our own writes come back from the search, but nothing changed on either side
    again = _sync(warehouse, landing, hubspot)
    assert _meta(again)["pushed"] == 0 and _meta(again)["landed_contacts"] == 0
    assert _landed(landing, "contacts-hubspot.jsonl") == []


def test_an_edit_in_hubspot_lands_as_a_crm_change_without_losing_other_attributes(
    warehouse, tmp_path, hubspot
):
    landing = tmp_path / "landing"
    assert _sync(warehouse, landing, hubspot).success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cid, email, country, timezone = con.execute(
            "select contact_id, email, country, timezone from dim_contacts "
            "where email is not null and country is not null order by contact_id limit 1"
        ).fetchone()
    hubspot.edit(email, firstname="Ana-Maria", phone="+34 600 000 000")
    result = _sync(warehouse, landing, hubspot, now=NOW + dt.timedelta(hours=1))
    assert result.success and _meta(result)["landed_contacts"] == 1
    [record] = _landed(landing, "contacts-hubspot.jsonl")
    assert record["contact_id"] == cid and record["first_name"] == "Ana-Maria"
    assert record["country"] == country and record["timezone"] == timezone  # nothing lost
    # it is a CRM export like any other: ingest takes it, latest record per contact
    day = (NOW + dt.timedelta(hours=1)).date()
    with duckdb.connect(str(warehouse)) as con:
        ingest_source(con, landing, "crm", day, day, NOW + dt.timedelta(hours=1))
        latest = con.execute(
            "select first_name, phone, country from raw_crm__contacts where contact_id = ? "
            "order by updated_at desc limit 1",
            [cid],
        ).fetchone()
    assert latest == ("Ana-Maria", "+34 600 000 000", country)


def test_an_opt_out_in_hubspot_becomes_a_revoked_consent_and_a_new_lead_a_contact(
    warehouse, tmp_path, hubspot
):
    landing = tmp_path / "landing"
    assert _sync(warehouse, landing, hubspot).success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cid, email = con.execute(
            "select contact_id, email from dim_contacts where email is not null "
            "order by contact_id desc limit 1"
        ).fetchone()
    hubspot.edit(email, hs_email_optout="true")
    new_id = hubspot.edit("new.lead@school.example", firstname="Noor", lastname="Haddad")
    assert _sync(warehouse, landing, hubspot, now=NOW + dt.timedelta(hours=1)).success
    [opt_out] = _landed(landing, "consent-hubspot.jsonl")
    assert (opt_out["contact_id"], opt_out["channel"], opt_out["status"]) == (
        cid,
        "email",
        "revoked",
    )
    lead = next(
        r for r in _landed(landing, "contacts-hubspot.jsonl") if r["contact_id"] == f"hs_{new_id}"
    )
    assert lead["first_name"] == "Noor" and lead["lead_source"] == "partner"
    day = (NOW + dt.timedelta(hours=1)).date()
    with duckdb.connect(str(warehouse)) as con:
        result = ingest_source(con, landing, "crm", day, day, NOW + dt.timedelta(hours=1))
        assert sum(result.rejects.values()) == 0, result.reject_reasons


def test_a_rate_limit_mid_push_fails_the_run_and_the_next_run_finishes(
    warehouse, tmp_path, hubspot
):
    landing = tmp_path / "landing"
    total = _emails(warehouse)
    if total <= 100:
        pytest.skip("one batch only")
    hubspot.inject(
        Fault("none"), Fault("none"), Fault("status", status=429)
    )  # search, batch 1, batch 2
    failed = _sync(warehouse, landing, hubspot)
    assert not failed.success
    message = failed.get_step_failure_events()[0].event_specific_data.error.message
    assert "429" in message and "next run resumes" in message
    done = _sync(warehouse, landing, hubspot)
    assert done.success and len(hubspot.contacts) == total
    assert _meta(done)["pushed"] == total - 100  # the accepted batch is not pushed again


def test_a_bad_token_fails_clearly_without_echoing_it(warehouse, tmp_path, hubspot):
    result = _sync(warehouse, tmp_path / "landing", hubspot, token="pat-wrong-secret")
    assert not result.success and hubspot.contacts == {}
    message = result.get_step_failure_events()[0].event_specific_data.error.message
    assert "401" in message and "INVALID_AUTHENTICATION" in message and "pat-wrong" not in message
