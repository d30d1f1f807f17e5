"""The privacy consent ledger is keyed by the send path's canonical address, like everything else.

Revision ID: 0017_consent_ledger_canonical
Revises: 0016_renormalised_sms_addresses
Create Date: 2026-12-06

``consent_ledger`` rows were hashed and sealed in the privacy hash's own canonical form
(``privacy.crypto.canonical``: emails lower-cased, phones stripped of spaces, dashes, brackets and
dots), so a CRM phone written ``+44 (0)7911 123456`` or ``0044 7911 123456`` was stored under
``+4407911123456`` / ``00447911123456`` and the preference centre, asking with ``+447911123456``,
did not find its withdrawal. Since this revision :mod:`privacy.consent` keys rows by
``normalise_address`` (E.164 phones, trimmed lower-case emails; ``consent_address``), the form
suppressions, consent events, STOP handling and the dispatch-time check compare on.

Every row (SMS and email) is opened once and normalised; a row whose keyed hash or sealed address
is not already the canonical form gets both rewritten (``address_hash`` and a re-sealed
``address_enc``). A row stored right is not written, so running it again changes nothing. Email
rows already hash alike (the keyed hash lower-cases and trims them either way); only their sealed
address, kept as given (case, spaces), is re-sealed in the canonical form.

A row whose address has no canonical form (an SMS address that is not a valid phone number) is
left as it is, counted in a log line: it was never sendable, and a lookup of the same digits
still finds it (both forms keep only its digits).

Cost: every row is decrypted and normalised once (``phonenumbers``, ~30 us a phone); only the
rows that change are written (batched ``UPDATE`` by id, 5,000 a batch). Measured on this machine
(2 shared cores, load ~2.6), the whole ``migrate`` from 0016 with 100,000 SMS rows: all in the old
form 11.8 s on SQLite and 27.7 s on Postgres (psycopg2 sends an executemany ``UPDATE`` row by
row); all right already 10.1 s and 7.3 s. A million-row ledger adds a few minutes. ``downgrade``
changes nothing: the old hashes matched no lookup of the send path's form.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

from delivery.migrations.keys import migration_keys

revision = "0017_consent_ledger_canonical"
down_revision = "0016_renormalised_sms_addresses"
branch_labels = None
depends_on = None

_FETCH = 5_000
_COLUMN = "consent_ledger.address_enc"
log = logging.getLogger("alembic.runtime.migration")


def _ledger() -> sa.TableClause:
    return sa.table(
        "consent_ledger", *(sa.column(c) for c in ("consent_id", "channel", "address_hash",
                                                   "address_enc"))
    )  # fmt: skip


def _changed(conn: sa.Connection, keys) -> tuple[list[dict], int]:
    """The rows to rewrite (id, new hash, new sealed address) and how many have no canonical form."""
    from privacy.consent import ConsentError, consent_address

    t = _ledger()
    rows = conn.execute(
        sa.select(t.c.consent_id, t.c.channel, t.c.address_hash, t.c.address_enc)
        .where(t.c.channel.in_(("sms", "email")))
        .execution_options(yield_per=_FETCH)  # a large ledger is streamed, not held
    )
    out, left = [], 0
    for consent_id, channel, digest, enc in rows:
        stored = keys.decrypt(enc, column=_COLUMN)
        try:
            canonical = consent_address(channel, stored)
        except ConsentError:
            left += 1
            continue
        new = keys.hash("address", canonical)
        if new == digest and stored == canonical:
            continue
        out.append({"b_id": consent_id, "b_hash": new,
                    "b_enc": keys.encrypt(canonical, column=_COLUMN)})  # fmt: skip
    return out, left


def upgrade() -> None:
    conn = op.get_bind()
    rows, left = _changed(conn, migration_keys())
    t = _ledger()
    stmt = (
        t.update()
        .where(t.c.consent_id == sa.bindparam("b_id"))
        .values(address_hash=sa.bindparam("b_hash"), address_enc=sa.bindparam("b_enc"))
    )
    for start in range(0, len(rows), _FETCH):
        conn.execute(stmt, rows[start : start + _FETCH])
    log.info(
        "consent_ledger: %d row(s) re-keyed to the canonical address; %d left as they were "
        "(no canonical form: not a valid phone number)",
        len(rows),
        left,
    )


def downgrade() -> None:
    """Nothing to undo: the hashes replaced matched no lookup in the canonical form."""
