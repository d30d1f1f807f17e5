"""The demo campaign end to end against the sandbox providers (what ``make demo`` runs)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import sqlalchemy as sa

from delivery.journeys.demo import ENGINE_MARTS, run_demo_campaign
from delivery.providers.sandbox import outbox_records
from delivery.store import open_store
from delivery.store.schema import send_ledger
from tests.journeys.conftest import World

NOW = dt.datetime(2026, 2, 15)


@pytest.fixture
def truth(tmp_path):
    """Planted truth for the 160 hand-made contacts (the engagement model reads it)."""
    path = tmp_path / "truth"
    path.mkdir()
    ids = [f"c_{i:07d}" for i in range(160)]
    pd.DataFrame(
        {
            "contact_id": ids,
            "engagement_propensity": 0.6,
            "enroll_propensity": 1.0,
            "preferred_local_hour": 10,
            "true_timezone": ["Europe/Madrid"] * 90 + ["America/New_York"] * 60 + ["UTC"] * 10,
            "is_machine_opener": [i % 10 == 0 for i in range(160)],
            "email_status": "ok",
        }
    ).to_parquet(path / "contact_preferences.parquet")
    return path


def _run(tmp_path, warehouse, truth, out, **kw):
    return run_demo_campaign(
        f"sqlite:///{tmp_path / 'ops.sqlite'}", warehouse, NOW, out,
        landing=tmp_path / "landing", truth_dir=truth, **kw,
    )  # fmt: skip


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


def test_demo_runs_end_to_end_against_the_sandbox(tmp_path, warehouse, truth):
    out = tmp_path / "demo"
    summary = _run(tmp_path, warehouse, truth, out)
    assert summary["audience"] == summary["journeys"] == 160
    emailed = summary["messages"]["email"]
    assert emailed == 160 - summary["holdout"]
    # the webhooks app applied the providers' events: every message has its outcome
    states = summary["ledger_states"]
    assert set(states) <= {"delivered", "bounced", "failed"}
    assert sum(states.values()) == emailed + summary["messages"]["sms"]
    # every message is a file in the sandbox outbox, once
    emails = [r["ledger_id"] for r in outbox_records(out / "outbox" / "email")]
    assert len(emails) == len(set(emails)) == emailed
    sms_files = list(outbox_records(out / "outbox" / "sms"))
    assert len(sms_files) == summary["messages"]["sms"] > 0
    # without a refresh the engine sees no opens: every emailed contact with SMS consent gets
    # the reminder (10 contacts have none; the marts are not built here)
    assert emailed - 10 <= summary["messages"]["sms"] <= emailed
    assert set(summary["variants"]) == {"A", "B"}
    # the providers' events landed, signed and accepted, with their ledger ids
    posts = [
        json.loads(line)
        for f in sorted((tmp_path / "landing" / "sendgrid").glob("*/events.jsonl"))
        for line in f.read_text().splitlines()
    ]
    landed = {e["ledger_id"] for p in posts for e in p["events"]}
    assert landed == set(emails)
    callbacks = sorted((tmp_path / "landing" / "twilio").glob("*/callbacks.jsonl"))
    assert callbacks and "ledger_id=" in callbacks[0].read_text()
    assert summary["exited_on_enrollment"] >= 0
    # spend is what the budget charged: emails at 0.001, each SMS per billed segment at 0.04 (the
    # Spanish reminder has an "ó", outside GSM-7, so its UCS-2 text needs two 67-character
    # segments); failed messages gave their reservation back
    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}")
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(send_ledger.c.ledger_id, send_ledger.c.channel, send_ledger.c.state,
                      send_ledger.c.cost_amount)
        ).all()  # fmt: skip
    store.dispose()
    bodies = {s["ledger_id"]: s["body"] for s in sms_files}
    expected = 0.0
    for ledger_id, channel, state, cost in rows:
        if channel == "email":
            assert cost == pytest.approx(0.001)
        else:
            body = bodies[ledger_id]
            assert cost == pytest.approx(0.08 if "ó" in body and len(body) > 70 else 0.04), body
        expected += cost if state != "failed" else 0.0
    assert any("ó" in b for b in bodies.values()) and any("ó" not in b for b in bodies.values())
    assert summary["spend_amount"] == pytest.approx(expected)
    assert summary["spend_amount"] <= summary["budget_amount"]
    sms = sms_files[0]
    assert sms["to"].startswith("+") and "ledger_id=" in sms["status_callback"]
    assert (out / "campaign_graph.mmd").read_text().startswith("flowchart TD")
    assert (
        json.loads((out / "campaign_summary.json").read_text())["campaign_id"]
        == "spring_data_enrollment"
    )


def test_demo_rerun_sends_nothing_twice(tmp_path, warehouse, truth):
    first = _run(tmp_path, warehouse, truth, tmp_path / "one", days=1)
    again = _run(tmp_path, warehouse, truth, tmp_path / "two", days=1)
    assert (
        again["messages"] == first["messages"] and again["ledger_states"] == first["ledger_states"]
    )
    assert not (tmp_path / "two" / "outbox").exists()  # nothing new was dispatched


def test_demo_refreshes_only_before_the_steps_that_read_engagement(tmp_path, warehouse, truth):
    calls = []
    _run(
        tmp_path, warehouse, truth, tmp_path / "demo",
        refresh=lambda first, last, marts: calls.append((first, last, marts)),
    )  # fmt: skip
    start = (NOW - dt.timedelta(days=4)).date()
    # the invitations (an entry fire on day 1) need none; the 48-hour branch on opens needs
    # what the engine reads, over the days since the start; the end needs every live mart
    assert [c[2] for c in calls] == [ENGINE_MARTS, None]
    (first, last, _), (again, end, _) = calls
    assert first == start and last >= start + dt.timedelta(days=3)
    assert again == last and end == NOW.date()
