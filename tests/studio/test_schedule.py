"""Launch and control: the schedule page saves the start (school-local time → UTC) and "best time
per contact" as a new version through the CLI's validation and versioning, launches with the
CLI's rules, and previews the send-time model through the engine's own source."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
import yaml

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from delivery.journeys.sources import WarehouseSource
from studio import schedule as S
from tests.campaigns.conftest import EXAMPLES
from tests.studio.conftest import csrf_of


def _apply(env, cid="course_page_followup"):
    doc = yaml.safe_load((EXAMPLES / "course_page_followup.yml").read_text())
    doc["campaign_id"] = cid
    lifecycle.apply_campaign(env.store, validate_campaign(doc), actor="maria", now=env.clock())
    return cid


def _post(client, cid, **data):
    page = client.get(f"/campaigns/{cid}/schedule")
    return client.post(
        f"/campaigns/{cid}/schedule", data={"csrf_token": csrf_of(page.text), **data}
    )


def test_local_time_is_read_in_the_schools_zone_across_dst():
    assert S.local_to_utc("2026-07-01T09:00", "Europe/London") == (dt.datetime(2026, 7, 1, 8), None)
    assert S.local_to_utc("2026-01-15T09:00", "America/New_York")[0] == dt.datetime(2026, 1, 15, 14)
    with pytest.raises(S.ScheduleError, match="does not exist in Europe/London"):
        S.local_to_utc("2026-03-29T01:30", "Europe/London")  # clocks go forward at 01:00
    start, note = S.local_to_utc("2026-10-25T01:30", "Europe/London")  # happens twice
    assert start == dt.datetime(2026, 10, 25, 0, 30) and "happens twice" in note
    with pytest.raises(S.ScheduleError, match="not a date and time"):
        S.local_to_utc("next tuesday" * 100, "Europe/London")


def test_schedule_is_saved_as_a_new_version_in_utc(studio):
    cid = _apply(studio)
    maria = studio.client("maria")
    zone = lifecycle.get_campaign(studio.store, cid).spec.organisation_timezone
    later = S.utc_to_local(studio.clock().replace(tzinfo=None), zone) + dt.timedelta(days=2)
    local = f"{later:%Y-%m-%dT%H}:00"
    r = _post(maria, cid, when="at", local=local, best_time="on", launch="0")
    assert r.status_code == 200 and "schedule saved (version 2)" in r.text
    record = lifecycle.get_campaign(studio.store, cid)
    assert record.spec.start_at == S.local_to_utc(local, zone)[0]
    assert all(n.best_send_time for n in record.spec.workflow.nodes if n.type == "send")
    assert f"{record.spec.start_at:%Y-%m-%d %H:%M} UTC" in r.text
    assert "Email send window" in r.text and "Frequency cap" in r.text
    assert "send-time model has not been built" in r.text  # the tiny warehouse has no model
    # the same schedule again keeps the version (the CLI's apply is idempotent)
    again = _post(maria, cid, when="at", local=local, best_time="on", launch="0")
    assert "version 2" in again.text
    assert lifecycle.get_campaign(studio.store, cid).current_version == 2


def test_a_past_start_is_refused_and_the_form_kept(studio):
    cid = _apply(studio)
    r = _post(studio.client("maria"), cid, when="at", local="2020-01-01T09:00", launch="0")
    assert r.status_code == 422 and "has passed" in r.text
    assert 'value="2020-01-01T09:00"' in r.text
    assert lifecycle.get_campaign(studio.store, cid).current_version == 1


def test_start_now_and_launch_runs_through_the_clis_rules(studio):
    cid = _apply(studio)
    r = _post(studio.client("maria"), cid, when="now", launch="1")
    assert r.status_code == 200, r.text
    record = lifecycle.get_campaign(studio.store, cid)
    assert record.status == "running" and record.spec.start_at <= studio.clock().replace(
        tzinfo=None
    )
    assert "launched: the campaign is now running" in r.text
    page = studio.client("maria").get(f"/campaigns/{cid}/schedule")
    assert "Pause" in page.text and "Save schedule" not in page.text  # a running one: control only


def test_viewers_read_the_schedule_but_cannot_change_it(studio):
    cid = _apply(studio)
    vera = studio.client("vera")
    assert "Save schedule" not in vera.get(f"/campaigns/{cid}/schedule").text
    r = _post(vera, cid, when="now", launch="1")
    assert r.status_code == 403
    assert lifecycle.get_campaign(studio.store, cid).status == "draft"


@pytest.mark.parametrize(("promoted", "known"), [(True, 2), (False, 0)])
def test_best_time_preview_uses_the_engine_source_and_its_fallback(promoted, known):
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE segment_memberships AS SELECT * FROM (VALUES "
        "('seg', 'c1', TIMESTAMP '2026-01-01', NULL::TIMESTAMP), "
        "('seg', 'c2', TIMESTAMP '2026-01-01', NULL), ('seg', 'c3', TIMESTAMP '2026-01-01', NULL)) "
        "t(segment_name, contact_id, valid_from, valid_to)"
    )
    recs = pd.DataFrame({"contact_id": ["c1", "c2"], "best_local_hour": [9, 9]})
    con.register("recs", recs.assign(is_promoted=promoted))
    con.execute("CREATE TABLE send_time_recommendations AS SELECT * FROM recs")
    doc = yaml.safe_load((EXAMPLES / "course_page_followup.yml").read_text())
    doc["audience"] = {"segments": ["seg"]}
    spec = validate_campaign(doc)
    preview = S.send_time_preview(WarehouseSource(con), spec, dt.datetime(2026, 3, 1))
    assert preview["model"] == ("promoted" if promoted else "not promoted")
    assert (preview["audience"], preview["known"]) == (3, known)
    assert preview["hours"] == ([(9, 1.0)] if promoted else [])
