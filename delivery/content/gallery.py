"""The gallery of education templates (``delivery/content/gallery/*.yml``).

Each gallery file is one theme (enrollment invitation, application deadline, open day, course
launch, re-engagement, next course for alumni) with an email and an SMS template, each written in
en, es, fr, de and pt with an A/B variant ``B`` (another subject line, another SMS text). They are
the campaign file's own :class:`~delivery.campaigns.models.Template`, so they render through the
same sandbox and compliance footer as any campaign, and :func:`campaign_document` wraps one in a
campaign document the CLI's validator accepts.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from delivery.campaigns.models import (
    CampaignType,
    Channel,
    MessageText,
    Template,
    TextOverride,
)
from delivery.content.errors import ContentError, ContentNotFound

GALLERY_DIR = Path(__file__).resolve().parent / "gallery"
#: every gallery template is written in these languages
LOCALES = ("en", "es", "fr", "de", "pt")


class _Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    locales: dict[str, MessageText] = Field(min_length=1)
    variants: dict[str, dict[str, TextOverride]] = Field(default_factory=dict)


class GalleryFile(BaseModel):
    """One theme of the gallery as written in its YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    name: str
    description: str
    campaign_type: CampaignType
    templates: dict[Channel, _Text] = Field(min_length=1)


@dataclass(frozen=True)
class GalleryTemplate:
    """One gallery template: a theme on one channel."""

    key: str
    name: str
    description: str
    campaign_type: str
    channel: str
    template: Template

    @property
    def slug(self) -> str:
        """``<theme>_<channel>``: the id of the template and of a library item made from it."""
        return f"{self.key}_{self.channel}"

    @property
    def title(self) -> str:
        return f"{self.name} ({'SMS' if self.channel == 'sms' else self.channel})"


def _load(path: Path) -> list[GalleryTemplate]:
    try:
        entry = GalleryFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        out = []
        for channel, text in entry.templates.items():
            template = Template(
                id=f"{entry.key}_{channel}", channel=channel, default_locale="en",
                locales=text.locales, variants=text.variants,
            )  # fmt: skip
            out.append(
                GalleryTemplate(
                    entry.key,
                    entry.name,
                    entry.description,
                    entry.campaign_type.value,
                    channel,
                    template,
                )  # fmt: skip
            )
        return out
    except (ValidationError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: not a valid gallery file: {exc}") from exc


@functools.cache
def gallery(directory: Path = GALLERY_DIR) -> tuple[GalleryTemplate, ...]:
    """Every gallery template, by theme then channel (email first)."""
    items: list[GalleryTemplate] = []
    for path in sorted(directory.glob("*.yml")):
        items += _load(path)
    return tuple(items)


def gallery_template(slug: str) -> GalleryTemplate:
    """The gallery template ``<theme>_<channel>``.

    Raises
    ------
    ContentNotFound
        If there is none (the message lists the ones there are).
    """
    for item in gallery():
        if item.slug == slug:
            return item
    known = ", ".join(t.slug for t in gallery())
    raise ContentNotFound(f"no gallery template {slug!r}: choose one of {known}")


def campaign_document(
    template: Template,
    *,
    campaign_id: str,
    name: str,
    campaign_type: str,
    owner: str,
    organisation: str,
    segments: list[str],
    start_at: dt.datetime,
    budget: float = 500.0,
) -> dict[str, Any]:
    """A campaign document (``campaign.schema.json``) that sends ``template`` once.

    The journey: scheduled entry on the start day at 09:00 local → an A/B split over the
    template's variants (``A`` = the base text) when it has any → send → exit. The template keeps
    its id and text, so the campaign's content is the library's text (the launch rule compares
    them by digest).
    """
    content = template.model_dump(mode="json", exclude_defaults=False)
    send = {
        "id": "send",
        "type": "send",
        "channel": template.channel,
        "template": template.id,
        "next": "done",
    }
    nodes: list[dict[str, Any]] = [
        {
            "id": "start",
            "type": "entry",
            "trigger": {"kind": "schedule", "once_on": start_at.date().isoformat()},
            "next": "ab_test" if template.variants else "send",
        }
    ]
    if template.variants:
        arms = ["A", *[v for v in template.variants if v != "A"]]
        nodes.append(
            {
                "id": "ab_test",
                "type": "split",
                "variants": [{"id": v, "weight": 1.0, "next": "send"} for v in arms],
            }
        )
    nodes += [send, {"id": "done", "type": "exit"}]
    return {
        "campaign_id": campaign_id,
        "name": name,
        "type": campaign_type,
        "organisation": organisation,
        "owner": owner,
        "budget": {"amount": budget},
        "start_at": start_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "channels": [template.channel],
        "audience": {"segments": segments},
        "content": [content],
        "workflow": {"nodes": nodes},
    }


__all__ = [
    "GALLERY_DIR",
    "LOCALES",
    "GalleryTemplate",
    "campaign_document",
    "gallery",
    "gallery_template",
]
