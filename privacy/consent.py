"""The consent ledger: every grant and withdrawal with its provenance; current consent from it.

Each row says who (contact id, address -- encrypted, with a keyed hash for lookups), which
channel and topic, granted or withdrawn, from where (``form``, ``import``, ``sms_keyword``,
``unsubscribe_link``, ``preference_centre``, ``admin``, ``double_opt_in``), the wording or version
shown, when, and for web sources the IP and user agent (encrypted). Rows are only appended;
:func:`current_consent` derives the state per (channel, topic) as the latest row by
``occurred_at`` (ties: the later-recorded row). CRM imports keep their provenance: the CRM's
own source and event id travel in ``wording_version``/``external_id`` and a re-import of the
same event is a no-op (unique ``(source, external_id)``).

Rows are keyed by the send path's canonical address (:func:`consent_address`, i.e.
:func:`delivery.suppression.normalise_address`: E.164 phones, trimmed lower-case emails): the keyed
hash and the sealed ``address_enc`` both hold that form, so ``+44 (0)7911 123456`` from the CRM and
``+447911123456`` from a footer link or a STOP are one person. An address with no canonical form
(a phone that is not a valid number, an empty address) is refused (:class:`ConsentError`).
Revision ``0017_consent_ledger_canonical`` re-keyed the rows stored before in the privacy hash's
own form (:func:`privacy.crypto.canonical`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import phonenumbers
import sqlalchemy as sa

from delivery.store import Store, to_utc_naive
from delivery.suppression import normalise_address
from privacy.crypto import KeyRing
from privacy.tables import CONSENT_SOURCES, CONSENT_STATUSES, consent_ledger

CHANNELS = ("email", "sms")


class ConsentError(ValueError):
    """A consent record names an unknown channel, status or source, or an unusable address."""


def consent_address(channel: str, address: str | None) -> str:
    """The form consent rows are keyed and sealed by: ``normalise_address(channel, address)``.

    Raises :class:`ConsentError` when ``address`` has none: an empty address, or for ``sms`` a
    string that is not a valid phone number with its country code (``normalise_address`` would
    keep its digits, a form no message is ever sent to). The message does not repeat the
    address (it is personal data and errors end up in logs).
    """
    if not (address or "").strip():
        raise ConsentError(f"consent address is empty: give the {channel} address decided on")
    canonical = normalise_address(channel, address)
    if channel == "sms" and not _valid_phone(canonical):
        raise ConsentError(
            "consent sms address is not a valid phone number with its country code "
            "(expected e.g. +447911123456 or 0044 7911 123456); nothing recorded"
        )
    return canonical


def _valid_phone(canonical: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(canonical, None))
    except phonenumbers.NumberParseException:
        return False


@dataclass(frozen=True)
class ConsentRecord:
    """One grant or withdrawal (``address`` in the clear; the store keeps it encrypted)."""

    channel: str
    topic: str
    status: str
    source: str
    address: str
    occurred_at: dt.datetime
    contact_id: str | None = None
    wording_version: str | None = None
    ip: str | None = None
    user_agent: str | None = None
    external_id: str | None = None

    def check(self) -> None:
        for field, value, allowed in (
            ("channel", self.channel, CHANNELS),
            ("status", self.status, CONSENT_STATUSES),
            ("source", self.source, CONSENT_SOURCES),
        ):
            if value not in allowed:
                raise ConsentError(
                    f"consent {field} {value!r}: expected one of {', '.join(allowed)}"
                )
        if not self.topic:
            raise ConsentError("consent topic is empty: name the purpose (e.g. 'newsletter')")


def record(conn: sa.Connection, keys: KeyRing, rec: ConsentRecord, *, now: dt.datetime) -> bool:
    """Append ``rec`` to the ledger; False when it is an already-imported external event.

    The address is stored in its canonical form (:func:`consent_address`); one without is a
    :class:`ConsentError` and nothing is written.
    """
    rec.check()
    address = consent_address(rec.channel, rec.address)
    if rec.external_id is not None:
        exists = conn.execute(
            sa.select(sa.literal(1)).where(
                consent_ledger.c.source == rec.source,
                consent_ledger.c.external_id == rec.external_id,
            )
        ).first()
        if exists:
            return False
    conn.execute(
        consent_ledger.insert().values(
            contact_id=rec.contact_id,
            channel=rec.channel,
            topic=rec.topic,
            status=rec.status,
            source=rec.source,
            wording_version=rec.wording_version,
            address_hash=keys.hash("address", address),
            address_enc=keys.encrypt(address, column="consent_ledger.address_enc"),
            ip_enc=keys.encrypt(rec.ip, column="consent_ledger.ip_enc"),
            user_agent_enc=keys.encrypt(rec.user_agent, column="consent_ledger.user_agent_enc"),
            occurred_at=to_utc_naive(rec.occurred_at),
            recorded_at=to_utc_naive(now),
            external_id=rec.external_id,
        )
    )
    return True


def current_consent(store: Store, keys: KeyRing, *, address: str, channel: str) -> dict[str, str]:
    """``{topic: "granted" | "withdrawn"}`` for ``address`` on ``channel`` (latest row wins).

    ``address`` is looked up in its canonical form (:func:`delivery.suppression.normalise_address`),
    whatever its spelling.
    """
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(consent_ledger.c.topic, consent_ledger.c.status)
            .where(
                consent_ledger.c.address_hash
                == keys.hash("address", normalise_address(channel, address or "")),
                consent_ledger.c.channel == channel,
            )
            .order_by(consent_ledger.c.occurred_at, consent_ledger.c.consent_id)
        ).all()
    state: dict[str, str] = {}
    for topic, status in rows:
        state[topic] = status
    return state


def has_consent(store: Store, keys: KeyRing, *, address: str, channel: str, topic: str) -> bool:
    """Is ``topic`` on ``channel`` currently granted for ``address``?"""
    return current_consent(store, keys, address=address, channel=channel).get(topic) == "granted"
