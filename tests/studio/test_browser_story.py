"""The marketer's story in a real browser (Debian's Chromium): sign in → create the campaign →
set the A/B test → submit → approve as another user → launch → a webhook event arrives and the
live number changes → results. Screenshots of every page at 375 and 1440 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from starlette.testclient import TestClient

from delivery.webhooks.app import create_app as webhooks_app
from tests.delivery.conftest import email_keys
from tests.delivery.test_rendering import SENDER
from tests.delivery.test_webhooks import _sg_event, _submitted
from tests.studio.browser import select_node, shoot
from tests.studio.conftest import PASSWORD

pytestmark = pytest.mark.timeout(600)


def sign_in(page, base: str, user: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Username or email").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Campaigns")).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_marketer_story(chromium, live_server, tmp_path):
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{base}/login")
    shoot(page, "login")
    sign_in(page, base, "maria")

    # create the campaign
    page.get_by_role("link", name="New campaign").first.click()
    page.get_by_label("Name", exact=True).fill("Spring data intake")
    page.get_by_label("Objective").fill("Fill the April data-analytics cohort")
    page.get_by_label("Target conversion rate (%)").fill("3")
    page.get_by_label("Budget", exact=True).fill("500")
    page.get_by_label("Start date").fill("2026-03-01")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("SMS (reminder to non-openers after 48 h)").check()
    page.get_by_label("Subscription topic").select_option("course_updates")
    page.get_by_label("new leads no application 14d").first.check()
    page.get_by_label("course browsers no application 7d").first.check()
    page.get_by_label("spanish speakers not engaged").first.check()
    page.get_by_label("dormant sms reachable 90d").first.check()  # an A/B test needs 100+
    audience = page.locator("#audience")
    expect(audience).to_contain_text("reachable after consent and suppressions")
    # the A/B test and its power before launch
    page.get_by_label("Test two subject lines").check()
    page.get_by_label("Subject A (control)").fill(
        "Your data career starts in April, {{ first_name }}"
    )
    page.get_by_label("Subject B").fill("{{ first_name }}, 3 seats left in April")
    page.get_by_label("Holdout (%) — receives nothing, measures the lift").fill("10")
    page.get_by_label("Holdout (%) — receives nothing, measures the lift").dispatch_event("change")
    expect(audience).to_contain_text("contacts per arm you can detect")
    page.get_by_label("Email body").fill("<p>Hi {{ first_name }}, the April cohort opens soon.</p>")
    page.get_by_label("SMS text").fill(
        "Hi {{ first_name }}, applications close Friday. Reply STOP to opt out."
    )
    shoot(page, "new-campaign")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#status")).to_have_text("draft")
    expect(page.locator("dd", has_text="New courses and start dates")).to_be_visible()
    shoot(page, "campaign-draft")

    # build the workflow: drag a wait step in after the SMS, connect it, save a new version
    page.get_by_role("link", name="Workflow builder").click()
    expect(page.get_by_test_id("validity")).to_have_text("valid")
    flow = page.locator(".flow")
    page.locator('[data-node-type="wait"]').drag_to(flow, target_position={"x": 600, "y": 500})
    wait = page.locator(".react-flow__node", has_text="wait_1")
    expect(
        wait.locator(".step-problems")
    ).to_be_visible()  # not connected yet: the validator says so
    select_node(page, "sms_invite")
    page.get_by_label("Goes to (next)").select_option("wait_1")
    select_node(page, "wait_1")
    page.get_by_label("Goes to (next)").select_option("done")
    expect(page.get_by_test_id("validity")).to_have_text("valid")
    page.get_by_role("button", name="Save workflow").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_have_text("Saved as version 2.")
    page.get_by_role("link", name="spring_data_intake").click()
    expect(page.locator(".workflow")).to_contain_text("wait_1")
    page.goto(f"{base}/campaigns")
    expect(page.get_by_role("link", name="Spring data intake")).to_be_visible()
    shoot(page, "campaigns")
    sign_out(page)

    # another user approves
    sign_in(page, base, "olga")
    page.get_by_role("link", name="Spring data intake").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#status")).to_have_text("approved")
    page.goto(f"{base}/audit")
    expect(page.get_by_role("cell", name="campaign.approve")).to_be_visible()
    shoot(page, "audit")
    sign_out(page)

    # the marketer launches and watches
    sign_in(page, base, "maria")
    page.get_by_role("link", name="Spring data intake").click()
    page.get_by_role("button", name="Launch").click()
    expect(page.locator("#status")).to_have_text(re.compile("scheduled|running"))
    page.get_by_role("link", name="Live monitor").click()
    expect(page.locator("#connection")).to_have_text("live")
    expect(page.locator("#live-sent")).to_have_text("0")

    # the engine sends (the ledger), then SendGrid reports a delivery to the webhooks app
    store = live_server.env.store
    keys = email_keys(3, campaign="spring_data_intake", step="invite")
    _submitted(store, keys, tmp_path / "outbox")
    expect(page.locator("#live-sent")).to_have_text("3")
    hooks = TestClient(
        webhooks_app(
            store, tmp_path / "landing", unsubscribe_secret=SENDER.unsubscribe_secret,
            public_base_url="https://hooks.example.edu", sendgrid_token="t",
        )
    )  # fmt: skip
    assert hooks.post(
        "/sendgrid/events?token=t", json=[_sg_event(keys[0], "delivered", 1)]
    ).is_success
    expect(page.locator("#live-delivered")).to_have_text("1")
    shoot(page, "live-monitor")

    # results
    page.get_by_role("link", name="spring_data_intake").click()
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    shoot(page, "campaign-detail")
    assert [e for e in errors if "Content Security Policy" in e] == []
    context.close()
