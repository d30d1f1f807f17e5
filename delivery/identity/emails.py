"""Staff email addresses: checked, sealed at rest and looked up by keyed hash.

Since revision ``0013_sealed_staff_emails`` the ops store keeps no staff address in clear:

- ``users.email_enc`` -- the address as given, AES-256-GCM sealed with the store's key ring
  (:class:`privacy.crypto.KeyRing`, ``users.email_enc`` as associated data; re-encrypted by
  ``enrollflow privacy rotate-key``);
- ``users.email_hash`` -- the keyed hash (:data:`HASH_KIND`) of the lower-cased address
  (:func:`delivery.suppression.normalise_address`), under a unique index: sign-in and the
  "email already taken" check query it, so a lookup is case-insensitive and never opens a row.

The clear address is opened only where it is shown (``enrollflow users list``) or mailed.
"""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email

from delivery.identity.errors import IdentityError
from delivery.suppression import normalise_address
from privacy.crypto import KeyRing

#: longest address accepted (RFC 5321 path limit is 254; the column used to be 320 wide)
MAX_EMAIL = 320
#: the keyed hash's kind (a staff address hashes apart from a contact's ``address``)
HASH_KIND = "user_email"
#: the sealed column, also the associated data of its ciphertext
COLUMN = "users.email_enc"


def _has_control(value: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in value)


def check_email(email: str) -> str:
    """The address to keep (trimmed), or :class:`IdentityError` saying what is wrong with it."""
    value = str(email).strip()
    if len(value) > MAX_EMAIL:
        raise IdentityError(f"email: {len(value):,} characters; an address has at most {MAX_EMAIL}")
    if _has_control(value):
        raise IdentityError("email: contains a control character; type the address on one line")
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise IdentityError(
            f"email {value!r}: {exc} (expected an address like name@school.edu)"
        ) from None
    return value


def check_username(username: str) -> str:
    """A sign-in name (user id or email), trimmed and lower-cased, or :class:`IdentityError`."""
    name = str(username).strip().lower()
    if not name:
        raise IdentityError("username: empty; type your user id or email address")
    if len(name) > MAX_EMAIL or _has_control(name):
        raise IdentityError(
            f"username: a user id or email address of at most {MAX_EMAIL} characters "
            "without control characters"
        )
    return name


def email_lookup(keys: KeyRing, email: str) -> str:
    """The ``users.email_hash`` of ``email`` (any case, surrounding spaces ignored)."""
    return keys.hash(HASH_KIND, normalise_address("email", email))


def sealed_email(keys: KeyRing, email: str) -> dict[str, str]:
    """The ``users`` column values of a (checked) address: ``email_enc`` and ``email_hash``."""
    return {
        "email_enc": keys.encrypt(email, column=COLUMN),  # type: ignore[dict-item]
        "email_hash": email_lookup(keys, email),
    }


def open_email(keys: KeyRing, token: str) -> str:
    """The clear address of a stored ``users.email_enc``."""
    return keys.decrypt(token, column=COLUMN)  # type: ignore[return-value]
