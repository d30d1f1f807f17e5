"""Web banners and pop-ups: the ``web`` channel of a campaign file (``banners:``).

A banner is shown by the website snippet (``tracking/snippet.js``) to a known visitor (signed link
token) who is a current member of its segments while the campaign is ``running``; each visitor sees
it at most ``cap.impressions`` times per ``cap.per`` and never again once dismissed. Texts are plain
text per locale (the snippet sets them with ``textContent``: markup shows as text, never runs);
the call-to-action URL must be ``https://`` (``http://`` only for localhost tests).
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from delivery.campaigns.models import Count, Duration, Identifier

#: A locale tag as browsers send it (``en``, ``fr-CA``, ``pt-BR``).
LOCALE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
Locale = Annotated[str, Field(pattern=LOCALE_PATTERN, max_length=16)]


def _safe_url(url: str) -> str:
    parts = urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise ValueError(
            f"cta_url {url!r} must be an https:// URL (javascript:, data: and plain http are refused)"
        )
    if not parts.netloc or parts.username or parts.password:
        raise ValueError(f"cta_url {url!r} needs a host and no user:password@")
    if any(c in url for c in "\r\n\t\x00 <>\"'`"):
        raise ValueError(
            f"cta_url {url!r} contains a space, quote, angle bracket or control character"
        )
    return url


SafeUrl = Annotated[str, Field(max_length=2000), AfterValidator(_safe_url)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class BannerText(_Model):
    """A banner's words in one locale (plain text: no HTML is interpreted)."""

    title: str = Field(min_length=1, max_length=120)
    body: str = Field(default="", max_length=500)
    cta_label: str | None = Field(default=None, min_length=1, max_length=40)
    dismiss_label: str = Field(default="Close", min_length=1, max_length=40)


class BannerCap(_Model):
    """At most ``impressions`` showings per visitor in any rolling ``per``."""

    impressions: Count = Field(ge=1, le=10)
    per: Duration


class Banner(_Model):
    """A banner (a strip at the top of the page) or a pop-up (a centred dialog)."""

    id: Identifier
    kind: Literal["banner", "popup"] = "banner"
    segments: list[Identifier] = Field(
        default_factory=list,
        description="Segments whose current members see it; empty = the campaign's audience.",
    )
    exclude_segments: list[Identifier] = Field(default_factory=list)
    cta_url: SafeUrl | None = Field(
        default=None, description="Where the call to action leads (https; UTM parameters added)."
    )
    default_locale: Locale = "en"
    locales: dict[Locale, BannerText] = Field(min_length=1)
    cap: BannerCap = Field(default_factory=lambda: BannerCap(impressions=3, per="1d"))
    dismissible: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> Banner:
        if self.default_locale not in self.locales:
            raise ValueError(
                f"default_locale {self.default_locale!r} has no text; add locales.{self.default_locale}"
            )
        if self.cta_url and any(t.cta_label is None for t in self.locales.values()):
            raise ValueError("a banner with cta_url needs cta_label in every locale")
        return self

    def text_for(self, languages: list[str]) -> tuple[str, BannerText]:
        """The locale and text for a visitor's preferred ``languages`` (``navigator.languages``).

        The first exact tag that has a text wins, then the first language whose primary subtag
        (``fr`` of ``fr-CA``) matches one, else :attr:`default_locale`.
        """
        by_lower = {k.lower(): k for k in self.locales}
        for tag in languages:
            if tag.lower() in by_lower:
                key = by_lower[tag.lower()]
                return key, self.locales[key]
        for tag in languages:
            primary = tag.split("-")[0].lower()
            for key in self.locales:
                if key.split("-")[0].lower() == primary:
                    return key, self.locales[key]
        return self.default_locale, self.locales[self.default_locale]
