"""``eft`` + UTM on message links to the school's site; unsubscribe/preference links untouched."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from delivery.ledger import LedgerRow
from delivery.messages import RenderError
from delivery.rendering.email import EmailRenderer
from delivery.rendering.links import LinkDecorator
from delivery.rendering.sms import SmsRenderer
from delivery.rendering.templates import TemplateSet
from tests.delivery.test_rendering import SENDER
from tracking.links import read_contact

KEY = b"tracking-key"
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
SITE = "https://www.academy.example.edu"


def _row(
    channel: str = "email", contact: str = "c_0000042", variant: str | None = "B"
) -> LedgerRow:
    at = NOW.replace(tzinfo=None)
    return LedgerRow.from_mapping(dict(
        ledger_id=f"cmp_spring:invite:{contact}:{channel}:1", campaign_id="cmp_spring",
        step_id="invite", contact_id=contact, channel=channel, occurrence=1, variant_id=variant,
        to_address="ana@example.edu" if channel == "email" else "+447911123456", provider=None,
        state="claimed", owner=None, lease_expires_at=None, attempts=0, content_sha256=None,
        provider_message_id=None, last_error=None, created_at=at, updated_at=at,
        sending_at=None, submitted_at=None, completed_at=None,
    ))  # fmt: skip


def _links(now: dt.datetime = NOW) -> LinkDecorator:
    return LinkDecorator(
        key=KEY,
        site_hosts=["www.academy.example.edu"],
        now=now,
        untouched_prefixes=(SENDER.unsubscribe_base_url,),
    )


HTML = (
    f'<p><a href="{SITE}/courses/data?ref=mail&amp;utm_source=alumni">Data</a> '
    '<a href="https://partner.example.com/offer">Partner</a> '
    f'<a href="{SITE}/preferences">Preferences</a> '
    f'<a href="{SITE}/courses/ux#syllabus">UX</a></p>'
)


def test_email_links_to_the_site_carry_the_token_and_utm_and_nothing_else_changes():
    templates = TemplateSet("invite", {"en": {"subject": "Hi", "html": HTML}})
    row = _row()
    message = EmailRenderer(templates, SENDER).render(row, {"locale": "en"})
    decorated = _links().message(message, row)
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', decorated.html)]
    data = next(h for h in hrefs if "/courses/data" in h)
    query = parse_qs(urlsplit(data).query)
    assert read_contact(query["eft"][0], KEY, now=NOW) == "c_0000042"
    assert query["ref"] == ["mail"]
    assert query["utm_source"] == ["alumni"]  # the author's own parameter is kept
    assert (query["utm_medium"], query["utm_campaign"], query["utm_content"]) == (
        ["email"], ["cmp_spring"], ["B"],
    )  # fmt: skip
    ux = next(h for h in hrefs if "/courses/ux" in h)
    assert ux.endswith("#syllabus") and "eft=" in ux  # the fragment stays last
    # a third-party site, the preference centre and the unsubscribe link are left exactly as they are
    assert "https://partner.example.com/offer" in hrefs
    assert f"{SITE}/preferences" in hrefs
    unsubscribe = [h for h in hrefs if h.startswith(SENDER.unsubscribe_base_url)]
    assert unsubscribe and not any("eft=" in h or "utm_" in h for h in unsubscribe)
    assert decorated.headers == message.headers  # List-Unsubscribe untouched
    # no personal data in any URL: the token is an opaque signed id
    assert "ana@example.edu" not in " ".join(hrefs)
    # the plain-text part is decorated the same way, and a sentence's full stop stays outside
    text = _links().text(f"Read {SITE}/courses/data. Or not.", _links().params(row))
    assert re.search(r"/courses/data\?eft=[^ ]+&utm_content=B\. Or not\.$", text)


def test_a_retry_the_same_day_renders_the_same_bytes_and_the_token_expires():
    row = _row()
    a = _links(NOW).params(row)
    b = _links(NOW + dt.timedelta(hours=5)).params(row)
    assert a == b  # content_sha256 of a re-rendered message does not change within the day
    token = a["eft"]
    with pytest.raises(ValueError, match="expired"):
        read_contact(token, KEY, now=NOW + dt.timedelta(days=91))


def test_sms_links_are_decorated_too():
    templates = TemplateSet("sms", {"en": {"sms": f"Open day Saturday: {SITE}/open-day"}})
    row = _row("sms", variant=None)
    message = SmsRenderer(templates, status_callback_base="https://hooks.example.edu").render(
        row, {"locale": "en"}
    )
    body = _links().message(message, row).body
    query = parse_qs(urlsplit(re.search(r"https://\S+", body).group(0)).query)
    assert query["utm_medium"] == ["sms"] and query["utm_content"] == ["invite"]
    assert read_contact(query["eft"][0], KEY, now=NOW) == "c_0000042"


def test_misconfiguration_is_a_clear_error():
    with pytest.raises(RenderError, match="ENROLLFLOW_TRACKING_KEY"):
        LinkDecorator(key=b"", site_hosts=["www.academy.example.edu"], now=NOW)
    with pytest.raises(RenderError, match="ENROLLFLOW_TRACKED_HOSTS"):
        LinkDecorator(key=KEY, site_hosts=[" "], now=NOW)
