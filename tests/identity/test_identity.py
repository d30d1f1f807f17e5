"""Users, roles, sign-in with rate limiting, sessions, API tokens and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from delivery.identity import (
    AuthenticationFailed,
    Forbidden,
    IdentityError,
    LoginRateLimited,
    add_user,
    authenticate,
    authorize,
    create_token,
    csrf_matches,
    end_session,
    grant,
    list_users,
    load_session,
    query_audit,
    revoke,
    revoke_token,
    start_session,
    verify_token,
)
from delivery.identity.sessions import MAX_FAILURES_PER_USER, SESSION_TTL, WINDOW
from delivery.store.schema import users
from tests.identity.conftest import NOW, PASSWORD


def _marketer(store):
    return add_user(
        store, "maria", "maria@school.edu", actor="admin", now=NOW, password=PASSWORD,
        roles=["marketer"],
    )  # fmt: skip


def test_password_is_stored_as_argon2id_and_checked(store):
    _marketer(store)
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert authenticate(store, "MARIA@school.edu", PASSWORD, client="1.2.3.4", now=NOW).roles == {
        "marketer"
    }
    with pytest.raises(AuthenticationFailed, match="wrong username or password"):
        authenticate(store, "maria", "wrong password!", client="1.2.3.4", now=NOW)
    with pytest.raises(AuthenticationFailed, match="wrong username or password"):
        authenticate(store, "nobody", PASSWORD, client="1.2.3.4", now=NOW)
    with pytest.raises(IdentityError, match="at least 10"):
        add_user(store, "olga", "olga@school.edu", actor="admin", now=NOW, password="short")


def test_repeated_failures_lock_the_username_until_the_window_passes(store):
    _marketer(store)
    for i in range(MAX_FAILURES_PER_USER):
        with pytest.raises(AuthenticationFailed):
            authenticate(store, "maria", f"guess number {i}", client="9.9.9.9", now=NOW)
    # even the right password is refused now, from any client
    with pytest.raises(LoginRateLimited, match="too many failed sign-ins") as err:
        authenticate(store, "maria", PASSWORD, client="1.1.1.1", now=NOW)
    assert err.value.retry_after == int(WINDOW.total_seconds())
    later = NOW + WINDOW + dt.timedelta(seconds=1)
    assert authenticate(store, "maria", PASSWORD, client="1.1.1.1", now=later).user_id == "maria"
    failed = query_audit(store, action="auth.login_failed")
    assert len(failed) == MAX_FAILURES_PER_USER and {e["actor"] for e in failed} == {"maria"}


def test_sessions_expire_end_and_die_with_a_disabled_user(store):
    user = _marketer(store)
    cookie, session = start_session(store, user, now=NOW)
    loaded = load_session(store, cookie, now=NOW + dt.timedelta(hours=1))
    assert loaded is not None and loaded.user.user_id == "maria"
    assert csrf_matches(loaded, session.csrf_token) and not csrf_matches(loaded, "forged")
    assert not csrf_matches(loaded, None)
    assert load_session(store, cookie, now=NOW + SESSION_TTL) is None
    assert load_session(store, cookie + "x", now=NOW) is None
    end_session(store, cookie, actor="maria", now=NOW)
    assert load_session(store, cookie, now=NOW) is None
    cookie2, _ = start_session(store, user, now=NOW)
    with store.begin() as conn:
        conn.execute(users.update().values(is_active=False))
    assert load_session(store, cookie2, now=NOW) is None


def test_api_tokens_verify_until_revoked_and_never_store_the_secret(store):
    _marketer(store)
    token = create_token(store, "maria", "nightly sync", actor="admin", now=NOW)
    assert verify_token(store, token, now=NOW).user_id == "maria"
    assert verify_token(store, token[:-1] + ("A" if token[-1] != "A" else "B"), now=NOW) is None
    assert verify_token(store, "not-a-token", now=NOW) is None
    with store.engine.connect() as conn:
        dump = str(conn.execute(sa.text("SELECT * FROM api_tokens")).all())
    assert token.split("_", 2)[2] not in dump
    revoke_token(store, token.split("_")[1], actor="admin", now=NOW)
    assert verify_token(store, token, now=NOW) is None
    with pytest.raises(IdentityError, match="no live API token"):
        revoke_token(store, token.split("_")[1], actor="admin", now=NOW)


def test_roles_grant_revoke_and_authorize(store):
    add_user(store, "root", "root@school.edu", actor="bootstrap", now=NOW, roles=["admin"])
    _marketer(store)
    assert grant(store, "maria", "approver", actor="root", now=NOW).roles == {
        "marketer",
        "approver",
    }
    user = revoke(store, "maria", "marketer", actor="root", now=NOW)
    assert user.roles == {"approver"}
    with pytest.raises(Forbidden, match="needs one of the roles marketer, admin"):
        authorize(user, ("marketer", "admin"), "create a campaign")
    with pytest.raises(Forbidden, match="sign in first"):
        authorize(None, ("viewer",), "list campaigns")
    assert authorize(user, ("approver",), "approve").user_id == "maria"
    with pytest.raises(IdentityError, match="unknown role 'owner'"):
        grant(store, "maria", "owner", actor="root", now=NOW)
    with pytest.raises(IdentityError, match="last admin"):
        revoke(store, "root", "admin", actor="root", now=NOW)
    with pytest.raises(IdentityError, match="already exists"):
        add_user(store, "maria", "other@school.edu", actor="root", now=NOW)
    assert [u.user_id for u in list_users(store)] == ["maria", "root"]


def test_every_change_is_audited_with_actor_and_time_and_filters_work(store):
    add_user(store, "root", "root@school.edu", actor="bootstrap", now=NOW, roles=["admin"])
    _marketer(store)
    # the audit log keeps the server's clock, whatever `now` the caller passes
    before_grant = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    grant(store, "maria", "approver", actor="root", now=NOW + dt.timedelta(hours=2))
    entries = query_audit(store)
    assert [(e["actor"], e["action"], e["subject"]) for e in entries] == [
        ("root", "user.grant", "maria"),
        ("admin", "user.add", "maria"),
        ("bootstrap", "user.add", "root"),
    ]
    assert entries[0]["at"] >= before_grant
    assert [e["subject"] for e in query_audit(store, actor="admin")] == ["maria"]
    assert len(query_audit(store, action="user.")) == 3
    assert [e["action"] for e in query_audit(store, since=before_grant)] == ["user.grant"]
    assert query_audit(store, subject="root", until=before_grant - dt.timedelta(hours=1)) == []


def test_demo_logins_are_created_then_reset_and_can_sign_in(store):
    from delivery.identity.demo import ensure_demo_logins

    first = ensure_demo_logins(store, now=NOW)
    assert [(u, r) for u, r, _ in first] == [
        ("demo.marketer", "marketer"),
        ("demo.approver", "approver"),
        ("demo.admin", "admin"),
    ]
    again = ensure_demo_logins(store, now=NOW)
    for (user, role, password), (_, _, old) in zip(again, first, strict=True):
        assert password != old
        assert role in authenticate(store, user, password, client="t", now=NOW).roles
        with pytest.raises(AuthenticationFailed):
            authenticate(store, user, old, client="t2", now=NOW)
