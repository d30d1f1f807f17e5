"""Connecting a social account in a real browser (Debian's Chromium): the marketer opens Social,
picks X and presses Connect; the browser goes to the platform (the local fake, which consents at
once) and comes back connected; when the token dies the page says so and Reconnect brings the
account back. Screenshots of the page at 375 and 1440 px."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from playwright.sync_api import expect

from delivery.social import accounts as acc
from tests.social.conftest import fakes  # noqa: F401 - the platform fakes
from tests.studio.browser import desktop_page, shoot
from tests.studio.conftest import _env, serve
from tests.studio.test_browser_story import sign_in

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def social_server(studio_warehouse, tmp_path, fakes):  # noqa: F811
    env = _env(f"sqlite:///{tmp_path / 'ops.sqlite'}", studio_warehouse, tmp_path)
    for server in serve(env):
        studio = env.app.state.studio  # the callback is this server's own /social/callback
        studio.config = dataclasses.replace(
            env.config,
            social=fakes.config(ENROLLFLOW_SOCIAL_REDIRECT_URI=f"{server.url}/social/callback"),
        )
        yield server
    env.store.dispose()


def test_connect_and_reconnect_an_x_account(chromium, social_server, fakes):  # noqa: F811
    base, env = social_server.url, social_server.env
    page, errors = desktop_page(chromium)
    sign_in(page, base, "maria")
    page.get_by_role("link", name="Social", exact=True).click()
    expect(page.get_by_role("heading", name="Social accounts")).to_be_visible()
    page.get_by_label("Platform").select_option("x")
    page.get_by_role("button", name="Connect", exact=True).click()
    expect(page.locator("#message")).to_have_text(
        "connected x:1460000000000000001 (@northwind_edu)"
    )
    expect(page.get_by_role("cell", name="active")).to_be_visible()
    shoot(page, "social-accounts")
    # the refresh token is revoked: the publisher's refresh tick puts the account in needs_reauth
    fakes.x.oauth.revoke_all()
    later = env.clock().replace(tzinfo=None) + dt.timedelta(hours=3)
    acc.refresh_due(env.store, env.store.keys, env.app.state.studio.config.social.apps, now=later)
    page.goto(f"{base}/social")
    expect(page.get_by_text("needs a new sign-in")).to_be_visible()
    shoot(page, "social-needs-reauth")
    page.get_by_role("button", name="Reconnect @northwind_edu").click()
    expect(page.locator("#message")).to_have_text(
        "connected x:1460000000000000001 (@northwind_edu)"
    )
    expect(page.get_by_text("needs a new sign-in")).to_have_count(0)
    # the Connect form's redirect to the platform passed the page's form-action CSP
    assert [e for e in errors if "Content Security Policy" in e] == []
