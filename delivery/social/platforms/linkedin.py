"""LinkedIn organisation pages through the versioned REST API (``/rest/posts``).

Every call carries ``Authorization: Bearer``, ``LinkedIn-Version: YYYYMM`` and
``X-Restli-Protocol-Version: 2.0.0``.

- publish: ``POST /rest/posts`` (``author``, ``commentary``, ``visibility``, ``distribution``,
  ``lifecycleState: PUBLISHED``) → ``201`` with the post URN in ``x-restli-id`` (empty body);
- recent posts: ``GET /rest/posts?q=author&author=<urn>&count=50&sortBy=CREATED``;
- engagement: ``GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&...&shares=List(...)``.

Errors: ``{"status", "serviceErrorCode", "code", "message"}``. 401 (``EXPIRED_ACCESS_TOKEN`` →
:class:`TokenExpired`, ``REVOKED_ACCESS_TOKEN`` / anything else → :class:`TokenDead`), 403
(missing permission → :class:`TokenDead`), 429 (daily throttle, resets at midnight UTC →
:class:`RateLimited`), 5xx on a publish → :class:`OutcomeUnknown`, other 4xx → :class:`Rejected`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from delivery.social.errors import (
    OutcomeUnknown,
    RateLimited,
    Rejected,
    SocialError,
    TokenDead,
    TokenExpired,
    Unavailable,
)
from delivery.social.platforms.base import (
    Engagement,
    HttpClient,
    PostContent,
    Published,
    RemotePost,
)

LINKEDIN_URL = "https://api.linkedin.com"
LINKEDIN_VERSION = "202411"


def linkedin_error(response: httpx.Response, *, write: bool, now: dt.datetime) -> SocialError:
    try:
        doc = response.json()
    except ValueError:
        doc = {}
    code = str(doc.get("code") or "")
    message = f"LinkedIn {response.status_code} {code} {doc.get('message', '')}".strip()
    status = response.status_code
    if status == 401:
        return TokenExpired(message) if code == "EXPIRED_ACCESS_TOKEN" else TokenDead(message)
    if status == 403 and code in ("ACCESS_DENIED", "") and "permission" in message.lower():
        return TokenDead(message)
    if status == 429:
        retry = response.headers.get("retry-after")
        if retry and retry.isdigit():
            wait = dt.timedelta(seconds=int(retry))
        else:  # application and member day limits reset at midnight UTC
            midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
            wait = midnight - now
        return RateLimited(message, wait)
    if status >= 500:
        return OutcomeUnknown(message) if write else Unavailable(message)
    return Rejected(message)


class LinkedInClient(HttpClient):
    platform = "linkedin"
    uses_containers = False

    def __init__(self, base_url: str = LINKEDIN_URL, *, version: str = LINKEDIN_VERSION, **kw: Any):
        super().__init__(base_url, **kw)
        self.version = version

    def _headers(self, token: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {token}",
            "LinkedIn-Version": self.version,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def _rest(
        self, method: str, path: str, token: str, *, write: bool = False, **kw: Any
    ) -> httpx.Response:
        response = self.call(method, path, write=write, headers=self._headers(token), **kw)
        if response.status_code >= 400:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            raise linkedin_error(response, write=write, now=now)
        return response

    def publish(
        self,
        remote_id: str,
        token: str,
        post: PostContent,
        *,
        container_id: str | None = None,
        on_container: Callable[[str], None] | None = None,
    ) -> Published:
        body = {
            "author": remote_id,
            "commentary": post.full_text,
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        response = self._rest("POST", "/rest/posts", token, write=True, json=body)
        urn = response.headers.get("x-restli-id")
        if not urn:
            raise OutcomeUnknown(f"LinkedIn answered {response.status_code} without x-restli-id")
        return Published(urn)

    def recent_posts(self, remote_id: str, token: str, since: dt.datetime) -> list[RemotePost]:
        response = self._rest(
            "GET",
            f"/rest/posts?q=author&author={quote(remote_id, safe='')}&count=50&sortBy=CREATED",
            token,
        )
        out = []
        for p in response.json().get("elements", []):
            created = p.get("createdAt")
            at = (
                dt.datetime.fromtimestamp(created / 1000, dt.UTC).replace(tzinfo=None)
                if created
                else None
            )
            if at is None or at >= since:
                out.append(RemotePost(str(p["id"]), p.get("commentary") or "", at))
        return out

    def engagement(
        self, remote_id: str, token: str, remote_post_ids: list[str]
    ) -> dict[str, Engagement]:
        if not remote_post_ids:
            return {}
        shares = ",".join(quote(u, safe="") for u in remote_post_ids)
        response = self._rest(
            "GET",
            "/rest/organizationalEntityShareStatistics?q=organizationalEntity"
            f"&organizationalEntity={quote(remote_id, safe='')}&shares=List({shares})",
            token,
        )
        out = {}
        for e in response.json().get("elements", []):
            s = e.get("totalShareStatistics") or {}
            out[str(e.get("share"))] = Engagement(
                impressions=int(s.get("impressionCount") or 0),
                reactions=int(s.get("likeCount") or 0),
                comments=int(s.get("commentCount") or 0),
                shares=int(s.get("shareCount") or 0),
                link_clicks=int(s.get("clickCount") or 0),
            )
        return out
