"""Keys, AES-256-GCM field encryption and keyed hashes for personal data at rest.

- :class:`KeyRing` holds the encryption keys by key id; the first is the active one (new values are
  encrypted with it), the others still decrypt what they encrypted until ``rotate-key`` re-encrypts.
- :func:`KeyRing.encrypt` / :func:`KeyRing.decrypt`: ``"<key id>:<base64url(nonce|ciphertext|tag)>"``,
  AES-256-GCM with a fresh 96-bit nonce and the column's name as associated data, so a value
  copied into another column does not decrypt.
- :func:`keyed_hash`: HMAC-SHA256 of a canonical value under a separate, never-rotated hash key;
  equality lookups (suppressions, dedupe, tombstones) go through it, so encryption costs no
  correctness.
- :func:`hmac_sha256`: HMAC-SHA256 with a key absorbed once (the keyed hashes, and the signed
  unsubscribe tokens of :mod:`delivery.rendering.compliance`).

Keys are strings ``"<id>:<base64 of 32 bytes>"``; :func:`new_key` makes one. Domain code takes a
:class:`KeyRing` as an argument; only the CLI and ``orchestration/`` read settings.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_NONCE_BYTES = 12


class KeyConfigError(ValueError):
    """A key setting is malformed, or a value names a key id the ring does not hold."""


class DecryptionError(ValueError):
    """A stored value does not decrypt (wrong key, wrong column, or tampered with)."""


_TO_URLSAFE = bytes.maketrans(b"+/", b"-_")
_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")


def _b64(data: bytes) -> str:
    """Unpadded base64url (binascii and one translate: base64's wrappers cost more than AES)."""
    return binascii.b2a_base64(data, newline=False).translate(_TO_URLSAFE).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    # what base64.urlsafe_b64decode does, without its wrappers
    return binascii.a2b_base64((text + "=" * (-len(text) % 4)).encode().translate(_FROM_URLSAFE))


def new_key(key_id: str) -> str:
    """Return a fresh key setting ``"<key_id>:<base64 of 32 random bytes>"``."""
    if not _KEY_ID.match(key_id):
        raise KeyConfigError(f"key id {key_id!r}: use 1-32 letters, digits, '_' or '-'")
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


def _parse_key(entry: str, what: str) -> tuple[str, bytes]:
    key_id, sep, material = entry.strip().partition(":")
    if not sep or not _KEY_ID.match(key_id):
        raise KeyConfigError(
            f"{what}: each key must be '<id>:<base64 of 32 bytes>' (make one with "
            "`enrollflow privacy new-key ID`)"
        )
    try:
        raw = base64.b64decode(material, validate=True)
    except binascii.Error:
        raise KeyConfigError(f"{what}: key {key_id!r} is not valid base64") from None
    if len(raw) != 32:
        raise KeyConfigError(f"{what}: key {key_id!r} has {len(raw)} bytes; AES-256 needs 32")
    return key_id, raw


@dataclass(frozen=True)
class KeyRing:
    """Encryption keys by id (``active`` encrypts) plus the keyed-hash key.

    Build it with :meth:`parse` from the settings ``ENROLLFLOW_PRIVACY_KEYS`` (comma-separated,
    active first) and ``ENROLLFLOW_PRIVACY_HASH_KEY``.
    """

    active: str
    keys: dict[str, bytes]
    hash_key: bytes

    @classmethod
    def parse(cls, keys: str, hash_key: str) -> KeyRing:
        """Parse ``"id1:b64,id2:b64"`` (first = active) and the hash key ``"id:b64"``."""
        entries = [e for e in keys.split(",") if e.strip()]
        if not entries:
            raise KeyConfigError(
                "ENROLLFLOW_PRIVACY_KEYS is empty: set at least one '<id>:<base64>'"
            )
        parsed = [_parse_key(e, "ENROLLFLOW_PRIVACY_KEYS") for e in entries]
        ids = [k for k, _ in parsed]
        if len(set(ids)) != len(ids):
            raise KeyConfigError(f"ENROLLFLOW_PRIVACY_KEYS names a key id twice: {ids}")
        _, hkey = _parse_key(hash_key, "ENROLLFLOW_PRIVACY_HASH_KEY")
        return cls(active=ids[0], keys=dict(parsed), hash_key=hkey)

    def __repr__(self) -> str:  # never show key material
        return f"KeyRing(active={self.active!r}, ids={sorted(self.keys)!r})"

    @functools.cached_property
    def _ciphers(self) -> dict[str, AESGCM]:
        """One AESGCM object per key (building one costs about as much as a short encryption)."""
        return {key_id: AESGCM(material) for key_id, material in self.keys.items()}

    def encrypt(self, value: str | None, *, column: str) -> str | None:
        """Encrypt ``value`` for ``column`` with the active key (``None`` stays ``None``)."""
        return self.encrypt_many([value], column=column)[0]

    def encrypt_many(self, values: Iterable[str | None], *, column: str) -> list[str | None]:
        """:meth:`encrypt` of each value (one fresh random nonce each, drawn in one call)."""
        values = list(values)
        nonces = os.urandom(_NONCE_BYTES * len(values))
        seal = self._ciphers[self.active].encrypt
        prefix, aad = f"{self.active}:", column.encode()
        out: list[str | None] = []
        for i, value in enumerate(values):
            if value is None:
                out.append(None)
                continue
            nonce = nonces[i * _NONCE_BYTES : (i + 1) * _NONCE_BYTES]
            out.append(prefix + _b64(nonce + seal(nonce, value.encode(), aad)))
        return out

    def decrypt(self, token: str | None, *, column: str) -> str | None:
        """Decrypt a value written by :meth:`encrypt` for ``column`` (with any key of the ring)."""
        if token is None:
            return None
        key_id, sep, body = token.partition(":")
        if not sep:
            raise DecryptionError(f"{column}: stored value is not '<key id>:<ciphertext>'")
        if key_id not in self.keys:
            raise KeyConfigError(
                f"{column}: value encrypted with key {key_id!r}, which ENROLLFLOW_PRIVACY_KEYS "
                "does not hold (keep retired keys until `enrollflow privacy rotate-key` finished)"
            )
        try:
            raw = _unb64(body)
            plain = self._ciphers[key_id].decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], column.encode()
            )
        except (InvalidTag, ValueError, binascii.Error):
            raise DecryptionError(
                f"{column}: value does not decrypt (tampered or wrong column)"
            ) from None
        return plain.decode()

    @staticmethod
    def key_id_of(token: str) -> str:
        """The key id a stored value was encrypted with."""
        return token.partition(":")[0]

    def hash(self, kind: str, value: str) -> str:
        """Keyed hash of a canonical value (see :func:`keyed_hash`)."""
        return keyed_hash(self.hash_key, kind, value)


