"""Resolve ``unknown`` ledger rows from the provider's own records -- never by blind resending.

An ``unknown`` row's request may have reached the provider. :func:`reconcile_unknown` asks the
provider (SendGrid Email Activity by ``custom_args.ledger_id``, Twilio's message list by
recipient and body hash, the sandbox's files) and:

- found -> ``submitted`` with the provider's message id (webhook events then take it further);
- not found, and the request left more than ``not_found_after`` ago -> ``pending`` (sent again;
  the grace period covers the provider's indexing lag, and must exceed the claim lease);
- not found yet -> stays ``unknown``;
- provider keeps no searchable record (SMTP) -> stays ``unknown`` and is put in the audited
  decision queue (``ledger_decisions``, alerted, shown by ``enrollflow ops status``) where an
  operator resolves it with :func:`decide` (``enrollflow ops decide resend|abandon ID``):
  never silence, never a blind resend.

Lookups are per provider and in bulk (SendGrid: one Email Activity query per chunk of ids;
Twilio: one message list over the rows' sending window), never one API call per row.
Webhook events (:mod:`delivery.webhooks`) resolve ``unknown`` rows too, as soon as they arrive.
The production path runs this from the campaign step job before it dispatches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from delivery.ledger import Ledger, LedgerRow
from delivery.providers.base import LookupNotSupported, Provider
from delivery.store import Store, server_now, to_utc_naive
from delivery.store.schema import ledger_decisions as D
from delivery.store.schema import send_ledger as T

DECISIONS = ("resend", "abandon")


class DecisionError(ValueError):
    """An operator decision cannot apply (the message says which row and why)."""


@dataclass
class ReconcileReport:
    """Counts of one :func:`reconcile_unknown` call."""

    expired_to_pending: int = 0
    expired_to_unknown: int = 0
    examined: int = 0
    found: int = 0
    requeued: int = 0
    still_unknown: int = 0
    lookup_supported: bool = True
    queued_for_decision: int = 0


def reconcile_unknown(
    store: Store,
    provider: Provider,
    *,
    now: dt.datetime,
    not_found_after: dt.timedelta = dt.timedelta(hours=1),
) -> ReconcileReport:
    """Expire stale leases, then resolve ``unknown`` rows of ``provider`` from its records.

    Parameters
    ----------
    store : Store
        The ops store.
    provider : Provider
        Provider whose ``kind`` matches the rows' ``provider`` column.
    now : datetime.datetime
        Current time (UTC).
    not_found_after : datetime.timedelta
        How long after the request left a message missing at the provider counts as never sent.

    Returns
    -------
    ReconcileReport
        What moved.
    """
    ledger = Ledger(store)
    report = ReconcileReport()
    expired = ledger.expire_leases(now=now)
    report.expired_to_pending = expired["pending"]
    report.expired_to_unknown = expired["unknown"]
    queued = awaiting_decision(store)
    rows = [
        r for r in ledger.rows(state="unknown", provider=provider.kind) if r.ledger_id not in queued
    ]
    report.examined = len(rows)
    if not rows:
        return report
    try:
        found = provider.lookup(rows)
    except LookupNotSupported as exc:
        report.lookup_supported = False
        report.queued_for_decision = queue_for_decision(
            store, rows, provider=provider.kind, reason=str(exc), now=now
        )
        report.still_unknown = len(rows)
        return report
    if getattr(provider, "message_ids_unique", False):
        found = _unclaimed_evidence(store, found)
    report.found = len(ledger.mark_submitted(found, owner=None, now=now))
    cutoff = to_utc_naive(now) - not_found_after
    missing = [
        r.ledger_id
        for r in rows
        if r.ledger_id not in found and (r.sending_at is None or r.sending_at <= cutoff)
    ]
    requeued = ledger.requeue_unknown(
        missing,
        now=now,
        reason=f"not found at {provider.name} {not_found_after} after sending; requeued",
    )
    report.requeued = len(requeued)
    if requeued:
        with store.begin() as conn:
            store.audit(
                conn,
                now=now,
                actor="reconcile",
                action="ledger_requeued",
                subject=provider.name,
                detail={"rows": len(requeued), "first": requeued[:20]},
            )
    report.still_unknown = report.examined - report.found - report.requeued
    return report


def awaiting_decision(store: Store) -> dict[str, dict[str, object]]:
    """The decision queue: ``{ledger_id: {provider, reason, queued_at, campaign_id, to}}`` of
    ``unknown`` rows waiting for an operator (oldest first)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(D.c.ledger_id, D.c.provider, D.c.reason, D.c.queued_at, T.c.campaign_id)
            .join(T, T.c.ledger_id == D.c.ledger_id)
            .where(D.c.decision.is_(None), T.c.state == "unknown")
            .order_by(D.c.queued_at, D.c.ledger_id)
        ).mappings()
        return {r["ledger_id"]: dict(r) for r in rows}


