"""Rights requests (access, erasure, objection, do-not-sell) with their legal due dates.

GDPR Art. 12(3): one month from receipt (taken as 30 days); CCPA § 1798.130(a)(2): 45 days.
A request is ``open`` until the command that serves it completes it; :func:`overdue` lists the
open ones past their due date (the ``privacy_requests_on_time`` asset check alerts on them).
The subject is kept only as a keyed hash and an encrypted reference, cleared on erasure.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from delivery.store import Store, to_utc_naive
from privacy.crypto import KeyRing
from privacy.tables import REQUEST_KINDS, REQUEST_REGIMES, privacy_requests

#: Days a controller has to answer, by regime.
DUE_DAYS = {"gdpr": 30, "ccpa": 45}


class RequestError(ValueError):
    """A request names an unknown kind or regime, or a request id that does not exist."""


@dataclass(frozen=True)
class PrivacyRequest:
    """One logged request (no personal data: the subject is a keyed hash)."""

    request_id: str
    kind: str
    regime: str
    status: str
    received_at: dt.datetime
    due_at: dt.datetime
    completed_at: dt.datetime | None
    actor: str
    outcome: dict[str, Any] | None

    def days_overdue(self, now: dt.datetime) -> int:
        """Whole days past the due date at ``now`` (0 when not overdue or done)."""
        if self.status != "open":
            return 0
        return max(0, (to_utc_naive(now) - self.due_at).days)


def due_date(regime: str, received_at: dt.datetime) -> dt.datetime:
    """The legal due date of a request received at ``received_at`` under ``regime``."""
    if regime not in DUE_DAYS:
        raise RequestError(f"regime {regime!r}: expected one of {', '.join(REQUEST_REGIMES)}")
    return to_utc_naive(received_at) + dt.timedelta(days=DUE_DAYS[regime])


def open_request(
    conn: sa.Connection,
    keys: KeyRing,
    *,
    kind: str,
    regime: str,
    reference: str,
    now: dt.datetime,
    actor: str,
) -> str:
    """Log a request received ``now``; return its id."""
    if kind not in REQUEST_KINDS:
        raise RequestError(f"request kind {kind!r}: expected one of {', '.join(REQUEST_KINDS)}")
    request_id = f"pr_{uuid.uuid4().hex[:16]}"
    conn.execute(
        privacy_requests.insert().values(
            request_id=request_id,
            kind=kind,
            regime=regime,
            subject_hash=keys.hash("subject", reference),
            subject_enc=keys.encrypt(reference, column="privacy_requests.subject_enc"),
            status="open",
            received_at=to_utc_naive(now),
            due_at=due_date(regime, now),
            actor=actor,
        )
    )
    return request_id


def complete_request(
    conn: sa.Connection,
    request_id: str,
    *,
    now: dt.datetime,
    outcome: dict[str, Any],
    forget_subject: bool = False,
) -> None:
    """Mark a request completed with its outcome (counts only); optionally drop its subject."""
    values: dict[str, Any] = {
        "status": "completed",
        "completed_at": to_utc_naive(now),
        "outcome": json.dumps(outcome, sort_keys=True, default=str),
    }
    if forget_subject:
        values["subject_enc"] = None
    n = conn.execute(
        privacy_requests.update()
        .where(privacy_requests.c.request_id == request_id)
        .values(**values)
    ).rowcount
    if not n:
        raise RequestError(f"no privacy request {request_id!r}")


def complete_earlier_attempts(
    conn: sa.Connection, keys: KeyRing, *, kind: str, reference: str, by: str, now: dt.datetime
) -> int:
    """Complete open requests of ``kind`` for the same reference (attempts that failed midway,
    served now by request ``by``); return how many."""
    return conn.execute(
        privacy_requests.update()
        .where(
            privacy_requests.c.kind == kind,
            privacy_requests.c.status == "open",
            privacy_requests.c.subject_hash == keys.hash("subject", reference),
            privacy_requests.c.request_id != by,
        )
        .values(
            status="completed",
            completed_at=to_utc_naive(now),
            outcome=json.dumps({"served_by": by}),
            subject_enc=None,
        )
    ).rowcount


def _from_row(row: sa.Row) -> PrivacyRequest:
    m = row._mapping
    return PrivacyRequest(
        request_id=m["request_id"],
        kind=m["kind"],
        regime=m["regime"],
        status=m["status"],
        received_at=m["received_at"],
        due_at=m["due_at"],
        completed_at=m["completed_at"],
        actor=m["actor"],
        outcome=json.loads(m["outcome"]) if m["outcome"] else None,
    )


def list_requests(store: Store, *, status: str | None = None) -> list[PrivacyRequest]:
    """Every logged request (or those with ``status``), oldest first."""
    query = sa.select(privacy_requests).order_by(privacy_requests.c.received_at)
    if status is not None:
        query = query.where(privacy_requests.c.status == status)
    with store.engine.connect() as conn:
        return [_from_row(r) for r in conn.execute(query)]


def overdue(store: Store, *, now: dt.datetime) -> list[PrivacyRequest]:
    """Open requests whose legal due date is before ``now``."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(privacy_requests)
            .where(privacy_requests.c.status == "open")
            .where(privacy_requests.c.due_at < to_utc_naive(now))
            .order_by(privacy_requests.c.due_at)
        )
        return [_from_row(r) for r in rows]
