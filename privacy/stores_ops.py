"""Find and erase one person in the ops store (SQLite or Postgres), table by table.

Rows that exist only because of the person are deleted (journey state, consent records, their
suppressions -- replaced by keyed-hash tombstones --, objections, pending opt-ins); every other
row naming them in a text column (the send ledger's address and ledger id, the audit log, tables
added later) is scrubbed with :class:`privacy.person.Scrubber`, found through reflection so a
new table is covered without a change here. On SQLite the erasure runs with ``secure_delete``
and ends with a WAL checkpoint (TRUNCATE), so neither the database file nor the WAL keeps the
old bytes.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from delivery.store import Store
from delivery.store.schema import consent_clock, consent_events, suppressions
from privacy.crypto import KeyRing
from privacy.person import Scrubber, address_hashes
from privacy.tables import consent_ledger, optin_confirmations, privacy_objections

SKIP_TABLES = {"alembic_version"}


def _string_columns(table: sa.Table) -> list[sa.Column]:
    return [c for c in table.columns if isinstance(c.type, sa.String | sa.Text)]


def reflect_tables(engine: sa.Engine, schema: str | None = None) -> list[sa.Table]:
    """Every table of ``schema`` (default: the connection's), by name, Alembic's own left out."""
    meta = sa.MetaData()
    meta.reflect(engine, schema=schema)
    return [t for _, t in sorted(meta.tables.items()) if t.name not in SKIP_TABLES]


def _reflect(store: Store) -> list[sa.Table]:
    return reflect_tables(store.engine)


def scrub_table(conn: sa.Connection, table: sa.Table, scrubber: Scrubber) -> int:
    """Scrub every row of ``table`` naming the person, in place; return how many.

    A row whose key or a required column would lose its value (e.g. a per-address table keyed
    by the phone number) exists only because of the person: it is deleted instead.
    """
    n = 0
    pk = list(table.primary_key.columns)
    required = {c.name for c in table.columns if c.primary_key or not c.nullable}
    for row in _candidates(conn, table, scrubber):
        values = {
            c.name: scrubber.scrub_value(row._mapping[c.name], person_row=True)
            for c in _string_columns(table)
        }
        where = [c == row._mapping[c.name] for c in pk] or [
            c == row._mapping[c.name] for c in table.columns
        ]
        if any(values[name] is None for name in required & set(values)):
            n += conn.execute(table.delete().where(*where)).rowcount
        else:
            n += conn.execute(table.update().where(*where).values(values)).rowcount
    return n


def _candidates(conn: sa.Connection, table: sa.Table, scrubber: Scrubber) -> list[sa.Row]:
    columns = _string_columns(table)
    if not columns:
        return []
    needles = scrubber.person.needles()
    cond = sa.or_(
        *(sa.func.lower(c).contains(n, autoescape=True) for c in columns for n in needles)
    )
    rows = conn.execute(sa.select(table).where(cond)).all()
    names = [c.name for c in columns]
    return [
        r
        for r in rows
        if any(isinstance(r._mapping[n], str) and scrubber.matches(r._mapping[n]) for n in names)
    ]


def _own_rows(table: sa.Table, scrubber: Scrubber, keys: KeyRing) -> Any:
    """Delete conditions of the tables whose rows exist only because of the person."""
    p = scrubber.person
    hashes = sorted(address_hashes(keys, p.addresses))
    ids = sorted(p.contact_ids)
    return {
        "journey_state": lambda t: t.c.contact_id.in_(ids),
        consent_events.name: lambda t: sa.or_(
            t.c.contact_id.in_(ids), t.c.address_hash.in_(hashes)
        ),
        suppressions.name: lambda t: t.c.address_hash.in_(hashes),
        consent_clock.name: lambda t: t.c.address_hash.in_(hashes),
        consent_ledger.name: lambda t: sa.or_(
            t.c.contact_id.in_(ids), t.c.address_hash.in_(hashes)
        ),
        optin_confirmations.name: lambda t: sa.or_(
            t.c.contact_id.in_(ids), t.c.address_hash.in_(hashes)
        ),
        privacy_objections.name: lambda t: t.c.contact_id.in_(ids),
    }.get(table.name, lambda t: None)(table)


def _sealed_columns(table: sa.Table) -> list[tuple[sa.Column, sa.Column | None]]:
    """``(<x>_hash, <x>_enc)`` pairs of a table that keeps sealed addresses beside their hash."""
    return [
        (c, table.c.get(c.name.removesuffix("_hash") + "_enc"))
        for c in table.columns
        if c.name.endswith("_hash") and c.name != "keyed_hash" and "address" in c.name
    ]


def _sealed_rows(table: sa.Table, scrubber: Scrubber, keys: KeyRing) -> Any:
    """Rows of other tables holding the person's sealed address (the send ledger's recipient):
    found by keyed hash or contact id, since the ciphertext shows no text to search."""
    pairs = _sealed_columns(table)
    if not pairs:
        return None
    hashes = sorted(address_hashes(keys, scrubber.person.addresses))
    conds = [h.in_(hashes) for h, _ in pairs]
    if "contact_id" in table.c:
        conds.append(table.c.contact_id.in_(sorted(scrubber.person.contact_ids)))
    return sa.or_(*conds)


def find_in_ops(store: Store, scrubber: Scrubber, keys: KeyRing) -> dict[str, list[dict]]:
    """Every ops-store row about the person, by table (encrypted columns decrypted)."""
    out: dict[str, list[dict]] = {}
    tables = _reflect(store)
    with store.engine.connect() as conn:
        for table in tables:
            own = _own_rows(table, scrubber, keys)
            if own is None:
                own = _sealed_rows(table, scrubber, keys)
            rows = list(conn.execute(sa.select(table).where(own)).all()) if own is not None else []
            seen = {tuple(r) for r in rows}
            rows += [r for r in _candidates(conn, table, scrubber) if tuple(r) not in seen]
            if rows:
                out[table.name] = [_decrypted(table.name, dict(r._mapping), keys) for r in rows]
    return out


def _decrypted(table: str, row: dict, keys: KeyRing) -> dict:
    for column in [c for c in row if c.endswith("_enc")]:
        row[column.removesuffix("_enc")] = keys.decrypt(row.pop(column), column=f"{table}.{column}")
    return row


def erase_in_ops(store: Store, scrubber: Scrubber, keys: KeyRing) -> dict[str, int]:
    """Delete the person's own rows and scrub the rest; return rows touched per table."""
    touched: dict[str, int] = {}
    tables = _reflect(store)  # before the write transaction: reflection uses its own connection
    with store.engine.connect() as conn:
        # pragmas on the driver connection: SQLAlchemy's autobegin would wrap them in BEGIN
        raw = conn.connection.dbapi_connection if store.dialect == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA secure_delete=ON")
        with conn.begin():
            for table in tables:
                own = _own_rows(table, scrubber, keys)
                n = conn.execute(table.delete().where(own)).rowcount if own is not None else 0
                sealed = _sealed_rows(table, scrubber, keys) if own is None else None
                if sealed is not None:  # before the scrub renames their contact ids
                    blank = {
                        c.name: None
                        for pair in _sealed_columns(table)
                        for c in pair
                        if c is not None
                    }
                    blanked = conn.execute(table.update().where(sealed).values(blank)).rowcount
                else:
                    blanked = 0
                # the same rows are usually blanked and scrubbed: count each row once
                n += max(blanked, scrub_table(conn, table, scrubber))
                if n:
                    touched[table.name] = n
        if raw is not None:
            busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            raw.execute("PRAGMA secure_delete=OFF")
            if busy:  # a reader elsewhere holds the WAL: old frames may survive until it leaves
                touched["_wal_checkpoint_busy"] = 1
    return touched
