"""Suppressions and local consent decisions (unsubscribes, STOP/START, hard bounces).

Writes take the caller's transaction so a webhook's ledger update, consent event and suppression
commit together. Addresses are normalised (emails lower-cased, phone numbers stripped) so a
suppression matches whatever case the CRM used.

Public API: :func:`normalise_address`, :func:`suppress`, :func:`unsuppress`,
:func:`suppressed_among`, :func:`record_consent`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from delivery.store import Store, to_utc_naive
from delivery.store.schema import consent_events, suppressions


def normalise_address(channel: str, address: str) -> str:
    """Return the canonical form of an address (``email``: lower-case; ``sms``: no spaces)."""
    address = address.strip()
    return address.lower() if channel == "email" else address.replace(" ", "")


def suppress(
    conn: sa.Connection,
    store: Store,
    *,
    channel: str,
    address: str,
    reason: str,
    source: str,
    now: dt.datetime,
    ledger_id: str | None = None,
) -> bool:
    """Add ``address`` to the suppression list; return False if it was already there."""
    insert = postgresql.insert if store.dialect == "postgresql" else sqlite.insert
    return bool(
        conn.execute(
            insert(suppressions)
            .values(
                channel=channel,
                address=normalise_address(channel, address),
                reason=reason,
                source=source,
                ledger_id=ledger_id,
                created_at=to_utc_naive(now),
            )
            .on_conflict_do_nothing()
        ).rowcount
    )


def unsuppress(conn: sa.Connection, *, channel: str, address: str, reasons: Iterable[str]) -> int:
    """Remove suppressions of ``address`` with one of ``reasons`` (e.g. START lifts ``sms_stop``)."""
    return conn.execute(
        suppressions.delete().where(
            suppressions.c.channel == channel,
            suppressions.c.address == normalise_address(channel, address),
            suppressions.c.reason.in_(list(reasons)),
        )
    ).rowcount


def suppressed_among(store: Store, channel: str, addresses: Iterable[str]) -> set[str]:
    """Return the (normalised) addresses among ``addresses`` that are suppressed on ``channel``."""
    wanted = sorted({normalise_address(channel, a) for a in addresses if a})
    found: set[str] = set()
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            found.update(
                conn.execute(
                    sa.select(suppressions.c.address).where(
                        suppressions.c.channel == channel, suppressions.c.address.in_(chunk)
                    )
                ).scalars()
            )
    return found


def record_consent(
    conn: sa.Connection,
    *,
    channel: str,
    address: str,
    status: str,
    source: str,
    now: dt.datetime,
    contact_id: str | None = None,
    ledger_id: str | None = None,
) -> None:
    """Append a consent decision (``granted``/``revoked``) to ``consent_events``."""
    conn.execute(
        consent_events.insert().values(
            contact_id=contact_id,
            channel=channel,
            address=normalise_address(channel, address),
            status=status,
            source=source,
            ledger_id=ledger_id,
            occurred_at=to_utc_naive(now),
        )
    )
