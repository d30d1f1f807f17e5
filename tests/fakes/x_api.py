"""A fake X API v2: OAuth 2.0 with PKCE (``/i/oauth2/authorize``, ``/2/oauth2/token``) and
``POST /2/tweets``, ``GET /2/users/me``, ``GET /2/users/{id}/tweets``, ``GET /2/tweets?ids=``.

Wire format: Bearer user tokens (2 h), rotating refresh tokens (``offline.access``), a confidential
client authenticating by HTTP Basic; answers ``{"data": ...}``; errors as problem details
``{"title", "detail", "type", "status"}``; every answer carries ``x-rate-limit-limit``,
``-remaining`` and ``-reset`` (unix seconds) of a per-user window (``posts_per_window`` posts per
``window`` seconds, then 429); a repeated text is refused 403 (duplicate content).
"""

from __future__ import annotations

import math
import threading
import time

from delivery.social.textcount import weighted_length
from tests.fakes.http import FakeServer, Fault, Request, Response
from tests.fakes.oauth import OAuthState


def problem(status: int, title: str, detail: str, **kw) -> Response:
    return Response.json(status, {"title": title, "detail": detail, "type": "about:blank", "status": status},
                         content_type="application/problem+json", **kw)  # fmt: skip


class FakeX(FakeServer):
    def __init__(
        self,
        *,
        user_id: str = "1460000000000000001",
        username: str = "northwind_edu",
        client_id: str = "x-app",
        client_secret: str = "x-secret",
        posts_per_window: int | None = None,
        window: float = 1.0,
    ) -> None:
        super().__init__()
        self.user_id, self.username = user_id, username
        self.oauth = OAuthState(client_id, client_secret, subject=user_id, pkce_required=True,
                                access_ttl=7200, rotate_refresh=True, token_prefix="x")  # fmt: skip
        self.posts_per_window, self.window = posts_per_window, window
        self._window_start, self._window_posts = time.time(), 0
        self.tweets: dict[str, dict] = {}
        self.rate_limited = 0
        self._n = 1860000000000000000
        self._seq = threading.Lock()

    def _limit_headers(self) -> dict[str, str]:
        limit = self.posts_per_window or 100
        remaining = max(0, limit - self._window_posts)
        return {"x-rate-limit-limit": str(limit), "x-rate-limit-remaining": str(remaining),
                "x-rate-limit-reset": str(math.ceil(self._window_start + self.window))}  # fmt: skip

    def fault_response(self, fault: Fault, request: Request) -> Response:
        if fault.status == 401:
            return problem(401, "Unauthorized", "Unauthorized")
        if fault.status == 429:
            reset = math.ceil(time.time() + (fault.seconds or 1.0))
            return problem(429, "Too Many Requests", "Too Many Requests", headers={
                "x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)})  # fmt: skip
        if fault.status >= 500:
            return problem(fault.status, "Service Unavailable", "Service Unavailable")
        return problem(fault.status, "Forbidden", (fault.payload or {}).get("detail", "Forbidden"))

    def handle(self, request: Request) -> Response:
        if request.path == "/i/oauth2/authorize":
            return self.oauth.authorize(request)
        if request.path == "/2/oauth2/token" and request.method == "POST":
            return self.oauth.token(request)
        if (
            self.oauth.check(request.headers.get("Authorization", "").removeprefix("Bearer "))
            != "ok"
        ):
            return problem(401, "Unauthorized", "Unauthorized")
        if request.path == "/2/tweets" and request.method == "POST":
            return self._create(request)
        if request.path == "/2/users/me":
            return Response.json(
                200, {"data": {"id": self.user_id, "name": "Northwind", "username": self.username}}
            )
        if request.path == f"/2/users/{self.user_id}/tweets":
            return self._timeline(request)
        if request.path == "/2/tweets" and request.method == "GET":
            return self._lookup(request)
        return problem(404, "Not Found Error", f"Could not find {request.path}")

    def _create(self, request: Request) -> Response:
        try:
            text = (request.json() or {}).get("text")
        except ValueError:
            text = None
        # X counts the weighted length (twitter-text v3), not characters; the counter itself is
        # checked against twitter-text's conformance cases in tests/social/test_text_count.py
        if not isinstance(text, str) or not text or weighted_length(text) > 280:
            return Response.json(400, {"errors": [{"message": "$.text: must be 1-280 characters"}],
                                       "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
                                       "type": "https://api.twitter.com/2/problems/invalid-request"})  # fmt: skip
        with self.lock:
            now = time.time()
            if now - self._window_start >= self.window:
                self._window_start, self._window_posts = now, 0
            if self.posts_per_window is not None and self._window_posts >= self.posts_per_window:
                self.rate_limited += 1
                return problem(
                    429, "Too Many Requests", "Too Many Requests", headers=self._limit_headers()
                )
            if any(t["text"] == text for t in self.tweets.values()):
                return problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.",
                               headers=self._limit_headers())  # fmt: skip
            self._window_posts += 1
            with self._seq:
                self._n += 1
                tid = str(self._n)
            self.tweets[tid] = {"id": tid, "text": text, "created": now}
            self.accepted.append({"ledger_id": text, "id": tid})
            headers = self._limit_headers()
        return Response.json(
            201,
            {"data": {"id": tid, "text": text, "edit_history_tweet_ids": [tid]}},
            headers=headers,
        )

    def _iso(self, t: float) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t))

    def _timeline(self, request: Request) -> Response:
        q = {k: v[-1] for k, v in request.query.items()}
        start = q.get("start_time")
        since = (
            time.mktime(time.strptime(start[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone
            if start
            else 0
        )
        rows = sorted(
            (t for t in self.tweets.values() if t["created"] >= since), key=lambda t: -t["created"]
        )
        rows = rows[: int(q.get("max_results") or 10)]
        if not rows:
            return Response.json(200, {"meta": {"result_count": 0}})
        data = [{"id": t["id"], "text": t["text"], "created_at": self._iso(t["created"]),
                 "edit_history_tweet_ids": [t["id"]]} for t in rows]  # fmt: skip
        return Response.json(200, {"data": data, "meta": {"result_count": len(data), "newest_id": data[0]["id"],
                                                          "oldest_id": data[-1]["id"]}})  # fmt: skip

    def metrics(self, tid: str) -> dict[str, int]:
        n = int(tid) % 83
        return {"impressions": 300 + 5 * n, "reactions": 8 + n, "comments": n % 6, "shares": 1 + n % 4,
                "link_clicks": 12 + n}  # fmt: skip

    def _lookup(self, request: Request) -> Response:
        ids = (request.query.get("ids") or [""])[-1].split(",")
        data = []
        for tid in ids:
            if tid in self.tweets:
                m = self.metrics(tid)
                data.append({"id": tid, "text": self.tweets[tid]["text"], "edit_history_tweet_ids": [tid],
                             "public_metrics": {"retweet_count": m["shares"], "reply_count": m["comments"],
                                                "like_count": m["reactions"], "quote_count": 0,
                                                "bookmark_count": 0, "impression_count": m["impressions"]},
                             "non_public_metrics": {"impression_count": m["impressions"],
                                                    "url_link_clicks": m["link_clicks"],
                                                    "user_profile_clicks": 1}})  # fmt: skip
        return Response.json(200, {"data": data})
