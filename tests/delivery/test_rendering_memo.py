"""Memoised rendering gives byte-identical messages to rendering every message afresh."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

from delivery.rendering import slots
from delivery.rendering.compliance import read_unsubscribe_token, unsubscribe_url
from delivery.rendering.email import TOKEN_PLACEHOLDER, EmailRenderer
from delivery.rendering.sms import SmsRenderer
from delivery.rendering.templates import TemplateSet
from tests.delivery.test_rendering import SENDER, _row

EMAIL = {
    "en": {
        "subject": "{{ first_name }}, {{ score }} points",
        "html": '<p onclick="x()">Hi {{ first_name }} <script>bad()</script>'
        '{% if vip %}<b>VIP</b>{% endif %} <a href="{{ unsubscribe_url }}">stop</a></p>'
        "<p>{{ joined_at | datetime }}</p>",
    },
    "es": {"subject": "Hola {{ first_name }}", "html": "<p>{{ first_name }} {{ score }}</p>"},
}
# values that compare equal but render differently must not share a rendering
TRICKY = [1, True, 1.0, -0.0, 0.0, 0, None, decimal.Decimal("1.0"), decimal.Decimal("1.00")]


def _contacts() -> list[dict]:
    out = []
    for i in range(120):
        out.append(
            {
                "contact_id": f"c_{i:07d}",
                "first_name": ["Ana", "Bo", "Chloé", "<i>Dee</i>"][i % 4],
                "locale": ["en", "es", "en-GB", None][i % 4],
                "timezone": ["Europe/London", "America/New_York", None][i % 3],
                "score": TRICKY[i % len(TRICKY)],
                "vip": bool(i % 5 == 0),
                "joined_at": dt.datetime(2026, 3, 1, 23, 30),
            }
        )
    return out


def _pairs(renderer, fresh, contacts):
    for c in contacts:
        row = _row(c["contact_id"], f"{c['contact_id']}@example.edu")
        yield renderer.render(row, c), fresh.render(row, c)


def test_memoised_emails_equal_fresh_renderings_and_carry_their_own_token():
    tset = TemplateSet("memo", EMAIL)
    memoised = EmailRenderer(tset, SENDER)
    fresh = EmailRenderer(tset, SENDER)
    fresh.memo = None  # renders every message from scratch
    contacts = _contacts()
    for got, expected in _pairs(memoised, fresh, contacts):
        assert got == expected
        # the per-message unsubscribe link names this message, in body, text and headers
        token = got.headers["List-Unsubscribe"].split("token=")[1].split(">")[0]
        assert read_unsubscribe_token(SENDER.unsubscribe_secret, token)["ledger_id"] == (
            got.ledger_id
        )
        in_body = 1 if ">stop</a>" in got.html else 0  # the en template links it too
        # footer: the unsubscribe link and the preference-centre link (same signed token)
        assert got.html.count(token) == 2 + in_body and token in got.text
        assert f"/preferences?token={token}" in got.html
        assert "<script>" not in got.html and "onclick" not in got.html
    assert memoised.memo.hits > 0 and len(memoised.memo) < len(contacts)


@pytest.mark.parametrize(
    "html",
    [
        '<a href="{{ unsubscribe_url | upper }}">x</a>',  # a filter on the per-message value
        "{% if unsubscribe_url %}<a href='{{ unsubscribe_url }}'>x</a>{% endif %}",
        "<p>EnrollflowUnsubscribeToken0PlaceHolder0x7f3a9c</p>",  # the placeholder itself
    ],
)
def test_no_memo_when_the_unsubscribe_url_is_more_than_printed(html):
    renderer = EmailRenderer(TemplateSet("t", {"en": {"subject": "s", "html": html}}), SENDER)
    assert renderer.memo is None
    a, b = (renderer.render(_row(f"c_{i}", f"c_{i}@example.edu"), {"locale": "en"}) for i in (1, 2))
    assert a.html != b.html  # each still gets its own link


def test_random_output_and_object_values_are_never_memoised():
    random = TemplateSet("r", {"en": {"sms": "Hi {{ first_name }} {{ [1, 2, 3] | random }}"}})
    assert random.memo_key("en", {"first_name": "Ana"}) is None
    plain = TemplateSet("p", {"en": {"sms": "Hi {{ contact.first_name }}"}})
    assert plain.memo_key("en", {"contact": {"first_name": "Ana"}}) is None
    assert plain.memo_key("en", {"contact": "Ana"}) is not None


def test_memoised_sms_equal_fresh_renderings():
    tset = TemplateSet("sms", {"en": {"sms": "Hi {{ first_name }}, {{ score }} pts"}})
    memoised = SmsRenderer(tset, status_callback_base="https://hooks.example.edu")
    fresh = SmsRenderer(tset, status_callback_base="https://hooks.example.edu")
    fresh.memo = None
    for i, c in enumerate(_contacts()):
        row = _row(c["contact_id"], f"+4479110{i:05d}")
        assert memoised.render(row, c) == fresh.render(row, c)
    assert memoised.memo.hits > 0


NASTY_VALUES = [
    "Ana",
    # marker texts in a value are printed as they are (a value is never searched again)
    TOKEN_PLACEHOLDER,
    f"x{slots.mark(0)}y",
    "<i>Dee</i>",
    "A & B",
    "O'Brien",
    'Say "hi"',
    "amp;",
    "lt;",
    "#39;",
    " padded ",
    "",
    "tab\tname",
    "new\nline",
    "cr\rname",
    "\xa0nbsp",
    "Chloé 😀",
    "&#39;",
    "javascript:alert(1)",
    "]]>",
    "<!--",
    # format-field texts: a skeleton is filled as a format string, a value never parsed
    "{0}",
    "{name}",
    "}{",
    # equal keys that print differently: a remembered slot text must not be shared among them
    *TRICKY,
]
SLOT_TEMPLATES = [
    "<p>Hi {{ name }}, welcome</p>",
    "<p>{{ name }}</p><p>{{ name }} again</p>",
    "<p>AT&amp;T &{{ name }}</p>",
    "<p>&am{{ name }}</p>",
    '<p><a title="{{ name }}" href="https://x.edu/{{ name }}">x</a></p>',
    '<a href="{{ name }}">link</a>',
    "<table>{{ name }}<tr><td>{{ name }}</td></tr></table>",
    "<style>p{}</style><p>{{ name }}</p><script>var n = '{{ name }}';</script>",
    "<!-- {{ name }} --><p>{{ name }}</p>",
    "<pre>{{ name }}</pre><textarea>{{ name }}</textarea><title>{{ name }}</title>",
    "{{ name }}",
    "<p>{0} {1} {name} }{ {{ name }} {}</p>",
]


@pytest.mark.parametrize("html", SLOT_TEMPLATES)
def test_slot_filled_emails_equal_fresh_renderings(html):
    """Values substituted into a once-sanitised skeleton give exactly the fresh rendering, for
    values that escaping, sanitising, stripping or HTML parsing could treat differently."""
    tset = TemplateSet(
        "slots",
        {"en": {"subject": "Hi {{ name }}", "html": html}, "fr": {"subject": "x", "html": html}},
    )
    memoised = EmailRenderer(tset, SENDER)
    assert memoised._slots == ["name"]
    fresh = EmailRenderer(tset, SENDER)
    fresh.memo = None
    for i, value in enumerate(NASTY_VALUES * 2):
        row = _row(f"c_{i:07d}", f"c_{i}@example.edu")
        contact = {"name": value, "locale": ["en", "fr"][i % 2]}
        try:
            expected = fresh.render(row, contact)
        except Exception as exc:  # e.g. CR/LF in the subject: the memoised path must refuse too
            with pytest.raises(type(exc)):
                memoised.render(row, contact)
            continue
        assert memoised.render(row, contact) == expected, (html, value)


def test_plain_names_share_one_skeleton_and_attribute_slots_do_not():
    text_slot = EmailRenderer(TemplateSet("t", {"en": EMAIL["es"]}), SENDER)
    in_attribute = EmailRenderer(
        TemplateSet("a", {"en": {"subject": "s", "html": '<a title="{{ first_name }}">x</a>'}}),
        SENDER,
    )
    for i in range(10):
        contact = {"first_name": f"Name{i}", "score": 1, "locale": "en"}
        text_slot.render(_row(f"c_{i}", f"c_{i}@example.edu"), contact)
        in_attribute.render(_row(f"c_{i}", f"c_{i}@example.edu"), contact)
    assert len(text_slot.memo) == 1  # one skeleton for ten names
    assert len(in_attribute.memo) == 11  # refused skeleton + one rendering per name


def test_emails_reading_the_contact_record_equal_fresh_renderings():
    """``contact`` is put in the context only for templates that read it; a template that reads
    it (or a value of it) renders as before, and the link is the one ``unsubscribe_url`` builds."""
    tset = TemplateSet(
        "record",
        {
            "en": {
                "subject": "Hi {{ contact.first_name }}",
                "html": "<p>{{ first_name }} / {{ contact['first_name'] }}</p>",
            }
        },
    )
    memoised = EmailRenderer(tset, SENDER)
    fresh = EmailRenderer(tset, SENDER)
    fresh.memo = None
    for i, c in enumerate(_contacts()):
        row = _row(c["contact_id"], f"c_{i}@example.edu")
        got = memoised.render(row, c)
        assert got == fresh.render(row, c)
        assert got.subject == f"Hi {c['first_name']}"
        link = got.headers["List-Unsubscribe"].split(", ")[0]
        token = link.split("token=")[1].rstrip(">")
        assert link == f"<{unsubscribe_url(SENDER.unsubscribe_base_url, token)}>"
        assert (
            read_unsubscribe_token(SENDER.unsubscribe_secret, token)["ledger_id"] == row.ledger_id
        )
