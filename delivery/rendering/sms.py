"""SMS rendering and segment counting.

:func:`segment_count` follows the GSM 03.38 / UCS-2 rules carriers bill by: a message of GSM-7
characters fits 160 septets in one segment and 153 per segment when concatenated (the extension
characters ``^{}\\[~]|€`` take two septets); any other character switches the whole message to
UCS-2: 70 UTF-16 code units in one segment, 67 per segment when concatenated (an emoji outside the
BMP takes two units).

Public API: :func:`segment_count`, :func:`is_gsm7`, :class:`SmsRenderer`, :func:`normalise_phone`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import phonenumbers

from delivery.ledger import LedgerRow
from delivery.messages import RenderError, SmsMessage
from delivery.rendering.memo import Memo
from delivery.rendering.templates import TemplateSet

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")


def is_gsm7(text: str) -> bool:
    """Whether ``text`` can be sent in the GSM-7 alphabet (basic + extension table)."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text)


def segment_count(text: str) -> int:
    """Return how many SMS segments ``text`` needs (0 for an empty text).

    Parameters
    ----------
    text : str
        The message body.

    Returns
    -------
    int
        Number of segments (what the carrier bills).
    """
    if not text:
        return 0
    if is_gsm7(text):
        units = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        single, multi = 160, 153
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if units <= single else math.ceil(units / multi)


def normalise_phone(number: str, default_region: str | None = None) -> str:
    """Return ``number`` in E.164, or raise :class:`RenderError` if it is not a valid number."""
    try:
        parsed = phonenumbers.parse(number, default_region)
    except phonenumbers.NumberParseException as exc:
        raise RenderError(f"phone number {number!r}: {exc}") from None
    if not phonenumbers.is_valid_number(parsed):
        raise RenderError(f"phone number {number!r} is not a valid number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class SmsRenderer:
    """Render SMS bodies of one template set.

    Parameters
    ----------
    templates : TemplateSet
        Must have an ``sms`` part in its fallback locale.
    status_callback_base : str
        Public base URL of the webhooks app; each message gets
        ``<base>/twilio/status?ledger_id=<ledger_id>``.
    max_segments : int
        Longest message allowed (a longer rendering fails that message instead of costing 10x).
    """

    def __init__(
        self, templates: TemplateSet, *, status_callback_base: str, max_segments: int = 3
    ) -> None:
        if not templates.has("sms"):
            raise RenderError(
                f"template set {templates.name}: fallback locale needs an 'sms' template"
            )
        self.templates = templates
        self.status_callback_base = status_callback_base.rstrip("/")
        self.max_segments = max_segments
        self.memo = Memo()

    def _body(self, locale: str | None, ctx: Mapping[str, Any]) -> str:
        body = self.templates.render("sms", locale, ctx).strip()
        segments = segment_count(body)
        if segments > self.max_segments:
            raise RenderError(
                f"template {self.templates.name}: SMS needs {segments} segments, above the limit of "
                f"{self.max_segments}; shorten it"
            )
        return body

    def render(self, row: LedgerRow, contact: Mapping[str, Any]) -> SmsMessage:
        """Render the SMS of ``row`` for ``contact``."""
        if not row.to_address:
            raise RenderError(f"ledger row {row.ledger_id}: no phone number")
        to = normalise_phone(row.to_address)
        locale = contact.get("locale")
        ctx = {**contact, "contact": dict(contact)}
        key = None if self.memo is None else self.templates.memo_key(locale, ctx)
        body = None if key is None else self.memo.get(key)
        if body is None:
            body = self._body(locale, ctx)
            if key is not None:
                self.memo.put(key, body)
        callback = (
            f"{self.status_callback_base}/twilio/status?ledger_id={quote(row.ledger_id, safe='')}"
        )
        return SmsMessage(ledger_id=row.ledger_id, to=to, body=body, status_callback=callback)
