"""Every route × every role (and anonymous): allowed roles get through, others are refused.

The routes come from the app itself, so a new route without declared roles, or with roles the
table below does not expect, fails here.
"""

from __future__ import annotations

import pytest
import yaml
from starlette.websockets import WebSocketDisconnect

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from studio.web import routes_table
from tests.campaigns.conftest import EXAMPLES
from tests.studio.conftest import ROLE_USER, csrf_of

EXPECTED = {
    ("/", "GET"): "public",
    ("/login", "GET"): "public",
    ("/login", "POST"): "public",
    ("/logout", "POST"): "all",
    ("/campaigns", "GET"): "all",
    ("/campaigns/audience", "GET"): "edit",
    ("/campaigns/new", "GET"): "edit",
    ("/campaigns/new", "POST"): "edit",
    ("/campaigns/{campaign_id}.yml", "GET"): "all",
    ("/campaigns/{campaign_id}", "GET"): "all",
    ("/campaigns/{campaign_id}/document", "POST"): "edit",
    ("/campaigns/{campaign_id}/approve", "POST"): "approve",
    ("/campaigns/{campaign_id}/launch", "POST"): "edit",
    ("/campaigns/{campaign_id}/pause", "POST"): "edit",
    ("/campaigns/{campaign_id}/resume", "POST"): "edit",
    ("/campaigns/{campaign_id}/live", "GET"): "all",
    ("/campaigns/{campaign_id}/schedule", "GET"): "all",
    ("/campaigns/{campaign_id}/schedule", "POST"): "edit",
    ("/campaigns/{campaign_id}/plan", "GET"): "edit",
    ("/campaigns/{campaign_id}/plan", "POST"): "edit",
    ("/campaigns/{campaign_id}/duplicate", "POST"): "edit",
    ("/campaigns/{campaign_id}/preview/{template_id}", "GET"): "all",
    ("/campaigns/{campaign_id}/workflow", "GET"): "edit",
    ("/campaigns/{campaign_id}/workflow", "POST"): "edit",
    ("/campaigns/{campaign_id}/workflow/check", "POST"): "edit",
    ("/campaigns/{campaign_id}/versions", "GET"): "all",
    ("/campaigns/{campaign_id}/restore", "POST"): "edit",
    ("/campaigns/{campaign_id}/content", "GET"): "all",
    ("/campaigns/{campaign_id}/content/review", "POST"): "edit",
    ("/campaigns/{campaign_id}/content/sync", "POST"): "edit",
    ("/library", "GET"): "all",
    ("/library/gallery", "GET"): "all",
    ("/library/gallery/{slug}/preview", "GET"): "all",
    ("/library/gallery/{slug}/use", "POST"): "edit",
    ("/library/{item_id}", "GET"): "all",
    ("/library/{item_id}", "POST"): "edit",
    ("/library/{item_id}/preview", "GET"): "all",
    ("/library/{item_id}/versions", "GET"): "all",
    ("/library/{item_id}/restore", "POST"): "edit",
    ("/library/{item_id}/submit", "POST"): "edit",
    ("/library/{item_id}/request-changes", "POST"): "approve",
    ("/library/{item_id}/approve", "POST"): "approve",
    ("/library/{item_id}/comment", "POST"): "review",
    ("/library/{item_id}/campaign", "POST"): "edit",
    ("/assets", "GET"): "all",
    ("/assets", "POST"): "edit",
    ("/assets/colours", "POST"): "edit",
    ("/assets/{filename}", "GET"): "public",
    ("/social", "GET"): "all",
    ("/social/connect", "POST"): "edit",
    ("/social/callback", "GET"): "edit",
    ("/reports", "GET"): "all",
    ("/reports/view", "GET"): "all",
    ("/reports/pdf", "GET"): "all",
    ("/reports/files/{name}", "GET"): "all",
    ("/users", "GET"): "admin",
    ("/users", "POST"): "admin",
    ("/users/{user_id}/roles", "POST"): "admin",
    ("/users/{user_id}/password", "POST"): "admin",
    ("/users/{user_id}/active", "POST"): "admin",
    ("/account", "GET"): "all",
    ("/account", "POST"): "all",
    ("/account/report", "POST"): "all",
    ("/audit", "GET"): "audit",
    ("/api/campaigns", "GET"): "all",
    ("/api/campaigns/{campaign_id}/approve", "POST"): "approve",
    ("/api/campaigns/{campaign_id}/launch", "POST"): "edit",
    ("/api/campaigns/{campaign_id}/pause", "POST"): "edit",
    ("/api/campaigns/{campaign_id}/resume", "POST"): "edit",
    ("/ws/campaigns/{campaign_id}/live", "WEBSOCKET"): "all",
}
GROUPS = {
    "public": set(),
    "all": {"viewer", "analyst", "marketer", "approver", "admin"},
    "edit": {"marketer", "admin"},
    "approve": {"approver"},
    "audit": {"analyst", "approver", "admin"},
    "review": {"marketer", "approver", "admin"},
    "admin": {"admin"},
}
ROLES = ["viewer", "analyst", "marketer", "approver", "admin"]


def _declared(app):
    return {
        (path, m): set(roles) for path, methods, roles in routes_table(app.routes) for m in methods
    }


