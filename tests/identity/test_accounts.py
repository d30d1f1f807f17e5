"""Looking after accounts (``delivery.identity.accounts``), on SQLite and Postgres: deactivation
ends sessions and refuses sign-in and tokens until reactivated; the last active admin and
oneself cannot be deactivated; an admin's reset ends every session; a user's own change checks
the current password as a sign-in does and keeps only the session it came from."""

from __future__ import annotations

import datetime as dt

import pytest

from delivery.identity import (
    AuthenticationFailed,
    IdentityError,
    LoginRateLimited,
    add_user,
    authenticate,
    create_token,
    get_user,
    grant,
    load_session,
    query_audit,
    start_session,
    verify_token,
)
from delivery.identity.accounts import change_password, reset_password, set_active
from delivery.identity.sessions import MAX_FAILURES_PER_USER
from tests.identity.conftest import NOW, PASSWORD

LATER = NOW + dt.timedelta(minutes=5)


def _people(store):
    add_user(store, "root", "root@school.edu", actor="t", now=NOW, password=PASSWORD,
             roles=["admin"])  # fmt: skip
    return add_user(store, "maria", "maria@school.edu", actor="t", now=NOW, password=PASSWORD,
                    roles=["marketer"])  # fmt: skip


def test_a_deactivated_user_is_signed_out_everywhere_until_reactivated(store):
    maria = _people(store)
    cookie, _ = start_session(store, maria, now=NOW)
    token = create_token(store, "maria", "ci", actor="root", now=NOW)
    user = set_active(store, "maria", False, actor="root", now=LATER)
    assert not user.is_active
    assert load_session(store, cookie, now=LATER) is None
    assert verify_token(store, token, now=LATER) is None
    with pytest.raises(AuthenticationFailed):
        authenticate(store, "maria", PASSWORD, client="t", now=LATER)
    set_active(store, "maria", True, actor="root", now=LATER)
    assert load_session(store, cookie, now=LATER) is None  # ended, not just suspended
    assert authenticate(store, "maria", PASSWORD, client="t", now=LATER).user_id == "maria"
    assert verify_token(store, token, now=LATER).user_id == "maria"
    actions = [(r["action"], r["actor"], r["subject"]) for r in query_audit(store, subject="maria")]
    assert ("user.deactivate", "root", "maria") in actions
    assert ("user.activate", "root", "maria") in actions


def test_nobody_deactivates_themselves_or_the_last_active_admin(store):
    _people(store)
    with pytest.raises(IdentityError, match="cannot deactivate yourself"):
        set_active(store, "root", False, actor="root", now=LATER)
    with pytest.raises(IdentityError, match="last active admin"):
        set_active(store, "root", False, actor="maria", now=LATER)
    grant(store, "maria", "admin", actor="root", now=LATER)
    set_active(store, "root", False, actor="maria", now=LATER)  # another admin is active
    with pytest.raises(IdentityError, match="last active admin"):
        set_active(store, "maria", False, actor="someone", now=LATER)
    with pytest.raises(IdentityError, match="no user 'nobody'"):
        set_active(store, "nobody", False, actor="maria", now=LATER)


def test_a_reset_hands_out_a_new_password_once_and_ends_every_session(store):
    maria = _people(store)
    cookies = [start_session(store, maria, now=NOW)[0] for _ in range(2)]
    password = reset_password(store, "maria", actor="root", now=LATER)
    assert len(password) >= 20
    assert [load_session(store, c, now=LATER) for c in cookies] == [None, None]
    with pytest.raises(AuthenticationFailed):
        authenticate(store, "maria", PASSWORD, client="t", now=LATER)
    assert authenticate(store, "maria", password, client="t", now=LATER).user_id == "maria"
    entry = next(r for r in query_audit(store, action="user.password"))
    assert entry["actor"] == "root" and password not in str(entry)
    assert reset_password(store, "maria", actor="root", now=LATER) != password


def test_an_own_change_checks_the_current_password_and_keeps_this_session_only(store):
    maria = _people(store)
    here, _ = start_session(store, maria, now=NOW)
    elsewhere, _ = start_session(store, maria, now=NOW)
    new = "a much longer passphrase"
    with pytest.raises(IdentityError, match="too short"):
        change_password(store, "maria", PASSWORD, "short", client="t", now=LATER)
    with pytest.raises(IdentityError, match="same as the current"):
        change_password(store, "maria", PASSWORD, PASSWORD, client="t", now=LATER)
    with pytest.raises(AuthenticationFailed):
        change_password(store, "maria", "wrong password", new, client="t", now=LATER)
    change_password(store, "maria", PASSWORD, new, client="t", now=LATER, keep_cookie=here)
    assert load_session(store, here, now=LATER) is not None
    assert load_session(store, elsewhere, now=LATER) is None
    assert authenticate(store, "maria", new, client="t", now=LATER).user_id == "maria"
    # wrong current passwords count as failed sign-ins: the same limit stops guessing
    for _ in range(MAX_FAILURES_PER_USER - 1):
        with pytest.raises(AuthenticationFailed):
            change_password(store, "maria", "guess guess", "another passphrase", client="t",
                            now=LATER)  # fmt: skip
    with pytest.raises(LoginRateLimited):
        change_password(store, "maria", new, "another passphrase", client="t", now=LATER)


@pytest.mark.parametrize("change", ["deactivate", "revoke"])
def test_two_admins_removing_each_other_at_once_leave_one(store, change):
    """Each of two admins takes the other's admin rights (deactivation, or the admin role) at
    the same moment, many times over: one of the two always remains."""
    import threading

    from delivery.identity import revoke

    _people(store)
    grant(store, "maria", "admin", actor="root", now=NOW)
    for _ in range(5):
        barrier = threading.Barrier(2)
        refused: list[str] = []

        def remove(actor: str, target: str, barrier=barrier, refused=refused) -> None:
            barrier.wait()
            try:
                if change == "deactivate":
                    set_active(store, target, False, actor=actor, now=LATER)
                else:
                    revoke(store, target, "admin", actor=actor, now=LATER)
            except IdentityError as exc:
                refused.append(str(exc))
            except Exception as exc:  # anything else (a deadlock, a lock timeout) is shown
                refused.append(repr(exc))

        threads = [
            threading.Thread(target=remove, args=("root", "maria")),
            threading.Thread(target=remove, args=("maria", "root")),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        users = {u: get_user(store, u) for u in ("root", "maria")}
        kept = [u for u, v in users.items() if v.is_active and "admin" in v.roles]
        assert len(kept) == 1 and len(refused) == 1, (kept, refused)
        assert "last" in refused[0], refused
        # put both back for the next round
        gone = next(u for u in users if u not in kept)
        set_active(store, gone, True, actor=kept[0], now=LATER)
        grant(store, gone, "admin", actor=kept[0], now=LATER)
