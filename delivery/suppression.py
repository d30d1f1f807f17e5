"""Suppressions and local consent decisions (unsubscribes, STOP/START, hard bounces).

Writes take the caller's transaction so a webhook's ledger update, consent event and suppression
commit together. Addresses are canonical (:func:`normalise_address`: emails trimmed and
lower-cased, phone numbers E.164) so a suppression matches whatever format the CRM, the provider
or the recipient used.

Addresses are stored sealed (AES-256-GCM, ``address_enc``) beside their keyed hash
(``address_hash``, :func:`address_hash`): every lookup, the suppression key and the consent
lookups go through the hash, so encryption costs no correctness and no clear address rests in
the store. The store's key ring (``Store.keys``) seals and hashes.

Public API: :func:`normalise_address`, :func:`address_hash`, :func:`suppress`,
:func:`unsuppress`, :func:`suppressed_among`, :func:`record_consent`,
:func:`blocked_addresses`, :func:`blocked_hashes`.
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
from delivery.store.sql import listed
from privacy.tables import consent_ledger, privacy_tombstones
from privacy.topics import CONSENT_TOPICS


def normalise_address(channel: str, address: str, default_region: str | None = None) -> str:
    """Return the canonical form of an address: the one key every rule compares on.

    The single normalisation of contact addresses: ingest, suppressions, consent events, STOP
    handling and the dispatch-time check all go through it, so a suppression matches whatever
    format the CRM, the provider or the recipient used.

    Parameters
    ----------
    channel : {"email", "sms"}
        ``email``: trimmed and lower-cased. ``sms``: E.164 (``+447911123456``) via
        ``phonenumbers``, whatever the spacing, punctuation, ``00`` prefix (read as ``+``) or
        ``(0)`` trunk digit, so normalising a canonical form changes nothing; a string that is
        not a valid number keeps only ``+`` and its digits (it can never be sent to, but it
        still matches itself).
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
    >>> normalise_address("sms", "0044 (0)7911-123 456")
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
    if number.startswith("00"):
        # the international prefix as ``+``: parsed without a region, ``0044 (0)7911 ...`` would
        # otherwise fail and keep its trunk 0 (``+4407911...``), a form that matches nothing and
        # that normalising again turns into E.164 (not idempotent)
        number = "+" + number[2:]
    try:
        parsed = phonenumbers.parse(number, default_region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    digits = "".join(c for c in number if c.isdigit())
    return ("+" if number.startswith("+") else "") + digits


def address_hash(store: Store, channel: str, address: str) -> str:
    """The keyed hash of ``address``'s canonical form: what every address column is looked up by.

    The same hash as the privacy tombstones' (``KeyRing.hash("address", ...)``), so an erased
    person's address matches at send time.
    """
    return store.keys.hash("address", normalise_address(channel, address))


def address_hashes(store: Store, channel: str, addresses: Iterable[str]) -> dict[str, str]:
    """``{keyed hash: canonical address}`` of ``addresses`` (empty ones dropped)."""
    out: dict[str, str] = {}
    for a in addresses:
        if a:
            canonical = normalise_address(channel, a)
            out[store.keys.hash("address", canonical)] = canonical
    return out


def _seal(store: Store, column: str, canonical: str) -> str:
    return store.keys.encrypt(canonical, column=column)


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
    canonical = normalise_address(channel, address)
    return bool(
        conn.execute(
            insert(suppressions)
            .values(
                channel=channel,
                address_hash=store.keys.hash("address", canonical),
                address_enc=_seal(store, "suppressions.address_enc", canonical),
                reason=reason,
                source=source,
                ledger_id=ledger_id,
                created_at=to_utc_naive(now),
            )
            .on_conflict_do_nothing()
        ).rowcount
    )


def unsuppress(
    conn: sa.Connection, store: Store, *, channel: str, address: str, reasons: Iterable[str]
) -> int:
    """Remove suppressions of ``address`` with one of ``reasons`` (e.g. START lifts ``sms_stop``)."""
    return conn.execute(
        suppressions.delete().where(
            suppressions.c.channel == channel,
            suppressions.c.address_hash == address_hash(store, channel, address),
            suppressions.c.reason.in_(list(reasons)),
        )
    ).rowcount


def suppressed_among(store: Store, channel: str, addresses: Iterable[str]) -> set[str]:
    """Return the (normalised) addresses among ``addresses`` that must not be sent to on
    ``channel``: on the suppression list, or belonging to an erased person (tombstone)."""
    by_hash = address_hashes(store, channel, addresses)
    with store.engine.connect() as conn:
        return {by_hash[h] for h in blocked_hashes(conn, channel, by_hash)}


def record_consent(
    conn: sa.Connection,
    store: Store,
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
    canonical = normalise_address(channel, address)
    conn.execute(
        consent_events.insert().values(
            contact_id=contact_id,
            channel=channel,
            address_hash=store.keys.hash("address", canonical),
            address_enc=_seal(store, "consent_events.address_enc", canonical),
            status=status,
            source=source,
            ledger_id=ledger_id,
            occurred_at=to_utc_naive(now),
        )
    )


def blocked_hashes(
    conn: sa.Connection, channel: str, hashes: Iterable[str], topic: str | None = None
) -> dict[str, str]:
    """Address hashes among ``hashes`` that must not be sent to now, with the reason.

    Read inside the caller's transaction (the dispatch-time check runs it in the claim's):
    an address is blocked when it belongs to an erased person (a privacy tombstone: never
    mailed again, even if re-imported), is on the suppression list, its latest consent event
    in the ops store (STOP, unsubscribe, a withdrawal recorded after the warehouse was built)
    is ``revoked``, or its consent ledger on the channel says every topic is withdrawn (the
    preference centre saved with nothing ticked, a CRM withdrawal imported: campaigns declare
    no topic by default, so a person who withdrew from all of them gets none; see
    :func:`_ledger_block`), or -- for a campaign that declares ``topic`` -- that topic is
    withdrawn. A later ``granted`` (START) lifts a revocation, and a topic granted again lifts
    the ledger's block. Per table either one
    indexed ``IN``, the hashes bound as one parameter converted once
    (:func:`delivery.store.sql.listed`), or -- when the table holds no more rows than there
    are hashes -- the table read whole and matched here (:class:`_Among`).

    Parameters
    ----------
    conn : sqlalchemy.Connection
        Open connection or transaction.
    channel : {"email", "sms"}
    hashes : iterable of str
        Keyed hashes of canonical addresses (:func:`address_hash`, ``LedgerRow.to_address_hash``).
    topic : str, optional
        The campaign's subscription topic: an address whose latest ledger row for it is
        ``withdrawn`` is blocked too.

    Returns
    -------
    dict
        ``{address hash: reason}`` for the blocked ones.
    """
    wanted = {h for h in hashes if h}
    blocked: dict[str, str] = {}
    if not wanted:
        return blocked
    among = _Among(conn, wanted)
    for (digest,) in among.rows(
        sa.select(privacy_tombstones.c.keyed_hash), privacy_tombstones.c.keyed_hash
    ):
        blocked[digest] = "erased (privacy tombstone)"
    for digest, reason in among.rows(
        sa.select(suppressions.c.address_hash, suppressions.c.reason).where(
            suppressions.c.channel == channel
        ),
        suppressions.c.address_hash,
    ):
        blocked.setdefault(digest, f"{channel} suppressed ({reason})")
    events = among.rows(
        sa.select(consent_events.c.address_hash, consent_events.c.status)
        .where(consent_events.c.channel == channel)
        .order_by(consent_events.c.occurred_at, consent_events.c.consent_event_id),
        consent_events.c.address_hash,
    )
    latest: dict[str, str] = {}
    for digest, status in events:
        latest[digest] = status
    for digest, status in latest.items():
        if status == "revoked":
            blocked.setdefault(digest, f"{channel} consent withdrawn (ops store)")
    topics: dict[str, dict[str, tuple[str, dt.datetime]]] = {}
    for digest, recorded, status, occurred in among.rows(
        sa.select(
            consent_ledger.c.address_hash,
            consent_ledger.c.topic,
            consent_ledger.c.status,
            consent_ledger.c.occurred_at,
        )
        .where(consent_ledger.c.channel == channel)
        .order_by(consent_ledger.c.occurred_at, consent_ledger.c.consent_id),
        consent_ledger.c.address_hash,
    ):
        topics.setdefault(digest, {})[recorded] = (status, occurred)  # the latest per topic wins
    for digest, state in topics.items():
        why = _ledger_block(state, topic)
        if why:
            blocked.setdefault(digest, f"{channel}: {why} (consent ledger)")
    return blocked


def _ledger_block(state: dict[str, tuple[str, dt.datetime]], topic: str | None) -> str | None:
    """Why an address's consent-ledger state (topic -> latest (status, when)) blocks a campaign
    message, or None.

    Every topic withdrawn blocks: the topics the ledger holds, or every topic the preference
    centre offers (:data:`~privacy.topics.CONSENT_TOPICS`) withdrawn with no grant of another
    topic recorded after (a CRM import's ``marketing`` grant from before does not keep sending to
    someone who then unticked everything; a re-consent recorded later does). Then the campaign's
    own topic, when it declares one.
    """
    grants = [at for status, at in state.values() if status == "granted"]
    if not grants:
        return "every consent topic withdrawn"
    centre = [state.get(t) for t in CONSENT_TOPICS]
    withdrawn = [s[1] for s in centre if s is not None and s[0] == "withdrawn"]
    if len(withdrawn) == len(centre) and max(grants) <= max(withdrawn):
        return "every consent topic withdrawn"
    if topic is not None and state.get(topic, ("", None))[0] == "withdrawn":
        return f"topic {topic!r} withdrawn"
    return None


class _Among:
    """Rows of a statement whose first column is one of ``wanted`` (the same rows, in the
    statement's order, either way).

    A table holding no more rows than there are values is read whole and filtered here: the
    lookup by an ``IN`` list first builds the list (SQLite: an ephemeral index of every value;
    Postgres: the array parsed) -- for a step's 100k hashes ~0.05 CPU-s per table, where reading
    a small list costs next to nothing. Counting stops at ``len(wanted) + 1`` rows, so a large
    table costs one bounded scan before its indexed ``IN``.
    """

    def __init__(self, conn: sa.Connection, wanted: set[str]) -> None:
        self.conn = conn
        self.wanted = wanted
        self._listed = None

    def rows(self, stmt: sa.Select, column: sa.Column) -> list[sa.Row]:
        """The rows of ``stmt`` (its first column is ``column``) with ``column`` in ``wanted``."""
        bounded = stmt.with_only_columns(sa.literal(1), maintain_column_froms=True)
        bounded = bounded.order_by(None).limit(len(self.wanted) + 1)
        held = self.conn.execute(sa.select(sa.func.count()).select_from(bounded.subquery()))
        if held.scalar_one() <= len(self.wanted):
            return [row for row in self.conn.execute(stmt) if row[0] in self.wanted]
        if self._listed is None:  # converted once for every statement that needs it
            self._listed = listed(self.conn, sorted(self.wanted))  # in order: one index walk
        return self.conn.execute(stmt.where(self._listed.has(column))).all()


def blocked_addresses(
    conn: sa.Connection, store: Store, channel: str, addresses: Iterable[str]
) -> dict[str, str]:
    """:func:`blocked_hashes` by address: ``{canonical address: reason}`` for the blocked ones."""
    by_hash = address_hashes(store, channel, addresses)
    return {by_hash[h]: why for h, why in blocked_hashes(conn, channel, by_hash).items()}


def suppression_list(store: Store, channel: str | None = None) -> dict[tuple[str, str], str]:
    """The suppression list opened: ``{(channel, address): reason}`` (for operators and tests;
    the send path itself never opens it, it matches hashes)."""
    stmt = sa.select(suppressions.c.channel, suppressions.c.address_enc, suppressions.c.reason)
    if channel is not None:
        stmt = stmt.where(suppressions.c.channel == channel)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return {
        (ch, store.keys.decrypt(enc, column="suppressions.address_enc")): reason
        for ch, enc, reason in rows
    }
