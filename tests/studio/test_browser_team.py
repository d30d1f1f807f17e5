"""The team and account pages in a real browser (Debian's Chromium): an admin adds a marketer
and hands over the password the page shows once; she signs in with it, opens her account from
her name at the top, asks for the weekly report by email and changes her password; the new one
signs in. Screenshots at 375 and 1440 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from delivery.identity import get_user
from tests.studio.browser import desktop_page, shoot
from tests.studio.test_browser_story import sign_in, sign_out

pytestmark = pytest.mark.timeout(300)


def test_an_admin_adds_a_marketer_who_then_changes_her_password(chromium, live_server):
    base, env = live_server.url, live_server.env
    page, errors = desktop_page(chromium)
    sign_in(page, base, "root")
    page.get_by_role("link", name="Team", exact=True).click()
    expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    page.get_by_label("User id").fill("nina")
    page.get_by_label("Email").fill("nina@northbridge.edu")
    page.get_by_label("Name", exact=True).fill("Nina Okafor")
    page.get_by_role("group", name="Roles of the new user").get_by_label("marketer").check()
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("status")).to_have_text("added nina")
    handed = page.locator(".handed code").inner_text()
    assert get_user(env.store, "nina").roles == {"marketer"}
    shoot(page, "team")
    sign_out(page)

    sign_in(page, base, "nina", handed)
    page.get_by_role("link", name="Nina Okafor").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    page.get_by_role("button", name="Send the weekly report to me").click()
    expect(page.get_by_role("status")).to_have_text(
        "you receive the weekly report every Monday morning (UTC), with its PDF"
    )
    expect(page.get_by_role("button", name="Stop sending the weekly report to me")).to_be_visible()
    page.get_by_label("Current password").fill(handed)
    page.get_by_label("New password (at least 10 characters)").fill("nina's own passphrase")
    page.get_by_label("New password again").fill("nina's own passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_have_text(
        "password changed; your other sessions are signed out"
    )
    shoot(page, "account")
    sign_out(page)
    sign_in(page, base, "nina", "nina's own passphrase")
    assert [e for e in errors if "Content Security Policy" in e] == []
    assert errors == []
