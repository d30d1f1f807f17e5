"""Resolve ``unknown`` ledger rows from the provider's own records -- never by blind resending.

An ``unknown`` row's request may have reached the provider. :func:`reconcile_unknown` asks the
provider (SendGrid Email Activity by ``custom_args.ledger_id``, Twilio's message list by
recipient and body hash, the sandbox's files) and:

- found -> ``submitted`` with the provider's message id (webhook events then take it further);
- not found, and the request left more than ``not_found_after`` ago -> ``pending`` (sent again;
  the grace period covers the provider's indexing lag, and must exceed the claim lease);
- not found yet -> stays ``unknown``;
- provider keeps no searchable record (SMTP) -> stays ``unknown`` for an operator.

Webhook events (:mod:`delivery.webhooks`) resolve ``unknown`` rows too, as soon as they arrive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from delivery.ledger import Ledger
from delivery.providers.base import LookupNotSupported, Provider
from delivery.store import Store, to_utc_naive


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
    rows = ledger.rows(state="unknown", provider=provider.kind)
    report.examined = len(rows)
    if not rows:
        return report
    try:
        found = provider.lookup(rows)
    except LookupNotSupported:
        report.lookup_supported = False
        report.still_unknown = len(rows)
        return report
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
