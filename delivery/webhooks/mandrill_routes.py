"""``POST /mandrill/events`` (Mailchimp Transactional webhooks) and Mandrill's ``HEAD`` check.

The form field ``mandrill_events`` is checked against ``X-Mandrill-Signature`` and validated by
:mod:`delivery.webhooks.mandrill`; usable events are landed (``mandrill/<day>/events.jsonl``) and
applied, the others go to ``webhook_rejects/<day>/mandrill.jsonl``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from delivery.webhooks.http import BadRequest, WebhookContext, form_params, guarded
from delivery.webhooks.mandrill import (
    SIGNATURE_HEADER,
    MandrillBadRequest,
    apply_mandrill_events,
    check_mandrill_signature,
    validate_mandrill_events,
)


def mandrill_routes(ctx: WebhookContext, *, webhook_key: str | None) -> list[Route]:
    """The Mandrill routes, checking signatures with ``webhook_key`` when given."""

    async def mandrill_events(request: Request) -> Response:
        ctx.require_configured("mandrill")
        params = form_params(await ctx.read_body(request))
        url = ctx.url_of(request)
        try:
            if webhook_key:
                signature = request.headers.get(SIGNATURE_HEADER, "")
                check_mandrill_signature(webhook_key, url, params, signature)
            events, rejects = validate_mandrill_events(params)
        except MandrillBadRequest as exc:
            raise BadRequest(str(exc), status=exc.status) from None
        now = ctx.clock()
        if events:
            record = {"received_at": now.isoformat(), "events": events}
            ctx.landing.append("mandrill", "events.jsonl", record, received_at=now)
        stats = apply_mandrill_events(ctx.store, events, now=now)
        rejects += [
            {"index": i, "reason": f"event {i}: {reason}", "event": events[i]}
            for i, reason in stats.pop("failed")
        ]
        for reject in rejects:
            record = {"received_at": now.isoformat(), **reject}
            ctx.landing.append("webhook_rejects", "mandrill.jsonl", record, received_at=now)
        return JSONResponse(
            {"received": len(events), "rejected": [r["reason"] for r in rejects], **stats}
        )

    async def mandrill_check(request: Request) -> Response:
        return PlainTextResponse("")  # Mandrill's HEAD when the webhook is added

    return [
        Route("/mandrill/events", guarded(mandrill_events), methods=["POST"]),
        Route("/mandrill/events", mandrill_check, methods=["HEAD"]),
    ]
