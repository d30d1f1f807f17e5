"""Circuit breaker per provider account, kept in the ops store's ``provider_state`` table.

States: ``closed`` (sending), ``open`` (held after retries were exhausted; ``retry_at`` says when
the next probe may go; ``reason`` says why -- shown by ``enrollflow ops status``) and ``stopped``
(authentication failed: nothing goes until an operator runs :func:`resume`). A successful request
closes the breaker and records ``provider_resumed`` in the audit log.

Public API: :class:`Hold`, :func:`check`, :func:`probing`, :func:`record_success`, :func:`record_failure`,
:func:`stop`, :func:`resume`, :func:`status`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from delivery.store import Store, to_utc_naive
from delivery.store.schema import provider_state as P


@dataclass(frozen=True)
class Hold:
    """Why a provider's sends are held, and until when (``None``: until an operator resumes)."""

    provider: str
    status: str
    reason: str
    retry_at: dt.datetime | None


def _upsert(conn: sa.Connection, store: Store, values: dict[str, object]) -> None:
    insert = postgresql.insert if store.dialect == "postgresql" else sqlite.insert
    stmt = insert(P).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[P.c.provider], set_={k: v for k, v in values.items() if k != "provider"}
    )
    conn.execute(stmt)


def _set(
    conn: sa.Connection,
    store: Store,
    provider: str,
    status: str,
    ts: dt.datetime,
    *,
    reason: str | None = None,
    failures: int = 0,
    opened_at: dt.datetime | None = None,
    retry_at: dt.datetime | None = None,
) -> None:
    _upsert(
        conn,
        store,
        {
            "provider": provider,
            "status": status,
            "reason": reason,
            "consecutive_failures": failures,
            "opened_at": opened_at,
            "retry_at": retry_at,
            "updated_at": ts,
        },
    )


def _row(conn: sa.Connection, provider: str) -> sa.RowMapping | None:
    return conn.execute(sa.select(P).where(P.c.provider == provider)).mappings().first()


def check(store: Store, provider: str, *, now: dt.datetime) -> Hold | None:
    """Return a :class:`Hold` if ``provider`` must not send now, else ``None``.

    An ``open`` breaker whose ``retry_at`` has passed returns ``None``: the next request is the
    probe, and its result closes or re-opens the breaker.
    """
    ts = to_utc_naive(now)
    with store.engine.connect() as conn:
        row = _row(conn, provider)
    if row is None or row["status"] == "closed":
        return None
    if row["status"] == "open" and row["retry_at"] is not None and row["retry_at"] <= ts:
        return None
    return Hold(provider, row["status"], row["reason"] or "", row["retry_at"])


def probing(store: Store, provider: str) -> bool:
    """Whether the breaker of ``provider`` is ``open`` (so the next request is its probe).

    Dispatch sends a probe of one message: against a provider that still does not answer, one
    message goes ``unknown``, not a batch of a thousand.
    """
    with store.engine.connect() as conn:
        row = _row(conn, provider)
    return row is not None and row["status"] == "open"


def record_success(store: Store, provider: str, *, now: dt.datetime) -> bool:
    """Close the breaker after a successful request; return whether it was open before."""
    ts = to_utc_naive(now)
    with store.begin() as conn:
        row = _row(conn, provider)
        if row is None or (row["status"] == "closed" and row["consecutive_failures"] == 0):
            return False
        was_open = row["status"] != "closed"
        _set(conn, store, provider, "closed", ts)
        if was_open:
            store.audit(
                conn, now=now, actor="dispatch", action="provider_resumed", subject=provider
            )
    return was_open


def record_failure(
    store: Store,
    provider: str,
    *,
    now: dt.datetime,
    reason: str,
    cooldown: dt.timedelta,
    max_cooldown: dt.timedelta = dt.timedelta(hours=1),
) -> Hold:
    """Open the breaker after retries were exhausted; the cooldown doubles with each failure.

    Returns
    -------
    Hold
        The hold now in force.
    """
    ts = to_utc_naive(now)
    with store.begin() as conn:
        row = _row(conn, provider)
        failures = (row["consecutive_failures"] if row else 0) + 1
        wait = min(cooldown * (2 ** (failures - 1)), max_cooldown)
        retry_at = ts + wait
        _set(
            conn,
            store,
            provider,
            "open",
            ts,
            reason=reason,
            failures=failures,
            opened_at=row["opened_at"] if row and row["opened_at"] else ts,
            retry_at=retry_at,
        )
        store.audit(
            conn,
            now=now,
            actor="dispatch",
            action="provider_held",
            subject=provider,
            detail={"reason": reason, "retry_at": retry_at.isoformat(), "failures": failures},
        )
    return Hold(provider, "open", reason, retry_at)


def stop(store: Store, provider: str, *, now: dt.datetime, reason: str) -> Hold:
    """Stop all sends of ``provider`` until :func:`resume` (authentication failures)."""
    ts = to_utc_naive(now)
    with store.begin() as conn:
        _set(conn, store, provider, "stopped", ts, reason=reason, opened_at=ts)
        store.audit(
            conn,
            now=now,
            actor="dispatch",
            action="provider_stopped",
            subject=provider,
            detail={"reason": reason},
        )
    return Hold(provider, "stopped", reason, None)


def resume(store: Store, provider: str, *, now: dt.datetime, actor: str) -> None:
    """Let ``provider`` send again (after an operator fixed credentials or the outage)."""
    ts = to_utc_naive(now)
    with store.begin() as conn:
        _set(conn, store, provider, "closed", ts)
        store.audit(conn, now=now, actor=actor, action="provider_resumed", subject=provider)


def status(store: Store) -> list[Hold]:
    """Return the state of every provider the store knows about (closed ones included)."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(P).order_by(P.c.provider)).mappings().all()
    return [Hold(r["provider"], r["status"], r["reason"] or "", r["retry_at"]) for r in rows]
