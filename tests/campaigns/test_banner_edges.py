"""Web banners of a campaign file (``delivery.campaigns.banners``): hostile links and texts are
refused with a message saying why; the visitor's languages pick the text."""

from __future__ import annotations

import pydantic
import pytest

from delivery.campaigns.banners import Banner

TEXT = {"title": "Spring intake", "cta_label": "Apply"}


def _banner(**fields) -> Banner:
    return Banner.model_validate({"id": "spring", "locales": {"en": TEXT}, **fields})


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("javascript:alert(1)", "must be an https:// URL"),
        ("data:text/html,<b>x</b>", "must be an https:// URL"),
        ("http://school.example/apply", "must be an https:// URL"),
        ("https://user:pw@school.example/", "needs a host and no user:password@"),
        ("https:///path-only", "needs a host"),
        ('https://school.example/"onmouseover=x', "contains a space, quote"),
        ("https://school.example/a b", "contains a space, quote"),
    ],
)
def test_an_unsafe_cta_url_is_refused(url, why):
    with pytest.raises(pydantic.ValidationError) as info:
        _banner(cta_url=url)
    assert why in str(info.value)


@pytest.mark.parametrize(
    "url", ["https://school.example/apply?x=1", "http://127.0.0.1:8000/apply", "http://localhost/a"]
)
def test_https_and_local_http_links_are_accepted(url):
    assert _banner(cta_url=url).cta_url == url


def test_the_default_locale_needs_a_text():
    with pytest.raises(
        pydantic.ValidationError, match="default_locale 'fr' has no text; add locales.fr"
    ):
        _banner(default_locale="fr")


def test_a_link_needs_a_label_in_every_locale():
    with pytest.raises(pydantic.ValidationError, match="needs cta_label in every locale"):
        Banner.model_validate(
            {
                "id": "spring",
                "cta_url": "https://school.example/",
                "locales": {"en": TEXT, "fr": {"title": "Rentrée"}},
            }
        )


def test_markup_in_a_text_is_kept_as_text():
    banner = _banner(locales={"en": {"title": "<script>alert(1)</script>"}})
    assert banner.locales["en"].title == "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("languages", "locale"),
    [
        (["fr-CA", "en"], "fr-CA"),  # exact tag first
        (["FR-ca"], "fr-CA"),  # tags compare case-insensitively
        (["fr-BE", "en"], "en"),  # an exact tag later in the list beats a primary-subtag match
        (["fr-BE"], "fr-CA"),  # then the primary subtag
        (["de", "pt-PT"], "pt-BR"),
        (["ja"], "en"),  # else the default locale
        ([], "en"),
    ],
)
def test_the_visitors_languages_pick_the_text(languages, locale):
    banner = _banner(
        locales={"en": TEXT, "fr-CA": {"title": "Rentrée"}, "pt-BR": {"title": "Inscrições"}}
    )
    assert banner.text_for(languages)[0] == locale
