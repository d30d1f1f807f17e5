"""The provider contract and its error taxonomy.

A provider sends a batch and returns ``{ledger_id: Accepted | Rejected}``. When it cannot, it
raises one of the errors below, which say precisely *whether the request may have left*, because
that decides between a safe retry and reconciliation:

========================  =====================  ==========================================
error                     may have been sent?    dispatch does
========================  =====================  ==========================================
:class:`RateLimited`      no                     wait ``retry_after`` (or backoff), retry
:class:`ProviderUnavailable`  no                 backoff + jitter, then hold (circuit breaker)
:class:`ProviderHeld`     no                     hold at once (breaker opens, alert), no retries
:class:`AuthenticationFailed`  no                stop this provider, alert, no retries
:class:`OutcomeUnknown`   yes (``affected``)     mark ``unknown``, reconcile later
:class:`ProviderTimeout`  yes (``affected``)     mark ``unknown``, then hold (breaker, alert)
========================  =====================  ==========================================

Which documented answer raises which error is in :mod:`delivery.providers.codes`.

Every error carries ``done`` -- outcomes of messages already handled before the failure (for
providers that send one message per request) -- and ``affected`` -- the ids the error is about
(``None`` = the whole remaining batch).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from delivery.ledger import LedgerRow
from delivery.messages import Message, Outcome


class ProviderError(Exception):
    """Base of provider failures (see the module table)."""

    may_have_left = False

    def __init__(
        self,
        message: str,
        *,
        done: dict[str, Outcome] | None = None,
        affected: Sequence[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.done = dict(done or {})
        self.affected = list(affected) if affected is not None else None


class RetryableError(ProviderError):
    """The request was refused before acceptance; retrying later is safe."""


class RateLimited(RetryableError):
    """HTTP 429 / Twilio 20429; ``retry_after`` seconds from the provider's reset header."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class ProviderUnavailable(RetryableError):
    """Connection refused, DNS failure, 5xx: the provider did not take the request."""


class ProviderHeld(RetryableError):
    """Nothing was sent, and retrying at once will not help (HTTP 404, an undocumented 4xx):
    the circuit breaker holds the provider with this reason and probes again after a cooldown."""


class AuthenticationFailed(ProviderError):
    """401/403 or Twilio 20003: credentials are wrong; stop this provider until fixed."""


class OutcomeUnknown(ProviderError):
    """The request may have left (read timeout, reset after sending): never resend blindly."""

    may_have_left = True


class ProviderTimeout(OutcomeUnknown):
    """The provider took the connection and the request but never answered (a black hole).

    The messages of that request are ``unknown`` (they may have left); the next requests would
    only pile up more of them, so dispatch holds the provider (circuit breaker + alert) and the
    breaker's probe after the cooldown carries a single message.
    """


def send_each(
    messages: Sequence[Message], send_one: Callable[[Message], Outcome], *, accepts: type
) -> dict[str, Outcome]:
    """Send ``messages`` one request each (SMS APIs); an error carries the outcomes so far."""
    done: dict[str, Outcome] = {}
    for m in messages:
        if not isinstance(m, accepts):
            raise TypeError(f"this provider accepts {accepts.__name__} only")
        try:
            done[m.ledger_id] = send_one(m)
        except ProviderError as exc:
            exc.done = dict(done)
            raise
    return done


class LookupNotSupported(Exception):
    """The provider keeps no record we can search (plain SMTP); resolve ``unknown`` by hand."""


@runtime_checkable
class Provider(Protocol):
    """What :func:`delivery.dispatch.dispatch` needs from a provider.

    Attributes
    ----------
    name : str
        Account key, e.g. ``sendgrid:default`` (circuit breaker and rate limits are per name).
    kind : str
        ``sendgrid``, ``smtp``, ``twilio`` or ``sandbox`` (recorded in the ledger).
    channel : str
        ``email`` or ``sms``.
    max_batch : int
        Most messages one :meth:`send` call should get.
    """

    name: str
    kind: str
    channel: str
    max_batch: int

    def send(self, messages: Sequence[Message]) -> dict[str, Outcome]:
        """Send ``messages``; return an outcome per ledger id or raise a :class:`ProviderError`."""
        ...

    def lookup(self, rows: Sequence[LedgerRow]) -> dict[str, str]:
        """Return ``{ledger_id: provider_message_id}`` for rows the provider has a record of.

        Raises :class:`LookupNotSupported` when the provider keeps no searchable record.
        """
        ...
