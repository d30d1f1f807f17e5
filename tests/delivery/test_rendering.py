"""Rendering: sandbox limits, escaping, sanitising, header injection, locales, Babel, compliance."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json

import pytest

from delivery.ledger import LedgerKey, LedgerRow
from delivery.messages import RenderError
from delivery.rendering.compliance import (
    TokenError,
    make_unsubscribe_token,
    read_unsubscribe_token,
)
from delivery.rendering.email import EmailRenderer, Sender
from delivery.rendering.sms import SmsRenderer, segment_count
from delivery.rendering.templates import TemplateSet

SENDER = Sender(
    from_email="news@academy.example.edu",
    from_name="Northfield Academy",
    organisation="Northfield Academy Ltd",
    postal_address="12 Harbour Street, Leeds LS1 4AB, United Kingdom",
    unsubscribe_base_url="https://hooks.example.edu",
    unsubscribe_secret="s3cret-signing-key",
    unsubscribe_mailto="unsubscribe@academy.example.edu",
)

SOURCES = {
    "en": {
        "subject": "{{ first_name }}, your {{ recommended_course.title }} starts soon",
        "html": "<p>Hi {{ first_name }},</p><p>{{ recommended_course.title }} costs "
        "{{ recommended_course.price_amount | price(recommended_course.currency) }} and starts "
        "{{ recommended_course.start_date | date }}.</p>",
    },
    "es": {
        "subject": "{{ first_name }}, tu curso empieza pronto",
        "html": "<p>Hola {{ first_name }}: "
        "{{ recommended_course.price_amount | price(recommended_course.currency) }}</p>",
    },
    "de": {
        "subject": "{{ first_name }}, Ihr Kurs",
        "html": "<p>Preis: {{ recommended_course.price_amount | price(recommended_course.currency) }}"
        ", Beginn {{ recommended_course.start_date | date }}</p>",
    },
}


def _row(contact_id: str = "c_0000001", to: str = "ana@example.edu") -> LedgerRow:
    key = LedgerKey("cmp_0001", "s1", contact_id, "email", to_address=to)
    now = dt.datetime(2026, 3, 2, 9)
    return LedgerRow.from_mapping(dict(
        ledger_id=key.ledger_id, campaign_id="cmp_0001", step_id="s1", contact_id=contact_id,
        channel="email", occurrence=1, variant_id="B", to_address=to, provider=None,
        state="claimed", owner="t", lease_expires_at=None, attempts=1, content_sha256=None,
        provider_message_id=None, last_error=None, created_at=now, updated_at=now,
        sending_at=None, submitted_at=None, completed_at=None,
    ))  # fmt: skip


def _contact(**kw):
    base = {
        "first_name": "Ana",
        "locale": "es",
        "timezone": "Europe/Madrid",
        "recommended_course": {
            "title": "Data Analytics",
            "price_amount": 1490,
            "currency": "EUR",
            "start_date": "2026-04-13",
        },
    }
    return {**base, **kw}


def _renderer(sources=SOURCES, **kw) -> EmailRenderer:
    return EmailRenderer(TemplateSet("welcome", sources, **kw), SENDER, categories=("cmp_0001",))


def test_locale_resolution_and_babel_formatting():
    r = _renderer()
    es = r.render(_row(), _contact(locale="es"))
    assert (
        "Hola Ana: 1.490,00&nbsp;€" in es.html
    )  # Babel 2.18 / CLDR; nh3 writes the nbsp as &nbsp;
    de = r.render(_row(), _contact(locale="de-AT"))  # de_AT -> de
    assert "Preis: €&nbsp;1.490,00, Beginn 13. April 2026" in de.html  # de_AT money format
    it = r.render(_row(), _contact(locale="it"))  # no Italian templates: fallback en
    assert "€1,490.00" in it.html and "April 13, 2026" in it.html
    assert it.subject == "Ana, your Data Analytics starts soon"
    assert '<html lang="en">' in it.html and '<html lang="de">' in de.html


def test_undefined_variable_is_an_error_at_validation_not_a_blank():
    ts = TemplateSet("promo", {"en": {"subject": "Hi {{ frist_name }}", "html": "<p>x</p>"}})
    with pytest.raises(RenderError, match=r"promo/en/subject.*frist_name"):
        ts.validate({"first_name": "Ana"})


def test_syntax_error_names_template_locale_part_and_line():
    with pytest.raises(RenderError, match=r"promo/es/html line 2"):
        TemplateSet("promo", {"en": {"subject": "s"}, "es": {"html": "<p>\n{% if %}</p>"}})


def test_missing_fallback_locale_is_rejected():
    with pytest.raises(RenderError, match="fallback locale 'en'"):
        TemplateSet("promo", {"es": {"subject": "s", "html": "h"}})


def test_contact_data_is_autoescaped_in_html_and_plain_in_text():
    msg = _renderer().render(_row(), _contact(first_name="<b>Ana</b> & co", locale="en"))
    assert "&lt;b&gt;Ana&lt;/b&gt; &amp; co" in msg.html
    assert "<b>Ana</b> & co" in msg.text  # text part is not HTML


def test_html_is_sanitised():
    evil = {
        "en": {
            "subject": "s",
            "html": '<p onclick="steal()" style="color:red;position:fixed">x</p>'
            '<script>alert(1)</script><a href="javascript:alert(1)">a</a>'
            '<a href="https://academy.example.edu/c">b</a><img src=x onerror="alert(1)">',
        }
    }
    html = _renderer(evil).render(_row(), _contact(locale="en")).html
    for bad in ("<script", "alert(1)", "onclick", "onerror", "javascript:", "position"):
        assert bad not in html
    assert 'style="color:red"' in html
    assert 'href="https://academy.example.edu/c"' in html


@pytest.mark.parametrize("name", ["Ana\r\nBcc: all@example.com", "Ana\nX-Evil: 1"])
def test_line_breaks_in_subject_are_rejected(name):
    with pytest.raises(RenderError, match="CR/LF"):
        _renderer().render(_row(), _contact(first_name=name, locale="en"))


def test_line_breaks_in_from_name_are_rejected():
    with pytest.raises(RenderError, match="from_name"):
        Sender(**{**SENDER.__dict__, "from_name": "Academy\r\nBcc: x@example.com"})


def test_sender_needs_postal_address_and_https_unsubscribe():
    with pytest.raises(RenderError, match="postal_address"):
        Sender(**{**SENDER.__dict__, "postal_address": " "})
    with pytest.raises(RenderError, match="https"):
        Sender(**{**SENDER.__dict__, "unsubscribe_base_url": "http://hooks.example.edu"})


@pytest.mark.parametrize(
    ("source", "match"),
    [
        ("{{ ''.__class__.__mro__ }}", "unsafe|access"),
        ("{% set l = [1] %}{{ l.append(2) }}", "unsafe|safely"),
        ('{{ "x" * 10000000 }}', "too large"),
        ("{{ 10 ** 100000 }}", "exponent"),
        ("{% for i in range(1000000) %}{% endfor %}", "range"),
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ],
)
def test_sandbox_refuses_dangerous_templates(source, match):
    ts = TemplateSet("t", {"en": {"subject": "s", "html": source}})
    with pytest.raises(RenderError, match=match):
        ts.render("html", "en", {})


def test_rendering_time_is_limited():
    slow = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    ts = TemplateSet("t", {"en": {"html": slow, "subject": "s"}}, max_seconds=0.2)
    with pytest.raises(RenderError, match="time limit"):
        ts.render("html", "en", {})


def test_output_size_is_limited():
    big = "{% for i in range(5000) %}<p>{{ i }} some words</p>{% endfor %}"
    ts = TemplateSet("t", {"en": {"html": big, "subject": "s"}}, max_bytes=10_000)
    with pytest.raises(RenderError, match="larger than 10000 bytes"):
        ts.render("html", "en", {})


def test_every_email_has_one_click_unsubscribe_and_can_spam_footer():
    msg = _renderer().render(_row(), _contact(locale="en"))
    assert msg.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https_target, mailto_target = msg.headers["List-Unsubscribe"].split(", ")
    assert https_target.startswith("<https://hooks.example.edu/unsubscribe?token=")
    assert mailto_target == "<mailto:unsubscribe@academy.example.edu?subject=unsubscribe>"
    url = https_target[1:-1]
    assert SENDER.postal_address in msg.html and SENDER.postal_address in msg.text
    assert f'href="{url}"' in msg.html and ">Unsubscribe</a>" in msg.html
    assert f"Unsubscribe: {url}" in msg.text
    assert msg.custom_args == {
        "campaign_id": "cmp_0001",
        "contact_id": "c_0000001",
        "variant_id": "B",
    }
    es = _renderer().render(_row(), _contact(locale="es"))
    assert ">Darse de baja</a>" in es.html


def test_unsubscribe_token_round_trip_and_tampering():
    token = make_unsubscribe_token(
        "k", ledger_id="a:b:c:email:1", channel="email", address="x@y.org"
    )
    assert read_unsubscribe_token("k", token) == {
        "ledger_id": "a:b:c:email:1",
        "channel": "email",
        "address": "x@y.org",
    }
    with pytest.raises(TokenError, match="signature"):
        read_unsubscribe_token("other-key", token)
    payload, sig = token.split(".")
    forged = make_unsubscribe_token("k", ledger_id="z", channel="email", address="victim@y.org")
    with pytest.raises(TokenError):
        read_unsubscribe_token("k", forged.split(".")[0] + "." + sig)
    with pytest.raises(TokenError, match="malformed"):
        read_unsubscribe_token("k", "garbage")


@pytest.mark.parametrize(
    "address",
    ["plain@y.org", '"quoted\\ local"@y.org', "ünï@bücher.de", "tab\there@y.org", "a+b@y.org"],
)
def test_unsubscribe_token_is_the_documented_construction(address):
    # reference: base64url(compact JSON) "." base64url(HMAC-SHA256(secret, payload)), no padding,
    # with the standard library's json.dumps and hmac (the fast path must write the same bytes)
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    doc = {"l": "cmp:send:c1:email:1", "c": "email", "a": address}
    payload = b64(json.dumps(doc, separators=(",", ":")).encode())
    sig = b64(hmac.new(b"k2", payload.encode(), hashlib.sha256).digest())
    for secret in ("k2", "other", "k2"):  # the keyed HMAC is cached per secret
        token = make_unsubscribe_token(secret, ledger_id=doc["l"], channel="email", address=address)
        assert (token == f"{payload}.{sig}") is (secret == "k2")
        assert read_unsubscribe_token(secret, token)["address"] == address


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("", 0),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension char: 2 septets each
        ("€" * 81, 2),
        ("é" * 160, 1),  # é is in the GSM basic table
        ("ç" * 70, 1),  # ç is not: UCS-2
        ("ç" * 71, 2),
        ("ç" * 134, 2),
        ("ç" * 135, 3),
        ("😀" * 35, 1),  # outside the BMP: 2 UTF-16 units
        ("😀" * 36, 2),
    ],
)
def test_sms_segment_count(text, segments):
    assert segment_count(text) == segments


def test_sms_renderer_puts_ledger_id_in_status_callback_and_limits_segments():
    ts = TemplateSet(
        "sms", {"en": {"sms": "Hi {{ first_name }}, {{ 'x' * n }} Reply STOP to opt out"}}
    )
    r = SmsRenderer(ts, status_callback_base="https://hooks.example.edu/", max_segments=2)
    row = _row(to="+44 7911 123456")
    msg = r.render(row, {"first_name": "Ana", "locale": "en", "n": 10})
    assert msg.to == "+447911123456"
    assert msg.status_callback == (
        "https://hooks.example.edu/twilio/status?ledger_id=cmp_0001%3As1%3Ac_0000001%3Aemail%3A1"
    )
    with pytest.raises(RenderError, match="segments"):
        r.render(row, {"first_name": "Ana", "locale": "en", "n": 400})
    with pytest.raises(RenderError, match="not a valid number"):
        r.render(_row(to="+44 12"), {"first_name": "Ana", "locale": "en", "n": 1})
