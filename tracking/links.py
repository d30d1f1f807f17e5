"""Signed link tokens: how a click in a message makes a website visitor known, without PII in URLs.

A token is ``<payload>.<signature>``: the base64url JSON ``{"c": contact_id, "e": expiry}`` and the
first 16 bytes of its HMAC-SHA256 under the tracking key, base64url. The contact id is EnrollFlow's
own opaque id; no email, phone or name is ever in a URL.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TOKEN_PARAM = "eft"
MAX_TOKEN_LENGTH = 256


class LinkTokenError(ValueError):
    """A link token that is malformed, forged or expired (the visitor stays anonymous)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_contact(contact_id: str, key: bytes, *, now: dt.datetime, ttl_days: int = 90) -> str:
    """A token naming ``contact_id`` until ``now + ttl_days`` (UTC)."""
    if not key:
        raise LinkTokenError("the tracking key is empty; set ENROLLFLOW_TRACKING_KEY")
    expiry = int((now.replace(tzinfo=dt.UTC) + dt.timedelta(days=ttl_days)).timestamp())
    payload = _b64(json.dumps({"c": contact_id, "e": expiry}, separators=(",", ":")).encode())
    signature = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest()[:16])
    return f"{payload}.{signature}"


def read_contact(token: str, key: bytes, *, now: dt.datetime) -> str:
    """The contact id a token names, or :class:`LinkTokenError` (forged, malformed, expired)."""
    if not token or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
        raise LinkTokenError("malformed link token")
    payload, signature = token.split(".")
    expected = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest()[:16])
    if not hmac.compare_digest(signature, expected):
        raise LinkTokenError("link token signature does not match")
    try:
        claims = json.loads(_unb64(payload))
        contact, expiry = str(claims["c"]), int(claims["e"])
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise LinkTokenError("malformed link token") from exc
    if expiry < now.replace(tzinfo=dt.UTC).timestamp():
        raise LinkTokenError("link token expired")
    return contact


def decorate_url(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` added to its query (a parameter already there is kept as it is).

    Used for message links (``eft`` + UTM, :mod:`delivery.rendering.links`) and banner calls to
    action (UTM). The fragment stays last; nothing else in the URL changes.
    """
    parts = urlsplit(url)
    present = {k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    added = urlencode([(k, v) for k, v in params.items() if v and k not in present])
    query = "&".join(q for q in (parts.query, added) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
