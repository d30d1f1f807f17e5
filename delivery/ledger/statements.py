"""The SQL pieces shared by the ledger's operations: what a claimable row is, what a claim
sets, the cached ``UPDATE`` of a provider outcome, and the chunking of long id lists."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from delivery.store.schema import send_ledger as T

_CHUNK = 500


def _claimable(ts: dt.datetime, **equal: str | None) -> list[Any]:
    """Pending, not held, not deferred past ``ts``, and each given column equal to its value."""
    conds = [
        T.c.state == "pending",
        T.c.held_reason.is_(None),
        sa.or_(T.c.not_before.is_(None), T.c.not_before <= ts),
    ]
    return conds + [T.c[name] == value for name, value in equal.items() if value is not None]


def _claim_values(owner: str, ts: dt.datetime, lease: dt.timedelta) -> dict[str, Any]:
    """The columns a claim sets (owner token, lease, attempt count)."""
    return {
        "state": "claimed",
        "owner": owner,
        "lease_expires_at": ts + lease,
        "attempts": T.c.attempts + 1,
        "updated_at": ts,
    }


#: Provider outcome -> the states it may move a row from (outcomes only move a row forward).
_OUTCOME_FROM = {
    "submitted": ("sending", "unknown"),
    "delivered": ("sending", "unknown", "submitted"),
    "bounced": ("sending", "unknown", "submitted", "delivered"),
    "failed": ("sending", "unknown", "submitted"),
}


@functools.cache
def _outcome_update(outcome: str, with_pmid: bool, with_reason: bool) -> sa.Update:
    """``UPDATE`` of one row to ``outcome`` (binds ``_ledger_id``, ``_ts``, ``_pmid``, ``_reason``).

    The states are plain comparisons, not an expanding ``IN``, so the compiled statement is
    reused as is.
    """
    ts = sa.bindparam("_ts")
    values: dict[str, Any] = {"state": outcome, "updated_at": ts, "lease_expires_at": None}
    values["submitted_at" if outcome == "submitted" else "completed_at"] = ts
    if with_pmid:
        values["provider_message_id"] = sa.func.coalesce(
            T.c.provider_message_id, sa.bindparam("_pmid")
        )
    if with_reason:
        values["last_error"] = sa.bindparam("_reason")
    return (
        T.update()
        .where(
            T.c.ledger_id == sa.bindparam("_ledger_id"),
            sa.or_(*(T.c.state == state for state in _OUTCOME_FROM[outcome])),
        )
        .values(**values)
        .returning(T.c.ledger_id)
    )


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
