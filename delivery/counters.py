"""Per-campaign running figures in the ops store (revision ``0012_campaign_counters``).

``spent`` is kept by triggers on ``send_ledger`` in the same statement as every ledger change, so
it always equals what the dispatch-time check charges (:func:`spent_by_ledger_scan`, the O(ledger)
definition it replaces) -- except that purging old ledger rows does not lower it.

Engagement (``opened``, ``clicked``, ``unsubscribed``, ``complained``, ``converted``) counts
messages with at least one such event. :func:`record_engagement` runs in the caller's
transaction: the provider's event id is recorded in ``webhook_receipts`` first (a replayed event
changes nothing), then the message's first event of that kind in ``message_engagement`` (a
second open of the same message is not a second opened message), then the counter moves.

On Postgres, :func:`notify` sends ``NOTIFY campaign_live, '<campaign_id>'`` in that transaction
(delivered on commit) so a live monitor listening wakes at once instead of at its next poll.

Public API: :data:`ENGAGEMENT`, :func:`record_engagement`, :func:`counters`,
:func:`spent_amounts`, :func:`spent_by_ledger_scan`, :func:`notify`, :data:`CHANNEL`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from delivery.ledger import RESERVING_STATES
from delivery.store import to_utc_naive
from delivery.store.schema import campaign_counters as C
from delivery.store.schema import message_engagement as E
from delivery.store.schema import send_ledger as L
from delivery.store.schema import webhook_receipts

#: Engagement kinds counted per campaign (each once per message).
ENGAGEMENT = ("opened", "clicked", "unsubscribed", "complained", "converted")
#: The Postgres NOTIFY channel of campaign changes (payload: the campaign id).
CHANNEL = "campaign_live"


def _insert(conn: sa.Connection):
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def bump(
    conn: sa.Connection, campaign_id: str, metric: str, delta: float, *, now: dt.datetime
) -> None:
    """Add ``delta`` to one counter (an atomic upsert in the caller's transaction)."""
    stmt = _insert(conn)(C).values(
        campaign_id=campaign_id, metric=metric, value=delta, updated_at=to_utc_naive(now)
    )
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[C.c.campaign_id, C.c.metric],
            set_={"value": C.c.value + stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
        )
    )


def record_engagement(
    conn: sa.Connection,
    *,
    provider: str,
    event_id: str | None,
    ledger_id: str,
    kind: str,
    now: dt.datetime,
) -> str | None:
    """Count one provider engagement event; return the campaign it moved, or ``None``.

    Parameters
    ----------
    conn : sqlalchemy.Connection
        The caller's transaction (the webhook's).
    provider : str
        ``sendgrid``, ``twilio``, ``unsubscribe`` ... (the namespace of ``event_id``).
    event_id : str, optional
        The provider's id of this event (SendGrid ``sg_event_id``); ``None`` when the provider
        gives none (the per-message uniqueness still holds).
    ledger_id : str
        The message the event is about; an id the ledger does not hold changes nothing.
    kind : str
        One of :data:`ENGAGEMENT`.
    now : datetime.datetime
        Server time (UTC).

    Raises
    ------
    ValueError
        For a ``kind`` not in :data:`ENGAGEMENT`.
    """
    if kind not in ENGAGEMENT:
        raise ValueError(f"engagement kind {kind!r}: expected one of {', '.join(ENGAGEMENT)}")
    ts = to_utc_naive(now)
    if event_id is not None:
        receipt = (
            _insert(conn)(webhook_receipts)
            .values(provider=provider[:16], event_id=event_id[:128], received_at=ts)
            .on_conflict_do_nothing()
        )
        if not conn.execute(receipt).rowcount:
            return None  # this very event was applied before: a replay
    campaign_id = conn.execute(
        sa.select(L.c.campaign_id).where(L.c.ledger_id == ledger_id)
    ).scalar()
    if campaign_id is None:
        return None
    first = (
        _insert(conn)(E)
        .values(ledger_id=ledger_id, kind=kind, campaign_id=campaign_id, first_at=ts)
        .on_conflict_do_nothing()
    )
    if not conn.execute(first).rowcount:
        return None  # the message had such an event already
    bump(conn, campaign_id, kind, 1, now=ts)
    return campaign_id


def notify(conn: sa.Connection, campaign_ids: Iterable[str]) -> None:
    """Tell live monitors that these campaigns changed (Postgres NOTIFY, sent on commit).

    On SQLite there is no such channel: monitors poll.
    """
    if conn.dialect.name != "postgresql":
        return
    for cid in sorted({c for c in campaign_ids if c}):
        conn.execute(sa.select(sa.func.pg_notify(CHANNEL, cid)))


def counters(conn: sa.Connection, campaign_id: str) -> dict[str, float]:
    """Every counter of one campaign (``{metric: value}``; absent metrics are 0)."""
    rows = conn.execute(
        sa.select(C.c.metric, C.c.value).where(C.c.campaign_id == campaign_id)
    ).all()
    return {metric: value for metric, value in rows}


def spent_amounts(conn: sa.Connection, campaign_ids: Sequence[str]) -> dict[str, float]:
    """Budget used per campaign, from the counters: O(campaigns)."""
    if not campaign_ids:
        return {}
    rows = conn.execute(
        sa.select(C.c.campaign_id, C.c.value).where(
            C.c.campaign_id.in_(list(campaign_ids)), C.c.metric == "spent"
        )
    ).all()
    return {cid: float(value) for cid, value in rows}


def spent_by_ledger_scan(conn: sa.Connection, campaign_ids: Sequence[str]) -> dict[str, float]:
    """Budget used per campaign by summing the ledger (the definition; O(ledger rows)).

    Kept as the oracle of the counters' tests and the baseline of ``bench studio_list_page``.
    """
    rows = conn.execute(
        sa.select(L.c.campaign_id, sa.func.coalesce(sa.func.sum(L.c.cost_amount), 0.0))
        .where(L.c.campaign_id.in_(list(campaign_ids)), L.c.state.in_(RESERVING_STATES))
        .group_by(L.c.campaign_id)
    ).all()
    return {cid: float(value) for cid, value in rows}
