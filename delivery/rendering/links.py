"""Link decoration: links to the school's own site carry ``eft`` (the signed link token) and UTM.

A click from a message then makes the visitor known to the website snippet (``tracking/``)
without any personal data in the URL: ``eft`` is the contact id and an expiry, HMAC-signed
(:func:`tracking.links.sign_contact`). Only links to the configured ``site_hosts`` are decorated
(a token is never handed to a third-party site); unsubscribe and preference-centre links, and
anything under the webhooks app's base URL, are left exactly as they are. A parameter the author
already put in a link (``utm_campaign=...``) is kept.

Decoration runs on the message as rendered (after sanitising and the compliance footer), so the
memoised rendering in :mod:`delivery.rendering.email` is unchanged; the token's expiry is counted
from the start of the rendering day, so a message rendered again the same day (a retry) is
byte-identical.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as html_lib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from delivery.ledger import LedgerRow
from delivery.messages import EmailMessage, Message, RenderError, SmsMessage
from tracking.links import TOKEN_PARAM, decorate_url, sign_contact

_HREF = re.compile(r'href="([^"]*)"')
_TEXT_URL = re.compile(r"https?://[^\s<>\"')\]]+")
#: Paths never decorated, wherever they are (consent and privacy links).
UNTOUCHED_PATHS = ("/unsubscribe", "/preferences", "/privacy")


@dataclass(frozen=True)
class LinkDecorator:
    """Adds ``eft`` + UTM parameters to links to ``site_hosts`` in rendered messages.

    Parameters
    ----------
    key : bytes
        The tracking key (``ENROLLFLOW_TRACKING_KEY``), the same the tracking app verifies with.
    site_hosts : sequence of str
        Host names of the school's sites (``www.example.edu``); links elsewhere are untouched.
    now : datetime
        Rendering time (UTC); tokens expire ``ttl_days`` after the start of that day.
    untouched_prefixes : sequence of str
        URL prefixes never decorated (the webhooks app's public URL: unsubscribe links).
    ttl_days : int
        How long a link keeps identifying its contact.
    """

    key: bytes = field(repr=False)
    site_hosts: Sequence[str]
    now: dt.datetime
    untouched_prefixes: Sequence[str] = ()
    ttl_days: int = 90

    def __post_init__(self) -> None:
        if not self.key:
            raise RenderError("link decoration needs the tracking key (ENROLLFLOW_TRACKING_KEY)")
        hosts = frozenset(h.strip().lower() for h in self.site_hosts if h.strip())
        if not hosts:
            raise RenderError("link decoration needs the site hosts (ENROLLFLOW_TRACKED_HOSTS)")
        object.__setattr__(self, "site_hosts", hosts)

    def _decorates(self, url: str) -> bool:
        if any(url.startswith(p) for p in self.untouched_prefixes if p):
            return False
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or (parts.hostname or "") not in self.site_hosts:
            return False
        return not any(parts.path.rstrip("/").endswith(p) for p in UNTOUCHED_PATHS)

    def params(self, row: LedgerRow) -> dict[str, str]:
        """``eft`` and the UTM parameters of ``row``'s message."""
        now = self.now.astimezone(dt.UTC) if self.now.tzinfo else self.now.replace(tzinfo=dt.UTC)
        day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return {
            TOKEN_PARAM: sign_contact(row.contact_id, self.key, now=day, ttl_days=self.ttl_days),
            "utm_source": "enrollflow",
            "utm_medium": row.channel,
            "utm_campaign": row.campaign_id,
            "utm_content": row.variant_id or row.step_id,
        }

    def url(self, url: str, params: dict[str, str]) -> str:
        return decorate_url(url, params) if self._decorates(url) else url

    def html(self, html: str, params: dict[str, str]) -> str:
        """Decorate every ``href="..."`` of sanitised HTML (attribute values are HTML-escaped)."""

        def one(match: re.Match[str]) -> str:
            url = html_lib.unescape(match.group(1))
            new = self.url(url, params)
            return match.group(0) if new == url else f'href="{html_lib.escape(new, quote=True)}"'

        return _HREF.sub(one, html)

    def text(self, text: str, params: dict[str, str]) -> str:
        """Decorate every http(s) URL of a plain-text part or SMS body."""

        def one(match: re.Match[str]) -> str:
            url = match.group(0).rstrip(".,;:!?")  # the sentence's full stop is not the URL's
            return self.url(url, params) + match.group(0)[len(url) :]

        return _TEXT_URL.sub(one, text)

    def message(self, message: Message, row: LedgerRow) -> Message:
        """``message`` with its links decorated for ``row``'s contact."""
        params = self.params(row)
        if isinstance(message, EmailMessage):
            return dataclasses.replace(
                message, html=self.html(message.html, params), text=self.text(message.text, params)
            )
        if isinstance(message, SmsMessage):
            return dataclasses.replace(message, body=self.text(message.body, params))
        return message
