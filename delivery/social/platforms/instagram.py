"""Instagram professional accounts through the Graph API (Instagram Content Publishing).

Publishing is three calls, and the container id is the handle that makes it safe to resume:

1. ``POST /{ig-user-id}/media`` (``image_url``, ``caption``) → ``{"id": <container>}``
   (reported through ``on_container`` so the ledger keeps it before anything else happens);
2. ``GET /{container}?fields=status_code`` until ``FINISHED`` (``IN_PROGRESS`` → :class:`NotReady`
   after ``polls`` tries; ``ERROR`` / ``EXPIRED`` → :class:`Rejected`);
3. ``POST /{ig-user-id}/media_publish`` (``creation_id``) → ``{"id": <media id>}``.

A container publishes at most once, so a post whose step 3 timed out is settled by the container's
``status_code`` (``PUBLISHED``) and the account's media list, and one whose container is
``FINISHED`` but unpublished resumes at step 3 with the same container.

``content_publishing_limit`` (``quota_usage`` of ``config.quota_total`` per ``quota_duration``) is read
before publishing (:meth:`publishing_quota`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from delivery.social.errors import NotReady, OutcomeUnknown, Rejected
from delivery.social.platforms.base import (
    Engagement,
    PostContent,
    Published,
    RemotePost,
    parse_time,
)
from delivery.social.platforms.graph import GraphClient

METRICS = "impressions,likes,comments,shares,saved"


class InstagramClient(GraphClient):
    platform = "instagram"
    uses_containers = True

    def __init__(self, *args: Any, polls: int = 5, poll_interval: float = 1.0, **kw: Any):
        super().__init__(*args, **kw)
        self.polls = polls
        self.poll_interval = poll_interval

    def container_status(self, container_id: str, token: str) -> str:
        doc = self.graph("GET", container_id, token, fields="status_code")
        return str(doc.get("status_code") or "")

    def publishing_quota(self, remote_id: str, token: str) -> tuple[int, int]:
        """(posts used, posts allowed) in the current 24-hour window."""
        doc = self.graph(
            "GET", f"{remote_id}/content_publishing_limit", token, fields="config,quota_usage"
        )
        row = (doc.get("data") or [{}])[0]
        return int(row.get("quota_usage") or 0), int(
            (row.get("config") or {}).get("quota_total") or 50
        )

    def publish(
        self,
        remote_id: str,
        token: str,
        post: PostContent,
        *,
        container_id: str | None = None,
        on_container: Callable[[str], None] | None = None,
    ) -> Published:
        if not post.image_url:
            raise Rejected("instagram: a post needs an image_url (feed posts are images)")
        if container_id is None:
            doc = self.graph(
                "POST", f"{remote_id}/media", token, write=True,
                image_url=post.image_url, caption=post.full_text,
            )  # fmt: skip
            container_id = str(doc["id"])
            if on_container is not None:
                on_container(container_id)
        for attempt in range(self.polls):
            status = self.container_status(container_id, token)
            if status == "FINISHED":
                break
            if status in ("ERROR", "EXPIRED"):
                raise Rejected(f"instagram: container {container_id} is {status}")
            if status == "PUBLISHED":  # published by an earlier attempt: let the settler find it
                raise OutcomeUnknown(
                    f"instagram: container {container_id} already PUBLISHED: settling"
                )
            if attempt + 1 < self.polls:
                time.sleep(self.poll_interval)
        else:
            raise NotReady(f"instagram: container {container_id} still {status}")
        doc = self.graph(
            "POST", f"{remote_id}/media_publish", token, write=True, creation_id=container_id
        )
        return Published(str(doc["id"]), container_id)

    def recent_posts(self, remote_id: str, token: str, since: dt.datetime) -> list[RemotePost]:
        doc = self.graph(
            "GET", f"{remote_id}/media", token, fields="id,caption,timestamp", limit=50
        )
        posts = [
            RemotePost(str(p["id"]), p.get("caption") or "", parse_time(p.get("timestamp")))
            for p in doc.get("data", [])
        ]
        return [p for p in posts if p.created_at is None or p.created_at >= since]

    def engagement(
        self, remote_id: str, token: str, remote_post_ids: list[str]
    ) -> dict[str, Engagement]:
        out = {}
        for pid in remote_post_ids:
            doc = self.graph("GET", f"{pid}/insights", token, metric=METRICS)
            v = {
                m.get("name"): int((m.get("values") or [{}])[-1].get("value") or 0)
                for m in doc.get("data", [])
            }
            out[pid] = Engagement(
                impressions=v.get("impressions", 0),
                reactions=v.get("likes", 0) + v.get("saved", 0),
                comments=v.get("comments", 0),
                shares=v.get("shares", 0),
                link_clicks=0,  # Instagram captions carry no clickable links
            )
        return out
