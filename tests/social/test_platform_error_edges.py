"""How an error answer of LinkedIn or the Graph API (Facebook, Instagram) is classified.

The class decides what the publish ledger does next: a dead token asks for a reconnect, a throttle
waits (as long as the platform says), a 5xx on a publish is an unknown outcome that is looked up
rather than re-posted, a 5xx on a read is only unavailable, anything else rejects the post.
Real ``httpx.Response`` objects in each platform's documented error shape.
"""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from delivery.social.errors import (
    OutcomeUnknown,
    QuotaExhausted,
    RateLimited,
    Rejected,
    TokenDead,
    TokenExpired,
    Unavailable,
)
from delivery.social.platforms.graph import DEFAULT_RATE_WAIT, graph_error, usage_from_headers
from delivery.social.platforms.linkedin import linkedin_error

NOW = dt.datetime(2026, 3, 1, 18, 30)


def _linkedin(status: int, code: str = "", message: str = "", headers=None) -> httpx.Response:
    body = {"status": status, "serviceErrorCode": 65600, "code": code, "message": message}
    return httpx.Response(status, json=body, headers=headers or {})


@pytest.mark.parametrize(
    ("response", "write", "kind"),
    [
        (_linkedin(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired"), True, TokenExpired),
        (_linkedin(401, "REVOKED_ACCESS_TOKEN", "The token has been revoked"), True, TokenDead),
        (_linkedin(403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal"), True, TokenDead),
        (_linkedin(403, "ACCESS_DENIED", "Organization page is restricted"), True, Rejected),
        (_linkedin(422, "UNPROCESSABLE_ENTITY", "commentary is too long"), True, Rejected),
        (_linkedin(500, "", "Internal Server Error"), True, OutcomeUnknown),
        (_linkedin(503, "", "Service Unavailable"), False, Unavailable),
        (httpx.Response(502, text="<html>bad gateway</html>"), True, OutcomeUnknown),
        (httpx.Response(400, text="not json"), False, Rejected),
    ],
)  # fmt: skip
def test_linkedin_error_classes(response, write, kind):
    error = linkedin_error(response, write=write, now=NOW)
    assert type(error) is kind
    assert str(error).startswith(f"LinkedIn {response.status_code}")


def test_linkedin_throttle_waits_as_told_or_until_midnight_utc():
    told = linkedin_error(_linkedin(429, headers={"Retry-After": "120"}), write=True, now=NOW)
    assert isinstance(told, RateLimited) and told.retry_after == dt.timedelta(seconds=120)
    daily = linkedin_error(_linkedin(429, "TOO_MANY_REQUESTS"), write=True, now=NOW)
    assert daily.retry_after == dt.timedelta(hours=5, minutes=30)  # 18:30 -> midnight
    odd = linkedin_error(_linkedin(429, headers={"Retry-After": "soon"}), write=False, now=NOW)
    assert odd.retry_after == dt.timedelta(hours=5, minutes=30)


def _graph(status: int, code: int, sub: int = 0, message: str = "x", headers=None):
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "A1"}
    if sub:
        error["error_subcode"] = sub
    return httpx.Response(status, json={"error": error}, headers=headers or {})


@pytest.mark.parametrize(
    ("response", "write", "kind"),
    [
        (_graph(400, 190, 463, "Error validating access token: Session has expired"), True, TokenDead),
        (_graph(403, 10, message="Application does not have permission"), True, TokenDead),
        (_graph(403, 200, message="Permissions error"), False, TokenDead),
        (_graph(400, 100, message="Invalid parameter"), True, Rejected),
        (_graph(500, 1, message="An unknown error occurred"), True, OutcomeUnknown),
        (_graph(500, 2, message="Service temporarily unavailable"), False, Unavailable),
        (httpx.Response(502, text="<html>Bad Gateway</html>"), True, OutcomeUnknown),
        (httpx.Response(400, json={"unexpected": True}), False, Unavailable),
    ],
)  # fmt: skip
def test_graph_error_classes(response, write, kind):
    assert type(graph_error(response, None, write=write)) is kind


def test_graph_throttles_wait_as_the_usage_headers_say():
    headers = {
        "x-business-use-case-usage": json.dumps(
            {"1234": [{"type": "pages", "call_count": 97, "total_cputime": 20,
                       "total_time": 30, "estimated_time_to_regain_access": 12}]}
        )
    }  # fmt: skip
    response = _graph(400, 80001, message="too many calls to this Page", headers=headers)
    usage = usage_from_headers(response.headers)
    error = graph_error(response, usage, write=True)
    assert isinstance(error, RateLimited)
    assert (error.retry_after, error.usage_pct) == (dt.timedelta(minutes=12), 97.0)
    # without usage headers: Graph's documented hour
    plain = graph_error(
        _graph(400, 4, message="Application request limit reached"), None, write=True
    )
    assert (plain.retry_after, plain.usage_pct) == (DEFAULT_RATE_WAIT, None)


def test_instagram_publishing_quota_is_its_own_class():
    error = graph_error(_graph(400, 9, 2207042, "content_publishing_limit"), None, write=True)
    assert isinstance(error, QuotaExhausted) and error.retry_after == dt.timedelta(hours=1)


def test_usage_headers_take_the_largest_share_and_skip_garbage():
    headers = httpx.Headers(
        {
            "x-app-usage": json.dumps({"call_count": 12, "total_cputime": 40, "total_time": 8}),
            "x-page-usage": "{not json",
            "x-business-use-case-usage": json.dumps({"1": "not a list of entries"}),
        }
    )
    usage = usage_from_headers(headers)
    assert usage is not None
    assert (usage.pct, usage.retry_after) == (40.0, None)
    assert usage_from_headers(httpx.Headers({"x-page-usage": "[1, 2]"})) is None
    assert usage_from_headers(httpx.Headers({})) is None
