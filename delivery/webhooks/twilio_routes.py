"""Twilio's routes: status callbacks, inbound messages (STOP/START) and link click events.

``POST /twilio/status`` and ``POST /twilio/inbound`` are form POSTs signed with
``X-Twilio-Signature`` over the URL and the form fields; both land in
``twilio/<day>/callbacks.jsonl``. ``POST /twilio/clicks`` is a JSON POST signed over the URL,
which carries ``bodySHA256`` (the body's hash), landed in ``twilio/<day>/clicks.jsonl``
(:mod:`delivery.webhooks.twilio_clicks`).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from delivery.webhooks import twilio_clicks
from delivery.webhooks.effects import apply_twilio_inbound, apply_twilio_status
from delivery.webhooks.http import BadRequest, WebhookContext, form_params, guarded, require_params

_TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
_BAD_SIGNATURE = "X-Twilio-Signature does not match this request"


def twilio_routes(ctx: WebhookContext, *, validator: RequestValidator | None) -> list[Route]:
    """The Twilio routes, checking signatures with ``validator`` when given."""

    async def signed_form(request: Request) -> tuple[dict[str, str], str]:
        ctx.require_configured("twilio")
        params = form_params(await ctx.read_body(request))
        url = ctx.url_of(request)
        if validator is not None:
            signature = request.headers.get("x-twilio-signature", "")
            if not validator.validate(url, params, signature):
                raise BadRequest(_BAD_SIGNATURE, status=403)
        return params, url

    def land_callback(kind: str, url: str, params: dict[str, str]):
        now = ctx.clock()
        record = {"received_at": now.isoformat(), "url": url, "kind": kind, "params": params}
        ctx.landing.append("twilio", "callbacks.jsonl", record, received_at=now)
        return now

    async def twilio_status(request: Request) -> Response:
        params, url = await signed_form(request)
        require_params(params, ("MessageSid", "MessageStatus"), "Twilio status callback")
        ledger_id = request.query_params.get("ledger_id")
        now = land_callback("status", url, params)
        apply_twilio_status(ctx.store, params, ledger_id=ledger_id, now=now)
        return PlainTextResponse("", status_code=204)

    async def twilio_inbound(request: Request) -> Response:
        params, url = await signed_form(request)
        require_params(params, ("MessageSid", "From"), "Twilio inbound message")
        now = land_callback("inbound", url, params)
        apply_twilio_inbound(ctx.store, params, now=now)
        return Response(_TWIML_EMPTY, media_type="text/xml")

    async def twilio_click(request: Request) -> Response:
        ctx.require_configured("twilio")
        body = await ctx.read_body(request)
        url = ctx.url_of(request)
        if validator is not None:
            # the signature covers the URL; only bodySHA256 in it binds the JSON body
            if "bodySHA256" not in request.query_params:
                raise BadRequest("a Twilio JSON webhook's URL carries bodySHA256", status=403)
            text = body.decode("utf-8", errors="replace")
            signature = request.headers.get("x-twilio-signature", "")
            if not validator.validate(url, text, signature):
                raise BadRequest(_BAD_SIGNATURE, status=403)
        try:
            click = twilio_clicks.parse_click(body)
        except twilio_clicks.ClickEventError as exc:
            raise BadRequest(f"Twilio click event: {exc}") from None
        now = ctx.clock()
        record = {"received_at": now.isoformat(), "url": url, "kind": "click", "event": click}
        ctx.landing.append("twilio", "clicks.jsonl", record, received_at=now)
        twilio_clicks.apply_click(ctx.store, click, now=now)
        return PlainTextResponse("", status_code=204)

    return [
        Route("/twilio/status", guarded(twilio_status), methods=["POST"]),
        Route("/twilio/inbound", guarded(twilio_inbound), methods=["POST"]),
        Route("/twilio/clicks", guarded(twilio_click), methods=["POST"]),
    ]