def canonical(kind: str, value: str) -> str:
    """The canonical form hashed for ``kind``: ``address`` (email lower-cased, phone without
    spaces/dashes/brackets) or ``contact`` (the id as given, stripped)."""
    value = value.strip()
    if kind == "address":
        if "@" in value:
            return value.lower()
        return re.sub(r"[\s\-().]", "", value)
    return value


def keyed_hash(key: bytes, kind: str, value: str) -> str:
    """HMAC-SHA256 (hex) of ``kind:canonical(value)`` under ``key``.

    Without the key the hash cannot be recomputed from a guessed address, so a tombstone or a
    lookup column reveals nothing; with it, equality lookups work on the hash alone.
    """
    return hmac_sha256(key).digest(f"{kind}:{canonical(kind, value)}".encode()).hex()


class PrekeyedHmac:
    """HMAC-SHA256 (RFC 2104) with the key already absorbed into the inner and outer SHA-256
    states: a message costs two state copies, two updates and two digests, all C calls --
    the same bytes as ``hmac.new(key, msg, "sha256").digest()`` at half the cost of copying an
    ``hmac.HMAC`` (whose ``copy``/``update``/``digest`` are Python frames) for a short message.
    """

    __slots__ = ("_inner", "_outer")

    def __init__(self, key: bytes) -> None:
        if len(key) > _SHA256_BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(_SHA256_BLOCK, b"\0")
        self._inner = hashlib.sha256(key.translate(_IPAD))
        self._outer = hashlib.sha256(key.translate(_OPAD))

    def digest(self, message: bytes) -> bytes:
        """The 32-byte HMAC of ``message``."""
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()


_SHA256_BLOCK = 64
_IPAD = bytes(b ^ 0x36 for b in range(256))
_OPAD = bytes(b ^ 0x5C for b in range(256))


@functools.lru_cache(maxsize=8)
def hmac_sha256(key: bytes) -> PrekeyedHmac:
    """The :class:`PrekeyedHmac` of ``key`` (kept: keying costs more than a short message)."""
    return PrekeyedHmac(key)
