"""The education template gallery: every template × locale × variant renders through the
sending renderers with the compliance footer, leaves nothing unresolved, is really written in
its language, and wraps into a campaign the CLI's validator accepts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from delivery.campaigns.templates import sample_context, sets_of_template, template_problems
from delivery.campaigns.validation import segment_names_in, validate_campaign
from delivery.content.gallery import LOCALES, campaign_document, gallery, gallery_template
from delivery.content.library import render_problems
from delivery.journeys.sources import CONTACT_COLUMNS
from delivery.ledger import LedgerRow
from delivery.rendering.email import UNSUBSCRIBE_LABELS, EmailRenderer
from delivery.rendering.sms import SmsRenderer, segment_count
from studio.config import PREVIEW_SENDER, REPO

THEMES = {
    "enrollment_invitation", "application_deadline", "open_day", "course_launch",
    "re_engagement", "alumni_next_course",
}  # fmt: skip
SLUGS = [t.slug for t in gallery()]
#: what a placeholder left for the marketer to fill in looks like
UNRESOLVED = re.compile(r"\{\{|\}\}|\{%|%\}|\[[A-Za-z _]+\]|TODO|XXX|lorem|<placeholder", re.I)
#: one everyday word of each language that the other four do not use
MARKERS = {
    "en": r"\b(the|your|and|Reply)\b",
    "es": r"\b(tu|el|los|las|para|Responde)\b",
    "fr": r"\b(vous|votre|les|pour|Répondez)\b",
    "de": r"\b(Sie|Ihr|Ihren|und|die)\b",
    "pt": r"\b(o seu|os|para|um|uma|Responda)\b",
}
CAMPAIGN = "Data Analytics Bootcamp"


def test_six_themes_on_email_and_sms_in_five_languages_with_a_variant():
    assert {t.key for t in gallery()} == THEMES
    assert sorted(SLUGS) == sorted(f"{k}_{c}" for k in THEMES for c in ("email", "sms"))
    for t in gallery():
        assert tuple(t.template.locales) == LOCALES, t.slug
        assert set(t.template.variants) == {"B"} and tuple(t.template.variants["B"]) == LOCALES


def _row(channel: str, to: str, variant: str | None) -> LedgerRow:
    values = {f.name: None for f in dataclasses.fields(LedgerRow) if f.name != "codec"}
    now = dt.datetime(2026, 3, 1, 9)
    values.update(ledger_id=f"c:s:ct_1:{channel}:1", campaign_id="c", step_id="s",
                  contact_id="ct_1", channel=channel, occurrence=1, variant_id=variant,
                  to_address=to, state="pending", attempts=0, created_at=now, updated_at=now)  # fmt: skip
    return LedgerRow.from_mapping(values)  # a hand-built row carries its clear address


def _contact(locale: str) -> dict:
    sample = {k: v for k, v in sample_context("sms").items() if k in CONTACT_COLUMNS}
    return {**sample, "locale": locale, "first_name": "Inès", "campaign_name": CAMPAIGN}


@pytest.mark.parametrize("slug", SLUGS)
def test_every_locale_and_variant_renders_with_the_compliance_footer(slug):
    item = gallery_template(slug)
    sets = sets_of_template(item.template, slug)
    seen: dict[tuple[str, str | None], str] = {}
    for locale in LOCALES:
        for variant in (None, "B"):
            contact = _contact(locale)
            if item.channel == "email":
                message = EmailRenderer(sets[variant], PREVIEW_SENDER).render(
                    _row("email", "ines@example.edu", variant), contact
                )
                text = f"{message.subject}\n{message.html}"
                assert f'<html lang="{locale}">' in message.html
                assert PREVIEW_SENDER.postal_address in message.html  # CAN-SPAM footer
                assert UNSUBSCRIBE_LABELS[locale] in message.html
                assert "/unsubscribe?token=" in message.html and "List-Unsubscribe" in str(
                    message.headers
                )
                body = message.html.split("<body>")[1]
            else:
                message = SmsRenderer(
                    sets[variant], status_callback_base="https://h.example"
                ).render(_row("sms", "+34612345678", variant), contact)
                text = body = message.body
                assert "STOP" in text  # the opt-out keyword carriers honour
                assert segment_count(text) <= 3
            assert "Inès" in text and CAMPAIGN in text
            assert not UNRESOLVED.search(text), (slug, locale, variant, UNRESOLVED.search(text))
            assert re.search(MARKERS[locale], body), (slug, locale, variant)
            if locale != "en":
                assert not re.search(r"\b(the|your|Reply)\b", body), (slug, locale, variant)
            seen[(locale, variant)] = body
    for locale in LOCALES[1:]:  # translated, not the English text again
        assert seen[(locale, None)] != seen[("en", None)]
    for locale in LOCALES:  # the variant says something else
        if item.channel == "sms":
            assert seen[(locale, "B")] != seen[(locale, None)]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_template_passes_campaign_validation(slug):
    item = gallery_template(slug)
    assert render_problems(item.template) == []
    doc = campaign_document(
        item.template, campaign_id="from_gallery", name=CAMPAIGN,
        campaign_type=item.campaign_type, owner="maria", organisation="northbridge_academy",
        segments=["new_leads_no_application_14d"], start_at=dt.datetime(2026, 3, 2),
    )  # fmt: skip
    campaign = validate_campaign(
        doc, f"{slug}.yml", segment_names_in(REPO / "segments" / "definitions")
    )
    assert template_problems(campaign) == []
    assert campaign.has_ab_test and campaign.content[0] == item.template
