"""Sign-in: argon2 passwords, login CSRF, rate limiting, sessions, CSRF on forms, headers."""

from __future__ import annotations

from delivery.identity import query_audit
from delivery.identity.sessions import MAX_FAILURES_PER_USER
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
