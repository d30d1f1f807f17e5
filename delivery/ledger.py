"""The exactly-once send ledger.

One row per message, keyed ``(campaign_id, step_id, contact_id, channel, occurrence)`` and written
*before* any provider call. States::

    pending --claim--> claimed --mark_sending--> sending --mark_submitted--> submitted
       ^                  |                         |                           |
       +--release / lease expiry (never left)       +--lease expiry--> unknown  +--> delivered
                                                    +--permanent error--> failed     bounced / failed
    claimed --rules at send time--> skipped (suppressed, no consent) / failed (render error)

Every transition made by a sender is *fenced* by the claim's ``owner`` token, so a sender whose
lease expired (and whose rows another sender took over) cannot move them any more. ``unknown`` rows
are resolved only by evidence -- provider events or the provider's own records
(:func:`delivery.reconcile.reconcile_unknown`) -- never by resending blindly.

Before a row is claimed for sending, :meth:`Ledger.claim_checked` lets the dispatch-time check
(:mod:`delivery.send_check`) decide each candidate *in the claim's transaction*: send (claimed,
its cap slot reserved and its cost charged), skip/fail for good, defer (``not_before``) or hold
(``held_reason``, e.g. the budget).

Public API: :class:`LedgerKey`, :func:`ledger_id_for`, :class:`LedgerRow`, :class:`Ledger`,
:class:`Verdict`, :class:`CheckedClaim`, :data:`RESERVING_STATES`, :data:`IN_FLIGHT_STATES`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from delivery.store import Store, to_utc_naive
from delivery.store.schema import send_ledger as T
from delivery.suppression import normalise_address
from privacy.tables import privacy_tombstones

if TYPE_CHECKING:
    from privacy.codec import AddressCodec

CHANNELS = ("email", "sms")
TERMINAL_STATES = frozenset({"delivered", "bounced", "failed", "skipped"})
_CHUNK = 500
#: Why a row of an erased person is skipped at claim time.
ERASED = "erased: the person's data was erased (privacy tombstone); never sent again"
#: The associated data of the sealed recipient (``table.column`` of the clear value it replaced).
ADDRESS_COLUMN = "send_ledger.to_address_enc"


class LedgerKeyError(ValueError):
    """A ledger key is malformed (the message names the field and what is expected)."""


def ledger_id_for(
    campaign_id: str, step_id: str, contact_id: str, channel: str, occurrence: int
) -> str:
    """Return the ledger id ``<campaign>:<step>:<contact>:<channel>:<occurrence>``.

    Parameters
    ----------
    campaign_id, step_id, contact_id : str
        Identifiers; must be non-empty and contain no ``:``.
    channel : str
        ``email`` or ``sms``.
    occurrence : int
        1 for the first send of this step to this contact, 2 for a re-entry, ...

    Returns
    -------
    str
        The ledger id, as carried by the message (SendGrid ``custom_args``, Twilio callback URL).

    Raises
    ------
    LedgerKeyError
        If a part is empty, contains ``:``, the channel is unknown or the occurrence is < 1.
    """
    for name, value in (
        ("campaign_id", campaign_id),
        ("step_id", step_id),
        ("contact_id", contact_id),
    ):
        if not isinstance(value, str) or not value or ":" in value:
            raise LedgerKeyError(
                f"ledger key field {name}={value!r}: expected a non-empty id without ':'"
            )
    if channel not in CHANNELS:
        raise LedgerKeyError(f"ledger key field channel={channel!r}: expected one of {CHANNELS}")
    if not isinstance(occurrence, int) or occurrence < 1:
        raise LedgerKeyError(
            f"ledger key field occurrence={occurrence!r}: expected an integer >= 1"
        )
    return f"{campaign_id}:{step_id}:{contact_id}:{channel}:{occurrence}"


@dataclass(frozen=True)
class LedgerKey:
    """The unique key of one message (plus the two facts known when it is enqueued)."""

    campaign_id: str
    step_id: str
    contact_id: str
    channel: str
    occurrence: int = 1
    variant_id: str | None = None
    to_address: str | None = None

    @property
    def ledger_id(self) -> str:
        """The ledger id string for this key."""
        return ledger_id_for(
            self.campaign_id, self.step_id, self.contact_id, self.channel, self.occurrence
        )


@dataclass(frozen=True)
class LedgerRow:
    """One ledger row as read back from the store.

    The recipient stays sealed (``to_address_enc``, AES-256-GCM) while the row is claimed and
    checked -- the rules use ``to_address_hash`` -- and is opened only when :attr:`to_address` is
    read: by rendering the message for the provider call and by the provider itself.
    """

    ledger_id: str
    campaign_id: str
    step_id: str
    contact_id: str
    channel: str
    occurrence: int
    variant_id: str | None
    to_address_enc: str | None
    to_address_hash: str | None
    provider: str | None
    state: str
    owner: str | None
    lease_expires_at: dt.datetime | None
    attempts: int
    content_sha256: str | None
    provider_message_id: str | None
    last_error: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    sending_at: dt.datetime | None
    submitted_at: dt.datetime | None
    completed_at: dt.datetime | None
    not_before: dt.datetime | None = None
    held_reason: str | None = None
    reserved_at: dt.datetime | None = None
    cost_amount: float | None = None
    #: opens ``to_address_enc`` (the store's codec); a hand-built row carries ``clear_address``
    codec: AddressCodec | None = field(default=None, repr=False, compare=False)
    clear_address: str | None = field(default=None, repr=False)

    @functools.cached_property
    def to_address(self) -> str | None:
        """The clear recipient, decrypted on the first read and kept with the row (only
        rendering and providers read it)."""
        if self.clear_address is not None or self.to_address_enc is None:
            return self.clear_address
        if self.codec is None:
            raise ValueError(f"ledger row {self.ledger_id}: no key ring to open its address")
        return self.codec.open(self.to_address_enc)

    @classmethod
    def from_mapping(cls, row: Mapping[str, Any], codec: AddressCodec | None = None) -> LedgerRow:
        """Build from a result row mapping (a hand-built one may give a clear ``to_address``)."""
        # the dispatch-time columns (revision 0006) are optional in a hand-built mapping
        values = {name: row[name] for name in _ROW_FIELDS if name in row}
        values.setdefault("to_address_enc", None)
        values.setdefault("to_address_hash", None)
        if row.get("to_address") is not None:
            values["clear_address"] = row["to_address"]
        return cls(**values, codec=codec)


@dataclass(frozen=True)
class Verdict:
    """What the dispatch-time check decided for one candidate row (see :meth:`Ledger.claim_checked`).

    ``kind``: ``send`` (claim it; ``cost`` is charged to the budget), ``skip`` / ``fail`` (close
    it for good with ``reason``), ``defer`` (stays pending, not claimed before ``until``),
    ``hold`` (stays pending with ``held_reason`` = the part of ``reason`` before its first
    ``:``, e.g. ``budget``, until the hold is lifted), ``wait``
    (left untouched: e.g. the campaign is paused).
    """

    kind: str
    reason: str = ""
    until: dt.datetime | None = None
    cost: float | None = None


@dataclass
class CheckedClaim:
    """Result of :meth:`Ledger.claim_checked`: the rows claimed and what happened to the rest."""

    claimed: list[LedgerRow]
    verdicts: dict[str, Verdict]
    candidates: int

    def count(self, kind: str) -> int:
        """How many candidates got verdict ``kind``."""
        return sum(1 for v in self.verdicts.values() if v.kind == kind)


#: States in which a message has taken its slot of the frequency cap and is charged to the
#: budget: it left, is leaving, or may have left.
RESERVING_STATES = ("claimed", "sending", "submitted", "delivered", "bounced", "unknown")
#: States of a message that has not reached a terminal state yet.
IN_FLIGHT_STATES = ("pending", "claimed", "sending", "unknown")
_PG_SEND_CHECK_LOCK = 742_002  # pg_advisory_xact_lock key serialising dispatch-time checks


_ROW_FIELDS = tuple(f.name for f in fields(LedgerRow) if f.name not in ("codec", "clear_address"))


def _claimable(ts: dt.datetime, **equal: str | None) -> list[Any]:
    """Pending, not held, not deferred past ``ts``, and each given column equal to its value."""
    conds = [
        T.c.state == "pending",
        T.c.held_reason.is_(None),
        sa.or_(T.c.not_before.is_(None), T.c.not_before <= ts),
    ]
    return conds + [T.c[name] == value for name, value in equal.items() if value is not None]


def _claim_values(owner: str, ts: dt.datetime, lease: dt.timedelta) -> dict[str, Any]:
    """The columns a claim sets (owner token, lease, attempt count)."""
    return {
        "state": "claimed",
        "owner": owner,
        "lease_expires_at": ts + lease,
        "attempts": T.c.attempts + 1,
        "updated_at": ts,
    }


#: Provider outcome -> the states it may move a row from (outcomes only move a row forward).
_OUTCOME_FROM = {
    "submitted": ("sending", "unknown"),
    "delivered": ("sending", "unknown", "submitted"),
    "bounced": ("sending", "unknown", "submitted", "delivered"),
    "failed": ("sending", "unknown", "submitted"),
}


@functools.cache
def _outcome_update(outcome: str, with_pmid: bool, with_reason: bool) -> sa.Update:
    """``UPDATE`` of one row to ``outcome`` (binds ``_ledger_id``, ``_ts``, ``_pmid``, ``_reason``).

    The states are plain comparisons, not an expanding ``IN``, so the compiled statement is
    reused as is.
    """
    ts = sa.bindparam("_ts")
    values: dict[str, Any] = {"state": outcome, "updated_at": ts, "lease_expires_at": None}
    values["submitted_at" if outcome == "submitted" else "completed_at"] = ts
    if with_pmid:
        values["provider_message_id"] = sa.func.coalesce(
            T.c.provider_message_id, sa.bindparam("_pmid")
        )
    if with_reason:
        values["last_error"] = sa.bindparam("_reason")
    return (
        T.update()
        .where(
            T.c.ledger_id == sa.bindparam("_ledger_id"),
            sa.or_(*(T.c.state == state for state in _OUTCOME_FROM[outcome])),
        )
        .values(**values)
        .returning(T.c.ledger_id)
    )


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def seal_addresses(
    store: Store,
    channel: str,
    addresses: Iterable[str | None],
    hashes: Mapping[str, str] | None = None,
) -> tuple[list[str | None], list[str | None]]:
    """The stored ``(to_address_enc, to_address_hash)`` columns of recipients, in order.

    Sealed as given (rendering refuses a malformed one later, as it always did) under the
    store's active key; hashed in canonical form (:func:`~delivery.suppression.normalise_address`),
    which is what suppressions, consent events and tombstones are matched on. ``hashes``
    (canonical address -> keyed hash) saves hashing again what the caller already hashed.
    """
    keys = store.keys
    known = dict(hashes or {})
    present = [a if isinstance(a, str) and a else None for a in addresses]  # None, NaN, pd.NA
    hashed: list[str | None] = []
    for address in present:
        if address is None:
            hashed.append(None)
            continue
        canonical = normalise_address(channel, address)
        digest = known.get(canonical)
        if digest is None:
            digest = known[canonical] = keys.hash("address", canonical)
        hashed.append(digest)
    return keys.encrypt_many(present, column=ADDRESS_COLUMN), hashed


def sealed_columns(store: Store, channel: str, address: str | None) -> dict[str, str | None]:
    """``{"to_address_enc": ..., "to_address_hash": ...}`` of one recipient (hand-written rows)."""
    enc, digest = seal_addresses(store, channel, [address])
    return {"to_address_enc": enc[0], "to_address_hash": digest[0]}


def open_address(store: Store, sealed: str | None) -> str | None:
    """The clear recipient of a stored ``to_address_enc`` (reports, exports, tests)."""
    if not isinstance(sealed, str) or not sealed:  # None, or NaN in a frame
        return None
    return store.keys.decrypt(sealed, column=ADDRESS_COLUMN)


class Ledger:
    """Set-based operations on the send ledger of one :class:`~delivery.store.Store`.

    Every method takes ``now`` (UTC) and either opens its own transaction or joins the caller's
    (``conn=``), so a caller can commit a ledger change together with other writes.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._codec: AddressCodec | None = None

    @property
    def codec(self) -> AddressCodec:
        """The codec of ``send_ledger.to_address`` (the store's key ring, resolved once)."""
        if self._codec is None:
            self._codec = self.store.codec(ADDRESS_COLUMN)
        return self._codec

    def _row(self, mapping: Mapping[str, Any]) -> LedgerRow:
        return LedgerRow.from_mapping(mapping, self.codec)

    # -- writes before any provider call ------------------------------------------------------
    def enqueue(self, keys: Iterable[LedgerKey], *, now: dt.datetime) -> int:
        """Insert pending rows for ``keys``; keys already in the ledger are left untouched.

        Parameters
        ----------
        keys : iterable of LedgerKey
            Messages to send. Re-enqueueing an existing key is a no-op (``ON CONFLICT DO NOTHING``),
            so a second run of the same step cannot create a second message.
        now : datetime.datetime
            Current time (UTC).

        Returns
        -------
        int
            Number of rows actually inserted.
        """
        ts = to_utc_naive(now)
        keys = list(keys)
        sealed = {}
        for channel in {k.channel for k in keys}:
            mine = [k for k in keys if k.channel == channel]
            enc, digests = seal_addresses(self.store, channel, [k.to_address for k in mine])
            sealed.update({k.ledger_id: (e, d) for k, e, d in zip(mine, enc, digests, strict=True)})
        rows = [
            {
                "ledger_id": k.ledger_id,
                "campaign_id": k.campaign_id,
                "step_id": k.step_id,
                "contact_id": k.contact_id,
                "channel": k.channel,
                "occurrence": k.occurrence,
                "variant_id": k.variant_id,
                "to_address_enc": sealed[k.ledger_id][0],
                "to_address_hash": sealed[k.ledger_id][1],
                "state": "pending",
                "attempts": 0,
                "created_at": ts,
                "updated_at": ts,
            }
            for k in keys
        ]
        dialect_insert = postgresql.insert if self.store.dialect == "postgresql" else sqlite.insert
        inserted = 0
        with self.store.begin() as conn:
            for chunk in _chunks(rows):
                stmt = dialect_insert(T).on_conflict_do_nothing().returning(T.c.ledger_id)
                inserted += len(conn.execute(stmt, list(chunk)).all())
        return inserted

    def claim(
        self,
        *,
        owner: str,
        now: dt.datetime,
        lease: dt.timedelta,
        limit: int = 1000,
        ledger_ids: Sequence[str] | None = None,
        campaign_id: str | None = None,
        step_id: str | None = None,
        channel: str | None = None,
    ) -> list[LedgerRow]:
        """Atomically claim up to ``limit`` pending rows for ``owner`` until ``now + lease``.

        Two senders calling this at once never get the same row (``FOR UPDATE SKIP LOCKED`` on
        Postgres; SQLite serialises writers with ``BEGIN IMMEDIATE``).

        Parameters
        ----------
        owner : str
            Unique token of this sender (fences all later transitions).
        now : datetime.datetime
            Current time (UTC).
        lease : datetime.timedelta
            How long the claim holds; must exceed the provider timeout plus retries.
        limit : int
            Maximum rows to claim.
        ledger_ids, campaign_id, step_id, channel : optional
            Restrict the claim to these rows.

        Returns
        -------
        list of LedgerRow
            The rows now claimed by ``owner`` (ordered by ledger id).
        """
        ts = to_utc_naive(now)
        conds = _claimable(ts, campaign_id=campaign_id, step_id=step_id, channel=channel)
        claimed: list[LedgerRow] = []
        id_groups: Iterable[Sequence[str] | None] = (
            list(_chunks(list(ledger_ids))) if ledger_ids is not None else [None]
        )
        with self.store.begin() as conn:
            for group in id_groups:
                remaining = limit - len(claimed)
                if remaining <= 0:
                    break
                where = [*conds, T.c.ledger_id.in_(group)] if group is not None else conds
                pick = (
                    sa.select(T.c.ledger_id)
                    .where(*where)
                    .limit(remaining)  # no ORDER BY: sorting all pending rows per claim is O(N)
                    .with_for_update(skip_locked=True)
                    .cte("picked")
                )
                # A CTE is evaluated once; ``IN (subquery LIMIT n)`` may be re-run by the planner
                # and claim more than ``n`` rows on Postgres.
                stmt = (
                    T.update()
                    .where(T.c.ledger_id == pick.c.ledger_id, T.c.state == "pending")
                    .values(**_claim_values(owner, ts, lease))
                    .returning(*T.c)
                )
                claimed.extend(self._row(r) for r in conn.execute(stmt).mappings())
        return sorted(claimed, key=lambda r: r.ledger_id)

    def claim_checked(
        self,
        *,
        owner: str,
        now: dt.datetime,
        lease: dt.timedelta,
        limit: int,
        gate: Callable[[sa.Connection, list[LedgerRow]], Mapping[str, Verdict]],
        campaign_id: str | None = None,
        channel: str | None = None,
    ) -> CheckedClaim:
        """Claim up to ``limit`` pending rows, re-checking every rule *in the claim's transaction*.

        First, in the same transaction, rows of an erased person (contact id or address hash
        is a privacy tombstone) are skipped; then ``gate(conn, candidates)`` sees the rest (locked: ``FOR UPDATE SKIP LOCKED``
        on Postgres, the database write lock on SQLite) and returns a :class:`Verdict` per
        ledger id; a missing id counts as ``wait``. On Postgres the transaction first takes an
        advisory lock shared by every checked claim, so two processes cannot both take the last
        slot of a contact's frequency cap or of a campaign's budget: they are decided one after
        the other, each seeing what the other reserved.

        Returns
        -------
        CheckedClaim
            Rows now ``claimed`` by ``owner`` (with ``reserved_at`` and ``cost_amount`` set),
            and every verdict.
        """
        ts = to_utc_naive(now)
        conds = _claimable(ts, campaign_id=campaign_id, channel=channel)
        with self.store.begin() as conn:
            if self.store.dialect == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_SEND_CHECK_LOCK)))
            candidates = [
                self._row(r)
                for r in conn.execute(
                    sa.select(T)
                    .where(*conds)
                    .limit(limit)  # no ORDER BY: sorting every pending row per batch is O(N)
                    .with_for_update(skip_locked=True)
                ).mappings()
            ]
            if not candidates:
                return CheckedClaim([], {}, 0)
            erased = self._tombstoned(conn, candidates)
            verdicts = {i: Verdict("skip", ERASED) for i in erased}
            rest = [r for r in candidates if r.ledger_id not in erased]
            if rest:
                verdicts.update(gate(conn, rest))
            by_kind: dict[str, list[str]] = defaultdict(list)
            for lid, v in verdicts.items():
                by_kind[v.kind].append(lid)
            claimed: list[LedgerRow] = []
            if by_kind["send"]:
                stmt = (
                    T.update()
                    .where(T.c.ledger_id == sa.bindparam("b_id"), T.c.state == "pending")
                    .values(
                        **_claim_values(owner, ts, lease),
                        reserved_at=ts,
                        cost_amount=sa.bindparam("b_cost"),
                        not_before=None,
                    )
                )
                conn.execute(
                    stmt,
                    [{"b_id": i, "b_cost": verdicts[i].cost} for i in by_kind["send"]],
                )
                claimed = [
                    self._row(r)
                    for r in conn.execute(
                        sa.select(T).where(T.c.ledger_id.in_(by_kind["send"]), T.c.owner == owner)
                    ).mappings()
                ]
            for kind, state in (("skip", "skipped"), ("fail", "failed")):
                if by_kind[kind]:
                    conn.execute(
                        T.update()
                        .where(T.c.ledger_id == sa.bindparam("b_id"), T.c.state == "pending")
                        .values(
                            state=state,
                            last_error=sa.bindparam("b_reason"),
                            completed_at=ts,
                            updated_at=ts,
                        ),
                        [{"b_id": i, "b_reason": verdicts[i].reason[:2000]} for i in by_kind[kind]],
                    )
            if by_kind["defer"] or by_kind["hold"]:
                conn.execute(
                    T.update()
                    .where(T.c.ledger_id == sa.bindparam("b_id"), T.c.state == "pending")
                    .values(
                        not_before=sa.bindparam("b_until"),
                        held_reason=sa.bindparam("b_hold"),
                        last_error=sa.bindparam("b_reason"),
                        updated_at=ts,
                    ),
                    [
                        {
                            "b_id": i,
                            "b_until": to_utc_naive(verdicts[i].until)
                            if verdicts[i].until
                            else None,
                            "b_hold": verdicts[i].reason.split(":", 1)[0][:64]
                            if kind == "hold"
                            else None,
                            "b_reason": verdicts[i].reason[:2000],
                        }
                        for kind in ("defer", "hold")
                        for i in by_kind[kind]
                    ],
                )
        return CheckedClaim(sorted(claimed, key=lambda r: r.ledger_id), verdicts, len(candidates))

    def _tombstoned(self, conn: sa.Connection, rows: list[LedgerRow]) -> set[str]:
        """Ledger ids among ``rows`` whose person was erased: their contact id or their
        address hashes to a privacy tombstone (so a re-imported person is never mailed)."""
        keys = self.codec.keys
        by_hash: dict[str, list[str]] = defaultdict(list)
        for r in rows:
            by_hash[keys.hash("contact", r.contact_id)].append(r.ledger_id)
            if r.to_address_hash:
                by_hash[r.to_address_hash].append(r.ledger_id)
        hashes = sorted(by_hash)
        found: set[str] = set()
        for chunk in _chunks(hashes):
            for digest in conn.execute(
                sa.select(privacy_tombstones.c.keyed_hash).where(
                    privacy_tombstones.c.keyed_hash.in_(chunk)
                )
            ).scalars():
                found.update(by_hash[digest])
        return found

    def lift_holds(
        self,
        campaign_id: str,
        *,
        now: dt.datetime,
        reason: str = "budget",
        conn: sa.Connection | None = None,
    ) -> int:
        """Make ``campaign_id``'s pending rows held for ``reason`` claimable again (they are
        re-checked when claimed: a budget still too small holds them again)."""
        stmt = (
            T.update()
            .where(
                T.c.campaign_id == campaign_id,
                T.c.state == "pending",
                T.c.held_reason == reason,
            )
            .values(held_reason=None, updated_at=to_utc_naive(now))
        )
        if conn is not None:
            return conn.execute(stmt).rowcount
        with self.store.begin() as own:
            return own.execute(stmt).rowcount

    def _fenced_update(
        self,
        ids: Sequence[str],
        *,
        owner: str | None,
        from_states: Sequence[str],
        values: Mapping[str, Any],
        conn: sa.Connection | None,
    ) -> list[str]:
        done: list[str] = []

        def run(c: sa.Connection) -> None:
            for chunk in _chunks(list(ids)):
                conds = [T.c.ledger_id.in_(chunk), T.c.state.in_(from_states)]
                if owner is not None:
                    conds.append(T.c.owner == owner)
                stmt = T.update().where(*conds).values(**values).returning(T.c.ledger_id)
                done.extend(c.execute(stmt).scalars())

        if conn is not None:
            run(conn)
        else:
            with self.store.begin() as c:
                run(c)
        return done

    def mark_sending(
        self,
        ids: Sequence[str],
        *,
        owner: str,
        now: dt.datetime,
        lease: dt.timedelta,
        provider: str,
        content_sha256: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Record that the request for ``ids`` is about to leave (claimed -> sending).

        Must commit before the provider call: from here on a crash leaves the rows ``unknown``.

        Returns
        -------
        list of str
            The ids whose claim still belonged to ``owner`` (only those may be sent).
        """
        ts = to_utc_naive(now)
        done = self._fenced_update(
            ids,
            owner=owner,
            from_states=("claimed",),
            values={
                "state": "sending",
                "provider": provider,
                "sending_at": ts,
                "lease_expires_at": ts + lease,
                "updated_at": ts,
            },
            conn=None,
        )
        if content_sha256:
            with self.store.begin() as conn:
                conn.execute(
                    T.update()
                    .where(T.c.ledger_id == sa.bindparam("b_id"), T.c.owner == owner)
                    .values(content_sha256=sa.bindparam("b_sha")),
                    [{"b_id": i, "b_sha": content_sha256[i]} for i in done if i in content_sha256],
                )
        return done

    def mark_submitted(
        self,
        submissions: Mapping[str, str],
        *,
        owner: str | None,
        now: dt.datetime,
        conn: sa.Connection | None = None,
    ) -> list[str]:
        """Record provider acceptance: ``submissions`` maps ledger id -> provider message id.

        Moves ``sending`` rows of ``owner`` and ``unknown`` rows (evidence resolves them) to
        ``submitted``. With ``owner=None`` only ``unknown`` rows move (reconciliation).

        Returns
        -------
        list of str
            The ids that moved.
        """
        ts = to_utc_naive(now)
        moved: list[str] = []
        for chunk in _chunks(list(submissions)):
            pmids = {submissions[i] for i in chunk}
            # one statement per chunk: a shared id (SendGrid's X-Message-Id) as a literal, else
            # a CASE on the ledger id (per-message ids: Twilio, SMTP, the sandbox's SMS)
            pmid: Any = (
                next(iter(pmids))
                if len(pmids) == 1
                else sa.case({i: submissions[i] for i in chunk}, value=T.c.ledger_id)
            )
            values = {
                "state": "submitted",
                "provider_message_id": pmid,
                "submitted_at": ts,
                "lease_expires_at": None,
                "updated_at": ts,
            }
            done: list[str] = []
            if owner is not None:
                done = self._fenced_update(
                    chunk, owner=owner, from_states=("sending",), values=values, conn=conn
                )
            moved_now = set(done)
            rest = [i for i in chunk if i not in moved_now]
            if rest:  # rows whose lease expired meanwhile (unknown): the acceptance resolves them
                done += self._fenced_update(
                    rest, owner=None, from_states=("unknown",), values=values, conn=conn
                )
            moved += done
        return moved

    def mark_unknown(
        self, ids: Sequence[str], *, owner: str, now: dt.datetime, error: str
    ) -> list[str]:
        """The request for ``ids`` may have left but no answer came (sending -> unknown)."""
        ts = to_utc_naive(now)
        return self._fenced_update(
            ids,
            owner=owner,
            from_states=("sending",),
            values={"state": "unknown", "last_error": error[:2000], "updated_at": ts},
            conn=None,
        )

    def mark_failed(
        self,
        errors: Mapping[str, str],
        *,
        owner: str,
        now: dt.datetime,
        state: str = "failed",
    ) -> list[str]:
        """Close rows of ``owner`` for good: ``failed`` (permanent error) or ``skipped`` (rules).

        Parameters
        ----------
        errors : mapping
            Ledger id -> human-readable reason.
        state : {"failed", "skipped"}
            Terminal state to set.
        """
        if state not in ("failed", "skipped"):
            raise ValueError(f"mark_failed state={state!r}: expected 'failed' or 'skipped'")
        ts = to_utc_naive(now)
        done: list[str] = []
        by_reason: dict[str, list[str]] = defaultdict(list)
        for lid, reason in errors.items():
            by_reason[reason[:2000]].append(lid)
        for reason, ids in by_reason.items():
            done += self._fenced_update(
                ids,
                owner=owner,
                from_states=("claimed", "sending"),
                values={
                    "state": state,
                    "last_error": reason,
                    "completed_at": ts,
                    "lease_expires_at": None,
                    "updated_at": ts,
                },
                conn=None,
            )
        return done

    def release(
        self, ids: Sequence[str], *, owner: str, now: dt.datetime, reason: str | None = None
    ) -> list[str]:
        """Give rows back (claimed/sending -> pending) when the request provably did not leave.

        Use only when the provider call was not made or was refused before acceptance
        (connection refused, 429, provider held/stopped).
        """
        return self._to_pending(
            ids, owner=owner, from_states=("claimed", "sending"), now=now, reason=reason
        )

    def _to_pending(
        self,
        ids: Sequence[str],
        *,
        owner: str | None,
        from_states: Sequence[str],
        now: dt.datetime,
        reason: str | None,
    ) -> list[str]:
        return self._fenced_update(
            ids,
            owner=owner,
            from_states=from_states,
            values={
                "state": "pending",
                "owner": None,
                "lease_expires_at": None,
                "sending_at": None,
                "last_error": reason[:2000] if reason else None,
                "updated_at": to_utc_naive(now),
            },
            conn=None,
        )

    def requeue_unknown(self, ids: Sequence[str], *, now: dt.datetime, reason: str) -> list[str]:
        """Send ``unknown`` rows again (unknown -> pending): only when the provider's own records
        prove the message never arrived (see :func:`delivery.reconcile.reconcile_unknown`)."""
        return self._to_pending(ids, owner=None, from_states=("unknown",), now=now, reason=reason)

    def extend_lease(
        self, ids: Sequence[str], *, owner: str, now: dt.datetime, lease: dt.timedelta
    ) -> list[str]:
        """Push the lease of ``owner``'s in-flight rows to ``now + lease`` (heartbeat)."""
        ts = to_utc_naive(now)
        return self._fenced_update(
            ids,
            owner=owner,
            from_states=("claimed", "sending"),
            values={"lease_expires_at": ts + lease, "updated_at": ts},
            conn=None,
        )

    # -- evidence after the call (webhooks, reconciliation) ----------------------------------
    def apply_outcome(
        self,
        ledger_id: str,
        outcome: str,
        *,
        now: dt.datetime,
        provider_message_id: str | None = None,
        reason: str | None = None,
        conn: sa.Connection | None = None,
    ) -> bool:
        """Apply a provider-reported outcome (``submitted``/``delivered``/``bounced``/``failed``).

        Outcomes only move a row forward: ``submitted`` < ``delivered`` < ``bounced``/``failed``;
        an ``unknown`` or ``sending`` row is resolved by any outcome (it proves the send left).

        Returns
        -------
        bool
            Whether the row changed.
        """
        if outcome not in _OUTCOME_FROM:
            raise ValueError(f"outcome={outcome!r}: expected one of {sorted(_OUTCOME_FROM)}")
        # one webhook event each: the statement is built once per shape, only values bound
        stmt = _outcome_update(outcome, bool(provider_message_id), bool(reason))
        params = {"_ledger_id": ledger_id, "_ts": to_utc_naive(now)}
        if provider_message_id:
            params["_pmid"] = provider_message_id
        if reason:
            params["_reason"] = reason[:2000]

        def run(c: sa.Connection) -> bool:
            return c.execute(stmt, params).first() is not None

        if conn is not None:
            return run(conn)
        with self.store.begin() as c:
            return run(c)

    def expire_leases(self, *, now: dt.datetime) -> dict[str, int]:
        """Resolve expired leases: ``claimed`` -> ``pending`` (never left), ``sending`` -> ``unknown``.

        Returns
        -------
        dict
            ``{"pending": n, "unknown": m}`` rows moved.
        """
        ts = to_utc_naive(now)
        expired = sa.and_(T.c.lease_expires_at.is_not(None), T.c.lease_expires_at < ts)
        with self.store.begin() as conn:
            to_pending = conn.execute(
                T.update()
                .where(T.c.state == "claimed", expired)
                .values(
                    state="pending",
                    owner=None,
                    lease_expires_at=None,
                    last_error="lease expired before the request left; requeued",
                    updated_at=ts,
                )
            ).rowcount
            to_unknown = conn.execute(
                T.update()
                .where(T.c.state == "sending", expired)
                .values(
                    state="unknown",
                    lease_expires_at=None,
                    last_error="lease expired after the request may have left; reconcile",
                    updated_at=ts,
                )
            ).rowcount
        return {"pending": to_pending, "unknown": to_unknown}

    # -- reads ---------------------------------------------------------------------------------
    def get(self, ledger_id: str) -> LedgerRow | None:
        """Return one row by ledger id (or ``None``)."""
        with self.store.engine.connect() as conn:
            row = conn.execute(sa.select(T).where(T.c.ledger_id == ledger_id)).mappings().first()
        return self._row(row) if row else None

    def rows(self, *, state: str | None = None, provider: str | None = None) -> list[LedgerRow]:
        """Return rows, optionally filtered by state and provider (ordered by ledger id)."""
        stmt = sa.select(T).order_by(T.c.ledger_id)
        if state is not None:
            stmt = stmt.where(T.c.state == state)
        if provider is not None:
            stmt = stmt.where(T.c.provider == provider)
        with self.store.engine.connect() as conn:
            return [self._row(r) for r in conn.execute(stmt).mappings()]

    def counts(self, *, campaign_id: str | None = None) -> dict[str, int]:
        """Return ``{state: rows}`` (for status displays and tests)."""
        stmt = sa.select(T.c.state, sa.func.count()).group_by(T.c.state)
        if campaign_id is not None:
            stmt = stmt.where(T.c.campaign_id == campaign_id)
        with self.store.engine.connect() as conn:
            return {s: n for s, n in conn.execute(stmt).all()}
