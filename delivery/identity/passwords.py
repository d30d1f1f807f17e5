"""Password hashing with argon2id (argon2-cffi's recommended parameters, RFC 9106)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from delivery.identity.errors import IdentityError

_HASHER = PasswordHasher()
#: compared against when the user does not exist, so an unknown name costs the same time
_DUMMY = _HASHER.hash("not a real password")
MIN_LENGTH = 10


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (refuses passwords shorter than :data:`MIN_LENGTH`)."""
    if len(password) < MIN_LENGTH:
        raise IdentityError(
            f"password too short ({len(password)} characters): use at least {MIN_LENGTH}"
        )
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored`` (``None`` still spends one verification)."""
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
