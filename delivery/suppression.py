"""Suppressions and local consent decisions (unsubscribes, STOP/START, hard bounces).

Writes take the caller's transaction so a webhook's ledger update, consent event and suppression
commit together. Addresses are canonical (:func:`normalise_address`: emails trimmed and
lower-cased, phone numbers E.164) so a suppression matches whatever format the CRM, the provider
or the recipient used.

Public API: :func:`normalise_address`, :func:`suppress`, :func:`unsuppress`,
:func:`suppressed_among`, :func:`record_consent`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import phonenumbers
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from delivery.store import Store, to_utc_naive
from delivery.store.schema import consent_events, suppressions


def normalise_address(channel: str, address: str, default_region: str | None = None) -> str:
    """Return the canonical form of an address: the one key every rule compares on.

    The single normalisation of contact addresses: ingest, suppressions, consent events, STOP
    handling and the dispatch-time check all go through it, so a suppression matches whatever
    format the CRM, the provider or the recipient used.

    Parameters
    ----------
    channel : {"email", "sms"}
        ``email``: trimmed and lower-cased. ``sms``: E.164 (``+447911123456``) via
        ``phonenumbers``, whatever the spacing, punctuation, ``00`` prefix or ``(0)`` trunk
        digit; a string that is not a valid number keeps only ``+`` and its digits (it can
        never be sent to, but it still matches itself).
    address : str
        The address as stored or received.
    default_region : str, optional
        ISO country for numbers written without a country code (``GB`` reads ``07911 123456``
        as ``+447911123456``).

    Returns
    -------
    str
        The canonical address.

    Examples
    --------
    >>> normalise_address("sms", "+44 (0)7911-123 456")
    '+447911123456'
    >>> normalise_address("email", "  Ana@Example.EDU ")
    'ana@example.edu'
    """
    address = address.strip()
    if channel == "email":
        return address.lower()
    return _canonical_phone(address, default_region)


@functools.lru_cache(maxsize=65_536)
def _canonical_phone(number: str, default_region: str | None) -> str:
    try:
        parsed = phonenumbers.parse(number, default_region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    digits = "".join(c for c in number if c.isdigit())
    return ("+" if number.startswith(("+", "00")) else "") + (
        digits[2:] if number.startswith("00") else digits
    )


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


def blocked_addresses(
    conn: sa.Connection, channel: str, addresses: Iterable[str]
) -> dict[str, str]:
    """Canonical addresses among ``addresses`` that must not be sent to now, with the reason.

    Read inside the caller's transaction (the dispatch-time check runs it in the claim's):
    an address is blocked when it is on the suppression list, or when its latest consent event
    in the ops store (STOP, unsubscribe, a withdrawal recorded after the warehouse was built)
    is ``revoked``. A later ``granted`` (START) lifts a revocation.

    Parameters
    ----------
    conn : sqlalchemy.Connection
        Open connection or transaction.
    channel : {"email", "sms"}
    addresses : iterable of str
        Addresses in any format (they are canonicalised here).

    Returns
    -------
    dict
        ``{canonical address: reason}`` for the blocked ones.
    """
    wanted = sorted({normalise_address(channel, a) for a in addresses if a})
    blocked: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        for address, reason in conn.execute(
            sa.select(suppressions.c.address, suppressions.c.reason).where(
                suppressions.c.channel == channel, suppressions.c.address.in_(chunk)
            )
        ).all():
            blocked[address] = f"{channel} suppressed ({reason})"
        events = conn.execute(
            sa.select(consent_events.c.address, consent_events.c.status)
            .where(consent_events.c.channel == channel, consent_events.c.address.in_(chunk))
            .order_by(consent_events.c.occurred_at, consent_events.c.consent_event_id)
        ).all()
        latest: dict[str, str] = {}
        for address, status in events:
            latest[address] = status
        for address, status in latest.items():
            if status == "revoked":
                blocked.setdefault(address, f"{channel} consent withdrawn (ops store)")
    return blocked
