"""Reading the ledger back: one row, rows by state/provider, counts by state."""

from __future__ import annotations

import sqlalchemy as sa

from delivery.ledger.base import LedgerBase
from delivery.ledger.rows import LedgerRow
from delivery.store.schema import send_ledger as T


class Reads(LedgerBase):
    """Read-only queries (each on its own connection)."""

    def get(self, ledger_id: str) -> LedgerRow | None:
        """Return one row by ledger id (or ``None``)."""
        with self.store.engine.connect() as conn:
            row = conn.execute(sa.select(T).where(T.c.ledger_id == ledger_id)).mappings().first()
        return self._row(row) if row else None

    def rows(self, *, state: str | None = None, provider: str | None = None) -> list[LedgerRow]:
        """Return rows, optionally filtered by state and provider (ordered by ledger id)."""
        stmt = sa.select(T).order_by(T.c.ledger_id)
        if state is not None:
            stmt = stmt.where(T.c.state == state)
        if provider is not None:
            stmt = stmt.where(T.c.provider == provider)
        with self.store.engine.connect() as conn:
            return [self._row(r) for r in conn.execute(stmt).mappings()]

    def counts(self, *, campaign_id: str | None = None) -> dict[str, int]:
        """Return ``{state: rows}`` (for status displays and tests)."""
        stmt = sa.select(T.c.state, sa.func.count()).group_by(T.c.state)
        if campaign_id is not None:
            stmt = stmt.where(T.c.campaign_id == campaign_id)
        with self.store.engine.connect() as conn:
            return {s: n for s, n in conn.execute(stmt).all()}
