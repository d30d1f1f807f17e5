"""Which provider route groups are authenticated, and refusing an app with none."""

from __future__ import annotations

from delivery.webhooks.http import log


class InsecureConfiguration(ValueError):
    """The app would serve a route without authentication and no development flag allows it."""


def check_authentication(
    *, sendgrid: bool, twilio: bool, allow_unauthenticated: bool, mandrill: bool = False
) -> frozenset[str]:
    """Return the provider route groups without credentials; refuse an app with none secured.

    Raises
    ------
    InsecureConfiguration
        When no provider route is authenticated and the development flag is off.
    """
    groups = (("sendgrid", sendgrid), ("twilio", twilio), ("mandrill", mandrill))
    open_routes = frozenset(name for name, secured in groups if not secured)
    if not open_routes:
        return open_routes
    if allow_unauthenticated:
        log.warning(
            "UNAUTHENTICATED WEBHOOKS (development flag): %s accept requests from anyone who can "
            "reach this server -- they can suppress any address, mark messages delivered and lift "
            "STOPs. Never expose this server.",
            ", ".join(f"/{name}/*" for name in sorted(open_routes)),
        )
    elif len(open_routes) == len(groups):
        raise InsecureConfiguration(
            "no webhook route is authenticated: set ENROLLFLOW_SENDGRID_WEBHOOK_PUBLIC_KEY (or "
            "ENROLLFLOW_SENDGRID_WEBHOOK_TOKEN), ENROLLFLOW_TWILIO_AUTH_TOKEN and/or "
            "ENROLLFLOW_MANDRILL_WEBHOOK_KEY; for local development only, pass --insecure-dev"
        )
    else:
        log.warning(
            "webhooks: %s disabled (403) until its credentials are configured",
            ", ".join(f"/{name}/*" for name in sorted(open_routes)),
        )
    return open_routes
