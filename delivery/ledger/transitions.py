"""A sender's moves of the rows it claimed, each *fenced* by the claim's ``owner`` token (a
sender whose lease expired, and whose rows another sender took over, cannot move them any more):
:meth:`~delivery.ledger.Ledger.mark_sending` (committed before the provider call),
``mark_submitted`` / ``mark_unknown`` / ``mark_failed``, ``release`` and ``extend_lease``; and
``requeue_unknown``, which only reconciliation calls, on the provider's proof that a message never
arrived."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from delivery.ledger.base import LedgerBase
from delivery.ledger.statements import _chunks
from delivery.store import to_utc_naive
from delivery.store.schema import send_ledger as T


class Transitions(LedgerBase):
    """The owner-fenced state transitions of claimed and in-flight rows."""

    def _fenced_update(
        self,
        ids: Sequence[str],
        *,
        owner: str | None,
        from_states: Sequence[str],
        values: Mapping[str, Any],
        conn: sa.Connection | None,
    ) -> list[str]:
        done: list[str] = []

        def run(c: sa.Connection) -> None:
            for chunk in _chunks(list(ids)):
                conds = [T.c.ledger_id.in_(chunk), T.c.state.in_(from_states)]
                if owner is not None:
                    conds.append(T.c.owner == owner)
                stmt = T.update().where(*conds).values(**values).returning(T.c.ledger_id)
                done.extend(c.execute(stmt).scalars())

        if conn is not None:
            run(conn)
        else:
            with self.store.begin() as c:
                run(c)
        return done

    def mark_sending(
        self,
        ids: Sequence[str],
        *,
        owner: str,
        now: dt.datetime,
        lease: dt.timedelta,
        provider: str,
        content_sha256: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Record that the request for ``ids`` is about to leave (claimed -> sending).

        Must commit before the provider call: from here on a crash leaves the rows ``unknown``.

        Returns
        -------
        list of str
            The ids whose claim still belonged to ``owner`` (only those may be sent).
        """
        ts = to_utc_naive(now)
        done = self._fenced_update(
            ids,
            owner=owner,
            from_states=("claimed",),
            values={
                "state": "sending",
                "provider": provider,
                "sending_at": ts,
                "lease_expires_at": ts + lease,
                "updated_at": ts,
            },
            conn=None,
        )
        if content_sha256:
            with self.store.begin() as conn:
                conn.execute(
                    T.update()
                    .where(T.c.ledger_id == sa.bindparam("b_id"), T.c.owner == owner)
                    .values(content_sha256=sa.bindparam("b_sha")),
                    [{"b_id": i, "b_sha": content_sha256[i]} for i in done if i in content_sha256],
                )
        return done

    def mark_submitted(
        self,
        submissions: Mapping[str, str],
        *,
        owner: str | None,
        now: dt.datetime,
        conn: sa.Connection | None = None,
    ) -> list[str]:
        """Record provider acceptance: ``submissions`` maps ledger id -> provider message id.

        Moves ``sending`` rows of ``owner`` and ``unknown`` rows (evidence resolves them) to
        ``submitted``. With ``owner=None`` only ``unknown`` rows move (reconciliation).

        Returns
        -------
        list of str
            The ids that moved.
        """
        ts = to_utc_naive(now)
        moved: list[str] = []
        for chunk in _chunks(list(submissions)):
            pmids = {submissions[i] for i in chunk}
            # one statement per chunk: a shared id (SendGrid's X-Message-Id) as a literal, else
            # a CASE on the ledger id (per-message ids: Twilio, SMTP, the sandbox's SMS)
            pmid: Any = (
                next(iter(pmids))
                if len(pmids) == 1
                else sa.case({i: submissions[i] for i in chunk}, value=T.c.ledger_id)
            )
            values = {
                "state": "submitted",
                "provider_message_id": pmid,
                "submitted_at": ts,
                "lease_expires_at": None,
                "updated_at": ts,
            }
            done: list[str] = []
            if owner is not None:
                done = self._fenced_update(
                    chunk, owner=owner, from_states=("sending",), values=values, conn=conn
                )
            moved_now = set(done)
            rest = [i for i in chunk if i not in moved_now]
            if rest:  # rows whose lease expired meanwhile (unknown): the acceptance resolves them
                done += self._fenced_update(
                    rest, owner=None, from_states=("unknown",), values=values, conn=conn
                )
            moved += done
        return moved

    def mark_unknown(
        self, ids: Sequence[str], *, owner: str, now: dt.datetime, error: str
    ) -> list[str]:
        """The request for ``ids`` may have left but no answer came (sending -> unknown)."""
        ts = to_utc_naive(now)
        return self._fenced_update(
            ids,
            owner=owner,
            from_states=("sending",),
            values={"state": "unknown", "last_error": error[:2000], "updated_at": ts},
            conn=None,
        )

    def mark_failed(
        self,
        errors: Mapping[str, str],
        *,
        owner: str,
        now: dt.datetime,
        state: str = "failed",
    ) -> list[str]:
        """Close rows of ``owner`` for good: ``failed`` (permanent error) or ``skipped`` (rules).

        Parameters
        ----------
        errors : mapping
            Ledger id -> human-readable reason.
        state : {"failed", "skipped"}
            Terminal state to set.
        """
        if state not in ("failed", "skipped"):
            raise ValueError(f"mark_failed state={state!r}: expected 'failed' or 'skipped'")
        ts = to_utc_naive(now)
        done: list[str] = []
        by_reason: dict[str, list[str]] = defaultdict(list)
        for lid, reason in errors.items():
            by_reason[reason[:2000]].append(lid)
        for reason, ids in by_reason.items():
            done += self._fenced_update(
                ids,
                owner=owner,
                from_states=("claimed", "sending"),
                values={
                    "state": state,
                    "last_error": reason,
                    "completed_at": ts,
                    "lease_expires_at": None,
                    "updated_at": ts,
                },
                conn=None,
            )
        return done

    def release(
        self, ids: Sequence[str], *, owner: str, now: dt.datetime, reason: str | None = None
    ) -> list[str]:
        """Give rows back (claimed/sending -> pending) when the request provably did not leave.

        Use only when the provider call was not made or was refused before acceptance
        (connection refused, 429, provider held/stopped).
        """
        return self._to_pending(
            ids, owner=owner, from_states=("claimed", "sending"), now=now, reason=reason
        )

    def _to_pending(
        self,
        ids: Sequence[str],
        *,
        owner: str | None,
        from_states: Sequence[str],
        now: dt.datetime,
        reason: str | None,
    ) -> list[str]:
        return self._fenced_update(
            ids,
            owner=owner,
            from_states=from_states,
            values={
                "state": "pending",
                "owner": None,
                "lease_expires_at": None,
                "sending_at": None,
                "last_error": reason[:2000] if reason else None,
                "updated_at": to_utc_naive(now),
            },
            conn=None,
        )

    def requeue_unknown(self, ids: Sequence[str], *, now: dt.datetime, reason: str) -> list[str]:
        """Send ``unknown`` rows again (unknown -> pending): only when the provider's own records
        prove the message never arrived (see :func:`delivery.reconcile.reconcile_unknown`)."""
        return self._to_pending(ids, owner=None, from_states=("unknown",), now=now, reason=reason)

    def extend_lease(
        self, ids: Sequence[str], *, owner: str, now: dt.datetime, lease: dt.timedelta
    ) -> list[str]:
        """Push the lease of ``owner``'s in-flight rows to ``now + lease`` (heartbeat)."""
        ts = to_utc_naive(now)
        return self._fenced_update(
            ids,
            owner=owner,
            from_states=("claimed", "sending"),
            values={"lease_expires_at": ts + lease, "updated_at": ts},
            conn=None,
        )
