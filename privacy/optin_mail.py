"""The double-opt-in confirmation email, sent through the configured email provider.

:func:`confirmation_sender` returns the ``send_confirmation(address, url)`` callable that
:func:`privacy.web.privacy_routes` needs to serve ``/signup`` and ``/confirm``; ``enrollflow ops
webhooks`` builds it from the same provider settings as campaigns (the sandbox outbox by
default). The message id is a hash of the confirmation URL (which holds the one-time token), so
the token itself never appears in the provider's metadata; the address is the recipient only.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass

from delivery.messages import Accepted, EmailMessage
from delivery.providers.base import Provider


class ConfirmationNotSent(RuntimeError):
    """The provider did not accept the confirmation email (the sign-up page says so)."""


@dataclass(frozen=True)
class OptinSender:
    """Who the confirmation email comes from."""

    from_email: str
    from_name: str
    organisation: str
    postal_address: str


def confirmation_message(who: OptinSender, address: str, url: str) -> EmailMessage:
    """The confirmation email for ``address`` with its one-time link ``url``."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    safe_url = html.escape(url, quote=True)
    return EmailMessage(
        ledger_id=f"optin:{digest}",
        to=address,
        from_email=who.from_email,
        from_name=who.from_name,
        subject=f"Please confirm your sign-up to {who.organisation}",
        html=(
            f"<p>Please confirm that you want to hear from {html.escape(who.organisation)}:</p>"
            f'<p><a href="{safe_url}">Confirm my sign-up</a></p>'
            "<p>If you did not sign up, ignore this email: nothing happens without your click.</p>"
            f"<p>{html.escape(who.organisation)}, {html.escape(who.postal_address)}</p>"
        ),
        text=(
            f"Please confirm that you want to hear from {who.organisation}:\n{url}\n\n"
            "If you did not sign up, ignore this email: nothing happens without your click.\n"
            f"{who.organisation}, {who.postal_address}\n"
        ),
        categories=("double_opt_in",),
    )


def confirmation_sender(provider: Provider, who: OptinSender) -> Callable[[str, str], None]:
    """``send_confirmation(address, url)`` through ``provider`` (raises if it is not accepted)."""

    def send(address: str, url: str) -> None:
        message = confirmation_message(who, address, url)
        outcome = provider.send([message]).get(message.ledger_id)
        if not isinstance(outcome, Accepted):
            raise ConfirmationNotSent(
                f"the confirmation email was not accepted ({type(outcome).__name__})"
            )

    return send
