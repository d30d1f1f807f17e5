"""What the ledger hands back: :class:`LedgerRow` (one row read from the store), and the
dispatch-time check's :class:`Verdict` per candidate with the :class:`CheckedClaim` that gathers
them (see :meth:`delivery.ledger.Ledger.claim_checked`)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from privacy.codec import AddressCodec


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


_ROW_FIELDS = tuple(f.name for f in fields(LedgerRow) if f.name not in ("codec", "clear_address"))


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
