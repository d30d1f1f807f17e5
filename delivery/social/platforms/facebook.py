"""Facebook Pages through the Graph API (Page access token).

- publish: ``POST /{page-id}/feed`` (``message``, ``link``) → ``{"id": "<page>_<post>"}``
- recent posts: ``GET /{page-id}/feed?fields=id,message,created_time&since=<unix>``
- engagement: ``GET /{post-id}?fields=shares,reactions.summary(total_count).limit(0),
  comments.summary(total_count).limit(0),insights.metric(post_impressions,post_clicks)``
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from delivery.social.platforms.base import (
    Engagement,
    PostContent,
    Published,
    RemotePost,
    parse_time,
)
from delivery.social.platforms.graph import GraphClient

ENGAGEMENT_FIELDS = (
    "shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),"
    "insights.metric(post_impressions,post_clicks)"
)


def _insight(doc: dict, name: str) -> int:
    for metric in (doc.get("insights") or {}).get("data", []):
        if metric.get("name") == name:
            values = metric.get("values") or [{}]
            return int(values[-1].get("value") or 0)
    return 0


class FacebookClient(GraphClient):
    platform = "facebook"
    uses_containers = False

    def publish(
        self,
        remote_id: str,
        token: str,
        post: PostContent,
        *,
        container_id: str | None = None,
        on_container: Callable[[str], None] | None = None,
    ) -> Published:
        params = {"message": post.text}
        if post.link:
            params["link"] = post.link
        doc = self.graph("POST", f"{remote_id}/feed", token, write=True, **params)
        return Published(str(doc["id"]))

    def recent_posts(self, remote_id: str, token: str, since: dt.datetime) -> list[RemotePost]:
        epoch = int(since.replace(tzinfo=dt.UTC).timestamp())
        doc = self.graph(
            "GET",
            f"{remote_id}/feed",
            token,
            fields="id,message,created_time",
            since=epoch,
            limit=100,
        )
        return [
            RemotePost(str(p["id"]), p.get("message") or "", parse_time(p.get("created_time")))
            for p in doc.get("data", [])
        ]

    def engagement(
        self, remote_id: str, token: str, remote_post_ids: list[str]
    ) -> dict[str, Engagement]:
        out = {}
        for pid in remote_post_ids:
            doc = self.graph("GET", pid, token, fields=ENGAGEMENT_FIELDS)
            out[pid] = Engagement(
                impressions=_insight(doc, "post_impressions"),
                reactions=int(
                    ((doc.get("reactions") or {}).get("summary") or {}).get("total_count") or 0
                ),
                comments=int(
                    ((doc.get("comments") or {}).get("summary") or {}).get("total_count") or 0
                ),
                shares=int((doc.get("shares") or {}).get("count") or 0),
                link_clicks=_insight(doc, "post_clicks"),
            )
        return out
