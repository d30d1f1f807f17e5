"""Tombstones: keyed hashes of an erased person's contact ids and addresses.

They are what stays of a person after erasure, so that they are never re-imported (ingest drops
records whose contact id, email or phone hashes to a tombstone) nor mailed again
(:func:`is_tombstoned` at send time; the dispatch check belongs to delivery). A hash without the
key reveals nothing; the key (``ENROLLFLOW_PRIVACY_HASH_KEY``) is never rotated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from delivery.store import Store, to_utc_naive
from privacy.crypto import KeyRing
from privacy.person import Person, address_hashes
from privacy.tables import privacy_tombstones


def add_tombstones(
    conn: sa.Connection,
    store: Store,
    keys: KeyRing,
    person: Person,
    *,
    now: dt.datetime,
    request_id: str | None,
) -> int:
    """Record the person's contact ids and addresses as tombstones; return how many are new."""
    rows = [("contact", keys.hash("contact", c)) for c in person.contact_ids]
    rows += [("address", h) for h in sorted(address_hashes(keys, person.addresses))]
    insert = postgresql.insert if store.dialect == "postgresql" else sqlite.insert
    added = 0
    for kind, digest in rows:
        added += conn.execute(
            insert(privacy_tombstones)
            .values(
                keyed_hash=digest, kind=kind, request_id=request_id, erased_at=to_utc_naive(now)
            )
            .on_conflict_do_nothing()
        ).rowcount
    return added


def is_tombstoned(store: Store, keys: KeyRing, kind: str, value: str) -> bool:
    """Was the contact id (``kind="contact"``) or address (``"address"``) erased?"""
    with store.engine.connect() as conn:
        return (
            conn.execute(
                sa.select(sa.literal(1)).where(
                    privacy_tombstones.c.keyed_hash == keys.hash(kind, value)
                )
            ).first()
            is not None
        )


def tombstoned_among(store: Store, keys: KeyRing, addresses: Iterable[str]) -> set[str]:
    """The addresses among ``addresses`` that belong to an erased person (for a send-time check
    beside ``delivery.suppression.suppressed_among``: one indexed ``IN`` per 500 addresses)."""
    by_hash = {keys.hash("address", a): a for a in addresses if a}
    found: set[str] = set()
    hashes = sorted(by_hash)
    with store.engine.connect() as conn:
        for i in range(0, len(hashes), 500):
            found.update(
                by_hash[h]
                for h in conn.execute(
                    sa.select(privacy_tombstones.c.keyed_hash).where(
                        privacy_tombstones.c.keyed_hash.in_(hashes[i : i + 500])
                    )
                ).scalars()
            )
    return found


@dataclass(frozen=True)
class TombstoneFilter:
    """The tombstones loaded once, for ingest to drop erased people's records.

    ``matching(kind, values)`` returns the values (contact ids or addresses) that hash to a
    tombstone; it hashes only distinct values and returns at once when there is no tombstone.
    """

    keys: KeyRing
    hashes: frozenset[str]

    @classmethod
    def load(cls, store: Store, keys: KeyRing) -> TombstoneFilter:
        with store.engine.connect() as conn:
            hashes = frozenset(conn.execute(sa.select(privacy_tombstones.c.keyed_hash)).scalars())
        return cls(keys, hashes)

    def matching(self, kind: str, values: Iterable[str]) -> set[str]:
        if not self.hashes:
            return set()
        return {v for v in set(values) if v and self.keys.hash(kind, v) in self.hashes}
