"""Layout of the landing zone and the manifest (docs/data-contract.md)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from simulator import simulate
from tests.simulator.landing_reader import read_records, sendgrid_events

FILES = {
    "crm": {"contacts", "consent"},
    "lms": {"courses", "applications", "enrollments"},
    "marketing": {"campaigns", "cost_lines", "campaign_members"},
    "ledger": {"sends"},
    "sendgrid": {"events"},
    "twilio": {"callbacks", "clicks"},
    "web": {"events"},
    "ads": {"clicks", "spend"},
}


def _days(manifest: dict) -> list[str]:
    start = dt.date.fromisoformat(manifest["start_date"])
    return [(start + dt.timedelta(days=i)).isoformat() for i in range(manifest["days"])]


def test_manifest_describes_the_run(tiny_business):
    m = tiny_business.manifest
    assert (m["seed"], m["contacts"], m["days"]) == (7, 400, 45)
    assert (m["start_date"], m["end_date"]) == ("2026-01-01", "2026-02-14")
    assert m["generated_at"].startswith("2026-02-15T00:00:00")
    assert set(m["events"]) == set(FILES)
    files = [p for p in tiny_business.landing.rglob("*.jsonl")]
    assert m["files"] == len(files)
    assert json.loads((tiny_business.landing / "_manifest.json").read_text()) == m


def test_every_source_has_its_files_in_day_folders(tiny_business):
    days = set(_days(tiny_business.manifest))
    for source, names in FILES.items():
        folders = {p.name for p in (tiny_business.landing / source).iterdir()}
        assert folders <= days, f"{source} has folders outside the period"
        found = {p.name.split(".")[0] for p in (tiny_business.landing / source).glob("*/*")}
        assert found == names, source
    # Daily sources have every day of the period.
    for source in ("crm", "web"):
        assert {p.name for p in (tiny_business.landing / source).iterdir()} == days, source
    assert (tiny_business.landing / "crm" / "2026-01-01" / "contacts.jsonl").exists()
    assert (tiny_business.landing / "lms" / "2026-01-01" / "courses.jsonl").exists()


def test_manifest_counts_match_the_files(tiny_business):
    landing, counts = tiny_business.landing, tiny_business.manifest["events"]
    for source, names in FILES.items():
        if source == "sendgrid":
            n = len(sendgrid_events(landing))
        else:
            n = sum(len(read_records(landing, source, name)) for name in names)
        assert n == counts[source], source


def test_row_counts_are_plausible(tiny_business):
    landing = tiny_business.landing
    contacts = {r["contact_id"] for r in read_records(landing, "crm", "contacts")}
    assert len(contacts) == 400
    courses = read_records(landing, "lms", "courses")
    assert 40 <= len({c["course_id"] for c in courses}) <= 41
    campaigns = read_records(landing, "marketing", "campaigns")
    assert {c["campaign_type"] for c in campaigns} >= {"enrollment", "nurture"}
    sends = read_records(landing, "ledger", "sends")
    emails = [s for s in sends if s["channel"] == "email"]
    assert 0.3 * 400 < len(emails) < 20 * 400
    assert len({s["ledger_id"] for s in sends}) == len(sends)
    events = sendgrid_events(landing)
    kinds = {e["event"] for e in events}
    assert {"processed", "delivered", "open", "click"} <= kinds
    assert len(read_records(landing, "lms", "enrollments")) > 0


def test_sms_link_clicks_name_a_sent_sms_and_its_campaign(mid_business):
    """Twilio click events as the webhooks app lands them: each names an SMS of the ledger (its
    sid), after it was sent, with a link to the course page tagged with that SMS's campaign; some
    SMS are clicked twice and some POSTs arrive twice (the marts count each once)."""
    landing = mid_business.landing
    sms = {
        s["provider_message_id"]: s
        for s in read_records(landing, "ledger", "sends")
        if s["channel"] == "sms"
    }
    clicks = read_records(landing, "twilio", "clicks")
    assert len(clicks) > 20
    for click in clicks:
        event = click["event"]
        assert click["kind"] == "click" and event["event_type"] == "click"
        sent = sms[event["sms_sid"]]
        assert event["to"] == sent["to_address"]
        assert f"utm_medium=sms&utm_campaign={sent['campaign_id']}" in event["link"]
        assert event["click_time"][:19] >= sent["sent_at"][:19]
        assert click["received_at"][:19] >= event["click_time"][:19]
        assert click["_day"] == click["received_at"][:10]
    events = [(c["event"]["sms_sid"], c["event"]["click_time"]) for c in clicks]
    assert len(set(events)) < len(events)  # retried POSTs
    assert len({sid for sid, _ in set(events)}) < len(set(events))  # SMS clicked again


def test_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="contacts"):
        simulate(tmp_path, contacts=0)
    with pytest.raises(ValueError, match="days"):
        simulate(tmp_path, days=0)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValueError, match="not a directory"):
        simulate(tmp_path / "file", contacts=10, days=2)


def test_launched_course_is_visited_only_after_its_launch(mid_business):
    catalogue = read_records(mid_business.landing, "lms", "courses")
    launched = [c for c in catalogue if c["_day"] != "2026-01-01"]
    assert {c["course_id"] for c in launched} - {
        c["course_id"] for c in catalogue if c["_day"] == "2026-01-01"
    }
    new_id = max(c["course_id"] for c in catalogue)
    launch_day = min(c["_day"] for c in launched)
    visits = [
        e for e in read_records(mid_business.landing, "web", "events") if e["course_id"] == new_id
    ]
    assert visits
    assert min(e["_day"] for e in visits) >= launch_day
