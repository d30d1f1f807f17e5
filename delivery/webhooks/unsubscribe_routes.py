"""``GET``/``POST /unsubscribe``: the confirmation page and RFC 8058 one-click unsubscribe.

``GET`` never unsubscribes (link scanners follow GETs); ``POST`` (the one-click body
``List-Unsubscribe=One-Click`` or the page's form) applies the signed token's unsubscribe
(:func:`delivery.webhooks.effects.apply_unsubscribe`).
"""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from delivery.rendering.compliance import TokenError, read_unsubscribe_token
from delivery.webhooks.effects import apply_unsubscribe
from delivery.webhooks.http import BadRequest, WebhookContext, guarded


def unsubscribe_routes(ctx: WebhookContext, *, secret: str) -> list[Route]:
    """The unsubscribe routes, reading tokens signed with ``secret``."""

    def token_of(request: Request) -> dict[str, str]:
        try:
            return read_unsubscribe_token(secret, request.query_params.get("token", ""))
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
        await ctx.read_body(request)  # RFC 8058 body "List-Unsubscribe=One-Click" (or a form post)
        apply_unsubscribe(
            ctx.store,
            ledger_id=data["ledger_id"],
            channel=data["channel"],
            address=data["address"],
            now=ctx.clock(),
        )
        return HTMLResponse("<!DOCTYPE html><html><body><p>You are unsubscribed.</p></body></html>")

    return [
        Route("/unsubscribe", guarded(unsubscribe_page), methods=["GET"]),
        Route("/unsubscribe", guarded(unsubscribe), methods=["POST"]),
    ]
