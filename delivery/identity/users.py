"""Users and their roles in the ops store: add, grant, revoke, list, authorise.

Roles (:data:`delivery.identity.tables.ROLES`): ``viewer`` reads, ``analyst`` reads results and
the audit log, ``marketer`` creates and runs campaigns, ``approver`` approves them, ``admin``
manages users. The CLI, the studio and the API all authorise through :func:`authorize`, and every
change here is written to ``audit_log`` with the actor and the server's time, in the same
transaction as the change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from delivery.identity.emails import (
    check_email,
    check_username,
    email_lookup,
    open_email,
    sealed_email,
)
from delivery.identity.errors import Forbidden, IdentityError
from delivery.identity.passwords import hash_password
from delivery.identity.tables import ROLES
from delivery.store import Store, to_utc_naive
from delivery.store.schema import user_roles, users

_USER_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
#: roles a user may hold: the five of the studio plus the foundation's ``manager``
KNOWN_ROLES = (*ROLES, "manager")


@dataclass(frozen=True)
class User:
    """A user and the roles they hold."""

    user_id: str
    email: str
    display_name: str | None
    roles: frozenset[str]
    is_active: bool = True
    has_password: bool = False

    def has_any(self, allowed: Iterable[str]) -> bool:
        """Whether the user holds at least one of ``allowed``."""
        return self.is_active and bool(self.roles & set(allowed))


def _check_role(role: str) -> None:
    if role not in KNOWN_ROLES:
        raise IdentityError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")


def authorize(user: User | None, allowed: Iterable[str], action: str) -> User:
    """Return ``user`` if it holds one of ``allowed``; else raise :class:`Forbidden`."""
    allowed = tuple(allowed)
    if user is None:
        raise Forbidden(f"{action}: sign in first")
    if not user.has_any(allowed):
        raise Forbidden(
            f"{action}: user {user.user_id!r} needs one of the roles {', '.join(allowed)} "
            f"(has {', '.join(sorted(user.roles)) or 'none'}); ask an admin to grant it"
        )
    return user


def _load(conn: sa.Connection, store: Store, where: sa.ColumnElement[bool]) -> User | None:
    row = conn.execute(sa.select(users).where(where)).mappings().first()
    if row is None:
        return None
    roles = conn.execute(
        sa.select(user_roles.c.role).where(user_roles.c.user_id == row["user_id"])
    ).scalars()
    return User(
        user_id=row["user_id"],
        email=open_email(store.keys, row["email_enc"]),  # opened to be shown or mailed
        display_name=row["display_name"],
        roles=frozenset(roles),
        is_active=bool(row["is_active"]),
        has_password=row["password_hash"] is not None,
    )


def user_where(store: Store, name: str) -> sa.ColumnElement[bool]:
    """The ``users`` rows whose id is ``name`` or whose email's keyed hash is that of ``name``
    (:func:`delivery.identity.emails.email_lookup`: no address is opened to find a user)."""
    return sa.or_(users.c.user_id == name, users.c.email_hash == email_lookup(store.keys, name))


def get_user(store: Store, username: str, conn: sa.Connection | None = None) -> User | None:
    """The user whose id or email is ``username`` (case-insensitive), or ``None``.

    Raises
    ------
    IdentityError
        If ``username`` is longer than an address or holds a control character.
    """
    where = user_where(store, check_username(username))
    if conn is not None:
        return _load(conn, store, where)
    with store.engine.connect() as own:
        return _load(own, store, where)


def list_users(store: Store) -> list[User]:
    """Every user with their roles, by id (their emails opened: this is what lists show)."""
    with store.engine.connect() as conn:
        ids = conn.execute(sa.select(users.c.user_id).order_by(users.c.user_id)).scalars().all()
        return [_load(conn, store, users.c.user_id == i) for i in ids]  # type: ignore[misc]


def add_user(
    store: Store,
    user_id: str,
    email: str,
    *,
    actor: str,
    now: dt.datetime,
    password: str | None = None,
    roles: Iterable[str] = (),
    display_name: str | None = None,
) -> User:
    """Create a user (optionally with a password and roles); audited as ``user.add``.

    Raises
    ------
    IdentityError
        If the id is malformed, taken, the email is malformed (:func:`~delivery.identity.emails.
        check_email`) or taken (in any case), a role is unknown or the password is too short.
    """
    user_id = user_id.strip().lower()
    if not _USER_ID.match(user_id):
        raise IdentityError(
            f"user id {user_id!r}: use 2-64 lower-case letters, digits, '.', '_' or '-'"
        )
    email = check_email(email)
    roles = list(dict.fromkeys(roles))
    for role in roles:
        _check_role(role)
    digest = hash_password(password) if password is not None else None
    with store.begin() as conn:
        if get_user(store, user_id, conn) or get_user(store, email, conn):
            raise IdentityError(f"user {user_id!r} or email {email!r} already exists")
        conn.execute(
            users.insert().values(
                user_id=user_id,
                **sealed_email(store.keys, email),
                display_name=display_name,
                created_at=to_utc_naive(now),
                password_hash=digest,
                is_active=True,
            )
        )
        for role in roles:
            conn.execute(user_roles.insert().values(user_id=user_id, role=role))
        store.audit(
            conn, now=now, actor=actor, action="user.add", subject=user_id, detail={"roles": roles}
        )
        return _load(conn, store, users.c.user_id == user_id)  # type: ignore[return-value]


def _require(conn: sa.Connection, store: Store, user_id: str) -> User:
    user = get_user(store, user_id, conn)
    if user is None:
        raise IdentityError(f"no user {user_id!r}: add it first (enrollflow users add)")
    return user


def grant(store: Store, user_id: str, role: str, *, actor: str, now: dt.datetime) -> User:
    """Grant ``role`` to an existing user (no-op if held); audited as ``user.grant``."""
    _check_role(role)
    with store.begin() as conn:
        user = _require(conn, store, user_id)
        if role not in user.roles:
            conn.execute(user_roles.insert().values(user_id=user.user_id, role=role))
        store.audit(
            conn,
            now=now,
            actor=actor,
            action="user.grant",
            subject=user.user_id,
            detail={"role": role},
        )
        return _load(conn, store, users.c.user_id == user.user_id)  # type: ignore[return-value]


def revoke(store: Store, user_id: str, role: str, *, actor: str, now: dt.datetime) -> User:
    """Take ``role`` away (refuses to remove the last admin); audited as ``user.revoke``."""
    _check_role(role)
    with store.begin() as conn:
        user = _require(conn, store, user_id)
        if role == "admin" and "admin" in user.roles:
            # locked (Postgres; SQLite's transactions are IMMEDIATE): two admins revoking each
            # other's admin at once cannot both pass this check
            admins = conn.execute(
                sa.select(user_roles.c.user_id)
                .where(user_roles.c.role == "admin")
                .with_for_update()
            ).all()
            if len(admins) <= 1:
                raise IdentityError(
                    f"{user.user_id!r} is the last admin: grant admin to someone else first"
                )
        conn.execute(
            user_roles.delete().where(
                user_roles.c.user_id == user.user_id, user_roles.c.role == role
            )
        )
        store.audit(
            conn,
            now=now,
            actor=actor,
            action="user.revoke",
            subject=user.user_id,
            detail={"role": role},
        )
        return _load(conn, store, users.c.user_id == user.user_id)  # type: ignore[return-value]


def set_password(
    store: Store, user_id: str, password: str, *, actor: str, now: dt.datetime
) -> None:
    """Set a user's password (argon2id); audited as ``user.password`` (never the password)."""
    digest = hash_password(password)
    with store.begin() as conn:
        user = _require(conn, store, user_id)
        conn.execute(
            users.update().where(users.c.user_id == user.user_id).values(password_hash=digest)
        )
        store.audit(conn, now=now, actor=actor, action="user.password", subject=user.user_id)


def has_admin(store: Store) -> bool:
    """Whether any user holds ``admin`` (the CLI lets the first admin be created without one)."""
    with store.engine.connect() as conn:
        return (
            conn.execute(
                sa.select(user_roles.c.user_id).where(user_roles.c.role == "admin")
            ).first()
            is not None
        )
