"""Sign-in with rate limiting, server-side sessions (with their CSRF token) and API tokens.

A session cookie carries a random 256-bit value; the store keeps only its sha256, the user, a
CSRF token and the expiry, so ending a session (or disabling a user) takes effect on the next
request. API tokens look like ``ef_<id>_<secret>``; only the sha256 of the secret is stored.
Failed sign-ins are counted per user (by id, whether the id or the email was typed; an unknown
name only as a keyed hash, so no address or mistyped password rests in clear) and per client in
``login_attempts``: more than :data:`MAX_FAILURES_PER_USER` (or :data:`MAX_FAILURES_PER_CLIENT`)
in :data:`WINDOW` refuses further attempts until the window passes, across every process sharing
the ops store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from delivery.identity.emails import check_username
from delivery.identity.errors import AuthenticationFailed, IdentityError, LoginRateLimited
from delivery.identity.passwords import verify_password
from delivery.identity.tables import api_tokens, login_attempts, user_sessions
from delivery.identity.users import User, get_user, user_where
from delivery.store import Store, to_utc_naive
from delivery.store.schema import users

SESSION_TTL = dt.timedelta(hours=12)
WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_CLIENT = 20


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    """An authenticated session: who, and the CSRF token its forms must carry."""

    user: User
    csrf_token: str
    expires_at: dt.datetime


def _failures(conn: sa.Connection, column: sa.Column, value: str, since: dt.datetime) -> int:
    return conn.execute(
        sa.select(sa.func.count()).where(
            column == value, login_attempts.c.at > since, login_attempts.c.succeeded.is_(False)
        )
    ).scalar_one()


def authenticate(
    store: Store, username: str, password: str, *, client: str, now: dt.datetime
) -> User:
    """Check a username (id or email) and password; audited as ``auth.login[_failed]``.

    Raises
    ------
    LoginRateLimited
        After too many recent failures for this username or client (nothing is checked).
    AuthenticationFailed
        On a wrong password, an unknown or disabled user (one message for all three).
    IdentityError
        If the username is empty, longer than an address or holds a control character (nothing
        is looked up or counted).
    """
    ts = to_utc_naive(now)
    name = check_username(username)  # IdentityError: too long or a control character
    client = client[:64]
    with store.engine.connect() as conn:
        row = (
            conn.execute(
                sa.select(users.c.user_id, users.c.password_hash, users.c.is_active).where(
                    user_where(store, name)  # by id, or by the keyed hash of the email
                )
            )
            .mappings()
            .first()
        )
        # failures are counted (and audited) per user, whichever of id or email was typed; an
        # unknown name (a mistyped email, a password typed in the wrong field) only as a hash
        key = row["user_id"] if row else f"unknown#{store.keys.hash('login_name', name)[:16]}"
        by_user = _failures(conn, login_attempts.c.username, key, ts - WINDOW)
        by_client = _failures(conn, login_attempts.c.client, client, ts - WINDOW)
    if by_user >= MAX_FAILURES_PER_USER or by_client >= MAX_FAILURES_PER_CLIENT:
        raise LoginRateLimited(
            f"too many failed sign-ins for {name!r} from this address: "
            f"wait {int(WINDOW.total_seconds() // 60)} minutes or ask an admin to reset the password",
            retry_after=int(WINDOW.total_seconds()),
        )
    ok = verify_password(row["password_hash"] if row else None, password)
    ok = ok and row is not None and bool(row["is_active"])
    with store.begin() as conn:
        conn.execute(
            login_attempts.insert().values(username=key, client=client, succeeded=ok, at=ts)
        )
        store.audit(
            conn,
            now=now,
            actor=key,
            action="auth.login" if ok else "auth.login_failed",
            detail={"client": client},
        )
    if not ok:
        raise AuthenticationFailed("wrong username or password")
    return get_user(store, row["user_id"])  # type: ignore[index,return-value]


def start_session(store: Store, user: User, *, now: dt.datetime) -> tuple[str, Session]:
    """Open a session for ``user``; returns the cookie value (shown once) and the session."""
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = to_utc_naive(now) + SESSION_TTL
    with store.begin() as conn:
        conn.execute(
            user_sessions.insert().values(
                session_hash=_sha(cookie),
                user_id=user.user_id,
                csrf_token=csrf,
                created_at=to_utc_naive(now),
                expires_at=expires,
            )
        )
    return cookie, Session(user=user, csrf_token=csrf, expires_at=expires)


def load_session(store: Store, cookie: str, *, now: dt.datetime) -> Session | None:
    """The live session behind a cookie value, or ``None`` (unknown, expired, ended, disabled)."""
    if not cookie or len(cookie) > 128:
        return None
    with store.engine.connect() as conn:
        row = (
            conn.execute(
                sa.select(user_sessions).where(
                    user_sessions.c.session_hash == _sha(cookie),
                    user_sessions.c.revoked_at.is_(None),
                    user_sessions.c.expires_at > to_utc_naive(now),
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        user = get_user(store, row["user_id"], conn)
    if user is None or not user.is_active:
        return None
    return Session(user=user, csrf_token=row["csrf_token"], expires_at=row["expires_at"])


def end_session(store: Store, cookie: str, *, actor: str, now: dt.datetime) -> None:
    """Sign out: the session stops working at once; audited as ``auth.logout``."""
    with store.begin() as conn:
        conn.execute(
            user_sessions.update()
            .where(user_sessions.c.session_hash == _sha(cookie))
            .values(revoked_at=to_utc_naive(now))
        )
        store.audit(conn, now=now, actor=actor, action="auth.logout")


def csrf_matches(session: Session, submitted: str | None) -> bool:
    """Constant-time comparison of a submitted CSRF token with the session's."""
    return bool(submitted) and hmac.compare_digest(session.csrf_token, submitted or "")


