"""Claiming pending rows for a sender: :meth:`~delivery.ledger.Ledger.claim` (plain) and
:meth:`~delivery.ledger.Ledger.claim_checked`, which lets the dispatch-time check
(:mod:`delivery.send_check`) decide each candidate *in the claim's transaction* -- send (claimed,
its cap slot reserved and its cost charged), skip/fail for good, defer (``not_before``) or hold
(``held_reason``, e.g. the budget) -- after skipping the rows of an erased person;
:meth:`~delivery.ledger.Ledger.lift_holds` makes held rows claimable again."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import sqlalchemy as sa

from delivery.ledger.base import LedgerBase
from delivery.ledger.rows import CheckedClaim, LedgerRow, Verdict
from delivery.ledger.statements import _chunks, _claim_values, _claimable
from delivery.store import to_utc_naive
from delivery.store.schema import send_ledger as T
from privacy.tables import privacy_tombstones

#: Why a row of an erased person is skipped at claim time.
ERASED = "erased: the person's data was erased (privacy tombstone); never sent again"
_PG_SEND_CHECK_LOCK = 742_002  # pg_advisory_xact_lock key serialising dispatch-time checks


class Claims(LedgerBase):
    """Take pending rows for one sender (owner token + lease), plainly or re-checked."""

    def claim(
        self,
        *,
        owner: str,
        now: dt.datetime,
        lease: dt.timedelta,
        limit: int = 1000,
        ledger_ids: Sequence[str] | None = None,
        campaign_id: str | None = None,
        step_id: str | None = None,
        channel: str | None = None,
    ) -> list[LedgerRow]:
        """Atomically claim up to ``limit`` pending rows for ``owner`` until ``now + lease``.

        Two senders calling this at once never get the same row (``FOR UPDATE SKIP LOCKED`` on
        Postgres; SQLite serialises writers with ``BEGIN IMMEDIATE``).

        Parameters
        ----------
        owner : str
            Unique token of this sender (fences all later transitions).
        now : datetime.datetime
            Current time (UTC).
        lease : datetime.timedelta
            How long the claim holds; must exceed the provider timeout plus retries.
        limit : int
            Maximum rows to claim.
        ledger_ids, campaign_id, step_id, channel : optional
            Restrict the claim to these rows.

        Returns
        -------
        list of LedgerRow
            The rows now claimed by ``owner`` (ordered by ledger id).
        """
        ts = to_utc_naive(now)
        conds = _claimable(ts, campaign_id=campaign_id, step_id=step_id, channel=channel)
        claimed: list[LedgerRow] = []
        id_groups: Iterable[Sequence[str] | None] = (
            list(_chunks(list(ledger_ids))) if ledger_ids is not None else [None]
        )
        with self.store.begin() as conn:
            for group in id_groups:
                remaining = limit - len(claimed)
                if remaining <= 0:
                    break
                where = [*conds, T.c.ledger_id.in_(group)] if group is not None else conds
                pick = (
                    sa.select(T.c.ledger_id)
                    .where(*where)
                    .limit(remaining)  # no ORDER BY: sorting all pending rows per claim is O(N)
                    .with_for_update(skip_locked=True)
                    .cte("picked")
                )
                # A CTE is evaluated once; ``IN (subquery LIMIT n)`` may be re-run by the planner
                # and claim more than ``n`` rows on Postgres.
                stmt = (
                    T.update()
                    .where(T.c.ledger_id == pick.c.ledger_id, T.c.state == "pending")
                    .values(**_claim_values(owner, ts, lease))
                    .returning(*T.c)
                )
                claimed.extend(self._row(r) for r in conn.execute(stmt).mappings())
        return sorted(claimed, key=lambda r: r.ledger_id)

    def claim_checked(
        self,
        *,
        owner: str,
        now: dt.datetime,
        lease: dt.timedelta,
        limit: int,
        gate: Callable[[sa.Connection, list[LedgerRow]], Mapping[str, Verdict]],
        campaign_id: str | None = None,
        channel: str | None = None,
    ) -> CheckedClaim:
        """Claim up to ``limit`` pending rows, re-checking every rule *in the claim's transaction*.

        First, in the same transaction, rows of an erased person (contact id or address hash
        is a privacy tombstone) are skipped; then ``gate(conn, candidates)`` sees the rest (locked: ``FOR UPDATE SKIP LOCKED``
        on Postgres, the database write lock on SQLite) and returns a :class:`Verdict` per
        ledger id; a missing id counts as ``wait``. On Postgres the transaction first takes an
        advisory lock shared by every checked claim, so two processes cannot both take the last
        slot of a contact's frequency cap or of a campaign's budget: they are decided one after
        the other, each seeing what the other reserved.

        Returns
        -------
        CheckedClaim
            Rows now ``claimed`` by ``owner`` (with ``reserved_at`` and ``cost_amount`` set),
            and every verdict.
        """
        ts = to_utc_naive(now)
        conds = _claimable(ts, campaign_id=campaign_id, channel=channel)
        with self.store.begin() as conn:
            if self.store.dialect == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_SEND_CHECK_LOCK)))
            candidates = [
                self._row(r)
                for r in conn.execute(
                    sa.select(T)
                    .where(*conds)
                    .limit(limit)  # no ORDER BY: sorting every pending row per batch is O(N)
                    .with_for_update(skip_locked=True)
                ).mappings()
            ]
            if not candidates:
                return CheckedClaim([], {}, 0)
            erased = self._tombstoned(conn, candidates)
            verdicts = {i: Verdict("skip", ERASED) for i in erased}
            rest = [r for r in candidates if r.ledger_id not in erased]
            if rest:
                verdicts.update(gate(conn, rest))
            by_kind: dict[str, list[str]] = defaultdict(list)
            for lid, v in verdicts.items():
                by_kind[v.kind].append(lid)
            claimed: list[LedgerRow] = []
            if by_kind["send"]:
                stmt = (
                    T.update()
                    .where(T.c.ledger_id == sa.bindparam("b_id"), T.c.state == "pending")
                    .values(
                        **_claim_values(owner, ts, lease),
                        reserved_at=ts,
                        cost_amount=sa.bindparam("b_cost"),
                        not_before=None,
                    )
                )
                conn.execute(
                    stmt,
                    [{"b_id": i, "b_cost": verdicts[i].cost} for i in by_kind["send"]],
                )
                claimed = [
                    self._row(r)
                    for r in conn.execute(
                        sa.select(T).where(T.c.ledger_id.in_(by_kind["send"]), T.c.owner == owner)
                    ).mappings()
                ]
            for kind, state in (("skip", "skipped"), ("fail", "failed")):
                if by_kind[kind]:
                    conn.execute(
                        T.update()
                        .where(T.c.ledger_id == sa.bindparam("b_id"), T.c.state == "pending")
                        .values(
                            state=state,
                            last_error=sa.bindparam("b_reason"),
                            completed_at=ts,
                            updated_at=ts,
                        ),
                        [{"b_id": i, "b_reason": verdicts[i].reason[:2000]} for i in by_kind[kind]],
                    )
            if by_kind["defer"] or by_kind["hold"]:
                conn.execute(
                    T.update()
                    .where(T.c.ledger_id == sa.bindparam("b_id"), T.c.state == "pending")
                    .values(
                        not_before=sa.bindparam("b_until"),
                        held_reason=sa.bindparam("b_hold"),
                        last_error=sa.bindparam("b_reason"),
                        updated_at=ts,
                    ),
                    [
                        {
                            "b_id": i,
                            "b_until": to_utc_naive(verdicts[i].until)
                            if verdicts[i].until
                            else None,
                            "b_hold": verdicts[i].reason.split(":", 1)[0][:64]
                            if kind == "hold"
                            else None,
                            "b_reason": verdicts[i].reason[:2000],
                        }
                        for kind in ("defer", "hold")
                        for i in by_kind[kind]
                    ],
                )
        return CheckedClaim(sorted(claimed, key=lambda r: r.ledger_id), verdicts, len(candidates))

    def _tombstoned(self, conn: sa.Connection, rows: list[LedgerRow]) -> set[str]:
        """Ledger ids among ``rows`` whose person was erased: their contact id or their
        address hashes to a privacy tombstone (so a re-imported person is never mailed)."""
        keys = self.codec.keys
        by_hash: dict[str, list[str]] = defaultdict(list)
        for r in rows:
            by_hash[keys.hash("contact", r.contact_id)].append(r.ledger_id)
            if r.to_address_hash:
                by_hash[r.to_address_hash].append(r.ledger_id)
        hashes = sorted(by_hash)
        found: set[str] = set()
        for chunk in _chunks(hashes):
            for digest in conn.execute(
                sa.select(privacy_tombstones.c.keyed_hash).where(
                    privacy_tombstones.c.keyed_hash.in_(chunk)
                )
            ).scalars():
                found.update(by_hash[digest])
        return found

    def lift_holds(
        self,
        campaign_id: str,
        *,
        now: dt.datetime,
        reason: str = "budget",
        conn: sa.Connection | None = None,
    ) -> int:
        """Make ``campaign_id``'s pending rows held for ``reason`` claimable again (they are
        re-checked when claimed: a budget still too small holds them again)."""
        stmt = (
            T.update()
            .where(
                T.c.campaign_id == campaign_id,
                T.c.state == "pending",
                T.c.held_reason == reason,
            )
            .values(held_reason=None, updated_at=to_utc_naive(now))
        )
        if conn is not None:
            return conn.execute(stmt).rowcount
        with self.store.begin() as own:
            return own.execute(stmt).rowcount
