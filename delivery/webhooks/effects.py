"""What provider events do to the ops store: ledger states, suppressions, consent decisions.

Pure store logic (no HTTP): the webhooks app validates and lands a POST, then calls these.
Every effect is idempotent -- SendGrid and Twilio retry POSTs -- and moves ledger rows forward
only (:meth:`delivery.ledger.Ledger.apply_outcome`). Consent decisions (unsubscribes, spam
reports, STOP/START, resubscribes) are ordered by the provider's event time per address
(``consent_clock``): a decision older than the latest applied one changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from delivery.counters import notify, record_engagement
from delivery.ledger import Ledger
from delivery.providers.codes import TWILIO_CODES, Action
from delivery.store import Store, to_utc_naive
from delivery.store.schema import consent_clock, send_ledger, webhook_receipts
from delivery.suppression import (
    address_hash,
    record_consent,
    suppress,
    unsuppress,
)

#: SendGrid event -> ledger outcome (events not listed change no state).
SENDGRID_OUTCOMES = {
    "processed": "submitted",
    "deferred": "submitted",
    "delivered": "delivered",
    "open": "delivered",
    "click": "delivered",
    "bounce": "bounced",
    "dropped": "failed",
    "spamreport": "delivered",
    "unsubscribe": "delivered",
    "group_unsubscribe": "delivered",
}
#: SendGrid events that end marketing consent for the address.
SENDGRID_OPT_OUTS = {
    "unsubscribe": "unsubscribe_link",
    "group_unsubscribe": "unsubscribe_link",
    "spamreport": "spamreport",
}
_DROPPED_SUPPRESS = ("Bounced Address", "Unsubscribed Address", "Spam Reporting Address", "Invalid")

#: Twilio MessageStatus -> ledger outcome.
TWILIO_OUTCOMES = {
    "accepted": "submitted",
    "queued": "submitted",
    "sending": "submitted",
    "sent": "submitted",
    "delivered": "delivered",
    "undelivered": "failed",
    "failed": "failed",
}
#: Twilio error codes after which the number is suppressed (``suppress`` in
#: :data:`delivery.providers.codes.TWILIO_CODES`).
TWILIO_SUPPRESS_CODES = {
    str(code): rule.meaning for code, rule in TWILIO_CODES.items() if rule.action is Action.SUPPRESS
}
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
START_WORDS = {"START", "YES", "UNSTOP"}
#: SendGrid events counted as engagement of the campaign (once per event id and per message).
SENDGRID_ENGAGEMENT = {
    "open": "opened",
    "click": "clicked",
    "unsubscribe": "unsubscribed",
    "group_unsubscribe": "unsubscribed",
    "spamreport": "complained",
}
#: SendGrid events that restore marketing consent for the address.
SENDGRID_OPT_INS = {"group_resubscribe": "sendgrid_resubscribe"}


def _insert(store: Store):
    return postgresql.insert if store.dialect == "postgresql" else sqlite.insert


def advance_consent_clock(
    conn: sa.Connection,
    store: Store,
    *,
    channel: str,
    address: str,
    status: str,
    source: str,
    event_at: dt.datetime,
    now: dt.datetime,
) -> bool:
    """Record a consent decision's event time; return False if a later decision already stands.

    One atomic upsert: two requests racing over the same address cannot both win. A decision is
    applied only if its event time is after the address's latest one (at equal times a
    revocation wins over a grant), so a START retried or replayed after a later STOP, or a
    resubscribe delivered late, changes nothing.
    """
    C = consent_clock
    values = {
        "channel": channel,
        "address_hash": address_hash(store, channel, address),
        "event_at": to_utc_naive(event_at),
        "status": status,
        "source": source,
        "updated_at": to_utc_naive(now),
    }
    stmt = _insert(store)(C).values(**values)
    newer = sa.or_(
        C.c.event_at < stmt.excluded.event_at,
        sa.and_(C.c.event_at == stmt.excluded.event_at, stmt.excluded.status == "revoked"),
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[C.c.channel, C.c.address_hash],
        set_={k: stmt.excluded[k] for k in ("event_at", "status", "source", "updated_at")},
        where=newer,
    )
    return bool(conn.execute(stmt).rowcount)


def first_receipt(
    conn: sa.Connection, store: Store, *, provider: str, event_id: str, now: dt.datetime
) -> bool:
    """Record that ``event_id`` was applied; return False if it was already (a replay)."""
    stmt = (
        _insert(store)(webhook_receipts)
        .values(provider=provider, event_id=event_id[:128], received_at=to_utc_naive(now))
        .on_conflict_do_nothing()
    )
    return bool(conn.execute(stmt).rowcount)


def _opt_out(
    conn: sa.Connection,
    store: Store,
    *,
    channel: str,
    address: str,
    reason: str,
    source: str,
    now: dt.datetime,
    ledger_id: str | None,
    contact_id: str | None = None,
    event_at: dt.datetime | None = None,
) -> bool:
    """Suppress ``address`` and, if it was not suppressed yet, record the consent revocation.

    With ``event_at`` this is a consent decision: it goes through :func:`advance_consent_clock`
    and is skipped when a later decision stands.
    """
    if event_at is not None and not advance_consent_clock(
        conn,
        store,
        channel=channel,
        address=address,
        status="revoked",
        source=source,
        event_at=event_at,
        now=now,
    ):
        return False
    if not suppress(
        conn,
        store,
        channel=channel,
        address=address,
        reason=reason,
        source=source,
        now=now,
        ledger_id=ledger_id,
    ):
        return False
    record_consent(
        conn,
        store,
        channel=channel,
        address=address,
        status="revoked",
        source=source,
        now=now,
        ledger_id=ledger_id,
        contact_id=contact_id,
    )
    return True


def apply_sendgrid_events(
    store: Store, events: Sequence[Mapping[str, Any]], *, now: dt.datetime
) -> dict[str, Any]:
    """Apply SendGrid Event Webhook events, each on its own (:func:`apply_each`).

    Returns
    -------
    dict
        ``ledger_updates``, ``opt_outs``, ``opt_ins``, ``engagements`` counts and ``failed``.
    """
    ledger = Ledger(store)
    with store.begin() as conn:
        stats = apply_each(
            conn,
            events,
            lambda ev, stats: _apply_sendgrid_event(conn, store, ledger, ev, now=now, stats=stats),
            ("ledger_updates", "opt_outs", "opt_ins", "engagements"),
        )
        _notify_ledger(conn, [ev.get("ledger_id") for ev in events])
    return stats


#: What applying one webhook event may raise: it is then rolled back alone and reported.
EVENT_ERRORS = (sa.exc.SQLAlchemyError, ValueError, TypeError, KeyError)


def apply_each(
    conn: sa.Connection,
    events: Sequence[Mapping[str, Any]],
    apply: Callable[[Mapping[str, Any], dict[str, Any]], None],
    counts: Sequence[str],
) -> dict[str, Any]:
    """``apply(event, stats)`` every event in ``conn``'s transaction, each on its own.

    The batch runs in one savepoint. When an event cannot be applied (:data:`EVENT_ERRORS`),
    that savepoint is rolled back and the events are applied again one savepoint each: the
    failing one is rolled back alone -- its counts too -- and reported in ``failed``
    (``[(index, reason)]``) while the others apply. (A savepoint per event from the start cost
    two statements per event, a third of a SendGrid batch's statements, for a failure that
    almost never happens.)

    Returns ``{count: n for count in counts} | {"failed": [...]}``.
    """

    def fresh() -> dict[str, Any]:
        return {**dict.fromkeys(counts, 0), "failed": []}

    stats = fresh()
    try:
        with conn.begin_nested():
            for ev in events:
                apply(ev, stats)
        return stats
    except EVENT_ERRORS:
        stats = fresh()
    for i, ev in enumerate(events):
        one = fresh()  # counted only if the event's savepoint holds
        try:
            with conn.begin_nested():
                apply(ev, one)
        except EVENT_ERRORS as exc:
            stats["failed"].append((i, f"could not be applied ({type(exc).__name__})"))
        else:
            for counted in counts:
                stats[counted] += one[counted]
    return stats


def _notify_ledger(conn: sa.Connection, ledger_ids: Sequence[str | None]) -> None:
    """Wake the live monitors of the campaigns these messages belong to (Postgres NOTIFY)."""
    ids = sorted({i for i in ledger_ids if isinstance(i, str)})
    if conn.dialect.name != "postgresql" or not ids:
        return
    L = send_ledger.c
    for i in range(0, len(ids), 1000):
        notify(
            conn,
            conn.execute(
                sa.select(L.campaign_id).where(L.ledger_id.in_(ids[i : i + 1000])).distinct()
            ).scalars(),
        )


def _apply_sendgrid_event(
    conn: sa.Connection,
    store: Store,
    ledger: Ledger,
    ev: Mapping[str, Any],
    *,
    now: dt.datetime,
    stats: dict[str, Any],
) -> None:
    kind = ev["event"]
    ledger_id = ev.get("ledger_id")
    outcome = SENDGRID_OUTCOMES.get(kind)
    reason = ev.get("reason") or ev.get("response")
    event_at = dt.datetime.fromtimestamp(ev["timestamp"], dt.UTC)
    if ledger_id and outcome:
        pmid = str(ev.get("sg_message_id", "")).split(".")[0] or None
        stats["ledger_updates"] += ledger.apply_outcome(
            ledger_id,
            outcome,
            now=now,
            provider_message_id=pmid,
            reason=f"{kind}: {reason}" if reason else None,
            conn=conn,
        )
    engagement = SENDGRID_ENGAGEMENT.get(kind)
    if ledger_id and engagement:
        stats["engagements"] += (
            record_engagement(
                conn,
                provider="sendgrid",
                event_id=ev["sg_event_id"],
                ledger_id=ledger_id,
                kind=engagement,
                now=now,
            )
            is not None
        )
    opt_out_source = SENDGRID_OPT_OUTS.get(kind)
    hard_bounce = kind == "bounce" and ev.get("type", "bounce") == "bounce"
    dropped = kind == "dropped" and any(r in str(reason) for r in _DROPPED_SUPPRESS)
    if opt_out_source or hard_bounce or dropped:
        stats["opt_outs"] += _opt_out(
            conn,
            store,
            channel="email",
            address=ev["email"],
            reason=kind if opt_out_source else "hard_bounce",
            source=opt_out_source or "sendgrid",
            now=now,
            ledger_id=ledger_id,
            contact_id=ev.get("contact_id"),
            event_at=event_at if opt_out_source else None,  # bounces are not consent decisions
        )
    opt_in_source = SENDGRID_OPT_INS.get(kind)
    if opt_in_source:
        stats["opt_ins"] += _opt_in(
            conn,
            store,
            channel="email",
            address=ev["email"],
            reasons=("unsubscribe", "group_unsubscribe"),
            source=opt_in_source,
            event_at=event_at,
            now=now,
            contact_id=ev.get("contact_id"),
        )


def _opt_in(
    conn: sa.Connection,
    store: Store,
    *,
    channel: str,
    address: str,
    reasons: tuple[str, ...],
    source: str,
    event_at: dt.datetime,
    now: dt.datetime,
    contact_id: str | None = None,
) -> bool:
    """Lift opt-out suppressions of ``address`` unless a later consent decision stands."""
    if not advance_consent_clock(
        conn,
        store,
        channel=channel,
        address=address,
        status="granted",
        source=source,
        event_at=event_at,
        now=now,
    ):
        return False
    unsuppress(conn, store, channel=channel, address=address, reasons=reasons)
    record_consent(
        conn,
        store,
        channel=channel,
        address=address,
        status="granted",
        source=source,
        now=now,
        contact_id=contact_id,
    )
    return True


def apply_twilio_status(
    store: Store, params: Mapping[str, str], *, ledger_id: str | None, now: dt.datetime
) -> bool:
    """Apply one Twilio status callback; return whether the ledger row changed."""
    outcome = TWILIO_OUTCOMES.get(params["MessageStatus"])
    code = params.get("ErrorCode") or ""
    changed = False
    with store.begin() as conn:
        if ledger_id and outcome:
            changed = Ledger(store).apply_outcome(
                ledger_id,
                outcome,
                now=now,
                provider_message_id=params["MessageSid"],
                reason=f"Twilio {code}" if code else None,
                conn=conn,
            )
        _notify_ledger(conn, [ledger_id])
        if code in TWILIO_SUPPRESS_CODES and params.get("To"):
            _opt_out(
                conn,
                store,
                channel="sms",
                address=params["To"],
                reason="sms_stop" if code == "21610" else "provider_rejected",
                source="sms_stop" if code == "21610" else "twilio",
                now=now,
                ledger_id=ledger_id,
                event_at=now if code == "21610" else None,
            )
    return changed


def inbound_keyword(params: Mapping[str, str]) -> str | None:
    """Return ``STOP``/``START`` for an opt-out/opt-in inbound SMS, else ``None``.

    Twilio's ``OptOutType`` (Advanced Opt-Out) wins; otherwise the first word of the body is
    matched against the standard keywords, case-insensitively.
    """
    kind = (params.get("OptOutType") or "").upper()
    if kind in ("STOP", "START"):
        return kind
    first = (params.get("Body") or "").strip().split(maxsplit=1)
    word = first[0].upper().strip(".!") if first else ""
    if word in STOP_WORDS:
        return "STOP"
    if word in START_WORDS:
        return "START"
    return None


def apply_twilio_inbound(
    store: Store, params: Mapping[str, str], *, now: dt.datetime
) -> str | None:
    """Honour STOP / START from an inbound SMS at once; return the keyword applied.

    Twilio's inbound webhook carries no event time, so its decisions are ordered by arrival
    (``now``) and each ``MessageSid`` is applied once: a replayed or retried START is recognised
    and cannot undo a STOP that came after it. ``None`` when nothing changed.
    """
    keyword = inbound_keyword(params)
    number = params.get("From")
    if keyword is None or not number:
        return None
    with store.begin() as conn:
        sid = params.get("MessageSid")
        if sid and not first_receipt(conn, store, provider="twilio", event_id=sid, now=now):
            return None
        if keyword == "STOP":
            _opt_out(
                conn,
                store,
                channel="sms",
                address=number,
                reason="sms_stop",
                source="sms_stop",
                now=now,
                ledger_id=None,
                event_at=now,
            )
        else:
            _opt_in(
                conn,
                store,
                channel="sms",
                address=number,
                reasons=("sms_stop",),
                source="sms_start",
                event_at=now,
                now=now,
            )
    return keyword


def apply_unsubscribe(
    store: Store, *, ledger_id: str, channel: str, address: str, now: dt.datetime
) -> bool:
    """Honour a one-click unsubscribe; return False if the address was already suppressed."""
    contact_id = ledger_id.split(":")[2] if ledger_id.count(":") == 4 else None
    with store.begin() as conn:
        newly = _opt_out(
            conn,
            store,
            channel=channel,
            address=address,
            reason="unsubscribe",
            source="unsubscribe_link",
            now=now,
            ledger_id=ledger_id,
            contact_id=contact_id,
            event_at=now,
        )
        if newly:
            store.audit(conn, now=now, actor="recipient", action="unsubscribed", subject=ledger_id)
        # counted once per message (a second click on the link is no second unsubscribe)
        record_engagement(
            conn, provider="unsubscribe", event_id=None, ledger_id=ledger_id,
            kind="unsubscribed", now=now,
        )  # fmt: skip
        _notify_ledger(conn, [ledger_id])
    return newly
