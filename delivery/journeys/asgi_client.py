"""Call an ASGI app's HTTP routes in this thread: the in-process replay's client.

Starlette's ``TestClient`` used outside a ``with`` block starts a new thread and event loop
(an anyio blocking portal) for every request, and hands each ASGI message across threads: about
2 ms a request on this project's 2-core machine, more than the webhooks app spends on a Twilio
callback. :class:`AsgiClient` builds the ASGI ``http`` scope itself and runs the app on one
event loop kept for all its requests, in the caller's thread. The app sees what a server would
hand it (method, path, query string, headers with ``host`` and ``content-length``, the whole
body in one ``http.request`` message); nothing of the app is bypassed. (``httpx.ASGITransport``
is async only and hands the app ``server = (host, None)`` for a default port, where a server
such as uvicorn hands it the port.)
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit


class AsgiResponse:
    """Status, headers and body of one answer."""

    def __init__(self, status_code: int, headers: list[tuple[bytes, bytes]], content: bytes):
        self.status_code = status_code
        self.headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in headers}
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


class AsgiClient:
    """``post(url, content=, headers=)`` against ``app``, as served at ``base_url``.

    Use as a context manager (or call :meth:`close`) to close its event loop.
    """

    def __init__(self, app: Any, base_url: str) -> None:
        self.app = app
        base = urlsplit(base_url)
        self._scheme = base.scheme or "http"
        self._host = base.hostname or "testserver"
        self._port = base.port or (443 if self._scheme == "https" else 80)
        self._netloc = base.netloc or self._host
        self._loop = asyncio.new_event_loop()

    def __enter__(self) -> AsgiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._loop.close()

    def post(
        self, url: str, *, content: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> AsgiResponse:
        return self.request("POST", url, content=content, headers=headers)

    def request(
        self,
        method: str,
        url: str,
        *,
        content: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> AsgiResponse:
        """Run one request through the app; return its answer."""
        target = urlsplit(url)
        raw_path = target.path or "/"
        sent = [(b"host", self._netloc.encode("latin-1"))]
        if content or method not in ("GET", "HEAD"):
            sent.append((b"content-length", str(len(content)).encode("ascii")))
        sent += [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()
        ]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": self._scheme,
            "path": unquote(raw_path),
            "raw_path": raw_path.encode("latin-1"),
            "query_string": target.query.encode("latin-1"),
            "root_path": "",
            "headers": sent,
            "client": ("127.0.0.1", 50000),
            "server": (self._host, self._port),
        }
        pending = [{"type": "http.request", "body": content, "more_body": False}]
        answer: dict[str, Any] = {"status": 500, "headers": [], "body": []}

        async def receive() -> dict[str, Any]:
            return pending.pop(0) if pending else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["headers"] = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                answer["body"].append(message.get("body", b""))

        self._loop.run_until_complete(self.app(scope, receive, send))
        return AsgiResponse(answer["status"], answer["headers"], b"".join(answer["body"]))
