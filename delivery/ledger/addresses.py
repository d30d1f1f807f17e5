"""The recipient at rest: sealed (AES-256-GCM) beside the keyed hash of its canonical form.

:func:`seal_addresses` gives the stored ``(to_address_enc, to_address_hash)`` columns,
:func:`sealed_columns` the same for one hand-written row, :func:`open_address` the clear value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from delivery.store import Store
from delivery.suppression import normalise_address

#: The associated data of the sealed recipient (``table.column`` of the clear value it replaced).
ADDRESS_COLUMN = "send_ledger.to_address_enc"


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
