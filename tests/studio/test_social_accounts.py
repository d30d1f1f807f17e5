"""The Social accounts page: connect an account through the OAuth 2.0 dance from the studio (PKCE
for X), list accounts and their state, reconnect one in ``needs_reauth``; a replayed, forged or
foreign callback is refused with a clear message. Against the platforms' local fakes."""

from __future__ import annotations

import datetime as dt
import html
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
import yaml

from delivery.social import accounts as acc
from delivery.social.tables import social_accounts
from tests.social.conftest import fakes, follow_consent  # noqa: F401 - the platform fakes
from tests.studio.conftest import _env, csrf_of

X_ID = "x:1460000000000000001"


@pytest.fixture
def social_studio(studio_warehouse, tmp_path, fakes):  # noqa: F811
    env = _env(
        f"sqlite:///{tmp_path / 'ops.sqlite'}", studio_warehouse, tmp_path,
        social=fakes.config(ENROLLFLOW_LINKEDIN_CLIENT_ID=""),
    )  # fmt: skip
    yield env
    env.store.dispose()


def start(client, platform: str = "x", **form: str):
    csrf = csrf_of(client.get("/social").text)
    return client.post(
        "/social/connect", data={"csrf_token": csrf, "platform": platform, **form},
        follow_redirects=False,
    )  # fmt: skip


def callback_path(authorize_url: str) -> str:
    """The platform's answer, as the browser would bring it back to the studio."""
    back = urlsplit(follow_consent(authorize_url))
    assert back.path == "/social/callback"
    return f"{back.path}?{back.query}"


def test_connect_x_from_the_studio_and_refuse_a_replay(social_studio, fakes):  # noqa: F811
    maria = social_studio.client("maria")
    page = maria.get("/social")
    assert page.status_code == 200 and "No social account connected yet" in page.text
    assert "Not configured here: LinkedIn" in page.text
    # the page's CSP lets the Connect form leave for the platforms' authorization hosts only
    csp = page.headers["content-security-policy"]
    allowed = csp.split("form-action ")[1].split(";")[0].split()
    assert allowed == ["'self'", *sorted({fakes.graph.url, fakes.x.url})]
    started = start(maria)
    assert started.status_code == 303
    url = started.headers["location"]
    q = parse_qs(urlsplit(url).query)
    assert url.startswith(fakes.x.url)
    assert q["code_challenge_method"] == ["S256"] and len(q["code_challenge"][0]) == 43
    assert q["redirect_uri"] == ["https://studio.example.edu/social/callback"]
    back = callback_path(url)
    done = maria.get(back, follow_redirects=False)
    assert (
        done.status_code == 303
        and done.headers["location"] == "/social?connected=x%3A1460000000000000001"
    )
    listed = maria.get(done.headers["location"])
    assert f"connected {X_ID} (@northwind_edu)" in listed.text
    assert "active" in listed.text and "renewed automatically" in listed.text
    live = [t for t, g in fakes.x.oauth.access.items() if g.expires_at]
    assert live and not any(t in listed.text for t in live)
    with social_studio.store.engine.connect() as conn:
        sealed = conn.execute(sa.select(social_accounts.c.access_token_enc)).scalar()
    assert sealed and all(t not in sealed for t in live)  # sealed at rest
    replay = maria.get(back, follow_redirects=False)
    assert replay.status_code == 400
    assert "X: this authorization was already used (a replayed callback)" in replay.text
    assert fakes.x.oauth.token_requests == 1  # the replay never reached the platform


