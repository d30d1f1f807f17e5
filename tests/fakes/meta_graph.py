"""A fake Meta Graph API (``/v21.0``): Facebook Pages and Instagram content publishing.

Speaks the wire format: form-encoded POSTs with ``access_token``, JSON answers, errors as
``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}``, usage headers
``X-App-Usage`` (percentages) on every answer and ``X-Business-Use-Case-Usage`` (with
``estimated_time_to_regain_access``) on throttled ones. Routes:

- OAuth: ``GET /v21.0/dialog/oauth`` (302 with a code), ``POST|GET /v21.0/oauth/access_token``
  (code, and ``fb_exchange_token`` for a long-lived token); ``GET /me/accounts`` (Pages + tokens),
  ``GET /{page}?fields=instagram_business_account{...}``;
- Pages: ``POST /{page}/feed`` → ``{"id": "<page>_<n>"}``, ``GET /{page}/feed``, ``GET /{post}``
  (reactions / comments summaries, shares, insights);
- Instagram: ``POST /{ig}/media`` (container, ``IN_PROGRESS`` for ``container_polls`` reads, then
  ``FINISHED``), ``GET /{container}?fields=status_code``, ``POST /{ig}/media_publish`` (once per
  container), ``GET /{ig}/media``, ``GET /{ig}/content_publishing_limit``, ``GET /{media}/insights``.

Throttling: more than ``calls_per_window`` calls in ``window`` seconds answer error code 4 with a
BUC header saying when access returns. Token codes: an unknown token → 190, an expired one →
190/463, a revoked one → 190/460.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from typing import Any

from tests.fakes.http import FakeServer, Fault, Request, Response
from tests.fakes.oauth import OAuthState

V = "/v21.0"


def graph_error(
    status: int, code: int, message: str, subcode: int | None = None, **kw: Any
) -> Response:
    err: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code,
                           "fbtrace_id": secrets.token_urlsafe(8)}  # fmt: skip
    if subcode:
        err["error_subcode"] = subcode
    if code in (1, 2, 4, 17, 32, 613):
        err["is_transient"] = True
    return Response.json(status, {"error": err}, **kw)


class FakeGraph(FakeServer):
    """Fake Graph API with one Page (``page_id``) and its Instagram account (``ig_id``)."""

    def __init__(
        self,
        *,
        page_id: str = "104000000000001",
        ig_id: str = "17841400000000001",
        client_id: str = "fb-app",
        client_secret: str = "fb-secret",
        calls_per_window: int | None = None,
        window: float = 1.0,
        container_polls: int = 0,
        ig_quota_total: int = 50,
    ) -> None:
        super().__init__()
        self.page_id, self.ig_id = page_id, ig_id
        self.oauth = OAuthState(client_id, client_secret, subject="user", access_ttl=3600,
                                issue_refresh=False, token_prefix="EAAuser")  # fmt: skip
        self.page_token = self.oauth.issue("page", ttl=None)
        self.calls_per_window, self.window = calls_per_window, window
        self._window_start, self._window_calls = time.time(), 0
        self.container_polls = container_polls
        self.ig_quota_total, self.ig_quota_extra = ig_quota_total, 0
        self.posts: dict[str, dict] = {}  # id -> {account, text, created, ...}
        self.containers: dict[str, dict] = {}
        self.throttled = 0
        self._n = 0
        self._seq = threading.Lock()

    # -- helpers -------------------------------------------------------------------------------
    def _id(self) -> int:
        with self._seq:
            self._n += 1
            return self._n

    def _usage(self) -> dict[str, str]:
        pct = 0
        if self.calls_per_window:
            pct = min(100, int(100 * self._window_calls / self.calls_per_window))
        return {
            "X-App-Usage": json.dumps(
                {"call_count": pct, "total_cputime": pct // 2, "total_time": pct // 2}
            )
        }

    def _throttle(self) -> Response | None:
        if not self.calls_per_window:
            return None
        with self.lock:
            now = time.time()
            if now - self._window_start >= self.window:
                self._window_start, self._window_calls = now, 0
            self._window_calls += 1
            if self._window_calls <= self.calls_per_window:
                return None
            self.throttled += 1
            regain = max(0.0, self.window - (now - self._window_start))
        buc = {self.page_id: [{"type": "pages", "call_count": 100, "total_cputime": 30, "total_time": 30,
                               "estimated_time_to_regain_access": regain / 60}]}  # fmt: skip
        return graph_error(403, 4, "(#4) Application request limit reached",
                           headers={**self._usage(), "X-Business-Use-Case-Usage": json.dumps(buc)})  # fmt: skip

    def _params(self, request: Request) -> dict[str, str]:
        params = {k: v[-1] for k, v in request.query.items()}
        if request.method == "POST" and request.body:
            params.update(request.form())
        return params

    def _token_error(self, token: str | None) -> Response | None:
        state = self.oauth.check(token)
        if state == "ok":
            return None
        if state == "expired":
            return graph_error(400, 190, "Error validating access token: Session has expired", 463)
        if state == "revoked":
            return graph_error(
                400, 190, "Error validating access token: The session has been invalidated", 460
            )
        return graph_error(400, 190, "Invalid OAuth access token - Cannot parse access token")

    def fault_response(self, fault: Fault, request: Request) -> Response:
        """``payload={"code": 190, "subcode": 463, "regain_minutes": 5}`` → that Graph error."""
        p = fault.payload or {}
        code = int(p.get("code", 1 if fault.status >= 500 else 100))
        headers = dict(self._usage())
        if "regain_minutes" in p:
            headers["X-Business-Use-Case-Usage"] = json.dumps({self.page_id: [{
                "type": "pages", "call_count": 100, "total_cputime": 10, "total_time": 10,
                "estimated_time_to_regain_access": p["regain_minutes"]}]})  # fmt: skip
        if "app_usage" in p:
            headers["X-App-Usage"] = json.dumps(
                {"call_count": p["app_usage"], "total_cputime": 1, "total_time": 1}
            )
        message = p.get("message") or {190: "Error validating access token", 4: "(#4) Application request limit reached",
                                       17: "(#17) User request limit reached", 32: "(#32) Page request limit reached",
                                       613: "(#613) Calls to this api have exceeded the rate limit.",
                                       1: "An unknown error occurred", 100: "(#100) Invalid parameter"}.get(code, "error")  # fmt: skip
        return graph_error(fault.status, code, message, p.get("subcode"), headers=headers)

    def published(self, account: str) -> list[dict]:
        with self.lock:
            return [p for p in self.posts.values() if p["account"] == account]

    # -- routing --------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        path = request.path
        if not path.startswith(V + "/"):
            return graph_error(400, 2500, "Unknown path components")
        parts = path[len(V) + 1 :].split("/")
        params = self._params(request)
        if parts == ["dialog", "oauth"]:
            return self.oauth.authorize(request)
        if parts == ["oauth", "access_token"]:
            if params.get("grant_type") == "fb_exchange_token":
                if self.oauth.check(params.get("fb_exchange_token")) != "ok":
                    return self._token_error(params.get("fb_exchange_token"))
                return Response.json(200, {"access_token": self.oauth.issue(ttl=5184000),
                                           "token_type": "bearer", "expires_in": 5184000})  # fmt: skip
            params.setdefault("grant_type", "authorization_code")
            return self.oauth.token(request, params)
        limited = self._throttle()
        if limited is not None:
            return limited
        token = params.get("access_token") or request.headers.get("Authorization", "").removeprefix(
            "Bearer "
        )
        bad = self._token_error(token)
        if bad is not None:
            return bad
        resp = self._route(request.method, parts, params)
        resp.headers = {**self._usage(), **(resp.headers or {})}
        return resp

    def _route(self, method: str, parts: list[str], params: dict[str, str]) -> Response:
        if method == "GET" and parts == ["me", "accounts"]:
            return Response.json(200, {"data": [{"id": self.page_id, "name": "Northwind Academy",
                                                 "access_token": self.page_token,
                                                 "category": "Education", "tasks": ["CREATE_CONTENT"]}],
                                       "paging": {"cursors": {"before": "a", "after": "b"}}})  # fmt: skip
        if len(parts) == 2 and parts[0] == self.page_id and parts[1] == "feed":
            return (
                self._feed_post(params)
                if method == "POST"
                else self._list(self.page_id, params, "message", "created_time")
            )
        if len(parts) == 2 and parts[0] == self.ig_id:
            if method == "POST" and parts[1] == "media":
                return self._container(params)
            if method == "POST" and parts[1] == "media_publish":
                return self._media_publish(params)
            if method == "GET" and parts[1] == "media":
                return self._list(self.ig_id, params, "caption", "timestamp")
            if method == "GET" and parts[1] == "content_publishing_limit":
                day = [p for p in self.published(self.ig_id) if p["created"] > time.time() - 86400]
                return Response.json(200, {"data": [{"config": {"quota_total": self.ig_quota_total, "quota_duration": 86400},
                                                     "quota_usage": len(day) + self.ig_quota_extra}]})  # fmt: skip
        if method == "GET" and len(parts) == 1:
            return self._object(parts[0], params)
        if (
            method == "GET"
            and len(parts) == 2
            and parts[1] == "insights"
            and parts[0] in self.posts
        ):
            return self._ig_insights(parts[0])
        return graph_error(
            400,
            100,
            f"(#100) Unsupported {method} request. Object with ID '{parts[0]}' does not exist",
        )

    def _record(self, account: str, text: str, **extra: Any) -> str:
        pid = (
            f"{account}_{self._id()}"
            if account == self.page_id
            else str(18000000000000000 + self._id())
        )
        with self.lock:
            self.posts[pid] = {
                "id": pid,
                "account": account,
                "text": text,
                "created": time.time(),
                **extra,
            }
            self.accepted.append({"ledger_id": text, "id": pid, "account": account})
        return pid

    def _feed_post(self, params: dict[str, str]) -> Response:
        if not params.get("message") and not params.get("link"):
            return graph_error(400, 100, "(#100) Either message or link must be set")
        return Response.json(
            200,
            {"id": self._record(self.page_id, params.get("message", ""), link=params.get("link"))},
        )

    def _list(self, account: str, params: dict[str, str], text_key: str, time_key: str) -> Response:
        since = float(params.get("since") or 0)
        rows = sorted(self.published(account), key=lambda p: -p["created"])
        data = [{"id": p["id"], text_key: p["text"],
                 time_key: time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(p["created"]))}
                for p in rows if p["created"] >= since][: int(params.get("limit") or 25)]  # fmt: skip
        return Response.json(
            200, {"data": data, "paging": {"cursors": {"before": "x", "after": "y"}}}
        )

    def _container(self, params: dict[str, str]) -> Response:
        if not params.get("image_url"):
            return graph_error(400, 100, "(#100) The parameter image_url is required")
        cid = str(17900000000000000 + self._id())
        with self.lock:
            self.containers[cid] = {
                "caption": params.get("caption", ""),
                "polls": 0,
                "status": "IN_PROGRESS",
            }
        return Response.json(200, {"id": cid})

    def _media_publish(self, params: dict[str, str]) -> Response:
        c = self.containers.get(params.get("creation_id", ""))
        if c is None:
            return graph_error(400, 100, "(#100) Invalid parameter", 2207027)
        if c["status"] == "PUBLISHED":
            return graph_error(400, 9007, "The media has already been published", 2207026)
        if c["status"] != "FINISHED":
            return graph_error(400, 9007, "Media ID is not available", 2207027)
        day = [p for p in self.published(self.ig_id) if p["created"] > time.time() - 86400]
        if len(day) + self.ig_quota_extra >= self.ig_quota_total:
            return graph_error(400, 9, "Application request limit reached", 2207042)
        mid = self._record(self.ig_id, c["caption"], container=params["creation_id"])
        c["status"] = "PUBLISHED"
        return Response.json(200, {"id": mid})

    def _object(self, oid: str, params: dict[str, str]) -> Response:
        if oid in self.containers:
            c = self.containers[oid]
            with self.lock:
                c["polls"] += 1
                if c["status"] == "IN_PROGRESS" and c["polls"] > self.container_polls:
                    c["status"] = "FINISHED"
            return Response.json(200, {"status_code": c["status"], "id": oid})
        if oid == self.page_id:
            return Response.json(
                200,
                {
                    "id": oid,
                    "instagram_business_account": {
                        "id": self.ig_id,
                        "username": "northwind.academy",
                    },
                },
            )
        if oid in self.posts:
            m = self.metrics(oid)
            return Response.json(200, {
                "id": oid,
                "shares": {"count": m["shares"]},
                "reactions": {"data": [], "summary": {"total_count": m["reactions"], "viewer_reaction": "NONE"}},
                "comments": {"data": [], "summary": {"order": "ranked", "total_count": m["comments"], "can_comment": True}},
                "insights": {"data": [
                    {"name": "post_impressions", "period": "lifetime", "values": [{"value": m["impressions"]}],
                     "title": "Lifetime Post Total Impressions", "id": f"{oid}/insights/post_impressions/lifetime"},
                    {"name": "post_clicks", "period": "lifetime", "values": [{"value": m["link_clicks"]}],
                     "title": "Lifetime Post Clicks", "id": f"{oid}/insights/post_clicks/lifetime"}]},
            })  # fmt: skip
        return graph_error(400, 100, f"(#100) Object with ID '{oid}' does not exist")

    def metrics(self, post_id: str) -> dict[str, int]:
        """Deterministic lifetime figures of a post (tests compare the marts with these)."""
        n = int(post_id.rsplit("_", 1)[-1]) % 97
        return {"impressions": 1000 + 10 * n, "reactions": 20 + n, "comments": 3 + n % 5,
                "shares": 2 + n % 3, "link_clicks": 40 + n}  # fmt: skip

    def _ig_insights(self, media_id: str) -> Response:
        m = self.metrics(media_id)
        names = {"impressions": m["impressions"], "likes": m["reactions"], "comments": m["comments"],
                 "shares": m["shares"], "saved": 0}  # fmt: skip
        return Response.json(200, {"data": [
            {"name": k, "period": "lifetime", "values": [{"value": v}], "title": k.title(),
             "id": f"{media_id}/insights/{k}/lifetime"} for k, v in names.items()]})  # fmt: skip
