"""The studio's web plumbing: who is asking, may they, is the form genuine, and headers.

Every endpoint is declared with :func:`page` and the roles it allows; :func:`routes_table` lists
them (a test enumerates routes × roles). A request is authenticated by the session cookie or, for
automation, ``Authorization: Bearer ef_...`` (API token, no CSRF since no cookie is involved).
Unsafe methods with a session must carry the session's CSRF token (form field ``csrf_token`` or
header ``X-CSRF-Token``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from delivery import identity
from privacy.topics import CONSENT_TOPICS
from reports import fmt
from studio.config import REPO

SESSION_COOKIE = "studio_session"
READ = ("viewer", "analyst", "marketer", "approver", "admin")
EDIT = ("marketer", "admin")
APPROVE = ("approver",)
AUDIT = ("analyst", "approver", "admin")
ADMIN = ("admin",)
PUBLIC: tuple[str, ...] = ()

templates = Jinja2Templates(directory=str(REPO / "studio" / "templates"))
templates.env.globals["consent_topics"] = CONSENT_TOPICS  # the preference centre's topics
# ROI as the weekly report shows it: a multiple of spend returned on top of it (+2.4×), which
# stays readable for a cheap channel (an email ROI of 247442 % is +2,474.4×)
templates.env.filters["roi"] = fmt.roi
templates.env.filters["count"] = fmt.count  # 3,765
templates.env.filters["money"] = fmt.money  # €9,320 (cents below 100), in the campaign's currency
# 2026-12-07 20:58 UTC (|when(seconds=True) in audit trails: 20:58:19 UTC)
templates.env.filters["when"] = fmt.when

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclasses.dataclass
class Ctx:
    """What a view receives besides the request: the user, the session and the parsed form."""

    request: Request
    user: identity.User | None
    session: identity.Session | None
    form: FormData | None
    now: dt.datetime
    json: Any = None

    @property
    def app(self):
        return self.request.app.state.studio

    def render(self, name: str, status_code: int = 200, **context: Any) -> Response:
        context.setdefault("user", self.user)
        context.setdefault("csrf", self.session.csrf_token if self.session else "")
        return templates.TemplateResponse(self.request, name, context, status_code=status_code)


def authenticate(conn: HTTPConnection, now: dt.datetime) -> tuple[Any, Any, bool]:
    """(user, session, via_token) for a request or WebSocket; (None, None, False) if anonymous."""
    store = conn.app.state.studio.store
    header = conn.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return identity.verify_token(store, header[7:].strip(), now=now), None, True
    cookie = conn.cookies.get(SESSION_COOKIE)
    session = identity.load_session(store, cookie, now=now) if cookie else None
    return (session.user if session else None), session, False


class BodyTooLarge(Exception):
    """The request body passed the route's ``max_body``."""


def _limited(request: Request, limit: int) -> Request:
    """``request`` whose body stops being read past ``limit`` bytes (declared or chunked)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    seen = 0
    receive = request.receive

    async def counting_receive():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise BodyTooLarge
        return message

    return Request(request.scope, counting_receive)


def page(
    path: str,
    roles: tuple[str, ...],
    methods: tuple[str, ...] = ("GET",),
    *,
    max_body: int | None = None,
):
    """Declare an endpoint: ``roles`` may call it (empty = public); the view is a plain
    function ``view(ctx, **path_params) -> Response`` run in a worker thread. ``max_body``
    (bytes): a larger request body is refused with 413 before it is read (uploads)."""

    def wrap(view: Callable[..., Response]) -> Route:
        async def endpoint(request: Request) -> Response:
            now = request.app.state.studio.config.clock()
            user, session, via_token = await run_in_threadpool(authenticate, request, now)
            form, body = None, None
            if request.method in ("POST", "PUT", "PATCH", "DELETE"):
                try:
                    if max_body is not None:
                        request = _limited(request, max_body)
                    form = await request.form(max_files=4, max_part_size=2 * 1024 * 1024)
                except BodyTooLarge:
                    return _refuse(request, 413, f"the upload is over {max_body:,} bytes")
                if request.headers.get("content-type", "").startswith("application/json"):
                    raw = await request.body()
                    if len(raw) > 1024 * 1024:
                        return _refuse(request, 413, "request body over 1 MiB")
                    try:
                        body = json.loads(raw or b"null")
                    except ValueError:
                        return _refuse(request, 400, "the body is not valid JSON")
                if session is not None and not identity.csrf_matches(
                    session, request.headers.get("x-csrf-token") or form.get("csrf_token")
                ):
                    return _refuse(
                        request,
                        403,
                        "the form expired or did not come from this site: reload and try again",
                    )
            ctx = Ctx(request, user, session, form, now, body)
            if roles:
                if user is None:
                    if via_token or path.startswith("/api/"):
                        return JSONResponse({"error": "authentication required"}, 401)
                    return RedirectResponse(f"/login?next={request.url.path}", 303)
                try:
                    identity.authorize(user, roles, f"{request.method} {path}")
                except identity.Forbidden as exc:
                    return _refuse(request, 403, str(exc), ctx)
            return await run_in_threadpool(view, ctx, **request.path_params)

        route = Route(path, endpoint, methods=list(methods), name=view.__name__)
        route.allowed_roles = roles  # type: ignore[attr-defined]
        return route

    return wrap


def _refuse(request: Request, status: int, message: str, ctx: Ctx | None = None) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status)
    context = {
        "message": message,
        "user": ctx.user if ctx else None,
        "csrf": "",
        "title": _TITLES.get(status, "That did not work"),
    }
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


#: the page title of each refusal (the message says what happened)
_TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
}


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no route matched the path or the method) as the studio's error
    page -- or JSON under ``/api/`` -- instead of a bare "Not Found" text."""
    status = getattr(exc, "status_code", 500)
    if status == 404:
        message = f"There is no page at {request.url.path}."
    elif status == 405:
        message = f"{request.method} is not accepted at {request.url.path}."
    else:
        message = str(getattr(exc, "detail", "")) or "The request was refused."
    response = _refuse(request, status, message)
    for name, value in (getattr(exc, "headers", None) or {}).items():  # e.g. 405's Allow
        response.headers[name] = value
    return response


def routes_table(routes: list[Any]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(path, methods, allowed roles) of every declared route."""
    out = []
    for r in routes:
        if hasattr(r, "allowed_roles"):
            methods = getattr(r, "methods", None) or {"WEBSOCKET"}
            out.append((r.path, tuple(sorted(methods - {"HEAD"})), r.allowed_roles))
    return out


class SecurityHeaders:
    """ASGI middleware adding CSP and friends to every HTTP response."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                present = {k.lower() for k, _ in headers}
                for key, value in SECURITY_HEADERS.items():
                    if key.lower().encode() not in present:
                        headers.append((key.lower().encode(), value.encode()))
            await send(message)

        await self.app(scope, receive, send_with_headers)