def create_token(
    store: Store,
    user_id: str,
    name: str,
    *,
    actor: str,
    now: dt.datetime,
    expires_at: dt.datetime | None = None,
) -> str:
    """Create an API token for ``user_id``; returns it (shown once). Audited ``token.create``."""
    token_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    with store.begin() as conn:
        if get_user(store, user_id, conn) is None:
            raise IdentityError(f"no user {user_id!r}: add it first (enrollflow users add)")
        conn.execute(
            api_tokens.insert().values(
                token_id=token_id,
                token_hash=_sha(secret),
                user_id=user_id,
                name=name,
                created_at=to_utc_naive(now),
                expires_at=to_utc_naive(expires_at) if expires_at else None,
            )
        )
        store.audit(
            conn, now=now, actor=actor, action="token.create", subject=user_id,
            detail={"token_id": token_id, "name": name},
        )  # fmt: skip
    return f"ef_{token_id}_{secret}"


def verify_token(store: Store, token: str, *, now: dt.datetime) -> User | None:
    """The user behind a live API token, or ``None``; records when it was last used."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "ef" or len(token) > 200:
        return None
    ts = to_utc_naive(now)
    with store.begin() as conn:
        row = (
            conn.execute(sa.select(api_tokens).where(api_tokens.c.token_id == parts[1]))
            .mappings()
            .first()
        )
        if (
            row is None
            or row["revoked_at"] is not None
            or (row["expires_at"] is not None and row["expires_at"] <= ts)
            or not hmac.compare_digest(row["token_hash"], _sha(parts[2]))
        ):
            return None
        conn.execute(
            api_tokens.update().where(api_tokens.c.token_id == parts[1]).values(last_used_at=ts)
        )
        user = get_user(store, row["user_id"], conn)
    return user if user is not None and user.is_active else None


def revoke_token(store: Store, token_id: str, *, actor: str, now: dt.datetime) -> None:
    """Revoke an API token by its id; audited as ``token.revoke``."""
    with store.begin() as conn:
        changed = conn.execute(
            api_tokens.update()
            .where(api_tokens.c.token_id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=to_utc_naive(now))
        ).rowcount
        if changed != 1:
            raise IdentityError(f"no live API token {token_id!r}")
        store.audit(conn, now=now, actor=actor, action="token.revoke", subject=token_id)
