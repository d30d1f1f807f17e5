"""The tracking app: ``GET /t.js`` (the snippet), ``POST /collect`` (its events), ``POST /banners``
(the banners and pop-ups a known visitor sees) and ``GET /t.css`` (their stylesheet).

Started by ``enrollflow web serve``. Only pages of the configured origins may post (CORS); a body
is refused past 8 KiB while it streams; bad bodies get a 400 naming the field; a retried or replayed
event (same id) is written once; nothing personal is logged (no IP address is kept at all, and link
tokens are never logged or stored).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from delivery.webhooks.landing import LandingWriter
from tracking.banners import (
    BannerRequestError,
    BannerSource,
    decide,
    parse_history,
    parse_languages,
)
from tracking.collector import CollectError, collect
from tracking.links import LinkTokenError, read_contact

SNIPPET = (Path(__file__).parent / "snippet.js").read_text()
STYLESHEET = (Path(__file__).parent / "banner.css").read_text()
MAX_BODY = 8 * 1024
LANDING_FILE = "events-live.jsonl"
BANNER_LANDING_FILE = "banner_events-live.jsonl"
RECENT_EVENTS = 100_000  # event ids remembered to drop a retried or replayed beacon
log = logging.getLogger("enrollflow.tracking")


class BodyTooLarge(Exception):
    pass


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(
    landing: Path,
    *,
    key: bytes,
    allowed_origins: Sequence[str],
    clock: Callable[[], dt.datetime] | None = None,
    banners: BannerSource | None = None,
) -> Starlette:
    """The tracking app writing to the landing zone ``landing``.

    Parameters
    ----------
    landing : Path
        Landing zone root; events go to ``web/<day>/events-live.jsonl``.
    key : bytes
        Key of the signed link tokens (``ENROLLFLOW_TRACKING_KEY``).
    allowed_origins : sequence of str
        Origins whose pages may post (``https://www.example.edu``).
    clock : callable, optional
        Returns the server time (UTC, naive); tests pin it.
    banners : BannerSource, optional
        The web channel's banners (ops store + warehouse snapshot); without it ``/banners``
        answers no banner.
    """
    if not key:
        raise ValueError("the tracking app needs a key (ENROLLFLOW_TRACKING_KEY)")
    if not allowed_origins:
        raise ValueError("the tracking app needs the site origins allowed to post")
    origins = set(allowed_origins)
    writer = LandingWriter(landing)
    recent: OrderedDict[str, None] = OrderedDict()

    def first_time(event_id: str) -> bool:
        if event_id in recent:
            recent.move_to_end(event_id)
            return False
        recent[event_id] = None
        if len(recent) > RECENT_EVENTS:
            recent.popitem(last=False)
        return True

    now = clock or (lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))

    def cors(origin: str | None) -> dict[str, str]:
        if origin in origins:
            return {
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": "POST",
                "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Max-Age": "86400",
                "Vary": "Origin",
            }
        return {}

    static_headers = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}

    async def snippet(request: Request) -> Response:
        return Response(SNIPPET, media_type="application/javascript", headers=static_headers)

    async def stylesheet(request: Request) -> Response:
        return Response(STYLESHEET, media_type="text/css", headers=static_headers)

    async def banner_decision(request: Request) -> Response:
        headers = cors(request.headers.get("origin"))
        if not headers:
            return JSONResponse({"error": "origin not allowed"}, status_code=403)
        headers = {**headers, "Cache-Control": "no-store"}
        try:
            raw = await _read_limited(request, MAX_BODY)
        except BodyTooLarge:
            return JSONResponse({"error": f"body over {MAX_BODY} bytes"}, 413, headers=headers)
        try:
            body = json.loads(raw or b"null")
            if not isinstance(body, dict):
                raise BannerRequestError("body: expected a JSON object")
            languages = parse_languages(body.get("languages"))
            history = parse_history(body.get("history"))
        except (BannerRequestError, ValueError) as exc:
            reason = str(exc) if isinstance(exc, BannerRequestError) else "body: not JSON"
            return JSONResponse({"error": reason}, status_code=400, headers=headers)
        received = now()
        contact = None
        token = body.get("link_token")
        if body.get("consent") is True and isinstance(token, str) and token:
            try:
                contact = read_contact(token, key, now=received)
            except LinkTokenError:
                contact = None
        shown: list = []
        if contact is not None and banners is not None:
            index = await run_in_threadpool(banners.current)
            shown = decide(
                index, contact, languages=languages, history=history,
                now=received.replace(tzinfo=dt.UTC),
            )  # fmt: skip
        return JSONResponse({"banners": shown}, headers=headers)

    async def preflight(request: Request) -> Response:
        headers = cors(request.headers.get("origin"))
        return Response(status_code=204 if headers else 403, headers=headers)

    async def receive(request: Request) -> Response:
        origin = request.headers.get("origin")
        headers = cors(origin)
        if not headers:
            return JSONResponse({"error": "origin not allowed"}, status_code=403)
        try:
            raw = await _read_limited(request, MAX_BODY)
        except BodyTooLarge:
            return JSONResponse({"error": f"body over {MAX_BODY} bytes"}, 413, headers=headers)
        received = now()
        try:
            result = collect(
                json.loads(raw or b"null"),
                user_agent=request.headers.get("user-agent", ""),
                key=key,
                now=received,
            )
        except (CollectError, ValueError) as exc:
            reason = str(exc) if isinstance(exc, CollectError) else "body: not JSON"
            return JSONResponse({"error": reason}, status_code=400, headers=headers)
        at = received.replace(tzinfo=dt.UTC)
        for file, records in (
            (LANDING_FILE, result.records),
            (BANNER_LANDING_FILE, result.banner_records),
        ):
            # the raw web tables are unique on event_id (checked at ingest): a replay is dropped
            fresh = [r for r in records if first_time(r["event_id"])]
            if fresh:  # one locked write + fsync per POST, off the event loop
                await run_in_threadpool(writer.append_many, "web", file, fresh, received_at=at)
        log.info("collected %d events (identified: %s)", len(result.records), result.identified)
        return Response(status_code=204, headers=headers)

    return Starlette(
        routes=[
            Route("/t.js", snippet, methods=["GET"]),
            Route("/t.css", stylesheet, methods=["GET"]),
            Route("/banners", banner_decision, methods=["POST"]),
            Route("/banners", preflight, methods=["OPTIONS"]),
            Route("/collect", receive, methods=["POST"]),
            Route("/collect", preflight, methods=["OPTIONS"]),
        ]
    )
