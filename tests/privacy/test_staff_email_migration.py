"""Revision 0013_sealed_staff_emails seals the staff emails already in a store (SQLite, Postgres).

Users written by the earlier revisions with a clear ``users.email`` keep their roles, sessions and
sign-in (by id or by email in any case); no clear address is left in the SQLite file or its WAL;
``rotate-key`` re-encrypts them; ``downgrade`` opens them again; two addresses differing only in
case stop the upgrade with a message naming both users.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from delivery.identity import authenticate, list_users, start_session
from delivery.identity.sessions import load_session
from delivery.store import Store, _alembic_config, migrate
from delivery.store.schema import metadata
from privacy.crypto import KeyRing, new_key
from privacy.rotation import key_usage, rotate
from tests.privacy.conftest import store_at

NOW = dt.datetime(2026, 12, 6, 9, 0)
OLD_USERS = sa.table(
    "users", *(sa.column(c) for c in ("user_id", "email", "display_name", "created_at",
                                      "password_hash", "is_active"))
)  # fmt: skip
ROLES = sa.table("user_roles", sa.column("user_id"), sa.column("role"))


def _store(kind: str, tmp_path, request) -> tuple[Store, KeyRing]:
    store = store_at("0012_social_posting", kind, tmp_path, request)
    return store, store.keys


def _old_user(user_id: str, email: str, digest: str | None = None) -> dict:
    return dict(user_id=user_id, email=email, display_name=user_id.title(), created_at=NOW,
                password_hash=digest, is_active=True)  # fmt: skip


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_existing_staff_emails_are_sealed_and_sign_in_still_works(kind, tmp_path, request):
    from delivery.identity.passwords import hash_password

    store, keys = _store(kind, tmp_path, request)
    with store.engine.begin() as conn:
        conn.execute(OLD_USERS.insert(), [
            _old_user("maria", "Maria.Lopez@Northbridge.edu", hash_password("correct horse 1")),
            _old_user("olga", "olga.petrova@northbridge.edu"),
        ])  # fmt: skip
        conn.execute(ROLES.insert(), [dict(user_id="maria", role="marketer"),
                                      dict(user_id="olga", role="approver")])  # fmt: skip
    migrate(store)

    with store.engine.connect() as conn:  # the schema is what the code declares
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diffs if "users" in repr(d)] == []
    shown = {u.user_id: (u.email, u.roles) for u in list_users(store)}
    assert shown == {
        "maria": ("Maria.Lopez@Northbridge.edu", frozenset({"marketer"})),  # as typed
        "olga": ("olga.petrova@northbridge.edu", frozenset({"approver"})),
    }
    user = authenticate(store, " MARIA.lopez@northbridge.EDU", "correct horse 1",
                        client="1.2.3.4", now=NOW)  # fmt: skip
    cookie, _ = start_session(store, user, now=NOW)
    assert load_session(store, cookie, now=NOW).user.user_id == "maria"
    if kind == "sqlite":
        store.dispose()
        data = b"".join(
            p.read_bytes() for p in tmp_path.glob("ops.sqlite*") if not p.name.endswith(".lock")
        )
        assert b"northbridge" not in data.lower(), "a staff email rests in clear"

    # rotate-key: a new active key re-encrypts the staff emails too; lookups (hashes) unchanged
    k2 = KeyRing.parse(new_key("k2"), new_key("h9")).keys
    rotated = KeyRing(active="k2", keys={**keys.keys, **k2}, hash_key=keys.hash_key)
    store2 = Store(url=store.url, engine=store.engine, _keys=rotated)
    assert rotate(store2, rotated)["users.email_enc"] == 2
    assert set(key_usage(store2)) == {"k2"}
    assert authenticate(store2, "maria.lopez@northbridge.edu", "correct horse 1",
                        client="1.2.3.4", now=NOW).user_id == "maria"  # fmt: skip

    cfg = _alembic_config(store.url)  # downgrade opens them again, roles kept
    with store.engine.connect() as conn:
        cfg.attributes.update(connection=conn, store=store2)
        command.downgrade(cfg, "0012_social_posting")
        conn.commit()
    with store.engine.connect() as conn:
        emails = dict(conn.execute(sa.select(OLD_USERS.c.user_id, OLD_USERS.c.email)).all())
        roles = set(conn.execute(sa.select(ROLES.c.user_id, ROLES.c.role)).all())
    assert emails == {
        "maria": "Maria.Lopez@Northbridge.edu",
        "olga": "olga.petrova@northbridge.edu",
    }
    assert roles == {("maria", "marketer"), ("olga", "approver")}
    store.engine.dispose()


def test_two_emails_differing_only_in_case_stop_the_upgrade(tmp_path, request):
    store, _ = _store("sqlite", tmp_path, request)
    with store.engine.begin() as conn:
        conn.execute(OLD_USERS.insert(), [_old_user("ana", "ana@school.edu"),
                                          _old_user("ana2", "ANA@school.edu")])  # fmt: skip
    with pytest.raises(RuntimeError, match="'ana' and 'ana2' have the same email"):
        migrate(store)
    with store.engine.connect() as conn:  # nothing half-done: still the old revision's rows
        assert conn.execute(sa.select(sa.func.count()).select_from(OLD_USERS)).scalar_one() == 2
    store.engine.dispose()
