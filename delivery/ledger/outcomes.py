"""Moves no sender makes: a provider-reported outcome (webhooks, reconciliation), which only moves
a row forward, and lease expiry, which sends a row that provably never left back to ``pending``
and one that may have left to ``unknown``."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from delivery.ledger.base import LedgerBase
from delivery.ledger.statements import _OUTCOME_FROM, _outcome_update
from delivery.store import to_utc_naive
from delivery.store.schema import send_ledger as T


class Outcomes(LedgerBase):
    """Evidence after the call, and the expiry of leases."""

    def apply_outcome(
        self,
        ledger_id: str,
        outcome: str,
        *,
        now: dt.datetime,
        provider_message_id: str | None = None,
        reason: str | None = None,
        conn: sa.Connection | None = None,
    ) -> bool:
        """Apply a provider-reported outcome (``submitted``/``delivered``/``bounced``/``failed``).

        Outcomes only move a row forward: ``submitted`` < ``delivered`` < ``bounced``/``failed``;
        an ``unknown`` or ``sending`` row is resolved by any outcome (it proves the send left).

        Returns
        -------
        bool
            Whether the row changed.
        """
        if outcome not in _OUTCOME_FROM:
            raise ValueError(f"outcome={outcome!r}: expected one of {sorted(_OUTCOME_FROM)}")
        # one webhook event each: the statement is built once per shape, only values bound
        stmt = _outcome_update(outcome, bool(provider_message_id), bool(reason))
        params = {"_ledger_id": ledger_id, "_ts": to_utc_naive(now)}
        if provider_message_id:
            params["_pmid"] = provider_message_id
        if reason:
            params["_reason"] = reason[:2000]

        def run(c: sa.Connection) -> bool:
            return c.execute(stmt, params).first() is not None

        if conn is not None:
            return run(conn)
        with self.store.begin() as c:
            return run(c)

    def expire_leases(self, *, now: dt.datetime) -> dict[str, int]:
        """Resolve expired leases: ``claimed`` -> ``pending`` (never left), ``sending`` -> ``unknown``.

        Returns
        -------
        dict
            ``{"pending": n, "unknown": m}`` rows moved.
        """
        ts = to_utc_naive(now)
        expired = sa.and_(T.c.lease_expires_at.is_not(None), T.c.lease_expires_at < ts)
        with self.store.begin() as conn:
            to_pending = conn.execute(
                T.update()
                .where(T.c.state == "claimed", expired)
                .values(
                    state="pending",
                    owner=None,
                    lease_expires_at=None,
                    last_error="lease expired before the request left; requeued",
                    updated_at=ts,
                )
            ).rowcount
            to_unknown = conn.execute(
                T.update()
                .where(T.c.state == "sending", expired)
                .values(
                    state="unknown",
                    lease_expires_at=None,
                    last_error="lease expired after the request may have left; reconcile",
                    updated_at=ts,
                )
            ).rowcount
        return {"pending": to_pending, "unknown": to_unknown}
