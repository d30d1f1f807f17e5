"""What a platform answer means for the publish ledger.

Every platform client maps its own error format (Graph API ``{"error": {"code", ...}}``, LinkedIn's
``{"status", "serviceErrorCode", "code"}``, X's problem details) onto these, so the publisher
decides the same way whatever the platform:

======================  =====================================================================
``TokenDead``           the token is expired, revoked or lacks a permission: the account goes to
                        ``needs_reauth`` (alert), the post waits for a new connection
``RateLimited``         nothing was published; the account pauses for ``retry_after``
``QuotaExhausted``      a publishing quota (Instagram's posts per 24 h) is used up for ``retry_after``
``Rejected``            the platform refused this post (bad parameter, duplicate, policy): ``failed``
``Unavailable``         the request provably did not leave (connection refused, DNS): retried later
``OutcomeUnknown``      the request left and no answer came back (read timeout, 5xx on a publish):
                        ``unknown``, settled by listing the account's recent posts, never re-posted
``NotReady``            Instagram's container is still processing: retried later, container kept
======================  =====================================================================
"""

from __future__ import annotations

import datetime as dt


class SocialError(Exception):
    """Base of social-posting errors (messages never contain a token)."""


class ConfigError(SocialError):
    """A setting or argument is wrong (names it and the fix)."""


class OAuthFlowError(SocialError):
    """The authorization flow failed (unknown/used/expired state, refused code)."""


class TokenDead(SocialError):
    """The access token no longer works; only a new authorization fixes it."""


class TokenExpired(TokenDead):
    """The access token expired; a refresh token (when the platform gives one) may renew it."""


class RateLimited(SocialError):
    """The platform throttles this app/account; nothing was published."""

    def __init__(
        self, message: str, retry_after: dt.timedelta, usage_pct: float | None = None
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.usage_pct = usage_pct


class QuotaExhausted(RateLimited):
    """A publishing quota is used up (Instagram's ``content_publishing_limit``)."""


class Rejected(SocialError):
    """The platform refused this post for good."""


class Unavailable(SocialError):
    """The request did not leave or was refused before processing; safe to retry."""


class OutcomeUnknown(SocialError):
    """The request may have been processed; only the account's posts can tell."""


class NotReady(SocialError):
    """An Instagram container is not finished yet."""
