"""Writing pending rows: :meth:`delivery.ledger.Ledger.enqueue`, before any provider call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.dialects import postgresql, sqlite

from delivery.ledger.addresses import seal_addresses
from delivery.ledger.base import LedgerBase
from delivery.ledger.keys import LedgerKey
from delivery.ledger.statements import _chunks
from delivery.store import to_utc_naive
from delivery.store.schema import send_ledger as T


class Enqueue(LedgerBase):
    """Insert the rows of messages to send (idempotent per key)."""

    def enqueue(self, keys: Iterable[LedgerKey], *, now: dt.datetime) -> int:
        """Insert pending rows for ``keys``; keys already in the ledger are left untouched.

        Parameters
        ----------
        keys : iterable of LedgerKey
            Messages to send. Re-enqueueing an existing key is a no-op (``ON CONFLICT DO NOTHING``),
            so a second run of the same step cannot create a second message.
        now : datetime.datetime
            Current time (UTC).

        Returns
        -------
        int
            Number of rows actually inserted.
        """
        ts = to_utc_naive(now)
        keys = list(keys)
        sealed = {}
        for channel in {k.channel for k in keys}:
            mine = [k for k in keys if k.channel == channel]
            enc, digests = seal_addresses(self.store, channel, [k.to_address for k in mine])
            sealed.update({k.ledger_id: (e, d) for k, e, d in zip(mine, enc, digests, strict=True)})
        rows = [
            {
                "ledger_id": k.ledger_id,
                "campaign_id": k.campaign_id,
                "step_id": k.step_id,
                "contact_id": k.contact_id,
                "channel": k.channel,
                "occurrence": k.occurrence,
                "variant_id": k.variant_id,
                "to_address_enc": sealed[k.ledger_id][0],
                "to_address_hash": sealed[k.ledger_id][1],
                "state": "pending",
                "attempts": 0,
                "created_at": ts,
                "updated_at": ts,
            }
            for k in keys
        ]
        dialect_insert = postgresql.insert if self.store.dialect == "postgresql" else sqlite.insert
        inserted = 0
        with self.store.begin() as conn:
            for chunk in _chunks(rows):
                stmt = dialect_insert(T).on_conflict_do_nothing().returning(T.c.ledger_id)
                inserted += len(conn.execute(stmt, list(chunk)).all())
        return inserted
