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
"""

from __future__ import annotations

import datetime as dt
import hmac
import html
import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from sendgrid.helpers.eventwebhook import EventWebhook, EventWebhookHeader
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from delivery.rendering.compliance import TokenError, read_unsubscribe_token
from delivery.store import Store
from delivery.webhooks import twilio_clicks
from delivery.webhooks.effects import (
    apply_sendgrid_events,
    apply_twilio_inbound,
    apply_twilio_status,
    apply_unsubscribe,
)
from delivery.webhooks.landing import LandingWriter
from delivery.webhooks.mandrill import (
    SIGNATURE_HEADER,
    MandrillBadRequest,
    apply_mandrill_events,
    check_mandrill_signature,
    validate_mandrill_events,
)

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 5_000_000
#: How far a SendGrid signed timestamp may be from the server's clock.
SIGNATURE_TOLERANCE = dt.timedelta(minutes=10)
MAX_EVENT_TIMESTAMP = 4_102_444_800  # 2100-01-01


class InsecureConfiguration(ValueError):
    """The app would serve a route without authentication and no development flag allows it."""


SENDGRID_REQUIRED = ("email", "timestamp", "event", "sg_event_id", "sg_message_id")
_TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class BadRequest(Exception):
    """A webhook body is unusable; ``str()`` is the 4xx text."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _event_problem(ev: Any) -> str | None:
    """Why one SendGrid event cannot be used (naming the field), or ``None``."""
    if not isinstance(ev, dict):
        return "not a JSON object"
    missing = [k for k in SENDGRID_REQUIRED if k not in ev]
    if missing:
        return f"missing required field(s) {', '.join(missing)}"
    ts = ev["timestamp"]
    if not isinstance(ts, int) or isinstance(ts, bool):
        return "'timestamp' must be integer unix seconds"
    if not 0 < ts < MAX_EVENT_TIMESTAMP:
        return "'timestamp' is out of range"
    for name in ("event", "email", "sg_event_id", "sg_message_id"):
        if not isinstance(ev[name], str) or not ev[name] or len(ev[name]) > 320:
            return f"'{name}' must be a non-empty string of at most 320 characters"
    if any(c in ev["email"] for c in "\r\n\x00"):
        return "'email' contains a control character"
    for name in ("ledger_id", "contact_id", "campaign_id"):
        if ev.get(name) is not None and (not isinstance(ev[name], str) or len(ev[name]) > 255):
            return f"'{name}' must be a string of at most 255 characters"
    return None


