"""X (Twitter) API v2 with an OAuth 2.0 user-context token (PKCE).

- publish: ``POST /2/tweets`` ``{"text"}`` → ``201 {"data": {"id", "text"}}``;
- recent posts: ``GET /2/users/{id}/tweets?start_time=...&tweet.fields=created_at``;
- engagement: ``GET /2/tweets?ids=...&tweet.fields=public_metrics,non_public_metrics``.

Errors are problem details ``{"title", "detail", "type", "status"}``: 401 → :class:`TokenExpired`
(the refresh token may renew it), 403 → :class:`Rejected` (duplicate content, not permitted),
429 → :class:`RateLimited` until ``x-rate-limit-reset`` (unix seconds), 5xx on a publish →
:class:`OutcomeUnknown`. Each post is billed (pay-per-use); the publisher charges
``x_post_price`` to the campaign budget before it posts.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import httpx

from delivery.social.errors import (
    OutcomeUnknown,
    RateLimited,
    Rejected,
    SocialError,
    TokenExpired,
    Unavailable,
)
from delivery.social.platforms.base import (
    Engagement,
    HttpClient,
    PostContent,
    Published,
    RemotePost,
    Usage,
    parse_time,
)

X_URL = "https://api.x.com"


def x_error(response: httpx.Response, *, write: bool) -> SocialError:
    try:
        doc = response.json()
    except ValueError:
        doc = {}
    message = f"X {response.status_code} {doc.get('title', '')}: {doc.get('detail', '')}".strip()
    status = response.status_code
    if status == 401:
        return TokenExpired(message)
    if status == 429:
        reset = response.headers.get("x-rate-limit-reset")
        wait = max(1.0, float(reset) - time.time()) if reset and reset.isdigit() else 900.0
        return RateLimited(message, dt.timedelta(seconds=wait), 100.0)
    if status >= 500:
        return OutcomeUnknown(message) if write else Unavailable(message)
    return Rejected(message)


def _usage(headers: httpx.Headers) -> Usage | None:
    """Share of the window used, and the time until ``x-rate-limit-reset``."""
    limit = headers.get("x-rate-limit-limit", "")
    remaining = headers.get("x-rate-limit-remaining", "")
    if not (limit.isdigit() and remaining.isdigit() and int(limit)):
        return None
    reset = headers.get("x-rate-limit-reset", "")
    wait = max(0.0, float(reset) - time.time()) if reset.isdigit() else 0.0
    pct = 100.0 * (1 - int(remaining) / int(limit))
    return Usage(pct, dt.timedelta(seconds=wait) if wait else None)


class XClient(HttpClient):
    platform = "x"
    uses_containers = False

    def __init__(self, base_url: str = X_URL, **kw: Any):
        super().__init__(base_url, **kw)

    def _api(self, method: str, path: str, token: str, *, write: bool = False, **kw: Any) -> dict:
        response = self.call(
            method, path, write=write, headers={"Authorization": f"Bearer {token}"}, **kw
        )
        self._usage = _usage(response.headers) or self._usage
        if response.status_code >= 400:
            raise x_error(response, write=write)
        return response.json()

    def publish(
        self,
        remote_id: str,
        token: str,
        post: PostContent,
        *,
        container_id: str | None = None,
        on_container: Callable[[str], None] | None = None,
    ) -> Published:
        doc = self._api("POST", "/2/tweets", token, write=True, json={"text": post.full_text})
        return Published(str(doc["data"]["id"]))

    def recent_posts(self, remote_id: str, token: str, since: dt.datetime) -> list[RemotePost]:
        start = since.replace(microsecond=0).isoformat() + "Z"
        doc = self._api(
            "GET", f"/2/users/{remote_id}/tweets", token,
            params={"start_time": start, "max_results": 100, "tweet.fields": "created_at"},
        )  # fmt: skip
        return [
            RemotePost(str(t["id"]), t.get("text") or "", parse_time(t.get("created_at")))
            for t in doc.get("data", [])
        ]

    def engagement(
        self, remote_id: str, token: str, remote_post_ids: list[str]
    ) -> dict[str, Engagement]:
        out = {}
        for i in range(0, len(remote_post_ids), 100):
            ids = ",".join(remote_post_ids[i : i + 100])
            doc = self._api(
                "GET", "/2/tweets", token,
                params={"ids": ids, "tweet.fields": "public_metrics,non_public_metrics"},
            )  # fmt: skip
            for t in doc.get("data", []):
                pm, npm = t.get("public_metrics") or {}, t.get("non_public_metrics") or {}
                out[str(t["id"])] = Engagement(
                    impressions=int(pm.get("impression_count") or 0),
                    reactions=int(pm.get("like_count") or 0),
                    comments=int(pm.get("reply_count") or 0),
                    shares=int(pm.get("retweet_count") or 0) + int(pm.get("quote_count") or 0),
                    link_clicks=int(npm.get("url_link_clicks") or 0),
                )
        return out
