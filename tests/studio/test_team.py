"""The team page (``/users``, admins) and the account page (``/account``, everyone), through the
app: adding someone hands out a password that signs in; roles, resets and deactivation take
effect on the next request of the person concerned; bad, forged and replayed input is refused
with a message and changes nothing; every change is audited."""

from __future__ import annotations

import html
import re

import pytest

from delivery.identity import create_token, get_user, grant, list_users, query_audit
from delivery.identity.subscriptions import is_subscribed, subscriber_emails
from tests.studio.conftest import PASSWORD, csrf_of, login


def _handed(page: str) -> str:
    match = re.search(r'<section class="card handed".*?<code>([^<]+)</code>', page, re.S)
    assert match, "no password was handed out"
    return html.unescape(match.group(1))


def _post(client, path: str, **fields):
    csrf = csrf_of(client.get("/users" if path.startswith("/users") else "/account").text)
    return client.post(path, data={**fields, "csrf_token": csrf})


def _signed_in(client) -> bool:
    return client.get("/campaigns", follow_redirects=False).status_code == 200


def test_an_admin_adds_someone_whose_handed_password_signs_in(studio):
    root = studio.client("root")
    r = _post(root, "/users", user_id="nina", email="Nina@School.edu", display_name="Nina",
              roles=["marketer", "superuser"])  # fmt: skip
    assert r.status_code == 200 and "added nina" in r.text
    password = _handed(r.text)
    nina = get_user(studio.store, "nina")
    assert nina.roles == {"marketer"} and nina.email == "Nina@School.edu"  # unknown role dropped
    client = studio.client()
    login(client, "nina@school.edu", password)  # by id or by email, in any case
    assert _signed_in(client)
    assert password not in root.get("/users").text  # shown once
    assert password not in str(query_audit(studio.store, subject="nina"))
    # replayed: the same post again is refused, nothing is added
    again = _post(root, "/users", user_id="nina", email="nina@school.edu")
    assert again.status_code == 400 and "already exists" in again.text
    assert 'value="nina"' in again.text  # the form keeps what was typed


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"user_id": "Nina Smith", "email": "n@school.edu"}, "use 2-64 lower-case letters"),
        ({"user_id": "nina", "email": "not-an-address"}, "email"),
        ({"user_id": "nina", "email": "n@school.edu", "display_name": "x" * 5000},
         "display_name: at most 1024 characters"),
        ({"user_id": "maria", "email": "other@school.edu"}, "already exists"),
        ({}, "user id"),
    ],
)  # fmt: skip
def test_bad_additions_are_refused_and_add_nobody(studio, fields, message):
    root = studio.client("root")
    before = {u.user_id for u in list_users(studio.store)}
    r = _post(root, "/users", **fields)
    assert r.status_code == 400 and message in html.unescape(r.text)
    assert "Password for" not in r.text
    after = {u.user_id for u in list_users(studio.store)}
    assert after == before


def test_a_forged_post_without_the_form_token_changes_nothing(studio):
    root = studio.client("root")
    r = root.post("/users", data={"user_id": "eve", "email": "eve@x.edu", "roles": "admin"})
    assert r.status_code == 403
    r = root.post("/users/vera/roles", data={"set": "roles", "roles": "admin"})
    assert r.status_code == 403
    assert get_user(studio.store, "eve") is None
    assert get_user(studio.store, "vera").roles == {"viewer"}


def test_roles_change_on_the_next_request_and_other_roles_are_kept(studio):
    grant(studio.store, "maria", "manager", actor="test", now=studio.clock())
    maria = studio.client("maria")
    assert maria.get("/campaigns/new").status_code == 200
    root = studio.client("root")
    r = _post(root, "/users/maria/roles", set="roles", roles=["viewer", "approver"])
    assert r.status_code == 200 and "maria: roles approver, manager, viewer" in r.text
    assert get_user(studio.store, "maria").roles == {"viewer", "approver", "manager"}
    assert maria.get("/campaigns/new").status_code == 403  # no longer a marketer
    actions = {(e["action"], e["actor"]) for e in query_audit(studio.store, subject="maria")}
    assert {("user.grant", "root"), ("user.revoke", "root")} <= actions
    same = _post(root, "/users/maria/roles", set="roles", roles=["viewer", "approver"])
    assert "maria: nothing changed" in same.text


def test_the_last_admin_keeps_admin_and_nothing_else_changes(studio):
    root = studio.client("root")
    r = _post(root, "/users/root/roles", set="roles", roles=["viewer"])
    assert r.status_code == 400 and "last admin" in r.text
    assert get_user(studio.store, "root").roles == {"admin"}  # viewer not granted either
    r = _post(root, "/users/root/active", active="0")
    assert r.status_code == 400 and "cannot deactivate yourself" in r.text


