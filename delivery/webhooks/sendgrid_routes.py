"""``POST /sendgrid/events``: SendGrid's Event Webhook (a JSON array of events).

Authenticated by SendGrid's signed Event Webhook (:func:`check_sendgrid_signature`) and/or a
shared ``?token=``. Usable events are landed (``sendgrid/<day>/events.jsonl``) and applied; each
unusable one goes to ``webhook_rejects/<day>/sendgrid.jsonl`` with its reason, and the answer
lists the reasons.
"""

from __future__ import annotations

import datetime as dt
import hmac

from sendgrid.helpers.eventwebhook import EventWebhook
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from delivery.webhooks.effects import apply_sendgrid_events
from delivery.webhooks.http import BadRequest, WebhookContext, guarded, log
from delivery.webhooks.sendgrid_events import check_sendgrid_signature, validate_sendgrid_events


def sendgrid_routes(
    ctx: WebhookContext,
    *,
    token: str | None,
    verifier: EventWebhook | None,
    tolerance: dt.timedelta,
) -> list[Route]:
    """The SendGrid route, checking ``token`` and/or ``verifier``'s signature when given."""

    async def sendgrid_events(request: Request) -> Response:
        ctx.require_configured("sendgrid")
        if token and not hmac.compare_digest(
            request.query_params.get("token", "").encode(), token.encode()
        ):
            raise BadRequest("missing or wrong ?token= for the SendGrid webhook", status=403)
        body = await ctx.read_body(request)
        now = ctx.clock()
        if verifier is not None:
            check_sendgrid_signature(verifier, request.headers, body, now=now, tolerance=tolerance)
        events, rejects = validate_sendgrid_events(body)
        if events:
            record = {"received_at": now.isoformat(), "events": events}
            ctx.landing.append("sendgrid", "events.jsonl", record, received_at=now)
        stats = apply_sendgrid_events(ctx.store, events, now=now)
        failed = stats.pop("failed")
        rejects += [
            {"index": i, "reason": f"event {i}: {reason}", "event": events[i]}
            for i, reason in failed
        ]
        for reject in rejects:
            record = {"received_at": now.isoformat(), **reject}
            ctx.landing.append("webhook_rejects", "sendgrid.jsonl", record, received_at=now)
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

    return [Route("/sendgrid/events", guarded(sendgrid_events), methods=["POST"])]
