"""A fake LinkedIn: OAuth (``/oauth/v2/authorization``, ``/oauth/v2/accessToken``) and the versioned
REST API (``/rest/posts``, ``/rest/organizationalEntityShareStatistics``).

Wire format: ``Authorization: Bearer``, ``LinkedIn-Version: YYYYMM`` (missing → 400
``VERSION_MISSING``), ``X-Restli-Protocol-Version: 2.0.0``; a created post answers ``201`` with an
empty body and its URN in ``x-restli-id``; errors ``{"status", "serviceErrorCode", "code",
"message"}`` (401 ``EXPIRED_ACCESS_TOKEN`` 65600 / ``REVOKED_ACCESS_TOKEN`` 65601 /
``INVALID_ACCESS_TOKEN`` 65602, 403 ``ACCESS_DENIED``, 422 validation, 429 throttle). Access tokens
live 60 days, refresh tokens a year (programmatic refresh).
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import unquote

from tests.fakes.http import FakeServer, Fault, Request, Response
from tests.fakes.oauth import OAuthState

TOKEN_ERRORS = {
    "expired": (65600, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired"),
    "revoked": (
        65601,
        "REVOKED_ACCESS_TOKEN",
        "The token used in the request has been revoked by the user",
    ),
    "invalid": (65602, "INVALID_ACCESS_TOKEN", "Invalid access token"),
}


def li_error(
    status: int, message: str, code: str | None = None, service: int | None = None, **kw: Any
) -> Response:
    body: dict[str, Any] = {"status": status, "message": message}
    if code:
        body["code"] = code
    if service:
        body["serviceErrorCode"] = service
    return Response.json(status, body, **kw)


class FakeLinkedIn(FakeServer):
    def __init__(
        self,
        *,
        organization: str = "urn:li:organization:2414183",
        client_id: str = "li-app",
        client_secret: str = "li-secret",
        daily_posts: int | None = None,
    ) -> None:
        super().__init__()
        self.organization = organization
        self.oauth = OAuthState(client_id, client_secret, subject=organization, access_ttl=5184000,
                                refresh_ttl=31536000, token_prefix="AQV")  # fmt: skip
        self.daily_posts = daily_posts
        self.posts: dict[str, dict] = {}
        self._n = 6900000000000000000
        self._seq = threading.Lock()

    def fault_response(self, fault: Fault, request: Request) -> Response:
        p = fault.payload or {}
        if fault.status == 401:
            service, code, msg = TOKEN_ERRORS[p.get("token", "expired")]
            return li_error(401, msg, code, service)
        if fault.status == 429:
            return li_error(
                429,
                "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
            )
        if fault.status >= 500:
            return li_error(fault.status, "Internal Server Error")
        return li_error(fault.status, p.get("message", "Bad request"), p.get("code"))

    def handle(self, request: Request) -> Response:
        if request.path == "/oauth/v2/authorization":
            return self.oauth.authorize(request)
        if request.path == "/oauth/v2/accessToken" and request.method == "POST":
            return self.oauth.token(request)
        if not request.path.startswith("/rest/"):
            return li_error(404, f"No virtual resource found for {request.path}")
        state = self.oauth.check(request.headers.get("Authorization", "").removeprefix("Bearer "))
        if state != "ok":
            service, code, msg = TOKEN_ERRORS[state]
            return li_error(401, msg, code, service)
        if not request.headers.get("LinkedIn-Version"):
            return li_error(400, "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
                            "VERSION_MISSING")  # fmt: skip
        if request.path == "/rest/posts" and request.method == "POST":
            return self._create(request)
        if request.path == "/rest/posts" and request.method == "GET":
            return self._by_author(request)
        if request.path == "/rest/organizationalEntityShareStatistics":
            return self._statistics(request)
        return li_error(404, f"No virtual resource found for {request.path}")

    def _create(self, request: Request) -> Response:
        if request.headers.get("X-Restli-Protocol-Version") != "2.0.0":
            return li_error(400, "Restli protocol version 2.0.0 required", "ILLEGAL_ARGUMENT")
        body = request.json() or {}
        if body.get("author") != self.organization:
            return li_error(403, "Not enough permissions to access: partnerApiPostsExternal.CREATE.20241101",
                            "ACCESS_DENIED", 100)  # fmt: skip
        text = body.get("commentary")
        if (
            not isinstance(text, str)
            or body.get("lifecycleState") != "PUBLISHED"
            or "distribution" not in body
        ):
            return li_error(422, "ERROR :: /commentary :: field is required but not found and has no default value",
                            "UNPROCESSABLE_ENTITY")  # fmt: skip
        if self.daily_posts is not None:
            today = [p for p in self.posts.values() if p["createdAt"] / 1000 > time.time() - 86400]
            if len(today) >= self.daily_posts:
                return li_error(
                    429,
                    "Resource level throttle MEMBER DAY limit for calls to this resource is reached.",
                )
        with self._seq:
            self._n += 1
            urn = f"urn:li:share:{self._n}"
        now_ms = int(time.time() * 1000)
        with self.lock:
            self.posts[urn] = {"id": urn, "author": self.organization, "commentary": text, "createdAt": now_ms,
                               "lastModifiedAt": now_ms, "lifecycleState": "PUBLISHED", "visibility": "PUBLIC"}  # fmt: skip
            self.accepted.append({"ledger_id": text, "id": urn})
        return Response(
            201,
            b"",
            headers={"x-restli-id": urn, "x-linkedin-id": urn},
            content_type="application/json",
        )

    def _by_author(self, request: Request) -> Response:
        q = {k: v[-1] for k, v in request.query.items()}
        if q.get("q") != "author" or unquote(q.get("author", "")) != self.organization:
            return li_error(400, "Invalid query parameters", "ILLEGAL_ARGUMENT")
        rows = sorted(self.posts.values(), key=lambda p: -p["createdAt"])[
            : int(q.get("count") or 10)
        ]
        return Response.json(
            200, {"elements": rows, "paging": {"start": 0, "count": len(rows), "links": []}}
        )

    def metrics(self, urn: str) -> dict[str, int]:
        n = int(urn.rsplit(":", 1)[-1]) % 89
        return {"impressions": 500 + 7 * n, "reactions": 10 + n, "comments": 1 + n % 4,
                "shares": 1 + n % 2, "link_clicks": 25 + n}  # fmt: skip

    def _statistics(self, request: Request) -> Response:
        q = {k: v[-1] for k, v in request.query.items()}
        shares = q.get("shares", "")
        if not (shares.startswith("List(") and shares.endswith(")")):
            return li_error(400, "shares must be List(...)", "ILLEGAL_ARGUMENT")
        out = []
        for urn in (unquote(s) for s in shares[5:-1].split(",") if s):
            if urn in self.posts:
                m = self.metrics(urn)
                out.append({"share": urn, "organizationalEntity": self.organization, "totalShareStatistics": {
                    "uniqueImpressionsCount": m["impressions"] // 2, "impressionCount": m["impressions"],
                    "likeCount": m["reactions"], "commentCount": m["comments"], "shareCount": m["shares"],
                    "clickCount": m["link_clicks"], "engagement": 0.05}})  # fmt: skip
        return Response.json(
            200, {"elements": out, "paging": {"start": 0, "count": len(out), "links": []}}
        )