def queue_for_decision(
    store: Store, rows: Sequence[LedgerRow], *, provider: str, reason: str, now: dt.datetime
) -> int:
    """Put ``unknown`` rows a provider cannot look up into the decision queue (audited).

    Returns
    -------
    int
        Rows newly queued (a row already queued is left as it is).
    """
    if not rows:
        return 0
    insert = postgresql.insert if store.dialect == "postgresql" else sqlite.insert
    ts = to_utc_naive(now)
    stmt = insert(D).values(
        [
            {
                "ledger_id": r.ledger_id,
                "provider": provider,
                "reason": f"{reason} (last error: {r.last_error or '-'})"[:2000],
                "queued_at": ts,
            }
            for r in rows
        ]
    )
    # a row decided before (resent) that is unknown again goes back into the queue
    stmt = stmt.on_conflict_do_update(
        index_elements=[D.c.ledger_id],
        set_={
            "reason": stmt.excluded.reason,
            "queued_at": stmt.excluded.queued_at,
            "decision": None,
            "decided_by": None,
            "decided_at": None,
        },
        where=D.c.decision.is_not(None),
    ).returning(D.c.ledger_id)
    with store.begin() as conn:
        added = conn.execute(stmt).scalars().all()
        if added:
            store.audit(
                conn,
                now=now,
                actor="reconcile",
                action="ledger_decision_queued",
                subject=provider,
                detail={"rows": len(added), "first": sorted(added)[:20]},
            )
    return len(added)


def decide(
    store: Store, ledger_ids: Sequence[str], decision: str, *, actor: str, now: dt.datetime
) -> list[str]:
    """An operator's decision on queued ``unknown`` rows: ``resend`` or ``abandon`` (audited).

    ``resend`` puts the row back to ``pending`` (it is re-checked and sent again: choose it when
    the recipient did not get the message, e.g. the relay's logs show no delivery);
    ``abandon`` closes it as ``failed`` (choose it when it may well have arrived).

    Parameters
    ----------
    store : Store
    ledger_ids : sequence of str
        Rows in the decision queue.
    decision : {"resend", "abandon"}
    actor : str
        Who decides (audited; the time is the database server's).
    now : datetime.datetime
        Current time (UTC).

    Returns
    -------
    list of str
        The ids decided.

    Raises
    ------
    DecisionError
        If the decision is unknown, or an id is not waiting for a decision.
    """
    if decision not in DECISIONS:
        raise DecisionError(f"decision {decision!r}: expected one of {DECISIONS}")
    waiting = awaiting_decision(store)
    missing = [i for i in ledger_ids if i not in waiting]
    if missing:
        raise DecisionError(
            f"{len(missing)} row(s) are not waiting for a decision (first: {missing[0]!r}); "
            "see `enrollflow ops status` for the queue"
        )
    ts = to_utc_naive(now)
    ids = list(ledger_ids)
    with store.begin() as conn:
        if decision == "resend":
            values = {
                "state": "pending",
                "owner": None,
                "lease_expires_at": None,
                "sending_at": None,
                "last_error": f"outcome unknown; {actor} decided to resend",
                "updated_at": ts,
            }
        else:
            values = {
                "state": "failed",
                "last_error": f"outcome unknown; abandoned by {actor}",
                "completed_at": ts,
                "lease_expires_at": None,
                "updated_at": ts,
            }
        done = (
            conn.execute(
                T.update()
                .where(T.c.ledger_id.in_(ids), T.c.state == "unknown")
                .values(**values)
                .returning(T.c.ledger_id)
            )
            .scalars()
            .all()
        )
        conn.execute(
            D.update()
            .where(D.c.ledger_id.in_(done))
            .values(decision=decision, decided_by=actor, decided_at=server_now(conn))
        )
        store.audit(
            conn,
            now=now,
            actor=actor,
            action=f"ledger_{decision}",
            subject=done[0] if len(done) == 1 else f"{len(done)} rows",
            detail={"rows": len(done), "first": sorted(done)[:20]},
        )
    return sorted(done)


def _unclaimed_evidence(store: Store, found: dict[str, str]) -> dict[str, str]:
    """Drop matches whose provider message id already belongs to another ledger row: for a
    provider with one id per message (Twilio's sid), one message proves one send, never two.
    (SendGrid's X-Message-Id is shared by a whole request, so this does not apply to it.)"""
    if not found:
        return found
    owners: dict[str, str] = {}
    with store.engine.connect() as conn:
        pmids = sorted(set(found.values()))
        for i in range(0, len(pmids), 500):
            for lid, pmid in conn.execute(
                sa.select(T.c.ledger_id, T.c.provider_message_id).where(
                    T.c.provider_message_id.in_(pmids[i : i + 500])
                )
            ).all():
                owners[pmid] = lid
    return {lid: pmid for lid, pmid in found.items() if owners.get(pmid, lid) == lid}
