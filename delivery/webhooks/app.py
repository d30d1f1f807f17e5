"""The webhooks app (Starlette): provider events in, landing zone + ops store updated at once.

Routes
------
``POST /sendgrid/events``   SendGrid Event Webhook (JSON array of events)
``POST /twilio/status``     Twilio status callback (form; ``?ledger_id=`` in the URL)
``POST /twilio/inbound``    Twilio inbound SMS (form; STOP/START honoured immediately)
``GET  /unsubscribe``       confirmation page (GET never unsubscribes: link scanners follow GETs)
``POST /unsubscribe``       RFC 8058 one-click unsubscribe (``List-Unsubscribe=One-Click``)
``GET  /healthz``           liveness

Each valid POST is first appended, raw, to the landing zone (so nothing is lost), then applied
to the ops store. Bad bodies get a 4xx whose text names the field; Twilio requests are checked
against ``X-Twilio-Signature`` when an auth token is configured; SendGrid POSTs are checked
against SendGrid's signed Event Webhook (ECDSA P-256 over timestamp + body, headers
``X-Twilio-Email-Event-Webhook-Signature`` / ``-Timestamp``) when its verification key is
configured, and/or must carry a shared token (``?token=`` in the webhook URL).

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
from delivery.webhooks.effects import (
    apply_sendgrid_events,
    apply_twilio_inbound,
    apply_twilio_status,
    apply_unsubscribe,
)
from delivery.webhooks.landing import LandingWriter

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 5_000_000
SENDGRID_REQUIRED = ("email", "timestamp", "event", "sg_event_id", "sg_message_id")
_TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class BadRequest(Exception):
    """A webhook body is unusable; ``str()`` is the 4xx text."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def validate_sendgrid_events(body: bytes) -> list[dict[str, Any]]:
    """Parse and check a SendGrid Event Webhook body.

    Raises
    ------
    BadRequest
        Naming the event index and field that is missing or mistyped.
    """
    try:
        events = json.loads(body)
    except ValueError as exc:
        raise BadRequest(f"body is not JSON: {exc}") from None
    if not isinstance(events, list):
        raise BadRequest("body must be a JSON array of SendGrid events")
    for i, ev in enumerate(events):
        if not isinstance(ev, dict):
            raise BadRequest(f"event {i} is not a JSON object")
        missing = [k for k in SENDGRID_REQUIRED if k not in ev]
        if missing:
            raise BadRequest(f"event {i}: missing required field(s) {', '.join(missing)}")
        if not isinstance(ev["timestamp"], int) or isinstance(ev["timestamp"], bool):
            raise BadRequest(f"event {i}: 'timestamp' must be integer unix seconds")
        if not isinstance(ev["event"], str):
            raise BadRequest(f"event {i}: 'event' must be a string")
    return events


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
    verifier: EventWebhook, headers: Mapping[str, str], body: bytes
) -> None:
    """Raise ``BadRequest`` (403) unless the ECDSA signature of timestamp + body is valid."""
    signature = headers.get(EventWebhookHeader.SIGNATURE.lower(), "")
    timestamp = headers.get(EventWebhookHeader.TIMESTAMP.lower(), "")
    if not signature or not timestamp:
        raise BadRequest(
            f"missing {EventWebhookHeader.SIGNATURE} / {EventWebhookHeader.TIMESTAMP}: "
            "enable the Signed Event Webhook at SendGrid",
            status=403,
        )
    try:
        valid = verifier.verify_signature(body.decode("utf-8"), signature, timestamp)
    except (ValueError, UnicodeDecodeError):  # not base64 / not DER / not UTF-8
        valid = False
    if not valid:
        raise BadRequest(f"{EventWebhookHeader.SIGNATURE} does not match this request", status=403)


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
        POSTs without a valid ECDSA signature of timestamp + body get 403.
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

    async def read_body(request: Request) -> bytes:
        size = int(request.headers.get("content-length") or 0)
        if size > MAX_BODY_BYTES:
            raise BadRequest(f"body of {size} bytes is above {MAX_BODY_BYTES}", status=413)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            raise BadRequest(f"body is above {MAX_BODY_BYTES} bytes", status=413)
        return body

    async def twilio_params(request: Request) -> tuple[dict[str, str], str]:
        body = await read_body(request)
        params = dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
        url = f"{base}{request.url.path}" + (f"?{request.url.query}" if request.url.query else "")
        if validator is not None:
            signature = request.headers.get("x-twilio-signature", "")
            if not validator.validate(url, params, signature):
                raise BadRequest("X-Twilio-Signature does not match this request", status=403)
        return params, url

    async def sendgrid_events(request: Request) -> Response:
        if sendgrid_token is not None and not hmac.compare_digest(
            request.query_params.get("token", ""), sendgrid_token
        ):
            raise BadRequest("missing or wrong ?token= for the SendGrid webhook", status=403)
        body = await read_body(request)
        if verifier is not None:
            check_sendgrid_signature(verifier, request.headers, body)
        events = validate_sendgrid_events(body)
        now = clock()
        landing.append(
            "sendgrid",
            "events.jsonl",
            {"received_at": now.isoformat(), "events": events},
            received_at=now,
        )
        stats = apply_sendgrid_events(store, events, now=now)
        return JSONResponse({"received": len(events), **stats})

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
                log.info("webhook %s rejected: %s", request.url.path, exc)
                return PlainTextResponse(str(exc), status_code=exc.status)

        return run

    return Starlette(
        routes=[
            Route("/sendgrid/events", guarded(sendgrid_events), methods=["POST"]),
            Route("/twilio/status", guarded(twilio_status), methods=["POST"]),
            Route("/twilio/inbound", guarded(twilio_inbound), methods=["POST"]),
            Route("/unsubscribe", guarded(unsubscribe_page), methods=["GET"]),
            Route("/unsubscribe", guarded(unsubscribe), methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )
