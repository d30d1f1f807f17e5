"""Staff emails sealed with AES-256-GCM, looked up by keyed hash.

Revision ID: 0013_sealed_staff_emails
Revises: 0012_social_posting
Create Date: 2026-12-06

``users.email`` (clear, unique as typed) becomes two columns (:mod:`delivery.identity.emails`):
``email_enc`` (AES-256-GCM ``<key id>:<ciphertext>``, ``users.email_enc`` as associated data)
and ``email_hash`` (HMAC-SHA256 of the lower-cased address under the hash key, kind
``user_email``), under the unique index ``ux_users_email_hash``: sign-in finds a user by it.

Existing rows are sealed with the store's key ring (``Store.keys``), as in
``0012_pii_encryption``. Two addresses that differ only in case stop the upgrade with a message
naming the users (one address, one user). Postgres is altered in place. SQLite cannot drop a
UNIQUE column and refuses to drop a parent table while ``user_roles``, ``user_sessions`` and
``api_tokens`` rows refer to it, so ``users`` is rebuilt with the rows that refer to it set aside
and put back in the same transaction, under ``secure_delete`` (freed pages zeroed; ``migrate``
then checkpoints the WAL). ``downgrade`` opens the addresses again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from delivery.migrations.keys import migration_keys

revision = "0013_sealed_staff_emails"
down_revision = "0012_social_posting"
branch_labels = None
depends_on = None

COLUMN = "users.email_enc"  # frozen copy of delivery.identity.emails.COLUMN
HASH_KIND = "user_email"  # frozen copy of delivery.identity.emails.HASH_KIND


def _users(sealed: bool) -> list[sa.Column]:
    """The columns of ``users`` after (``sealed``) or before this revision."""
    email = (
        [sa.Column("email_enc", sa.Text, nullable=False),
         sa.Column("email_hash", sa.String(64), nullable=False)]
        if sealed
        else [sa.Column("email", sa.String(320), nullable=False, unique=True)]
    )  # fmt: skip
    return [
        sa.Column("user_id", sa.String(64), primary_key=True),
        *email,
        sa.Column("display_name", sa.String(255)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("password_hash", sa.Text),
        sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
    ]


def _sealed_rows(rows: list[dict]) -> list[dict]:
    from delivery.suppression import normalise_address

    keys = migration_keys()
    seen: dict[str, str] = {}
    out = []
    for r in rows:
        email = r.pop("email")
        digest = keys.hash(HASH_KIND, normalise_address("email", email))
        if digest in seen:
            raise RuntimeError(
                f"0013_sealed_staff_emails: users {seen[digest]!r} and {r['user_id']!r} have the "
                "same email in another case; give one of them another address, then migrate again"
            )
        seen[digest] = r["user_id"]
        out.append(r | {"email_enc": keys.encrypt(email, column=COLUMN), "email_hash": digest})
    return out


def _opened_rows(rows: list[dict]) -> list[dict]:
    keys = migration_keys()
    return [
        {k: v for k, v in r.items() if k not in ("email_enc", "email_hash")}
        | {"email": keys.decrypt(r["email_enc"], column=COLUMN)}
        for r in rows
    ]


def _rebuild_sqlite(conn: sa.Connection, *, sealed: bool, convert) -> None:
    """Rebuild ``users`` with the other revision's columns, the rows referring to it set aside."""
    inspector = sa.inspect(conn)
    children = [
        sa.Table(t, sa.MetaData(), autoload_with=conn)
        for t in inspector.get_table_names()
        if any(fk["referred_table"] == "users" for fk in inspector.get_foreign_keys(t))
    ]
    kept = {c.name: [dict(r._mapping) for r in conn.execute(sa.select(c))] for c in children}
    for child in children:
        conn.execute(child.delete())
    old = sa.Table("users", sa.MetaData(), autoload_with=conn)
    rows = convert([dict(r._mapping) for r in conn.execute(sa.select(old))])
    op.drop_table("users")
    new = op.create_table("users", *_users(sealed))
    if rows:
        conn.execute(new.insert(), rows)
    for child in children:
        if kept[child.name]:
            conn.execute(child.insert(), kept[child.name])


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        op.execute("PRAGMA secure_delete=ON")  # freed pages are zeroed: no clear value stays
        _rebuild_sqlite(conn, sealed=True, convert=_sealed_rows)
    else:
        op.add_column("users", sa.Column("email_enc", sa.Text))
        op.add_column("users", sa.Column("email_hash", sa.String(64)))
        t = sa.table(
            "users", *(sa.column(c) for c in ("user_id", "email", "email_enc", "email_hash"))
        )
        rows = [dict(r._mapping) for r in conn.execute(sa.select(t.c.user_id, t.c.email))]
        for r in _sealed_rows(rows):
            conn.execute(
                t.update()
                .where(t.c.user_id == r["user_id"])
                .values(email_enc=r["email_enc"], email_hash=r["email_hash"])
            )
        op.drop_column("users", "email")  # and its unique constraint
        op.alter_column("users", "email_enc", existing_type=sa.Text, nullable=False)
        op.alter_column("users", "email_hash", existing_type=sa.String(64), nullable=False)
    op.create_index("ux_users_email_hash", "users", ["email_hash"], unique=True)


def downgrade() -> None:
    conn = op.get_bind()
    op.drop_index("ux_users_email_hash", table_name="users")
    if conn.dialect.name == "sqlite":
        _rebuild_sqlite(conn, sealed=False, convert=_opened_rows)
        return
    op.add_column("users", sa.Column("email", sa.String(320)))
    t = sa.table("users", *(sa.column(c) for c in ("user_id", "email", "email_enc")))
    rows = [dict(r._mapping) for r in conn.execute(sa.select(t.c.user_id, t.c.email_enc))]
    for r in _opened_rows(rows):
        conn.execute(t.update().where(t.c.user_id == r["user_id"]).values(email=r["email"]))
    op.drop_column("users", "email_hash")
    op.drop_column("users", "email_enc")
    op.alter_column("users", "email", existing_type=sa.String(320), nullable=False)
    op.create_unique_constraint("users_email_key", "users", ["email"])
