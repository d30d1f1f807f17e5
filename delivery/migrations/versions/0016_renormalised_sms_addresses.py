"""SMS addresses hashed before ``normalise_address`` read ``00`` as ``+`` are keyed again.

Revision ID: 0016_renormalised_sms_addresses
Revises: 0015_cheap_counter_triggers
Create Date: 2026-12-06

Until ``normalise_address`` read a leading ``00`` as ``+``, a number written ``0044 (0)7911 ...``
without a region normalised to ``+4407911...`` (its trunk ``0`` kept), not to the E.164
``+447911...`` that the same person's CRM record or Twilio's STOP carries. A suppression or a
consent decision stored under that form's keyed hash matched nobody; a ledger row's
``to_address_hash`` missed the suppressions of its recipient.

Every SMS row that carries a sealed address is opened and hashed again with today's
normalisation; the rows whose hash changes are rewritten:

- ``suppressions`` and ``consent_events`` (which seal the canonical form): hash and sealed
  address. A suppression already stored under the new hash keeps its row; the old one goes.
- ``send_ledger`` (which seals the address as given): ``to_address_hash``.
- ``consent_clock`` (hash only) and ``privacy_tombstones`` (hash only) follow the hashes moved
  above: a clock row moves to the new hash, the later decision standing where both exist (a
  revocation winning a tie, as :func:`delivery.webhooks.effects.advance_consent_clock` does);
  a tombstone is added under the new hash beside the old one.

Every SMS ledger row is opened once: 100,000 of them took 3.7 s on SQLite and on Postgres
(this machine, load 2.6), so a million-message ledger adds under a minute to this upgrade.

A clock row or a tombstone whose old hash no sealed row explains stays as it is (its address is
not stored anywhere to be read again). The privacy consent ledger keys its own canonical form
(``privacy.crypto.canonical``), unchanged by this revision. ``downgrade`` changes nothing: the old
hashes matched no contact.
"""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

from delivery.migrations.keys import migration_keys

revision = "0016_renormalised_sms_addresses"
down_revision = "0015_cheap_counter_triggers"
branch_labels = None
depends_on = None

_FETCH = 5_000


class _Sealed(NamedTuple):  # not a dataclass: Alembic loads revisions outside sys.modules
    """One table's sealed SMS address: where it is, and whether the canonical form is sealed."""

    table: str
    key: tuple[str, ...]
    enc: str
    digest: str
    canonical: bool  # the canonical form is sealed (resealed when it changes), else as given


_SEALED = (
    _Sealed("suppressions", ("channel", "address_hash"), "address_enc", "address_hash", True),
    _Sealed("consent_events", ("consent_event_id",), "address_enc", "address_hash", True),
    _Sealed("send_ledger", ("ledger_id",), "to_address_enc", "to_address_hash", False),
)


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in dict.fromkeys(columns)))


def _changed(conn: sa.Connection, keys, spec: _Sealed) -> list[dict]:
    """The rows of ``spec`` whose address hashes differently today: key, old and new columns."""
    from delivery.suppression import normalise_address

    t = _table(spec.table, *spec.key, "channel", spec.enc, spec.digest)
    column = f"{spec.table}.{spec.enc}"
    rows = conn.execute(
        sa.select(*(t.c[k] for k in spec.key), t.c[spec.enc], t.c[spec.digest])
        .where(t.c.channel == "sms", t.c[spec.enc].is_not(None))
        .execution_options(yield_per=_FETCH)  # a large ledger is streamed, not held
    )
    out = []
    for row in rows:
        m = row._mapping
        canonical = normalise_address("sms", keys.decrypt(m[spec.enc], column=column))
        digest = keys.hash("address", canonical)
        if digest == m[spec.digest]:
            continue
        enc = keys.encrypt(canonical, column=column) if spec.canonical else m[spec.enc]
        out.append({"key": {k: m[k] for k in spec.key}, "old": m[spec.digest],
                    "digest": digest, "enc": enc})  # fmt: skip
    return out


def _rewrite(conn: sa.Connection, spec: _Sealed, rows: list[dict]) -> None:
    t = _table(spec.table, *spec.key, spec.enc, spec.digest)
    for r in rows:
        where = [t.c[k] == v for k, v in r["key"].items()]
        if spec.table == "suppressions":
            taken = conn.execute(
                sa.select(sa.literal(1)).where(
                    t.c.channel == "sms", t.c[spec.digest] == r["digest"]
                )
            ).first()
            if taken:  # the address is suppressed under its right hash already
                conn.execute(t.delete().where(*where))
                continue
        conn.execute(
            t.update().where(*where).values({spec.digest: r["digest"], spec.enc: r["enc"]})
        )


def _later(a, b) -> bool:
    """Is clock row ``a`` a later decision than ``b`` (a revocation wins a tie)?"""
    return a.event_at > b.event_at or (a.event_at == b.event_at and a.status == "revoked")


def _move_clock(conn: sa.Connection, moved: dict[str, str]) -> None:
    c = _table("consent_clock", "channel", "address_hash", "event_at", "status", "source",
               "updated_at")  # fmt: skip
    for old, new in moved.items():
        rows = {
            r.address_hash: r
            for r in conn.execute(
                sa.select(c).where(c.c.channel == "sms", c.c.address_hash.in_([old, new]))
            )
        }
        if old not in rows:
            continue
        if new not in rows:
            conn.execute(
                c.update()
                .where(c.c.channel == "sms", c.c.address_hash == old)
                .values(address_hash=new)
            )
            continue
        if _later(rows[old], rows[new]):
            kept = {
                k: getattr(rows[old], k) for k in ("event_at", "status", "source", "updated_at")
            }
            conn.execute(
                c.update().where(c.c.channel == "sms", c.c.address_hash == new).values(**kept)
            )
        conn.execute(c.delete().where(c.c.channel == "sms", c.c.address_hash == old))


def _extend_tombstones(conn: sa.Connection, moved: dict[str, str]) -> None:
    t = _table("privacy_tombstones", "keyed_hash", "kind", "request_id", "erased_at")
    for old, new in moved.items():
        stone = conn.execute(sa.select(t).where(t.c.keyed_hash == old)).first()
        if stone is None or conn.execute(sa.select(t.c.kind).where(t.c.keyed_hash == new)).first():
            continue
        conn.execute(t.insert().values({**stone._asdict(), "keyed_hash": new}))


def upgrade() -> None:
    conn = op.get_bind()
    keys = migration_keys()
    moved: dict[str, str] = {}
    for spec in _SEALED:
        rows = _changed(conn, keys, spec)
        moved.update({r["old"]: r["digest"] for r in rows})
        _rewrite(conn, spec, rows)
    _move_clock(conn, moved)
    _extend_tombstones(conn, moved)


def downgrade() -> None:
    """Nothing to undo: the hashes replaced matched no contact."""
