"""Looking after accounts: deactivate / reactivate, an admin's password reset, a user's own change.

Every change is audited with the actor and the server's time, in the transaction that makes it.
A deactivated user cannot sign in and their sessions and API tokens stop working at once (the
checks in :mod:`delivery.identity.sessions` read ``is_active``); their sessions are also ended.
A password reset by an admin ends every session of the user; a user's own change ends every
session but the one they changed it from. Neither leaves a password anywhere but as its hash:
the generated one is returned once, to be handed over, and never stored or logged in clear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa

from delivery.identity.errors import IdentityError
from delivery.identity.passwords import hash_password
from delivery.identity.sessions import authenticate
from delivery.identity.tables import user_sessions
from delivery.identity.users import User, get_user
from delivery.store import Store, to_utc_naive
from delivery.store.schema import user_roles, users


def generated_password() -> str:
    """A fresh random password (20 URL-safe characters, 120 bits)."""
    return secrets.token_urlsafe(15)


def _user(conn: sa.Connection, store: Store, user_id: str) -> User:
    user = get_user(store, user_id, conn)
    if user is None:
        raise IdentityError(f"no user {user_id!r}")
    return user


def _end_sessions(
    conn: sa.Connection, user_id: str, now: dt.datetime, keep_cookie: str | None = None
) -> int:
    """End the user's live sessions (all but ``keep_cookie``'s); returns how many."""
    where = [user_sessions.c.user_id == user_id, user_sessions.c.revoked_at.is_(None)]
    if keep_cookie:
        where.append(
            user_sessions.c.session_hash != hashlib.sha256(keep_cookie.encode()).hexdigest()
        )
    return conn.execute(
        user_sessions.update().where(*where).values(revoked_at=to_utc_naive(now))
    ).rowcount


def set_active(store: Store, user_id: str, active: bool, *, actor: str, now: dt.datetime) -> User:
    """Deactivate (``active=False``: sessions ended, sign-in refused) or reactivate a user;
    audited as ``user.deactivate`` / ``user.activate``.

    Raises
    ------
    IdentityError
        If there is no such user, the actor deactivates themselves, or the user is the last
        active admin.
    """
    with store.begin() as conn:
        user = _user(conn, store, user_id)
        if not active and user.user_id == actor:
            raise IdentityError("you cannot deactivate yourself: ask another admin")
        if not active and "admin" in user.roles and user.is_active:
            # the active admins' rows are locked (Postgres; SQLite's transactions are IMMEDIATE):
            # two admins deactivating each other at once cannot both pass this check
            admins = conn.execute(
                sa.select(users.c.user_id)
                .join(user_roles, users.c.user_id == user_roles.c.user_id)
                .where(user_roles.c.role == "admin", users.c.is_active.is_(True))
                .with_for_update()
            ).all()
            if len(admins) <= 1:
                raise IdentityError(
                    f"{user.user_id!r} is the last active admin: make someone else admin first"
                )
        conn.execute(users.update().where(users.c.user_id == user.user_id).values(is_active=active))
        ended = 0 if active else _end_sessions(conn, user.user_id, now)
        store.audit(
            conn,
            now=now,
            actor=actor,
            action="user.activate" if active else "user.deactivate",
            subject=user.user_id,
            detail={"sessions_ended": ended} if not active else None,
        )
        return _user(conn, store, user.user_id)


def reset_password(store: Store, user_id: str, *, actor: str, now: dt.datetime) -> str:
    """Give the user a new generated password (returned once) and end all their sessions;
    audited as ``user.password`` with ``{"reset": true}`` (never the password)."""
    password = generated_password()
    digest = hash_password(password)
    with store.begin() as conn:
        user = _user(conn, store, user_id)
        conn.execute(
            users.update().where(users.c.user_id == user.user_id).values(password_hash=digest)
        )
        ended = _end_sessions(conn, user.user_id, now)
        store.audit(
            conn, now=now, actor=actor, action="user.password", subject=user.user_id,
            detail={"reset": True, "sessions_ended": ended},
        )  # fmt: skip
    return password


def change_password(
    store: Store,
    user_id: str,
    current: str,
    new: str,
    *,
    client: str,
    now: dt.datetime,
    keep_cookie: str | None = None,
) -> None:
    """A user's own change: ``current`` is checked as a sign-in is (counted, audited and
    rate-limited alike), ``new`` must differ and meet the length rule; every other session of
    the user ends. Audited as ``user.password``.

    Raises
    ------
    AuthenticationFailed, LoginRateLimited
        ``current`` is wrong, or too many recent failures.
    IdentityError
        ``new`` is too short or the same as ``current``.
    """
    if new == current:
        raise IdentityError("the new password is the same as the current one")
    digest = hash_password(new)  # IdentityError when too short, before anything is checked
    authenticate(store, user_id, current, client=client, now=now)
    with store.begin() as conn:
        user = _user(conn, store, user_id)
        conn.execute(
            users.update().where(users.c.user_id == user.user_id).values(password_hash=digest)
        )
        ended = _end_sessions(conn, user.user_id, now, keep_cookie)
        store.audit(
            conn, now=now, actor=user.user_id, action="user.password", subject=user.user_id,
            detail={"sessions_ended": ended},
        )  # fmt: skip
