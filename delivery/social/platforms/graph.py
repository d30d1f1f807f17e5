"""The Meta Graph API, shared by Facebook Pages and Instagram: error codes and usage headers.

Errors arrive as ``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}``:

=========================  ===========================================================
code 190 (102, 463, 467)   access token expired / invalidated → ``TokenDead``
code 10, 200-299           permission missing → ``TokenDead`` (reconnect with the scope)
code 4, 17, 32, 613        app / user / page / custom rate limit → ``RateLimited``
code 80001-80014           business-use-case rate limit → ``RateLimited``
code 9 + subcode 2207042   Instagram: publishing limit reached → ``QuotaExhausted``
code 1, 2 (and 5xx)        transient; on a publish the outcome is ``unknown``
anything else (100, 368…)  ``Rejected`` (the message says why)
=========================  ===========================================================

Usage headers (``X-App-Usage``, ``X-Page-Usage``, ``X-Business-Use-Case-Usage``) carry percentages of
each quota and, for business use cases, ``estimated_time_to_regain_access`` in minutes; the
largest percentage is kept as :class:`Usage` so the publisher backs off before the wall.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx

from delivery.social.errors import (
    OutcomeUnknown,
    QuotaExhausted,
    RateLimited,
    Rejected,
    SocialError,
    TokenDead,
    Unavailable,
)
from delivery.social.platforms.base import HttpClient, Usage

GRAPH_URL = "https://graph.facebook.com"
GRAPH_VERSION = "v21.0"
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613})
TOKEN_CODES = frozenset({190, 102, 463, 467})
#: Graph's guidance: throttled apps regain access within the hour; BUC headers say exactly.
DEFAULT_RATE_WAIT = dt.timedelta(minutes=60)


def usage_from_headers(headers: httpx.Headers) -> Usage | None:
    """The largest usage percentage and wait in the Graph usage headers (None when absent)."""
    pct: list[float] = []
    wait = 0.0
    for name in ("x-app-usage", "x-page-usage", "x-ad-account-usage"):
        raw = headers.get(name)
        if raw:
            try:
                doc = json.loads(raw)
                pct += [float(v) for v in doc.values() if isinstance(v, int | float)]
            except (ValueError, AttributeError):
                continue
    raw = headers.get("x-business-use-case-usage")
    if raw:
        try:
            for entries in json.loads(raw).values():
                for e in entries:
                    pct += [
                        float(e.get(k, 0)) for k in ("call_count", "total_cputime", "total_time")
                    ]
                    wait = max(wait, float(e.get("estimated_time_to_regain_access", 0) or 0))
        except (ValueError, AttributeError, TypeError):
            pass
    if not pct and not wait:
        return None
    return Usage(max(pct or [0.0]), dt.timedelta(minutes=wait) if wait else None)


def graph_error(response: httpx.Response, usage: Usage | None, *, write: bool) -> SocialError:
    """The :class:`SocialError` a Graph API error answer means."""
    try:
        err = response.json().get("error") or {}
    except (ValueError, AttributeError):
        err = {}
    code = int(err.get("code") or 0)
    sub = int(err.get("error_subcode") or 0)
    message = f"Graph API {response.status_code} (#{code}{f'/{sub}' if sub else ''}) {err.get('message', '')}".strip()
    if code in TOKEN_CODES or code == 10 or 200 <= code <= 299:
        return TokenDead(message)
    wait = usage.retry_after if usage and usage.retry_after else DEFAULT_RATE_WAIT
    pct = usage.pct if usage else None
    if code == 9 and sub == 2207042:
        return QuotaExhausted(message, dt.timedelta(hours=1), pct)
    if code in RATE_LIMIT_CODES or 80001 <= code <= 80014:
        return RateLimited(message, wait, pct)
    if code in (1, 2) or response.status_code >= 500 or not err:
        return OutcomeUnknown(message) if write else Unavailable(message)
    return Rejected(message)


class GraphClient(HttpClient):
    """Calls ``{base}/{version}/{path}`` with the token as ``access_token``; errors classified."""

    def __init__(self, base_url: str = GRAPH_URL, *, version: str = GRAPH_VERSION, **kw: Any):
        super().__init__(base_url, **kw)
        self.version = version

    def graph(
        self, method: str, path: str, token: str, *, write: bool = False, **params: Any
    ) -> dict[str, Any]:
        params["access_token"] = token
        kw: dict[str, Any] = {"data": params} if method == "POST" else {"params": params}
        response = self.call(method, f"/{self.version}/{path.lstrip('/')}", write=write, **kw)
        usage = usage_from_headers(response.headers)
        if usage is not None:
            self._usage = usage
        if response.status_code >= 400:
            raise graph_error(response, usage, write=write)
        try:
            return response.json()
        except ValueError:
            raise (OutcomeUnknown if write else Unavailable)(
                f"Graph API answered {response.status_code} with a body that is not JSON"
            ) from None
