"""Render one email for one ledger row: subject, sanitised HTML, text, compliance, headers.

The HTML template renders autoescaped in the limited sandbox, is then sanitised with nh3 (no
``<script>``, no ``on*`` handlers, no ``javascript:`` URLs; inline styles limited to a safe list),
and gets the CAN-SPAM footer (postal address + visible unsubscribe link). Subject and from-name
must not contain CR/LF (header injection). Every message carries the RFC 8058 headers.

Public API: :class:`Sender`, :class:`EmailRenderer`, :func:`sanitise_html`.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import markupsafe
import nh3
from email_validator import EmailNotValidError, validate_email

from delivery.ledger import LedgerRow
from delivery.messages import EmailMessage, RenderError
from delivery.rendering import slots
from delivery.rendering.compliance import (
    PREFERENCES_LABELS,
    footer_html,
    footer_text,
    list_unsubscribe_headers,
    make_unsubscribe_token,
    unsubscribe_url,
)
from delivery.rendering.memo import Memo
from delivery.rendering.recipient import check_email_recipient
from delivery.rendering.slots import Skeleton
from delivery.rendering.templates import TemplateSet

#: Stands for the per-message unsubscribe token in a memoised rendering (token alphabet only,
#: so escaping, sanitising and HTML-to-text leave it as it is).
TOKEN_PLACEHOLDER = "EnrollflowUnsubscribeToken0PlaceHolder0x7f3a9c"
_ABSENT = object()  # an undefined variable: never a slot value (the render path reports it)
_SLOT_TEXTS = 20_000  # bound on remembered slot strings per renderer


def _collides(key: object) -> bool:
    """Whether a value rendered into a skeleton holds a hole's marker text (the token
    placeholder, a slot marker): such inputs are rendered in full, never cut at holes."""
    text = repr(key)
    return TOKEN_PLACEHOLDER in text or slots.MARK_SUFFIX in text


UNSUBSCRIBE_LABELS = {
    "en": "Unsubscribe",
    "es": "Darse de baja",
    "fr": "Se désinscrire",
    "de": "Abmelden",
    "pt": "Cancelar inscrição",
}
SAFE_STYLE_PROPERTIES = {
    "color",
    "background-color",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-align",
    "text-decoration",
    "line-height",
    "margin",
    "padding",
    "border",
    "border-radius",
    "width",
    "max-width",
    "display",
}
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES.setdefault("*", set()).add("style")
_ATTRIBUTES.setdefault("a", set()).update({"href", "title"})
_ATTRIBUTES.setdefault("img", set()).update({"src", "alt", "width", "height"})


def _reject_line_breaks(value: str, what: str) -> None:
    if "\r" in value or "\n" in value:
        raise RenderError(
            f"{what} contains a line break (CR/LF), which would inject mail headers; "
            "remove it from the template or data"
        )


#: Built once: converting the options for each ``nh3.clean`` call costs more than cleaning.
_CLEANER = nh3.Cleaner(
    attributes=_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    filter_style_properties=SAFE_STYLE_PROPERTIES,
    clean_content_tags={"script", "style"},
)


def sanitise_html(html: str) -> str:
    """Return ``html`` with scripts, event handlers, unsafe URLs and unsafe styles removed."""
    return _CLEANER.clean(html)


def html_to_text(html: str) -> str:
    """A plain-text rendering of sanitised HTML (tags dropped, entities decoded)."""
    return html_lib.unescape(nh3.clean(html.replace("</p>", "</p>\n"), tags=set())).strip()


@dataclass(frozen=True)
class Sender:
    """Who sends, and the compliance facts every email carries.

    Raises
    ------
    RenderError
        If ``from_email`` is not an address, ``from_name`` has CR/LF, or the postal address or
        unsubscribe URL/secret is missing (the message names the field).
    """

    from_email: str
    from_name: str
    organisation: str
    postal_address: str
    unsubscribe_base_url: str
    unsubscribe_secret: str = field(repr=False)
    unsubscribe_mailto: str | None = None
    reply_to: str | None = None

    def __post_init__(self) -> None:
        _reject_line_breaks(self.from_name, "sender from_name")
        try:
            validate_email(self.from_email, check_deliverability=False)
        except EmailNotValidError as exc:
            raise RenderError(f"sender from_email {self.from_email!r}: {exc}") from None
        for name in (
            "organisation",
            "postal_address",
            "unsubscribe_base_url",
            "unsubscribe_secret",
        ):
            if not getattr(self, name).strip():
                raise RenderError(f"sender {name} is empty; CAN-SPAM / RFC 8058 require it")
        url = urlsplit(self.unsubscribe_base_url)
        local = url.scheme == "http" and url.hostname in ("127.0.0.1", "localhost")
        if url.scheme != "https" and not local:
            raise RenderError(
                f"sender unsubscribe_base_url {self.unsubscribe_base_url!r}: must be https:// "
                "(RFC 8058 one-click unsubscribe; plain http only for localhost)"
            )


#: Largest rendered email (subject + HTML + text, after sanitising and the footer). Each part is
#: also limited while it renders (``TemplateSet.max_bytes``); Gmail clips HTML above ~102 kB.
MAX_MESSAGE_BYTES = 150_000


class EmailRenderer:
    """Render emails of one template set for one sender (at most :data:`MAX_MESSAGE_BYTES`).

    Parameters
    ----------
    templates : TemplateSet
        Must have ``subject`` and ``html`` in its fallback locale (``text`` optional).
    sender : Sender
        From, postal address and unsubscribe settings.
    categories : tuple of str
        SendGrid categories (e.g. campaign id, campaign type).
    asm_group_id : int, optional
        SendGrid unsubscribe group.
    """

    def __init__(
        self,
        templates: TemplateSet,
        sender: Sender,
        *,
        categories: tuple[str, ...] = (),
        asm_group_id: int | None = None,
    ) -> None:
        for part in ("subject", "html"):
            if not templates.has(part):
                raise RenderError(
                    f"template set {templates.name}: fallback locale "
                    f"{templates.fallback_locale!r} needs a {part!r} template"
                )
        self.templates = templates
        self.sender = sender
        self.categories = categories
        self.asm_group_id = asm_group_id
        # Memoise the rendered, sanitised parts per template inputs when the unsubscribe URL
        # (the one per-message value) is only printed: it is then put in afterwards.
        memoisable = templates.only_printed("unsubscribe_url") and not templates.contains(
            TOKEN_PLACEHOLDER
        )
        self.memo = Memo() if memoisable else None
        self._placeholder_url = unsubscribe_url(sender.unsubscribe_base_url, TOKEN_PLACEHOLDER)
        # variables filled in after rendering (see delivery.rendering.slots)
        self._slots = [
            name
            for name in sorted(templates.variables_used - {"unsubscribe_url", "contact"})
            if templates.only_printed(name)
        ]
        if memoisable and templates.contains(slots.MARK_SUFFIX):
            self._slots = []
        self._marks = [slots.mark(i) for i in range(len(self._slots))]
        self._canonical = Memo()
        #: a str slot value -> (as printed, as the sanitiser writes it in HTML text), or False
        self._slot_texts: dict[str, tuple[str, str] | bool] = {}
        # tokens are URL-safe base64 and '.', which quote() leaves as they are
        self._url_prefix = unsubscribe_url(sender.unsubscribe_base_url, "")
        #: whether a template reads ``contact`` (else the copy of the record is not built)
        self._reads_contact = "contact" in templates.variables_used

    def _skeleton(self, locale: str | None, ctx: dict[str, Any]) -> tuple[Skeleton, ...] | bool:
        """The parts rendered with slot markers and cut at them, or ``False`` where markers are
        not exact."""
        ctx = {**ctx, **dict(zip(self._slots, self._marks, strict=True))}
        ctx["unsubscribe_url"] = self._placeholder_url
        parts = self._compose(locale, ctx, self._placeholder_url)
        raw = self.templates.render("html", locale, ctx)
        if not slots.safe_in_html(raw, parts[1], self._marks):
            return False
        n = len(self._marks)
        plain = {**{m: i for i, m in enumerate(self._marks)}, TOKEN_PLACEHOLDER: 2 * n}
        in_html = {**{m: n + i for i, m in enumerate(self._marks)}, TOKEN_PLACEHOLDER: 2 * n}
        subject, html, text = parts
        return Skeleton(subject, plain), Skeleton(html, in_html), Skeleton(text, plain)

    def _slot_values(self, ctx: Mapping[str, Any]) -> list[str] | None:
        """The slots' values as printed, then as written in HTML text (the holes of
        :meth:`_skeleton`'s parts before the token), or ``None`` if a value cannot fill a slot.

        A string's pair is remembered (only strings: ``1``, ``1.0`` and ``True`` are equal keys
        that print differently, and so are ``Decimal("1.0")`` and ``Decimal("1.00")``).
        """
        printed, in_html = [], []
        for name in self._slots:
            value = ctx.get(name, _ABSENT)
            pair = self._slot_texts.get(value) if type(value) is str else None
            if pair is None:
                text = slots.as_text(value)
                pair = False if text is None else (text, self._as_html_text(text))
                if type(value) is str and len(self._slot_texts) < _SLOT_TEXTS:
                    self._slot_texts[value] = pair
            if pair is False:
                return None
            printed.append(pair[0])
            in_html.append(pair[1])
        return printed + in_html

    def _as_html_text(self, value: str) -> str:
        """``value`` as the sanitiser writes it in HTML text (escaped, then serialised)."""
        canonical = self._canonical.get(value)
        if canonical is None:
            canonical = sanitise_html(str(markupsafe.escape(value)))
            self._canonical.put(value, canonical)
        return canonical

    def _filled(
        self, locale: str | None, ctx: dict[str, Any], token: str
    ) -> tuple[str, str, str] | None:
        """The parts from the slot skeleton, or ``None`` when this message cannot use it."""
        texts = self._slot_values(ctx)
        if texts is None:
            return None
        key = self.templates.memo_key(locale, ctx, exclude=("unsubscribe_url", *self._slots))
        if key is None:
            return None
        key = ("slots", key)
        skeleton = self.memo.get(key)
        if skeleton is None:
            skeleton = False if _collides(key) else self._skeleton(locale, ctx)
            self.memo.put(key, skeleton)
        if skeleton is False:
            return None
        return tuple(part.fill([*texts, token]) for part in skeleton)

    def _memoised(
        self, locale: str | None, ctx: dict[str, Any], token: str
    ) -> tuple[str, str, str] | None:
        """The parts rendered once per template inputs (the token put in), or ``None`` when
        this message must be rendered in full."""
        if self.memo is None:
            return None
        parts = self._filled(locale, ctx, token) if self._slots else None
        if parts is not None:
            return parts
        key = self.templates.memo_key(locale, ctx, exclude=("unsubscribe_url",))
        if key is None:
            return None
        skeleton = self.memo.get(key)
        if skeleton is None:
            skeleton = False
            if not _collides(key):
                url = self._placeholder_url
                composed = self._compose(locale, {**ctx, "unsubscribe_url": url}, url)
                skeleton = tuple(Skeleton(p, {TOKEN_PLACEHOLDER: 0}) for p in composed)
            self.memo.put(key, skeleton)
        if skeleton is False:
            return None
        return tuple(part.fill([token]) for part in skeleton)

    def _compose(self, locale: str | None, ctx: dict[str, Any], url: str) -> tuple[str, str, str]:
        """Subject, full HTML (sanitised body + footer) and text for one context."""
        s = self.sender
        subject = self.templates.render("subject", locale, ctx).strip()
        _reject_line_breaks(subject, f"subject of {self.templates.name}")
        body = sanitise_html(self.templates.render("html", locale, ctx))
        lang = self.templates.resolve_locale(locale, "html")
        label = UNSUBSCRIBE_LABELS.get(lang.split("_")[0], UNSUBSCRIBE_LABELS["en"])
        prefs = PREFERENCES_LABELS.get(lang.split("_")[0], PREFERENCES_LABELS["en"])
        facts = {
            "organisation": s.organisation,
            "postal_address": s.postal_address,
            "url": url,
            "preferences_label": prefs,  # the signed preference-centre link (privacy.web)
        }
        html = (
            f'<!DOCTYPE html><html lang="{lang.replace("_", "-")}"><body>'
            f"{body}{footer_html(**facts, label=label)}</body></html>"
        )
        if self.templates.has("text"):
            text = self.templates.render("text", locale, ctx)
        else:
            text = html_to_text(body)
        text += footer_text(**facts, label=label)
        return subject, html, text

    def render(
        self,
        row: LedgerRow,
        contact: Mapping[str, Any],
        extra: Mapping[str, Any] | None = None,
    ) -> EmailMessage:
        """Render the email of ``row`` for ``contact`` (a ``dim_contacts`` record).

        Template variables: every key of ``contact`` (``first_name``, ``locale``, ``timezone``,
        ``recommended_course``, ...), ``contact`` itself, ``unsubscribe_url`` and ``extra``.

        Raises
        ------
        RenderError
            Undefined variable, sandbox violation, limit exceeded, CR/LF in the subject, or no
            address on the row.
        """
        to = row.to_address
        if not to:
            raise RenderError(f"ledger row {row.ledger_id}: no email address")
        check_email_recipient(row.ledger_id, to)
        s = self.sender
        token = make_unsubscribe_token(
            s.unsubscribe_secret, ledger_id=row.ledger_id, channel="email", address=to
        )
        locale = contact.get("locale")
        ctx = contact  # read only, unless something is added: then a copy
        if self._reads_contact or extra:
            ctx = dict(contact)
            if self._reads_contact:
                ctx["contact"] = dict(contact)
            ctx.update(extra or {})
        # == unsubscribe_url(base, token): the token is URL-safe base64 and '.', which quote()
        # and escaping leave unchanged
        url = self._url_prefix + token
        parts = self._memoised(locale, ctx, token)
        if parts is None:
            parts = self._compose(locale, {**ctx, "unsubscribe_url": url}, url)
        subject, html, text = parts
        size = len(subject) + len(html) + len(text)  # characters = UTF-8 bytes when ASCII
        if not (subject.isascii() and html.isascii() and text.isascii()):
            size = len(subject.encode()) + len(html.encode()) + len(text.encode())
        if size > MAX_MESSAGE_BYTES:
            raise RenderError(
                f"ledger row {row.ledger_id}: template {self.templates.name} rendered a message of "
                f"{size:,} bytes, above the limit of {MAX_MESSAGE_BYTES:,}; shorten the template "
                "or what it loops over"
            )
        custom_args = {"campaign_id": row.campaign_id, "contact_id": row.contact_id}
        if row.variant_id:
            custom_args["variant_id"] = row.variant_id
        return EmailMessage(
            ledger_id=row.ledger_id,
            to=to,
            from_email=s.from_email,
            from_name=s.from_name,
            subject=subject,
            html=html,
            text=text,
            headers=list_unsubscribe_headers(url, s.unsubscribe_mailto),
            categories=self.categories,
            custom_args=custom_args,
            asm_group_id=self.asm_group_id,
            reply_to=s.reply_to,
        )
