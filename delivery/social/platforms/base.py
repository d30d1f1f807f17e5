"""What every platform client offers, and the HTTP call that classifies transport failures.

A client is stateless apart from its ``httpx.Client``; tokens and ids are passed per call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from delivery.social.content import PostContent
from delivery.social.errors import OutcomeUnknown, Unavailable

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)


@dataclass(frozen=True)
class Published:
    remote_post_id: str
    container_id: str | None = None


@dataclass(frozen=True)
class RemotePost:
    remote_post_id: str
    text: str
    created_at: dt.datetime | None


@dataclass(frozen=True)
class Engagement:
    """Lifetime figures of one post, as the platform reports them now."""

    impressions: int = 0
    reactions: int = 0
    comments: int = 0
    shares: int = 0
    link_clicks: int = 0


@dataclass(frozen=True)
class Usage:
    """Rate-limit usage the platform reported on the last call (max % of any quota)."""

    pct: float
    retry_after: dt.timedelta | None = None


class PlatformClient(Protocol):
    platform: str
    #: True when :meth:`publish` makes an Instagram-style container first.
    uses_containers: bool

    def publish(
        self,
        remote_id: str,
        token: str,
        post: PostContent,
        *,
        container_id: str | None = None,
        on_container: Callable[[str], None] | None = None,
    ) -> Published: ...

    def recent_posts(self, remote_id: str, token: str, since: dt.datetime) -> list[RemotePost]: ...

    def engagement(
        self, remote_id: str, token: str, remote_post_ids: list[str]
    ) -> dict[str, Engagement]: ...

    def last_usage(self) -> Usage | None: ...


class HttpClient:
    """An ``httpx.Client`` wrapper: transport failures → :class:`Unavailable` (nothing left) or
    :class:`OutcomeUnknown` (a write that may have left)."""

    platform = "?"

    def __init__(self, base_url: str, *, timeout: httpx.Timeout | float = DEFAULT_TIMEOUT):
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(timeout=timeout, follow_redirects=False)
        self._usage: Usage | None = None

    def close(self) -> None:
        self.http.close()

    def last_usage(self) -> Usage | None:
        return self._usage

    def call(self, method: str, path: str, *, write: bool = False, **kw: Any) -> httpx.Response:
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        try:
            return self.http.request(method, url, **kw)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise Unavailable(f"{self.platform}: cannot connect ({type(exc).__name__})") from None
        except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.RemoteProtocolError) as exc:
            if write:
                raise OutcomeUnknown(
                    f"{self.platform}: no answer to a publish request ({type(exc).__name__}); "
                    "it may have been published"
                ) from None
            raise Unavailable(f"{self.platform}: no answer ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise Unavailable(f"{self.platform}: {type(exc).__name__}") from None


def utc_naive(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def parse_time(text: str | None) -> dt.datetime | None:
    """ISO-8601 from any platform (``+0000``, ``Z``) → naive UTC."""
    if not text:
        return None
    text = text.replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = text[:-2] + ":" + text[-2:]
    return utc_naive(dt.datetime.fromisoformat(text))
