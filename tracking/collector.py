"""What the tracking app does with a POST: validate it, identify the visitor, write GA4-like events.

The records are exactly those of ``raw_web__events`` (docs/data-contract.md), appended to
``<landing>/web/<day>/events-live.jsonl`` and ingested like the analytics export: the website's
visits join the marts (touchpoints, funnels, attribution) with everything else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tracking.links import TOKEN_PARAM, LinkTokenError, read_contact

EVENT_NAMES = ("session_start", "page_view")
#: Banner and pop-up events: ``raw_web__banner_events`` (``landing/web/<day>/banner_events-*.jsonl``).
BANNER_EVENTS = ("banner_impression", "banner_click", "banner_dismiss")
MAX_EVENTS = 10
MAX_URL = 2048
MAX_TEXT = 300
CLOCK_SKEW = dt.timedelta(minutes=10)
_PSEUDO_ID = re.compile(r"^[0-9a-f]{8,32}\.[0-9]{1,12}$")
_EVENT_ID = re.compile(r"^[0-9a-f]{8,40}$")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"^\+?[0-9 ().-]{7,}$")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
UTM = ("utm_source", "utm_medium", "utm_campaign", "utm_content")


class CollectError(ValueError):
    """A POST the collector refuses; the message says which field and why (HTTP 400)."""


@dataclass(frozen=True)
class Collected:
    records: list[dict[str, Any]]
    identified: bool
    banner_records: list[dict[str, Any]] = field(default_factory=list)


def _text(body: dict, field: str, limit: int | None = MAX_TEXT) -> str | None:
    """``body[field]`` as a string, truncated to ``limit`` (None: whole, for URLs to check)."""
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise CollectError(f"{field}: expected a string")
    return value if limit is None else value[:limit]


def clean_url(url: str) -> tuple[str, dict[str, str]]:
    """``url`` without the link token, personal data in its query, or fragment; and its query."""
    if len(url) > MAX_URL:
        raise CollectError(f"page_location: longer than {MAX_URL} characters")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CollectError("page_location: expected an http(s) URL")
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k != TOKEN_PARAM and not _EMAIL.search(v) and not _PHONE.match(v)
    ]
    cleaned = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), ""))
    return cleaned, dict(kept)


def device_category(user_agent: str) -> str:
    ua = user_agent or ""
    if re.search(r"iPad|Tablet", ua):
        return "tablet"
    if "Mobi" in ua:
        return "mobile"
    return "desktop"


def collect(body: Any, *, user_agent: str, key: bytes, now: dt.datetime) -> Collected:
    """The ``raw_web__events`` records of one POST (none without consent).

    Parameters
    ----------
    body : Any
        The parsed JSON body the snippet posted.
    user_agent : str
        The request's User-Agent (only the device category is kept).
    key : bytes
        Tracking key of the link tokens.
    now : datetime
        Server time (UTC, naive); client times further than 10 minutes from it are replaced by it.

    Raises
    ------
    CollectError
        On a malformed body (field and reason in the message).
    """
    if not isinstance(body, dict):
        raise CollectError("body: expected a JSON object")
    if body.get("consent") is not True:
        return Collected([], False)  # the snippet never posts without consent; drop if it does
    pseudo = body.get("pseudo_id")
    if not isinstance(pseudo, str) or not _PSEUDO_ID.match(pseudo):
        raise CollectError("pseudo_id: expected '<hex>.<seconds>' as the snippet makes it")
    session = body.get("session_id")
    if not isinstance(session, int) or isinstance(session, bool) or session < 0:
        raise CollectError("session_id: expected a non-negative integer")
    events = body.get("events")
    if not isinstance(events, list) or not 1 <= len(events) <= MAX_EVENTS:
        raise CollectError(f"events: expected 1 to {MAX_EVENTS} events")
    location, query = clean_url(_text(body, "page_location", None) or "")
    referrer = _text(body, "page_referrer", None)
    if referrer:
        referrer = (
            clean_url(referrer)[0]
            if referrer.startswith("http") and len(referrer) <= MAX_URL
            else None
        )
    contact = None
    token = body.get("link_token")
    if isinstance(token, str) and token:
        try:
            contact = read_contact(token, key, now=now)
        except LinkTokenError:
            contact = None  # forged or expired: the visit stays anonymous
    records, banner_records = [], []
    names = (*EVENT_NAMES, *BANNER_EVENTS)
    for event in events:
        if not isinstance(event, dict) or event.get("name") not in names:
            raise CollectError(f"events[].name: expected one of {', '.join(names)}")
        eid = event.get("id")
        if not isinstance(eid, str) or not _EVENT_ID.match(eid):
            raise CollectError("events[].id: expected the snippet's hex event id")
        ts = event.get("ts")
        at = now
        if isinstance(ts, int) and not isinstance(ts, bool):
            client = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=ts)
            if abs(client - now) <= CLOCK_SKEW:
                at = client
        common = {
            # the same event posted twice (a retried beacon, a replay) has the same id:
            # the ingest keeps it once (raw_web__events is unique on event_id)
            "event_id": "ev_" + hashlib.sha256(f"{pseudo}:{eid}".encode()).hexdigest()[:16],
            "event_timestamp": int((at - dt.datetime(1970, 1, 1)).total_seconds() * 1e6),
            "event_name": event["name"],
            "user_pseudo_id": pseudo,
            "user_id": contact,
        }
        if event["name"] in BANNER_EVENTS:
            banner_records.append(
                {**common, **_banner_fields(event), "page_location": location,
                 "device_category": device_category(user_agent)}
            )  # fmt: skip
            continue
        records.append(
            {
                **common,
                "ga_session_id": session,
                "page_location": location,
                "page_referrer": referrer,
                "page_title": _text(body, "page_title"),
                "device_category": device_category(user_agent),
                **{k: query[k][:MAX_TEXT] for k in (*UTM, "gclid", "fbclid") if query.get(k)},
            }
        )
    return Collected(records, contact is not None, banner_records)


def _banner_fields(event: dict) -> dict[str, str | None]:
    """``campaign_id``, ``banner_id``, ``banner_kind`` and ``locale`` of a banner event."""
    out: dict[str, str | None] = {}
    for name in ("campaign_id", "banner_id"):
        value = event.get(name)
        if not isinstance(value, str) or not _IDENTIFIER.match(value):
            raise CollectError(f"events[].{name}: expected an identifier (a-z, 0-9, _)")
        out[name] = value
    kind = event.get("kind")
    if kind not in ("banner", "popup"):
        raise CollectError("events[].kind: expected banner or popup")
    locale = event.get("locale")
    if locale is not None and (not isinstance(locale, str) or not _LOCALE.match(locale)):
        raise CollectError("events[].locale: expected a locale tag such as en or fr-CA")
    return {**out, "banner_kind": kind, "locale": locale}
