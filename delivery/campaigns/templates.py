"""Campaign templates as delivery ``TemplateSet`` objects, and their validation at apply time.

Each template of a campaign file (per channel and locale) becomes a sandboxed
:class:`~delivery.rendering.templates.TemplateSet`; each A/B variant gets its own set with the
variant's overrides (e.g. another subject line) merged over the base texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from delivery.campaigns.errors import Problem
from delivery.campaigns.models import Campaign, Template
from delivery.journeys.contact_columns import CONTACT_COLUMNS
from delivery.messages import RenderError
from delivery.rendering.templates import TemplateSet
from delivery.social.content import PostContent
from delivery.social.textcount import MAX_TEXT, text_problem

#: A sample value for each ``dim_contacts`` column dispatch reads (``CONTACT_COLUMNS``).
_SAMPLE_CONTACT: dict[str, Any] = {
    "contact_id": "c_0000001",
    "first_name": "Ana",
    "email": "ana@example.edu",
    "phone": "+34612345678",
    "timezone": "Europe/Madrid",
    "locale": "en",
    "has_email_consent": True,
    "has_sms_consent": True,
    "is_email_suppressed": False,
    "is_sms_suppressed": False,
}
_SAMPLE_UNSUBSCRIBE_URL = "https://hooks.example.edu/unsubscribe?token=sample"


def template_context(contact: Mapping[str, Any], campaign_name: str) -> dict[str, Any]:
    """The variables a campaign template is rendered with at dispatch (the one definition).

    ``contact`` is the ``dim_contacts`` record with the columns of
    :data:`delivery.journeys.contact_columns.CONTACT_COLUMNS`; the renderers add ``contact`` (the record
    as a mapping) and, for email, ``unsubscribe_url``. Validation renders every template with
    :func:`sample_context`, built through this same function.
    """
    return {**contact, "campaign_name": campaign_name}


def sample_context(channel: str) -> dict[str, Any]:
    """Exactly the variables a template of ``channel`` gets at dispatch, with sample values."""
    contact = {c: _SAMPLE_CONTACT[c] for c in CONTACT_COLUMNS}
    ctx = template_context(contact, "Sample campaign")
    ctx["contact"] = dict(ctx)
    if channel == "email":
        ctx["unsubscribe_url"] = _SAMPLE_UNSUBSCRIBE_URL
    return ctx


def _parts(template: Template, subject: str | None, body: str) -> dict[str, str]:
    if template.channel == "sms":
        return {"sms": body}
    return {"subject": subject or "", "html": body}


def template_sets(campaign: Campaign) -> dict[tuple[str, str | None], TemplateSet]:
    """``{(template id, variant id or None): TemplateSet}`` for every template and variant."""
    sets: dict[tuple[str, str | None], TemplateSet] = {}
    for t in campaign.content:
        for variant, tset in sets_of_template(t, f"{campaign.campaign_id}/{t.id}").items():
            sets[(t.id, variant)] = tset
    return sets


def sets_of_template(t: Template, name: str) -> dict[str | None, TemplateSet]:
    """``{variant id or None: TemplateSet}`` of one template (what a campaign or the content
    library renders it with)."""
    base = {loc: _parts(t, text.subject, text.body) for loc, text in t.locales.items()}
    sets = {None: TemplateSet(name, base, fallback_locale=t.default_locale)}
    for variant, overrides in t.variants.items():
        merged = {loc: dict(parts) for loc, parts in base.items()}
        for loc, override in overrides.items():
            parts = merged.setdefault(loc, dict(base[t.default_locale]))
            if override.subject is not None and t.channel == "email":
                parts["subject"] = override.subject
            if override.body is not None:
                parts["sms" if t.channel == "sms" else "html"] = override.body
        sets[variant] = TemplateSet(f"{name}[{variant}]", merged, fallback_locale=t.default_locale)
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
    channels = {t.id: t.channel for t in campaign.content}
    for (template_id, variant), tset in sets.items():
        context = sample_context(channels[template_id])
        try:
            tset.validate(context)
        except RenderError as exc:
            where = f"content(id={template_id})" + (f".variants.{variant}" if variant else "")
            allowed = ", ".join(sorted(k for k in context if k != "contact"))
            problems.append(Problem(where, str(exc), f"use only: {allowed}"))
    return problems


def social_text_problems(campaign: Campaign) -> list[Problem]:
    """Social send nodes whose post would not fit an account's platform (X's weighted length).

    The post is the social template's default-locale body plus the node's ``link``, measured the
    way :func:`delivery.social.ledger.validate` measures it when the launch writes the ledger rows.
    """
    templates = {t.id: t for t in campaign.content}
    problems = []
    for node in campaign.workflow.nodes:
        template = templates.get(getattr(node, "template", None))
        if node.type != "send" or node.channel != "social" or template is None:
            continue
        content = PostContent(template.locales[template.default_locale].body, node.link)
        platforms = sorted({a.split(":", 1)[0] for a in node.accounts} & set(MAX_TEXT))
        for platform in platforms:
            problem = text_problem(platform, content)
            if problem:
                problems.append(
                    Problem(
                        f"content(id={template.id}).locales.{template.default_locale}.body",
                        f"{problem} (posted by node {node.id!r} on {platform})",
                        "shorten the text or drop that account from the node",
                    )
                )
    return problems
