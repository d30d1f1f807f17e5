"""What every part of :class:`delivery.ledger.Ledger` shares: its store and the codec that opens
the rows' sealed recipients."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from delivery.ledger.addresses import ADDRESS_COLUMN
from delivery.ledger.rows import LedgerRow
from delivery.store import Store

if TYPE_CHECKING:
    from privacy.codec import AddressCodec


class LedgerBase:
    """The store, the address codec and the row builder the ledger's operations share."""

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
