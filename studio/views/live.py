"""The live monitor page and its WebSocket (authenticated by the session cookie, same roles)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from delivery import identity
from delivery.campaigns import lifecycle
from delivery.campaigns.errors import NotFoundError
from studio.monitor import LIVE_FIELDS
from studio.web import READ, Ctx, authenticate, page


@page("/campaigns/{campaign_id}/live", READ)
def live_page(ctx: Ctx, campaign_id: str) -> Response:
    try:
        record = lifecycle.get_campaign(ctx.app.store, campaign_id)
    except NotFoundError as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    return ctx.render("live.html", record=record, fields=LIVE_FIELDS)


async def live_socket(ws: WebSocket) -> None:
    studio = ws.app.state.studio
    # a WebSocket is not covered by CORS: only pages of this site may open it
    origin = ws.headers.get("origin")
    host = ws.headers.get("host")
    if origin and host and origin.split("://", 1)[-1] != host:
        await ws.close(code=1008)
        return
    user, _, _ = await run_in_threadpool(authenticate, ws, studio.config.clock())
    try:
        identity.authorize(user, READ, "watch a campaign")
    except identity.Forbidden:
        await ws.close(code=1008)
        return
    await ws.accept()
    await studio.live.watch(ws, ws.path_params["campaign_id"])


live_ws = WebSocketRoute("/ws/campaigns/{campaign_id}/live", live_socket)
live_ws.allowed_roles = READ  # type: ignore[attr-defined]

ROUTES = [live_page]