def validate_sendgrid_events(body: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Parse a SendGrid Event Webhook body into usable events and rejects.

    Returns
    -------
    (events, rejects)
        The events that can be applied, and ``{"index", "reason", "event"}`` for each that
        cannot (it goes to the rejects file; the others still apply).

    Raises
    ------
    BadRequest
        When the body as a whole is not a JSON array.
    """
    try:
        events = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise BadRequest(f"body is not JSON: {type(exc).__name__}") from None
    if not isinstance(events, list):
        raise BadRequest("body must be a JSON array of SendGrid events")
    good: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for i, ev in enumerate(events):
        problem = _event_problem(ev)
        if problem is None:
            good.append(ev)
        else:
            rejects.append({"index": i, "reason": f"event {i}: {problem}", "event": ev})
    return good, rejects


def sendgrid_verifier(public_key: str) -> EventWebhook:
    """The SDK's verifier for the Event Webhook key; a malformed key is a clear error at start."""
    try:
        return EventWebhook(public_key.strip())
    except ValueError as exc:
        raise ValueError(
            "the SendGrid Event Webhook verification key is not a base64 EC public key "
            f"(copy it from Mail Settings → Signed Event Webhook): {exc}"
        ) from exc


def check_sendgrid_signature(
    verifier: EventWebhook,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: dt.datetime,
    tolerance: dt.timedelta = SIGNATURE_TOLERANCE,
) -> None:
    """Raise ``BadRequest`` (403) unless the ECDSA signature of timestamp + body is valid and
    the signed timestamp is within ``tolerance`` of ``now`` (an old signed request replayed is
    refused)."""
    signature = headers.get(EventWebhookHeader.SIGNATURE.lower(), "")
    timestamp = headers.get(EventWebhookHeader.TIMESTAMP.lower(), "")
    if not signature or not timestamp:
        raise BadRequest(
            f"missing {EventWebhookHeader.SIGNATURE} / {EventWebhookHeader.TIMESTAMP}: "
            "enable the Signed Event Webhook at SendGrid",
            status=403,
        )
    try:
        signed_at = int(timestamp)
    except ValueError:
        raise BadRequest(
            f"{EventWebhookHeader.TIMESTAMP} is not unix seconds", status=403
        ) from None
    skew = abs(now.timestamp() - signed_at)
    if skew > tolerance.total_seconds():
        raise BadRequest(
            f"{EventWebhookHeader.TIMESTAMP} is {skew:.0f} s away from now (tolerance "
            f"{tolerance.total_seconds():.0f} s): a replayed or delayed request",
            status=403,
        )
    try:
        valid = verifier.verify_signature(body.decode("utf-8"), signature, timestamp)
    except (ValueError, UnicodeDecodeError):  # not base64 / not DER / not UTF-8
        valid = False
    if not valid:
        raise BadRequest(f"{EventWebhookHeader.SIGNATURE} does not match this request", status=403)


def _check_authentication(
    *, sendgrid: bool, twilio: bool, allow_unauthenticated: bool, mandrill: bool = False
) -> set[str]:
    """Return the provider route groups without credentials; refuse an app with none secured.

    Raises
    ------
    InsecureConfiguration
        When no provider route is authenticated and the development flag is off.
    """
    groups = (("sendgrid", sendgrid), ("twilio", twilio), ("mandrill", mandrill))
    open_routes = {name for name, secured in groups if not secured}
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


def _require(params: Mapping[str, str], keys: tuple[str, ...], what: str) -> None:
    missing = [k for k in keys if not params.get(k)]
    if missing:
        raise BadRequest(f"{what}: missing required parameter(s) {', '.join(missing)}")


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
    landing = LandingWriter(landing_dir)
    validator = RequestValidator(twilio_auth_token) if twilio_auth_token else None
    verifier = sendgrid_verifier(sendgrid_public_key) if sendgrid_public_key else None
    base = public_base_url.rstrip("/")
    open_routes = _check_authentication(
        sendgrid=verifier is not None or bool(sendgrid_token),
        twilio=validator is not None,
        mandrill=bool(mandrill_webhook_key),
        allow_unauthenticated=allow_unauthenticated,
    )

    def require_configured(group: str) -> None:
        if group in open_routes and not allow_unauthenticated:
            raise BadRequest(
                f"the {group} webhook is not configured on this server (no credentials)",
                status=403,
            )

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                raise BadRequest("Content-Length is not a number")
            if int(declared) > max_body_bytes:
                raise BadRequest(f"body is above {max_body_bytes} bytes", status=413)
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():  # chunked bodies are counted as they arrive
            size += len(chunk)
            if size > max_body_bytes:
                raise BadRequest(f"body is above {max_body_bytes} bytes", status=413)
            chunks.append(chunk)
        return b"".join(chunks)

    async def twilio_params(request: Request) -> tuple[dict[str, str], str]:
        require_configured("twilio")
        body = await read_body(request)
        params = dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
        url = f"{base}{request.url.path}" + (f"?{request.url.query}" if request.url.query else "")
        if validator is not None:
            signature = request.headers.get("x-twilio-signature", "")
            if not validator.validate(url, params, signature):
                raise BadRequest("X-Twilio-Signature does not match this request", status=403)
        return params, url

    async def sendgrid_events(request: Request) -> Response:
        require_configured("sendgrid")
        if sendgrid_token and not hmac.compare_digest(
            request.query_params.get("token", "").encode(), sendgrid_token.encode()
        ):
            raise BadRequest("missing or wrong ?token= for the SendGrid webhook", status=403)
        body = await read_body(request)
        now = clock()
        if verifier is not None:
            check_sendgrid_signature(
                verifier, request.headers, body, now=now, tolerance=signature_tolerance
            )
        events, rejects = validate_sendgrid_events(body)
        if events:
            landing.append(
                "sendgrid",
                "events.jsonl",
                {"received_at": now.isoformat(), "events": events},
                received_at=now,
            )
        stats = apply_sendgrid_events(store, events, now=now)
        failed = stats.pop("failed")
        rejects += [
            {"index": i, "reason": f"event {i}: {reason}", "event": events[i]}
            for i, reason in failed
        ]
        for reject in rejects:
            landing.append(
                "webhook_rejects",
                "sendgrid.jsonl",
                {"received_at": now.isoformat(), **reject},
                received_at=now,
            )
        if rejects:  # counts only: events carry addresses
            log.warning("sendgrid webhook: %d event(s) rejected", len(rejects))
        return JSONResponse(
            {
                "received": len(events) + len(rejects) - len(failed),
                "applied": len(events) - len(failed),
                "rejected": [r["reason"] for r in rejects],
                **stats,
            }
        )

    async def twilio_status(request: Request) -> Response:
        params, url = await twilio_params(request)
        _require(params, ("MessageSid", "MessageStatus"), "Twilio status callback")
        ledger_id = request.query_params.get("ledger_id")
        now = clock()
        record = {"received_at": now.isoformat(), "url": url, "kind": "status", "params": params}
        landing.append("twilio", "callbacks.jsonl", record, received_at=now)
        apply_twilio_status(store, params, ledger_id=ledger_id, now=now)
        return PlainTextResponse("", status_code=204)

    async def twilio_inbound(request: Request) -> Response:
        params, url = await twilio_params(request)
        _require(params, ("MessageSid", "From"), "Twilio inbound message")
        now = clock()
        record = {"received_at": now.isoformat(), "url": url, "kind": "inbound", "params": params}
        landing.append("twilio", "callbacks.jsonl", record, received_at=now)
        apply_twilio_inbound(store, params, now=now)
        return Response(_TWIML_EMPTY, media_type="text/xml")

    async def twilio_click(request: Request) -> Response:
        require_configured("twilio")
        body = await read_body(request)
        url = f"{base}{request.url.path}" + (f"?{request.url.query}" if request.url.query else "")
        if validator is not None:
            # the signature covers the URL; only bodySHA256 in it binds the JSON body
            if "bodySHA256" not in request.query_params:
                raise BadRequest("a Twilio JSON webhook's URL carries bodySHA256", status=403)
            text = body.decode("utf-8", errors="replace")
            signature = request.headers.get("x-twilio-signature", "")
            if not validator.validate(url, text, signature):
                raise BadRequest("X-Twilio-Signature does not match this request", status=403)
        try:
            click = twilio_clicks.parse_click(body)
        except twilio_clicks.ClickEventError as exc:
            raise BadRequest(f"Twilio click event: {exc}") from None
        now = clock()
        record = {"received_at": now.isoformat(), "url": url, "kind": "click", "event": click}
        landing.append("twilio", "clicks.jsonl", record, received_at=now)
        twilio_clicks.apply_click(store, click, now=now)
        return PlainTextResponse("", status_code=204)

    async def mandrill_events(request: Request) -> Response:
        require_configured("mandrill")
        body = await read_body(request)
        params = dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
        url = f"{base}{request.url.path}" + (f"?{request.url.query}" if request.url.query else "")
        try:
            if mandrill_webhook_key:
                check_mandrill_signature(
                    mandrill_webhook_key, url, params, request.headers.get(SIGNATURE_HEADER, "")
                )
            events, rejects = validate_mandrill_events(params)
        except MandrillBadRequest as exc:
            raise BadRequest(str(exc), status=exc.status) from None
        now = clock()
        if events:
            record = {"received_at": now.isoformat(), "events": events}
            landing.append("mandrill", "events.jsonl", record, received_at=now)
        stats = apply_mandrill_events(store, events, now=now)
        rejects += [
            {"index": i, "reason": f"event {i}: {reason}", "event": events[i]}
            for i, reason in stats.pop("failed")
        ]
        for reject in rejects:
            record = {"received_at": now.isoformat(), **reject}
            landing.append("webhook_rejects", "mandrill.jsonl", record, received_at=now)
        return JSONResponse(
            {"received": len(events), "rejected": [r["reason"] for r in rejects], **stats}
        )

    async def mandrill_check(request: Request) -> Response:
        return PlainTextResponse("")  # Mandrill's HEAD when the webhook is added

    def token_of(request: Request) -> dict[str, str]:
        try:
            return read_unsubscribe_token(unsubscribe_secret, request.query_params.get("token", ""))
        except TokenError as exc:
            raise BadRequest(f"this unsubscribe link is not valid ({exc})") from None

    async def unsubscribe_page(request: Request) -> Response:
        token_of(request)
        action = html.escape(str(request.url), quote=True)
        return HTMLResponse(
            "<!DOCTYPE html><html><body><p>Stop receiving these emails?</p>"
            f'<form method="post" action="{action}"><button type="submit">Unsubscribe</button>'
            "</form></body></html>"
        )

    async def unsubscribe(request: Request) -> Response:
        data = token_of(request)
        await read_body(request)  # RFC 8058 body "List-Unsubscribe=One-Click" (or a form post)
        apply_unsubscribe(
            store,
            ledger_id=data["ledger_id"],
            channel=data["channel"],
            address=data["address"],
            now=clock(),
        )
        return HTMLResponse("<!DOCTYPE html><html><body><p>You are unsubscribed.</p></body></html>")

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    def guarded(endpoint: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def run(request: Request) -> Response:
            try:
                return await endpoint(request)
            except BadRequest as exc:
                # the path only (never the query: tokens) and our own message (names fields,
                # never echoes values)
                log.info("webhook %s rejected (%d): %s", request.url.path, exc.status, exc)
                return PlainTextResponse(str(exc), status_code=exc.status)

        return run

    return Starlette(
        routes=[
            Route("/sendgrid/events", guarded(sendgrid_events), methods=["POST"]),
            Route("/twilio/status", guarded(twilio_status), methods=["POST"]),
            Route("/twilio/inbound", guarded(twilio_inbound), methods=["POST"]),
            Route("/twilio/clicks", guarded(twilio_click), methods=["POST"]),
            Route("/mandrill/events", guarded(mandrill_events), methods=["POST"]),
            Route("/mandrill/events", mandrill_check, methods=["HEAD"]),
            Route("/unsubscribe", guarded(unsubscribe_page), methods=["GET"]),
            Route("/unsubscribe", guarded(unsubscribe), methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )
