"""Key rotation: re-encrypt every encrypted column with the active key.

Put the new key first in ``ENROLLFLOW_PRIVACY_KEYS`` (keep the old ones after it), run
``enrollflow privacy rotate-key``; when it reports nothing left under an old key id, remove that
key. Rows are re-encrypted in batches, each in its own transaction, so a rotation can be stopped
and resumed. Keyed hashes do not change (the hash key is not rotated).
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from delivery.social.tables import SECRET_TABLES
from delivery.store import Store
from delivery.store.schema import consent_events, send_ledger, suppressions, users
from privacy.crypto import KeyRing
from privacy.tables import PRIVACY_TABLES

BATCH = 1000


def encrypted_columns() -> list[tuple[sa.Table, sa.Column]]:
    """Every ``*_enc`` column of the ops store: the privacy tables', the send path's
    (``send_ledger.to_address_enc``, ``suppressions.address_enc``, ``consent_events.address_enc``),
    the staff emails (``users.email_enc``) and the social accounts' secrets (OAuth tokens, PKCE
    verifiers)."""
    tables = (*PRIVACY_TABLES, send_ledger, suppressions, consent_events, users, *SECRET_TABLES)
    return [(t, c) for t in tables for c in t.columns if c.name.endswith("_enc")]


def key_usage(store: Store) -> Counter:
    """How many stored values each key id encrypted."""
    usage: Counter = Counter()
    with store.engine.connect() as conn:
        for _table, column in encrypted_columns():
            for value in conn.execute(sa.select(column).where(column.is_not(None))).scalars():
                usage[KeyRing.key_id_of(value)] += 1
    return usage


def rotate(store: Store, keys: KeyRing) -> dict[str, int]:
    """Re-encrypt values not under the active key; return how many per ``table.column``."""
    done: dict[str, int] = {}
    prefix = f"{keys.active}:"
    for table, column in encrypted_columns():
        pk = list(table.primary_key.columns)
        name = f"{table.name}.{column.name}"
        while True:
            with store.begin() as conn:
                rows = conn.execute(
                    sa.select(*pk, column)
                    .where(column.is_not(None), sa.not_(column.startswith(prefix)))
                    .limit(BATCH)
                ).all()
                for row in rows:
                    plain = keys.decrypt(row[-1], column=name)
                    conn.execute(
                        table.update()
                        .where(*[c == v for c, v in zip(pk, row[:-1], strict=True)])
                        .values({column.name: keys.encrypt(plain, column=name)})
                    )
            if not rows:
                break
            done[name] = done.get(name, 0) + len(rows)
    return done