def test_forged_and_foreign_callbacks_are_refused(social_studio, fakes):  # noqa: F811
    maria, root = social_studio.client("maria"), social_studio.client("root")
    forged = maria.get("/social/callback?code=abc&state=not-ours")
    assert (
        forged.status_code == 400 and "unknown OAuth state: start again with Connect" in forged.text
    )
    empty = maria.get("/social/callback")
    assert empty.status_code == 400 and "has no code or state" in empty.text
    denied = maria.get("/social/callback?error=access_denied&state=x")
    assert denied.status_code == 400 and "did not authorize: access_denied" in denied.text
    # root starts a connection; the link to its callback, opened by maria, connects nothing
    theirs = callback_path(start(root).headers["location"])
    foreign = maria.get(theirs)
    assert foreign.status_code == 400
    assert "this authorization was started by another user" in foreign.text
    assert acc.list_accounts(social_studio.store) == []
    assert root.get(theirs, follow_redirects=False).status_code == 303  # still root's to finish
    # the form itself needs the session's CSRF token, and a configured platform
    no_csrf = maria.post("/social/connect", data={"platform": "x"}, follow_redirects=False)
    assert no_csrf.status_code == 403 and "did not come from this site" in no_csrf.text
    off = start(maria, "linkedin", remote_id="urn:li:organization:1")
    assert off.status_code == 422 and "linkedin is not configured here" in off.text


def test_an_account_in_needs_reauth_is_shown_and_reconnected(social_studio, fakes):  # noqa: F811
    maria = social_studio.client("maria")
    assert maria.get(callback_path(start(maria).headers["location"])).status_code == 200
    # the publisher's refresh tick finds the refresh token revoked: needs_reauth
    fakes.x.oauth.revoke_all()
    later = social_studio.clock().replace(tzinfo=None) + dt.timedelta(hours=3)
    report = acc.refresh_due(
        social_studio.store, social_studio.store.keys, social_studio.config.social.apps, now=later
    )
    assert report.needs_reauth == [X_ID]
    page = maria.get("/social")
    assert "needs a new sign-in" in page.text and "refused the refresh token" in page.text
    assert 'aria-label="Reconnect @northwind_edu"' in page.text
    viewer = social_studio.client("vera").get("/social")
    assert "needs a new sign-in" in viewer.text and "Reconnect" not in viewer.text
    assert "Connect an account" not in viewer.text
    again = start(maria, "x", remote_id="1460000000000000001")
    assert maria.get(callback_path(again.headers["location"])).status_code == 200
    assert acc.get_account(social_studio.store, X_ID).status == "active"
    assert "needs a new sign-in" not in maria.get("/social").text


def test_the_studio_editor_refuses_a_post_x_would_refuse(social_studio):
    """The YAML editor saves through the CLI's validate_campaign: X's weighted length applies."""
    from delivery.campaigns import lifecycle
    from delivery.campaigns.models import Campaign
    from tests.social.test_campaign_posts import campaign_file

    doc = campaign_file(dt.datetime(2026, 3, 1), X_ID, "facebook:104000000000001")
    lifecycle.apply_campaign(social_studio.store, Campaign.model_validate(doc), actor="maria",
                             now=social_studio.clock())  # fmt: skip
    maria = social_studio.client("maria")
    csrf = csrf_of(maria.get("/campaigns/open_day_2026").text)
    doc["content"][1]["locales"]["en"]["body"] = "开放日" * 47  # 141 CJK: 282, + link 306
    r = maria.post("/campaigns/open_day_2026/document",
                   data={"document": yaml.safe_dump(doc, allow_unicode=True), "csrf_token": csrf})  # fmt: skip
    assert r.status_code == 422
    text = " ".join(html.unescape(r.text).split())
    assert "content(id=announce).locales.en.body: text: 306 weighted characters" in text
    assert "shorten it by 26 (posted by node 'post' on x)" in text
    doc["content"][1]["locales"]["en"]["body"] = "开放日" * 42 + "!"  # 277: fits
    r = maria.post("/campaigns/open_day_2026/document",
                   data={"document": yaml.safe_dump(doc, allow_unicode=True), "csrf_token": csrf})  # fmt: skip
    assert r.status_code == 200 and "saved as version 2" in r.text
