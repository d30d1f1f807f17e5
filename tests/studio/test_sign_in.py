"""Sign-in: argon2 passwords, login CSRF, rate limiting, sessions, CSRF on forms, headers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from delivery.identity import list_users, query_audit
from delivery.identity.sessions import MAX_FAILURES_PER_USER
from privacy.stores_ops import reflect_tables
from tests.studio.conftest import PASSWORD, csrf_of, login


def test_sign_in_session_and_sign_out(studio):
    client = studio.client()
    r = client.get("/campaigns", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/campaigns"
    r = login(client, "maria")
    assert r.status_code == 303 and r.headers["location"] == "/campaigns"
    cookie = r.cookies.get("studio_session") or client.cookies.get("studio_session")
    assert cookie and "httponly" in r.headers["set-cookie"].lower()
    page = client.get("/campaigns")
    assert page.status_code == 200 and "Maria" in page.text
    r = client.post("/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    # the old cookie is dead server-side, even if a browser kept it
    client.cookies.set("studio_session", cookie)
    assert client.get("/campaigns", follow_redirects=False).status_code == 303
    actions = [e["action"] for e in query_audit(studio.store, actor="maria")]
    assert actions[:2] == ["auth.logout", "auth.login"]


def test_login_needs_its_csrf_token_and_never_redirects_off_site(studio):
    client = studio.client()
    r = client.post("/login", data={"username": "maria", "password": PASSWORD})
    assert r.status_code == 403 and "expired" in r.text
    page = client.get("/login?next=//evil.example/x")
    r = client.post(
        "/login",
        data={"username": "maria", "password": PASSWORD, "csrf_token": csrf_of(page.text),
              "next": "//evil.example/x"},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/campaigns"


def test_wrong_passwords_are_rate_limited(studio):
    client = studio.client()
    for _ in range(MAX_FAILURES_PER_USER):
        r = login(client, "olga", "not the password")
        assert r.status_code == 401 and "Wrong username or password" in r.text
    r = login(client, "olga")  # right password, but locked for now
    assert r.status_code == 429 and "too many failed sign-ins" in r.text
    assert int(r.headers["retry-after"]) > 0
    # another user is not affected
    assert login(studio.client(), "maria").status_code == 303


def test_forms_without_the_session_csrf_token_are_refused(studio):
    client = studio.client("maria")
    r = client.post("/campaigns/new", data={"name": "x"})
    assert r.status_code == 403 and "did not come from this site" in r.text
    r = client.post("/campaigns/new", data={"name": "x", "csrf_token": "forged"})
    assert r.status_code == 403


def test_security_headers_on_every_page(studio):
    client = studio.client()
    for url in ("/login", "/static/studio.css", "/campaigns"):
        r = client.get(url, follow_redirects=False)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("env", ["studio", pytest.param("pg_studio", marks=pytest.mark.postgres)])
def test_sign_in_by_email_in_any_case_and_hostile_usernames_get_a_clear_error(env, request):
    studio = request.getfixturevalue(env)
    client = studio.client()
    r = login(client, "  Maria@NorthBridge.EDU ")  # seeded as maria@northbridge.edu
    assert r.status_code == 303 and r.headers["location"] == "/campaigns"
    assert "Maria" in client.get("/campaigns").text
    for hostile, said in [
        ("maria@northbridge.edu" * 5000, "at most 320 characters"),
        ("maria\x00@northbridge.edu", "without control characters"),
        ("   ", "Username: empty"),
    ]:
        r = login(studio.client(), hostile)
        assert r.status_code == 400 and said in r.text, (hostile[:30], r.status_code)
    r = login(studio.client(), "nobody@northbridge.edu", "my password in the wrong field")
    assert r.status_code == 401
    # the store keeps no staff address (and no mistyped name) in clear, on SQLite or Postgres
    with studio.store.engine.connect() as conn:
        rows = [repr(tuple(row)) for t in reflect_tables(studio.store.engine)
                for row in conn.execute(sa.select(t))]  # fmt: skip
    text = "\n".join(rows).lower()
    assert "northbridge" not in text and "wrong field" not in text
    assert [u.email for u in list_users(studio.store) if u.user_id == "maria"] == [
        "maria@northbridge.edu"
    ]
