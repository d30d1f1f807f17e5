"""What every marketing message must carry: one-click unsubscribe (RFC 8058) and CAN-SPAM footer.

- :func:`make_unsubscribe_token` / :func:`read_unsubscribe_token`: an HMAC-signed token naming the
  ledger id, channel and address, so the webhooks app can honour an unsubscribe without a login.
- :func:`list_unsubscribe_headers`: ``List-Unsubscribe`` (HTTPS + optional mailto) and
  ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``.
- :func:`footer_html` / :func:`footer_text`: the sender's physical postal address and a visible
  unsubscribe link, plus the preference-centre link (:func:`preferences_url`).
- :func:`preferences_url`: the signed preference-centre link of a message. It carries the same
  signed token as the unsubscribe link (ledger id, channel, address), so it needs no login and
  no second token per message; ``privacy.web`` serves it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import html
import json
from json.encoder import encode_basestring_ascii
from urllib.parse import quote

from privacy.crypto import hmac_sha256

#: standard base64 alphabet -> URL-safe alphabet (what ``base64.urlsafe_b64encode`` does)
_URLSAFE = bytes.maketrans(b"+/", b"-_")


class TokenError(ValueError):
    """An unsubscribe token is malformed or its signature does not match."""


def _b64(data: bytes) -> str:
    return _b64_bytes(data).decode()


def _b64_bytes(data: bytes) -> bytes:
    """URL-safe base64 without padding (one C call and a translate, no Python frames)."""
    return binascii.b2a_base64(data, newline=False).translate(_URLSAFE).rstrip(b"=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_unsubscribe_token(secret: str, *, ledger_id: str, channel: str, address: str) -> str:
    """Return a signed token for one recipient of one message.

    Parameters
    ----------
    secret : str
        Signing secret shared with the webhooks app (never logged).
    ledger_id, channel, address : str
        What the token identifies.

    Returns
    -------
    str
        ``<payload>.<signature>``, URL-safe.
    """
    # the compact JSON object {"l":..,"c":..,"a":..}, each string escaped by json's C encoder
    # (byte-for-byte what json.dumps(..., separators=(",", ":")) writes)
    esc = encode_basestring_ascii
    doc = f'{{"l":{esc(ledger_id)},"c":{esc(channel)},"a":{esc(address)}}}'
    payload = _b64_bytes(doc.encode())
    return (payload + b"." + _b64_bytes(hmac_sha256(secret.encode()).digest(payload))).decode()


def read_unsubscribe_token(secret: str, token: str) -> dict[str, str]:
    """Verify ``token`` and return ``{"ledger_id", "channel", "address"}``.

    Raises
    ------
    TokenError
        If the token is malformed or was not signed with ``secret``.
    """
    try:
        payload, sig = token.split(".", 1)
        expected = _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(sig, expected):
            raise TokenError("unsubscribe token signature does not match")
        data = json.loads(_unb64(payload))
        return {"ledger_id": data["l"], "channel": data["c"], "address": data["a"]}
    except TokenError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise TokenError(f"unsubscribe token is malformed ({type(exc).__name__})") from None


def unsubscribe_url(base_url: str, token: str) -> str:
    """Return ``<base_url>/unsubscribe?token=<token>``."""
    return f"{base_url.rstrip('/')}/unsubscribe?token={quote(token)}"


def preferences_url(unsubscribe_link: str) -> str:
    """The preference-centre link for an unsubscribe link (same base URL, same signed token)."""
    return unsubscribe_link.replace("/unsubscribe?token=", "/preferences?token=", 1)


#: Label of the preference-centre link in the footer, by language.
PREFERENCES_LABELS = {
    "en": "Manage your preferences",
    "es": "Gestionar tus preferencias",
    "fr": "Gérer vos préférences",
    "de": "Einstellungen verwalten",
    "pt": "Gerir as suas preferências",
}


def list_unsubscribe_headers(url: str, mailto: str | None = None) -> dict[str, str]:
    """Return the RFC 2369 / RFC 8058 one-click unsubscribe headers for ``url``."""
    targets = [f"<{url}>"]
    if mailto:
        targets.append(f"<mailto:{mailto}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def footer_html(
    *,
    organisation: str,
    postal_address: str,
    url: str,
    label: str,
    preferences_label: str | None = None,
) -> str:
    """Return the HTML footer: organisation, physical postal address, visible unsubscribe link
    and, with ``preferences_label``, the preference-centre link."""
    prefs = (
        f' &middot; <a href="{html.escape(preferences_url(url), quote=True)}">'
        f"{html.escape(preferences_label)}</a>"
        if preferences_label
        else ""
    )
    return (
        '<hr><p style="font-size:12px;color:#555">'
        f"{html.escape(organisation)} &middot; {html.escape(postal_address)}<br>"
        f'<a href="{html.escape(url, quote=True)}">{html.escape(label)}</a>{prefs}</p>'
    )


def footer_text(
    *,
    organisation: str,
    postal_address: str,
    url: str,
    label: str,
    preferences_label: str | None = None,
) -> str:
    """Return the plain-text footer with the same content as :func:`footer_html`."""
    prefs = f"{preferences_label}: {preferences_url(url)}\n" if preferences_label else ""
    return f"\n\n--\n{organisation} - {postal_address}\n{label}: {url}\n{prefs}"