def test_a_reset_signs_the_person_out_and_only_the_new_password_works(studio):
    maria = studio.client("maria")
    assert _signed_in(maria)
    root = studio.client("root")
    unconfirmed = _post(root, "/users/maria/password")
    assert unconfirmed.status_code == 400 and "not confirmed" in unconfirmed.text
    assert _signed_in(maria)
    r = _post(root, "/users/maria/password", confirm="reset")
    assert r.status_code == 200 and "maria: password reset" in r.text
    password = _handed(r.text)
    assert not _signed_in(maria)
    old = studio.client()
    assert login(old, "maria", PASSWORD).status_code != 303
    fresh = studio.client()
    login(fresh, "maria", password)
    assert _signed_in(fresh)


def test_deactivation_signs_out_refuses_sign_in_and_tokens_until_reactivated(studio):
    token = create_token(studio.store, "maria", "ci", actor="root", now=studio.clock())
    maria = studio.client("maria")
    api = studio.client()
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/campaigns", headers=bearer).status_code == 200
    root = studio.client("root")
    bad = _post(root, "/users/maria/active", active="maybe")
    assert bad.status_code == 400 and get_user(studio.store, "maria").is_active
    r = _post(root, "/users/maria/active", active="0")
    assert r.status_code == 200 and "maria: deactivated" in r.text
    assert not _signed_in(maria)
    assert api.get("/api/campaigns", headers=bearer).status_code == 401
    assert login(studio.client(), "maria").status_code != 303
    r = _post(root, "/users/maria/active", active="1")
    assert "maria: active again" in r.text
    back = studio.client()
    login(back, "maria")
    assert _signed_in(back)
    assert api.get("/api/campaigns", headers=bearer).status_code == 200
    missing = _post(root, "/users/nobody/active", active="0")
    assert missing.status_code == 404 and "no user" in html.unescape(missing.text)


def test_changing_your_own_password(studio):
    here = studio.client("maria")
    elsewhere = studio.client("maria")
    new = "a much longer passphrase"
    cases = [
        ({"current": PASSWORD, "new": new, "repeat": new + "x"}, 400, "repetition differ"),
        ({"current": PASSWORD, "new": "short", "repeat": "short"}, 400, "too short"),
        ({"current": PASSWORD, "new": PASSWORD, "repeat": PASSWORD}, 400, "same as the current"),
        ({"current": "x" * 2000, "new": new, "repeat": new}, 400, "at most 1024"),
        ({"current": "wrong password", "new": new, "repeat": new}, 400, "current password is wrong"),
    ]  # fmt: skip
    for fields, status, message in cases:
        r = _post(here, "/account", **fields)
        assert r.status_code == status and message in r.text, fields
        assert _signed_in(elsewhere)  # nothing changed
    r = _post(here, "/account", current=PASSWORD, new=new, repeat=new)
    assert r.status_code == 200 and "password changed" in r.text
    assert _signed_in(here) and not _signed_in(elsewhere)
    again = studio.client()
    login(again, "maria", new)
    assert _signed_in(again)
    # guessing the current password is stopped like guessing at sign-in
    statuses = [
        _post(here, "/account", current=f"guess {i}", new="another passphrase",
              repeat="another passphrase").status_code
        for i in range(6)
    ]  # fmt: skip
    assert statuses[-1] == 429 and 400 in statuses


def test_the_account_page_shows_who_you_are(studio):
    page = studio.client("vera").get("/account")
    assert page.status_code == 200
    assert "vera@northbridge.edu" in page.text and ">viewer<" in page.text
    assert '<a class="me" href="/account" aria-current="page">' in page.text


@pytest.mark.parametrize("report", ["weekly", "alerts"])
def test_subscribing_by_email_from_the_account_page(studio, report):
    vera = studio.client("vera")
    assert f'aria-label="Send {"the weekly report" if report == "weekly" else "alerts"} to me"' in (
        vera.get("/account").text
    )
    for bad in ({"report": report, "on": "yes please"}, {"report": "daily", "on": "1"}, {}):
        r = _post(vera, "/account/report", **bad)
        assert r.status_code == 400 and "nothing changed" in r.text
    assert not is_subscribed(studio.store, "vera", report)
    r = _post(vera, "/account/report", report=report, on="1")
    assert r.status_code == 200 and "you receive" in r.text and "Stop sending" in r.text
    assert subscriber_emails(studio.store, report) == ["vera@northbridge.edu"]
    other = "alerts" if report == "weekly" else "weekly"
    assert subscriber_emails(studio.store, other) == []  # one subscription, not both
    assert _post(vera, "/account/report", report=report, on="1").status_code == 200  # replayed
    assert subscriber_emails(studio.store, report) == ["vera@northbridge.edu"]
    r = _post(vera, "/account/report", report=report, on="0")
    assert "no longer receive" in r.text and subscriber_emails(studio.store, report) == []
    forged = vera.post("/account/report", data={"report": report, "on": "1"})
    assert forged.status_code == 403 and not is_subscribed(studio.store, "vera", report)
