"""Campaign templates as delivery ``TemplateSet`` objects, and their validation at apply time.

Each template of a campaign file (per channel and locale) becomes a sandboxed
:class:`~delivery.rendering.templates.TemplateSet`; each A/B variant gets its own set with the
variant's overrides (e.g. another subject line) merged over the base texts.
"""

from __future__ import annotations

from delivery.campaigns.errors import Problem
from delivery.campaigns.models import Campaign, Template
from delivery.messages import RenderError
from delivery.rendering.templates import TemplateSet

#: Variables a campaign template may use (the ``dim_contacts`` record and campaign facts).
SAMPLE_CONTEXT = {
    "first_name": "Ana",
    "last_name": "García",
    "email": "ana@example.edu",
    "locale": "en",
    "timezone": "Europe/Madrid",
    "country": "ES",
    "campaign_name": "Sample campaign",
}


def _parts(template: Template, subject: str | None, body: str) -> dict[str, str]:
    if template.channel == "sms":
        return {"sms": body}
    return {"subject": subject or "", "html": body}


def template_sets(campaign: Campaign) -> dict[tuple[str, str | None], TemplateSet]:
    """``{(template id, variant id or None): TemplateSet}`` for every template and variant."""
    sets: dict[tuple[str, str | None], TemplateSet] = {}
    for t in campaign.content:
        base = {loc: _parts(t, text.subject, text.body) for loc, text in t.locales.items()}
        name = f"{campaign.campaign_id}/{t.id}"
        sets[(t.id, None)] = TemplateSet(name, base, fallback_locale=t.default_locale)
        for variant, overrides in t.variants.items():
            merged = {loc: dict(parts) for loc, parts in base.items()}
            for loc, override in overrides.items():
                parts = merged.setdefault(loc, dict(base[t.default_locale]))
                if override.subject is not None and t.channel == "email":
                    parts["subject"] = override.subject
                if override.body is not None:
                    parts["sms" if t.channel == "sms" else "html"] = override.body
            sets[(t.id, variant)] = TemplateSet(
                f"{name}[{variant}]", merged, fallback_locale=t.default_locale
            )
    return sets


def template_problems(campaign: Campaign) -> list[Problem]:
    """Render every template, locale and variant with a sample contact; list what fails.

    An undefined variable or a template error is caught here, at validation, rather than as a
    failed message at send time.
    """
    problems = []
    try:
        sets = template_sets(campaign)
    except RenderError as exc:
        return [Problem("content", str(exc), "fix the template syntax")]
    for (template_id, variant), tset in sets.items():
        try:
            tset.validate({**SAMPLE_CONTEXT, "unsubscribe_url": "https://example.edu/u"})
        except RenderError as exc:
            where = f"content(id={template_id})" + (f".variants.{variant}" if variant else "")
            problems.append(
                Problem(where, str(exc), f"use only: {', '.join(sorted(SAMPLE_CONTEXT))}")
            )
    return problems