def test_every_route_declares_the_expected_roles(studio):
    declared = _declared(studio.app)
    assert set(declared) == set(EXPECTED), "a route was added or removed: update EXPECTED"
    for key, group in EXPECTED.items():
        assert declared[key] == GROUPS[group], key


def _seed_campaign(studio) -> str:
    doc = yaml.safe_load((EXAMPLES / "course_page_followup.yml").read_text())
    campaign = validate_campaign(doc)
    lifecycle.apply_campaign(studio.store, campaign, actor="maria", now=studio.clock())
    return campaign.campaign_id


def _seed_content(studio) -> tuple[str, str]:
    """A library item (by root, so every other role's review is not refused as its author's)
    and a stored brand asset."""
    from delivery.content import assets, library
    from delivery.content.gallery import gallery_template
    from tests.content.test_assets import png

    template = gallery_template("open_day_email").template
    item = library.create_item(studio.store, template, name="Open day", owner="root",
                               now=studio.clock())  # fmt: skip
    checked, _ = assets.store_asset(studio.store, studio.config.assets_dir, png(), filename="l.png",
                                    kind="logo", actor="root", now=studio.clock())  # fmt: skip
    return item, checked.sha256


@pytest.mark.parametrize("role", [None, *ROLES])
def test_routes_times_roles(studio, role):
    cid = _seed_campaign(studio)
    item, asset = _seed_content(studio)
    client = studio.client(ROLE_USER[role] if role else None)
    csrf = csrf_of(client.get("/campaigns").text) if role else ""
    for (path, method), group in EXPECTED.items():
        allowed = not GROUPS[group] or role in GROUPS[group]
        url = (
            path.replace("{campaign_id}", cid)
            .replace("{template_id}", "followup_email")
            .replace("{slug}", "open_day_email")
            .replace("{item_id}", item)
            .replace("{filename}", f"{asset}.png")
            .replace("{name}", "report-2026-02-02_2026-02-08.pdf")
            .replace("{user_id}", "vera")
        )
        if method == "WEBSOCKET":
            if allowed:
                with client.websocket_connect(url) as ws:
                    assert ws.receive_json()["campaign_id"] == cid
            else:
                with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect(url):
                    pass
                assert closed.value.code == 1008
            continue
        if path in ("/logout", "/login") and method == "POST":
            continue  # sign-in/out change the session the loop uses (tested in test_sign_in)
        if method == "GET":
            r = client.get(url, follow_redirects=False)
        else:
            r = client.post(url, data={"csrf_token": csrf}, follow_redirects=False)
        where = f"{method} {url} as {role}"
        if allowed:
            assert r.status_code not in (401, 403), where
            signed_out = r.status_code == 303 and r.headers["location"].startswith("/login")
            assert not (signed_out and GROUPS[group]), where
        elif role is None:
            expected = 401 if path.startswith("/api/") else 303
            assert r.status_code == expected, where
        else:
            assert r.status_code == 403, where
            assert "needs one of the roles" in r.text, where


def test_api_takes_a_bearer_token_and_acts_as_its_user(studio):
    from delivery.identity import create_token, query_audit

    cid = _seed_campaign(studio)
    token = create_token(studio.store, "maria", "ci", actor="root", now=studio.clock())
    client = studio.client()
    assert client.get("/api/campaigns").status_code == 401
    headers = {"Authorization": f"Bearer {token}"}
    r = client.get("/api/campaigns", headers=headers)
    assert r.status_code == 200 and [c["campaign_id"] for c in r.json()["campaigns"]] == [cid]
    # no cookie, no CSRF needed; the action is audited under the token's user
    r = client.post(f"/api/campaigns/{cid}/launch", headers=headers)
    assert r.status_code == 200 and r.json()["status"] == "scheduled", r.text  # starts 1 March
    assert query_audit(studio.store, action="campaign.launch")[0]["actor"] == "maria"
    r = client.post(f"/api/campaigns/{cid}/approve", headers=headers)
    assert r.status_code == 403
    bad = {"Authorization": "Bearer ef_nothing_here"}
    assert client.get("/api/campaigns", headers=bad).status_code == 401


def test_a_path_or_method_no_route_takes_gets_the_studios_page_not_a_bare_text(studio):
    for client in (studio.client(), studio.client("maria")):
        r = client.get("/campaigns/x/nope")
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        assert "There is no page at /campaigns/x/nope." in r.text
        assert '<a href="/campaigns">Back to campaigns</a>' in r.text
        assert "<title>Not found" in r.text
        assert r.headers["x-frame-options"] == "DENY"  # the security headers still apply
    client = studio.client("maria")
    # hostile paths are text on the page, never markup
    r = client.get("/<script>alert(1)</script>" + "a" * 5000)
    assert r.status_code == 404 and "<script>alert" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    # a method the route does not take: 405 with its Allow header
    r = client.delete("/campaigns")
    assert r.status_code == 405 and "DELETE is not accepted at /campaigns." in r.text
    assert "GET" in r.headers["allow"]
    # the API answers in JSON
    r = client.get("/api/nope")
    assert r.status_code == 404 and r.json() == {"error": "There is no page at /api/nope."}
