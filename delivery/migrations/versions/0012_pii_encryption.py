"""PII columns of the ops store sealed with AES-256-GCM, looked up by keyed hash.

Revision ID: 0012_pii_encryption
Revises: 0012_campaign_counters
Create Date: 2026-12-05

Every address the send path keeps becomes two columns (:class:`privacy.codec.AddressCodec`):
``<column>_enc`` (AES-256-GCM, ``<key id>:<ciphertext>``, the ``table.column`` name as associated
data) and ``<column>_hash`` (HMAC-SHA256 of the canonical address under the never-rotated hash
key), which every equality lookup, unique key and dedupe uses instead of the clear value:

- ``send_ledger.to_address`` -> ``to_address_enc`` + ``to_address_hash`` (indexed);
- ``suppressions.address`` -> ``address_hash`` (primary key with ``channel``) + ``address_enc``;
- ``consent_events.address`` -> ``address_hash`` (indexed with ``channel``) + ``address_enc``;
- ``consent_clock.address`` -> ``address_hash`` (its key; nothing reads the address back).

Existing rows are sealed in batches with the store's key ring (``Store.keys``: the keys given
to ``open_store`` or the settings'); the clear columns are then dropped. SQLite tables are
rebuilt (``batch_alter_table``), Postgres altered in place. ``downgrade`` opens them again.
Owned by privacy (the codec); the tables stay delivery's.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from delivery.migrations.keys import migration_keys

revision = "0012_pii_encryption"
down_revision = "0012_campaign_counters"
branch_labels = None
depends_on = None

BATCH = 1000


def _hash(keys, channel: str, address: str) -> str:
    from delivery.suppression import normalise_address

    return keys.hash("address", normalise_address(channel, address))


def _seal_rows(table: str, pk: list[str], column: str, target: str, *, hashed: bool) -> None:
    """Fill ``<target>_enc`` / ``<target>_hash`` of every row from the clear ``column``."""
    conn = op.get_bind()
    cols = [*pk, "channel", column] if "channel" not in pk else [*pk, column]
    t = sa.table(
        table,
        *[sa.column(c) for c in dict.fromkeys([*cols, f"{target}_enc", f"{target}_hash"])],
    )
    rows = conn.execute(
        sa.select(*[t.c[c] for c in dict.fromkeys(cols)]).where(t.c[column].is_not(None))
    ).all()
    if not rows:
        return
    keys = migration_keys()
    name = f"{table}.{target}_enc"
    for i in range(0, len(rows), BATCH):
        updates = []
        for row in rows[i : i + BATCH]:
            m = row._mapping
            values = {f"b_{c}": m[c] for c in pk}
            values["v_hash"] = _hash(keys, m["channel"], m[column])
            values["v_enc"] = keys.encrypt(m[column], column=name) if not hashed else None
            updates.append(values)
        stmt = (
            t.update()
            .where(*[t.c[c] == sa.bindparam(f"b_{c}") for c in pk])
            .values(
                {f"{target}_hash": sa.bindparam("v_hash")}
                | ({} if hashed else {f"{target}_enc": sa.bindparam("v_enc")})
            )
        )
        conn.execute(stmt, updates)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # freed pages are zeroed: no clear value stays
        op.execute("PRAGMA secure_delete=ON")
    # send_ledger: the recipient
    # altered in place on SQLite too (native ADD/DROP COLUMN, SQLite >= 3.35): a batch rebuild
    # would drop the ledger's triggers (0012_campaign_counters keeps spend with them)
    op.execute("ALTER TABLE send_ledger ADD COLUMN to_address_enc TEXT")
    op.execute("ALTER TABLE send_ledger ADD COLUMN to_address_hash VARCHAR(64)")
    _seal_rows("send_ledger", ["ledger_id"], "to_address", "to_address", hashed=False)
    op.execute("ALTER TABLE send_ledger DROP COLUMN to_address")
    op.create_index("ix_send_ledger_to_address_hash", "send_ledger", ["to_address_hash"])

    # consent_events: one row per decision, keyed by id
    op.drop_index("ix_consent_events_address", table_name="consent_events")
    with op.batch_alter_table("consent_events") as b:
        b.add_column(sa.Column("address_enc", sa.Text))
        b.add_column(sa.Column("address_hash", sa.String(64)))
    _seal_rows("consent_events", ["consent_event_id"], "address", "address", hashed=False)
    with op.batch_alter_table("consent_events") as b:
        b.drop_column("address")
        b.alter_column("address_hash", existing_type=sa.String(64), nullable=False)
        b.alter_column("address_enc", existing_type=sa.Text, nullable=False)
    op.create_index("ix_consent_events_address", "consent_events", ["channel", "address_hash"])

    # suppressions and consent_clock: the address is the key -> rebuilt around the hash
    _rekey("suppressions", sealed=True)
    _rekey("consent_clock", sealed=False)


def _rekey(table: str, *, sealed: bool) -> None:
    """Rebuild ``table`` with ``(channel, address_hash)`` as its key (``address_enc`` beside)."""
    conn = op.get_bind()
    old = sa.Table(table, sa.MetaData(), autoload_with=conn)
    rows = [dict(r._mapping) for r in conn.execute(sa.select(old)).all()]
    op.rename_table(table, f"{table}_pre0012")
    if conn.dialect.name == "postgresql":  # the old key's name would clash with the new one
        op.execute(
            f"ALTER TABLE {table}_pre0012 RENAME CONSTRAINT {table}_pkey TO {table}_pre0012_pkey"
        )
    others = [
        sa.Column(c.name, c.type, nullable=c.nullable)
        for c in old.columns
        if c.name not in ("channel", "address")
    ]
    op.create_table(
        table,
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("address_hash", sa.String(64), primary_key=True),
        *([sa.Column("address_enc", sa.Text, nullable=False)] if sealed else []),
        *others,
    )
    if rows:
        keys = migration_keys()
        new = sa.Table(table, sa.MetaData(), autoload_with=conn)
        out: dict[tuple[str, str], dict] = {}
        for r in rows:
            address = r.pop("address")
            digest = _hash(keys, r["channel"], address)
            r["address_hash"] = digest
            if sealed:
                r["address_enc"] = keys.encrypt(address, column=f"{table}.address_enc")
            out.setdefault((r["channel"], digest), r)  # 0006 made them canonical: no clash
        values = list(out.values())
        for i in range(0, len(values), BATCH):
            conn.execute(new.insert(), values[i : i + BATCH])
    op.drop_table(f"{table}_pre0012")


def _open_rows(table: str, pk: list[str], target: str, column: str) -> None:
    conn = op.get_bind()
    t = sa.table(table, *[sa.column(c) for c in [*pk, f"{target}_enc", column]])
    rows = conn.execute(
        sa.select(*[t.c[c] for c in pk], t.c[f"{target}_enc"]).where(
            t.c[f"{target}_enc"].is_not(None)
        )
    ).all()
    if not rows:
        return
    keys = migration_keys()
    for row in rows:
        plain = keys.decrypt(row[-1], column=f"{table}.{target}_enc")
        conn.execute(
            t.update()
            .where(*[t.c[c] == v for c, v in zip(pk, row[:-1], strict=True)])
            .values({column: plain})
        )


def downgrade() -> None:
    op.execute("ALTER TABLE send_ledger ADD COLUMN to_address VARCHAR(320)")
    _open_rows("send_ledger", ["ledger_id"], "to_address", "to_address")
    op.drop_index("ix_send_ledger_to_address_hash", table_name="send_ledger")
    op.execute("ALTER TABLE send_ledger DROP COLUMN to_address_hash")
    op.execute("ALTER TABLE send_ledger DROP COLUMN to_address_enc")
    op.drop_index("ix_consent_events_address", table_name="consent_events")
    with op.batch_alter_table("consent_events") as b:
        b.add_column(sa.Column("address", sa.String(320)))
    _open_rows("consent_events", ["consent_event_id"], "address", "address")
    with op.batch_alter_table("consent_events") as b:
        b.drop_column("address_hash")
        b.drop_column("address_enc")
        b.alter_column("address", existing_type=sa.String(320), nullable=False)
    op.create_index("ix_consent_events_address", "consent_events", ["channel", "address"])
    conn = op.get_bind()
    for table in ("suppressions",):
        with op.batch_alter_table(table) as b:
            b.add_column(sa.Column("address", sa.String(320)))
        _open_rows(table, ["channel", "address_hash"], "address", "address")
    # the clock's addresses were never kept: the oldest revision's table starts empty again
    op.drop_table("consent_clock")
    op.create_table(
        "consent_clock",
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("address", sa.String(320), primary_key=True),
        sa.Column("event_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    old = sa.Table("suppressions", sa.MetaData(), autoload_with=conn)
    rows = [dict(r._mapping) for r in conn.execute(sa.select(old)).all()]
    op.drop_table("suppressions")
    op.create_table(
        "suppressions",
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("address", sa.String(320), primary_key=True),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("ledger_id", sa.String(255)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    if rows:
        new = sa.Table("suppressions", sa.MetaData(), autoload_with=conn)
        conn.execute(
            new.insert(),
            [
                {k: v for k, v in r.items() if k not in ("address_hash", "address_enc")}
                for r in rows
            ],
        )
