"""What every webhook route shares: the 4xx error, the body limit, the public URL, the guard.

A route is a coroutine ``(request) -> Response`` that raises :class:`BadRequest` for an unusable
request; :func:`guarded` turns that into a plain-text answer naming the problem (never echoing a
value) and logs the path only (queries carry tokens).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from delivery.store import Store
from delivery.webhooks.landing import LandingWriter

log = logging.getLogger("delivery.webhooks.app")
MAX_BODY_BYTES = 5_000_000

Endpoint = Callable[[Request], Awaitable[Response]]


class BadRequest(Exception):
    """A webhook body is unusable; ``str()`` is the 4xx text."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class WebhookContext:
    """The app's shared state, handed to each provider's routes.

    Attributes
    ----------
    store : Store
        The ops store.
    landing : LandingWriter
        Appends raw POSTs to the landing zone.
    base_url : str
        The app's public URL without a trailing slash (providers sign the URL they called).
    clock : callable
        Returns the current UTC time.
    max_body_bytes : int
        Largest request body, enforced while it streams in.
    open_routes : frozenset of str
        Provider route groups without credentials.
    allow_unauthenticated : bool
        Development flag: serve ``open_routes`` anyway.
    """

    store: Store
    landing: LandingWriter
    base_url: str
    clock: Callable[[], dt.datetime]
    max_body_bytes: int = MAX_BODY_BYTES
    open_routes: frozenset[str] = frozenset()
    allow_unauthenticated: bool = False

    @classmethod
    def build(cls, store: Store, landing_dir: Path, public_base_url: str, **kw: object):
        """A context writing to ``landing_dir`` for the app served at ``public_base_url``."""
        return cls(store, LandingWriter(landing_dir), public_base_url.rstrip("/"), **kw)  # type: ignore[arg-type]

    def require_configured(self, group: str) -> None:
        """403 for a provider group without credentials (unless the development flag is set)."""
        if group in self.open_routes and not self.allow_unauthenticated:
            raise BadRequest(
                f"the {group} webhook is not configured on this server (no credentials)",
                status=403,
            )

    def url_of(self, request: Request) -> str:
        """The public URL the provider called (and signed), query included."""
        query = f"?{request.url.query}" if request.url.query else ""
        return f"{self.base_url}{request.url.path}{query}"

    async def read_body(self, request: Request) -> bytes:
        """The body, refused (413) above ``max_body_bytes`` while it streams in."""
        limit = self.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                raise BadRequest("Content-Length is not a number")
            if int(declared) > limit:
                raise BadRequest(f"body is above {limit} bytes", status=413)
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():  # chunked bodies are counted as they arrive
            size += len(chunk)
            if size > limit:
                raise BadRequest(f"body is above {limit} bytes", status=413)
            chunks.append(chunk)
        return b"".join(chunks)


def form_params(body: bytes) -> dict[str, str]:
    """The fields of a form-encoded body (blank values kept; undecodable bytes replaced)."""
    return dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))


def require_params(params: Mapping[str, str], keys: tuple[str, ...], what: str) -> None:
    """400 naming the parameters of ``keys`` that are missing or empty."""
    missing = [k for k in keys if not params.get(k)]
    if missing:
        raise BadRequest(f"{what}: missing required parameter(s) {', '.join(missing)}")


def guarded(endpoint: Endpoint) -> Endpoint:
    """The endpoint, with :class:`BadRequest` answered as plain text with its status."""

    async def run(request: Request) -> Response:
        try:
            return await endpoint(request)
        except BadRequest as exc:
            # the path only (never the query: tokens) and our own message (names fields,
            # never echoes values)
            log.info("webhook %s rejected (%d): %s", request.url.path, exc.status, exc)
            return PlainTextResponse(str(exc), status_code=exc.status)

    return run
