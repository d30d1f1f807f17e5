"""Column codecs: what a store module calls to keep an address encrypted and still look it up.

``AddressCodec(keys, "send_ledger.to_address_enc")`` (``store.codec(column)`` builds one with the
store's keys):

- :meth:`~AddressCodec.seal` -- the value to store (AES-256-GCM, ``<key id>:...``);
- :meth:`~AddressCodec.open` -- the clear value back (any key of the ring);
- :meth:`~AddressCodec.lookup` -- the keyed hash of the canonical address, for the
  ``<column>_hash`` column that equality lookups, unique keys and dedupe use instead of the
  clear value (so ``suppressed_among`` stays one indexed ``IN``).

Every address column of the ops store is sealed this way: the consent ledger, opt-ins, privacy
requests, and (revision ``0012_pii_encryption``) the send ledger's recipient, the suppression list
and the consent events -- see ``docs/privacy.md`` ("Encryption at rest").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from privacy.crypto import KeyRing, canonical


@dataclass(frozen=True)
class AddressCodec:
    """Encrypt / decrypt / hash one address column (``table.column`` is the associated data)."""

    keys: KeyRing
    column: str

    def seal(self, address: str | None) -> str | None:
        """The stored form of ``address`` (canonicalised first, ``None`` stays ``None``)."""
        if address is None:
            return None
        return self.keys.encrypt(canonical("address", address), column=self.column)

    def open(self, token: str | None) -> str | None:
        """The clear address of a stored value."""
        return self.keys.decrypt(token, column=self.column)

    def lookup(self, address: str) -> str:
        """The keyed hash to store beside it and to query by."""
        return self.keys.hash("address", address)

    def lookups(self, addresses: Iterable[str]) -> dict[str, str]:
        """``{keyed hash: address}`` for a batch (one ``IN`` query instead of one per address)."""
        return {self.lookup(a): a for a in addresses if a}
