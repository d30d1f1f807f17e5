"""The webhooks app (Starlette): provider events in, landing zone + ops store updated at once.

Routes
------
``POST /sendgrid/events``   SendGrid Event Webhook (JSON array of events)
``POST /twilio/status``     Twilio status callback (form; ``?ledger_id=`` in the URL)
``POST /twilio/inbound``    Twilio inbound SMS (form; STOP/START honoured immediately)
``POST /twilio/clicks``     Twilio link shortening click event (JSON, ``?bodySHA256=``; counted
                            as ``clicked``, :mod:`delivery.webhooks.twilio_clicks`)
``POST /mandrill/events``   Mailchimp Transactional webhook (form field ``mandrill_events``;
                            ``HEAD`` answers 200 for Mandrill's URL check)
``GET  /unsubscribe``       confirmation page (GET never unsubscribes: link scanners follow GETs)
``POST /unsubscribe``       RFC 8058 one-click unsubscribe (``List-Unsubscribe=One-Click``)
``GET  /healthz``           liveness

Each valid POST is first appended, raw, to the landing zone (so nothing is lost), then applied
to the ops store. A body that is not usable at all gets a 4xx whose text names the field; a bad
event in a SendGrid batch is rejected alone (rejects file, reason in the answer) while the others
apply. Bodies are limited while they stream in. Twilio requests are checked against
``X-Twilio-Signature``; SendGrid POSTs against SendGrid's signed Event Webhook (ECDSA P-256 over
timestamp + body, headers ``X-Twilio-Email-Event-Webhook-Signature`` / ``-Timestamp``, the
timestamp within a tolerance) and/or a shared token (``?token=`` in the webhook URL). A route
whose credentials are not configured answers 403 unless the development flag
``allow_unauthenticated`` is set (logged loudly at start).

Domain code reads no environment: ``enrollflow ops webhooks`` builds the app from settings and
serves it with uvicorn.

Modules: ``http`` (the shared context: body limit, public URL, 4xx answers), ``auth`` (which
route groups are authenticated), one ``<provider>_routes`` module per provider
(``sendgrid_routes``, ``twilio_routes``, ``mandrill_routes``) and ``unsubscribe_routes``;
``sendgrid_events``, ``mandrill`` and ``twilio_clicks`` validate bodies; ``effects`` applies them
to the ops store; ``landing`` appends them to the landing zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from delivery.store import Store
from delivery.webhooks.auth import InsecureConfiguration, check_authentication
from delivery.webhooks.http import MAX_BODY_BYTES, WebhookContext
from delivery.webhooks.mandrill_routes import mandrill_routes
from delivery.webhooks.sendgrid_events import SIGNATURE_TOLERANCE, sendgrid_verifier
from delivery.webhooks.sendgrid_routes import sendgrid_routes
from delivery.webhooks.twilio_routes import twilio_routes
from delivery.webhooks.unsubscribe_routes import unsubscribe_routes

__all__ = ["InsecureConfiguration", "create_app"]


def create_app(
    store: Store,
    landing_dir: Path,
    *,
    unsubscribe_secret: str,
    public_base_url: str,
    twilio_auth_token: str | None = None,
    sendgrid_token: str | None = None,
    sendgrid_public_key: str | None = None,
    mandrill_webhook_key: str | None = None,
    allow_unauthenticated: bool = False,
    max_body_bytes: int = MAX_BODY_BYTES,
    signature_tolerance: dt.timedelta = SIGNATURE_TOLERANCE,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> Starlette:
    """Build the webhooks app.

    Parameters
    ----------
    store : Store
        The ops store (ledger, suppressions, consent).
    landing_dir : pathlib.Path
        Landing zone root (``data/landing``).
    unsubscribe_secret : str
        Secret that signed the unsubscribe tokens (see :mod:`delivery.rendering.compliance`).
    public_base_url : str
        The app's public URL (Twilio signs the URL it called, e.g. ``https://hooks.example.edu``).
    twilio_auth_token : str, optional
        When given, Twilio requests without a valid ``X-Twilio-Signature`` get 403.
    sendgrid_token : str, optional
        When given, SendGrid POSTs must carry ``?token=<sendgrid_token>`` (else 403).
    sendgrid_public_key : str, optional
        The Event Webhook verification key (Mail Settings → Signed Event Webhook, base64 DER):
        POSTs without a valid ECDSA signature of timestamp + body, or whose signed timestamp is
        more than ``signature_tolerance`` from the server's clock, get 403.
    mandrill_webhook_key : str, optional
        The Mandrill webhook's key: POSTs without a valid ``X-Mandrill-Signature`` get 403.
    allow_unauthenticated : bool
        Development only: serve the provider routes that have no credentials configured without
        authentication (a loud warning is logged at start). Without it such routes answer 403
        and an app with no provider route authenticated is refused
        (:class:`InsecureConfiguration`).
    max_body_bytes : int
        Largest request body, enforced while the body streams in (chunked bodies included),
        before any parsing or signature check.
    signature_tolerance : datetime.timedelta
        Largest distance between a SendGrid signed timestamp and now.
    clock : callable
        Returns the current UTC time (``received_at``).

    Returns
    -------
    starlette.applications.Starlette
        The ASGI app.
    """
    validator = RequestValidator(twilio_auth_token) if twilio_auth_token else None
    verifier = sendgrid_verifier(sendgrid_public_key) if sendgrid_public_key else None
    open_routes = check_authentication(
        sendgrid=verifier is not None or bool(sendgrid_token),
        twilio=validator is not None,
        mandrill=bool(mandrill_webhook_key),
        allow_unauthenticated=allow_unauthenticated,
    )
    ctx = WebhookContext.build(
        store, landing_dir, public_base_url, clock=clock, max_body_bytes=max_body_bytes,
        open_routes=open_routes, allow_unauthenticated=allow_unauthenticated,
    )  # fmt: skip

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            *sendgrid_routes(
                ctx, token=sendgrid_token, verifier=verifier, tolerance=signature_tolerance
            ),
            *twilio_routes(ctx, validator=validator),
            *mandrill_routes(ctx, webhook_key=mandrill_webhook_key),
            *unsubscribe_routes(ctx, secret=unsubscribe_secret),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )
