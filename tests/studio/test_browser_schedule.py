"""Launch and control in a real browser (Debian's Chromium): the marketer schedules a campaign at
a school-local time with "best time per contact", sees it in UTC beside the send rules, an approver
approves that version, the marketer launches it as scheduled, pauses and resumes it.
Screenshots at 375 and 1440 px."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from playwright.sync_api import expect

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from studio import schedule as S
from tests.campaigns.conftest import EXAMPLES
from tests.studio.browser import shoot
from tests.studio.test_browser_story import sign_in, sign_out

pytestmark = pytest.mark.timeout(600)


def test_marketer_schedules_launches_pauses_and_resumes(chromium, live_server):
    env = live_server.env
    doc = yaml.safe_load((EXAMPLES / "course_page_followup.yml").read_text())
    lifecycle.apply_campaign(env.store, validate_campaign(doc), actor="maria", now=env.clock())
    cid = doc["campaign_id"]
    zone = lifecycle.get_campaign(env.store, cid).spec.organisation_timezone
    local = S.utc_to_local(env.clock().replace(tzinfo=None), zone) + dt.timedelta(days=1)
    local = local.replace(hour=9, minute=30)
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    sign_in(page, base, "maria")
    page.goto(f"{base}/campaigns/{cid}")
    page.get_by_role("link", name="Schedule").click()
    expect(page.get_by_role("heading", name="Send rules")).to_be_visible()
    page.get_by_label("At a date and time").check()
    page.get_by_label(f"Date and time in {zone} (the school's time zone)").fill(
        f"{local:%Y-%m-%dT%H:%M}"
    )
    page.get_by_role("checkbox", name="Best time per contact").check()
    page.get_by_role("button", name="Save schedule").click()
    expect(page.locator("#message")).to_contain_text("schedule saved (version 2)")
    utc = S.local_to_utc(f"{local:%Y-%m-%dT%H:%M}", zone)[0]
    expect(page.locator("#starts")).to_contain_text(f"{utc:%Y-%m-%d %H:%M} UTC")
    expect(page.locator("#starts")).to_contain_text(f"{local:%H:%M} {zone}")
    expect(page.locator("#model")).to_contain_text("send-time model has not been built")
    expect(page.locator("#rules")).to_contain_text("Frequency cap")
    shoot(page, "schedule")
    sign_out(page)

    sign_in(page, base, "olga")  # the approver approves the scheduled version
    page.goto(f"{base}/campaigns/{cid}")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#status")).to_have_text("approved")
    sign_out(page)

    sign_in(page, base, "maria")
    page.goto(f"{base}/campaigns/{cid}/schedule")
    page.get_by_role("button", name="Launch as scheduled").click()
    expect(page.locator("#status")).to_have_text("scheduled")
    page.goto(f"{base}/campaigns/{cid}/schedule")
    expect(page.get_by_role("button", name="Save schedule")).to_have_count(0)  # launched
    shoot(page, "schedule-launched")
    page.get_by_role("button", name="Pause").click()
    expect(page.locator("#status")).to_have_text("paused")
    page.goto(f"{base}/campaigns/{cid}/schedule")
    page.get_by_role("button", name="Resume").click()
    expect(page.locator("#status")).to_have_text("running")
    record = lifecycle.get_campaign(env.store, cid)
    assert record.spec.start_at == utc and record.current_version == 2
    assert all(n.best_send_time for n in record.spec.workflow.nodes if n.type == "send")
    assert [e for e in errors if "Content Security Policy" in e] == []
    context.close()
