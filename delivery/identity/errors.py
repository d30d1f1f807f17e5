"""Errors a user of identity can cause; each message names what was wrong and the fix."""

from __future__ import annotations


class IdentityError(ValueError):
    """Base class: a bad user, role, password, session or token."""


class AuthenticationFailed(IdentityError):
    """Wrong username or password, or a disabled user (the message never says which)."""


class LoginRateLimited(IdentityError):
    """Too many failed sign-ins for this username or client recently."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Forbidden(IdentityError):
    """The authenticated user lacks every role the action allows."""
