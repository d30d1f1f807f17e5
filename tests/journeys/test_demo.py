"""The demo campaign end to end against the sandbox providers (what ``make demo`` runs)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from delivery.journeys.demo import run_demo_campaign
from delivery.providers.sandbox import outbox_records
from tests.journeys.conftest import World

NOW = dt.datetime(2026, 2, 15)


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    world = World(str(path))
    world.add_contacts(
        90, timezone="Europe/Madrid", locale="es", segment="spanish_speakers_not_engaged"
    )
    world.add_contacts(60, timezone="America/New_York", segment="new_leads_no_application_14d")
    world.add_contacts(
        10, timezone=None, segment="course_browsers_no_application_7d", has_sms_consent=False
    )
    world.conn.close()
    return path


def test_demo_runs_end_to_end_against_the_sandbox(tmp_path, warehouse):
    out = tmp_path / "demo"
    summary = run_demo_campaign(f"sqlite:///{tmp_path / 'ops.sqlite'}", warehouse, NOW, out)
    assert summary["audience"] == summary["journeys"] == 160
    emailed = summary["messages"]["email"]
    assert emailed == 160 - summary["holdout"]
    assert summary["ledger_states"] == {"submitted": emailed + summary["messages"]["sms"]}
    # every message is a file in the sandbox outbox, once
    emails = [r["ledger_id"] for r in outbox_records(out / "outbox" / "email")]
    assert len(emails) == len(set(emails)) == emailed
    sms_files = list(outbox_records(out / "outbox" / "sms"))
    assert len(sms_files) == summary["messages"]["sms"] > 0
    # SMS reminders go only to non-openers with SMS consent, never to converters
    variants = summary["variants"]
    opened = sum(v["simulated_opens"] for v in variants.values())
    assert summary["messages"]["sms"] <= emailed - opened
    assert set(variants) == {"A", "B"}
    assert summary["exited_on_enrollment"] >= 0
    assert summary["spend_amount"] <= summary["budget_amount"]
    sms = json.loads(sms_files[0].read_text())
    assert sms["to"].startswith("+") and "ledger_id=" in sms["status_callback"]
    assert (out / "campaign_graph.mmd").read_text().startswith("flowchart TD")
    assert (
        json.loads((out / "campaign_summary.json").read_text())["campaign_id"]
        == "spring_data_enrollment"
    )


def test_demo_rerun_sends_nothing_twice(tmp_path, warehouse):
    store_url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    first = run_demo_campaign(store_url, warehouse, NOW, tmp_path / "one", days=1)
    again = run_demo_campaign(store_url, warehouse, NOW, tmp_path / "two", days=1)
    assert (
        again["messages"] == first["messages"] and again["ledger_states"] == first["ledger_states"]
    )
    assert not (tmp_path / "two" / "outbox").exists()  # nothing new was dispatched
