"""Content library pages: the education template gallery, library items (edit as a new
version, preview per locale and variant through the real renderers), versions with diff and
restore. The review flow is in :mod:`studio.views.approvals`.

Routes stay thin: parse → authorise (``page`` roles) → call ``delivery.content`` → render.
"""

from __future__ import annotations

from typing import Any

import yaml
from starlette.responses import HTMLResponse, RedirectResponse, Response

from delivery.campaigns.models import Template
from delivery.campaigns.templates import sample_context, sets_of_template, template_context
from delivery.content import ContentError, ContentNotFound, library
from delivery.content.diff import as_yaml, diff_documents
from delivery.content.gallery import LOCALES, gallery, gallery_template
from delivery.journeys.sources import CONTACT_COLUMNS
from studio.views.content import preview_response, render_preview
from studio.web import EDIT, READ, Ctx, page

#: what ``{{ campaign_name }}`` shows in library previews (a campaign is named after its course)
PREVIEW_CAMPAIGN = "Data Analytics Bootcamp"


def _preview(ctx: Ctx, template: Template, key: str) -> Response:
    q = ctx.request.query_params
    locale = q.get("locale") or template.default_locale
    sets = sets_of_template(template, key)
    variant = q.get("variant") or None
    variant = variant if variant in sets else None
    sample = {k: v for k, v in sample_context(template.channel).items() if k in CONTACT_COLUMNS}
    contact = template_context({**sample, "locale": locale}, PREVIEW_CAMPAIGN)
    body = render_preview(
        ctx.app.config.sender, sets[variant], template.channel, contact, key=key,
        variant=variant, now=ctx.now.replace(tzinfo=None),
    )  # fmt: skip
    return preview_response(body)


@page("/library", READ)
def library_list(ctx: Ctx) -> Response:
    return ctx.render(
        "library.html", items=library.list_items(ctx.app.store), can_edit=ctx.user.has_any(EDIT)
    )


@page("/library/gallery", READ)
def gallery_page(ctx: Ctx) -> Response:
    return ctx.render(
        "gallery.html", templates=gallery(), locales=LOCALES, can_edit=ctx.user.has_any(EDIT)
    )


@page("/library/gallery/{slug}/preview", READ)
def gallery_preview(ctx: Ctx, slug: str) -> Response:
    try:
        item = gallery_template(slug)
    except ContentNotFound as exc:
        return HTMLResponse(str(exc), 404)
    return _preview(ctx, item.template, f"gallery/{slug}")


@page("/library/gallery/{slug}/use", EDIT, methods=("POST",))
def use_gallery_template(ctx: Ctx, slug: str) -> Response:
    """ "Use this template": a new library item (draft, yours) with the gallery's text."""
    try:
        item = gallery_template(slug)
    except ContentNotFound as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    item_id = library.free_item_id(ctx.app.store, item.slug)
    library.create_item(
        ctx.app.store, item.template.model_copy(update={"id": item_id}), name=item.title,
        owner=ctx.user.user_id, now=ctx.now, origin=f"gallery:{slug}",
    )  # fmt: skip
    return RedirectResponse(f"/library/{item_id}", 303)


def _edited(item: library.ContentItem, form) -> dict[str, Any]:
    """The template document from the editor's fields (or its YAML, when that was sent)."""
    if form.get("mode") == "yaml":
        return yaml.safe_load(str(form.get("document") or ""))
    doc = item.template.model_dump(mode="json")
    for loc, text in doc["locales"].items():
        if f"body.{loc}" in form:
            text["body"] = str(form[f"body.{loc}"])
        if item.channel == "email" and f"subject.{loc}" in form:
            text["subject"] = str(form[f"subject.{loc}"]).strip()
    for variant, by_locale in doc["variants"].items():
        for loc, override in by_locale.items():
            field = "subject" if item.channel == "email" else "body"
            key = f"variant.{variant}.{loc}"
            if key in form:
                override[field] = str(form[key]).strip() or None
    return doc


def item_page(ctx: Ctx, item_id: str, message: str | None = None, status: int = 200, **extra):
    """The item page (also what the review actions render after acting)."""
    store = ctx.app.store
    try:
        item = library.get_item(store, item_id)
    except ContentNotFound as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    from studio.views.approvals import review_actions  # the review panel's buttons

    extra.setdefault("yaml_text", as_yaml(item.template.model_dump(mode="json", exclude={"id"})))
    return ctx.render(
        "library_item.html",
        status_code=status,
        item=item,
        message=message,
        timeline=library.timeline(store, item_id),
        versions=library.versions(store, item_id),
        actions=review_actions(ctx, item),
        can_edit=ctx.user.has_any(EDIT),
        segments=sorted(_segment_names(ctx)),
        today=ctx.now.date().isoformat(),
        **extra,
    )


def _segment_names(ctx: Ctx) -> set[str]:
    from delivery.campaigns.validation import segment_names_in

    return segment_names_in(ctx.app.config.segments_dir)


@page("/library/{item_id}", READ)
def item_detail(ctx: Ctx, item_id: str) -> Response:
    return item_page(ctx, item_id)


@page("/library/{item_id}", EDIT, methods=("POST",))
def save_item(ctx: Ctx, item_id: str) -> Response:
    """Save the edited text as a new version (validated like a campaign file's template)."""
    store = ctx.app.store
    try:
        item = library.get_item(store, item_id)
        doc = _edited(item, ctx.form)
        template = library.parse_template(doc, item_id)
        problems = library.render_problems(template)
        if problems:
            raise ContentError("; ".join(problems))
        version = library.save_version(
            store, item_id, template, actor=ctx.user.user_id, now=ctx.now
        )
    except ContentNotFound as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    except yaml.YAMLError as exc:
        return item_page(ctx, item_id, f"not valid YAML: {exc}", 422)
    except ContentError as exc:
        return item_page(ctx, item_id, str(exc), 422)
    if version == item.current_version:
        return item_page(ctx, item_id, f"nothing changed: still version {version}")
    return item_page(ctx, item_id, f"saved as version {version} (draft: submit it for review)")


@page("/library/{item_id}/preview", READ)
def item_preview(ctx: Ctx, item_id: str) -> Response:
    store = ctx.app.store
    try:
        version = ctx.request.query_params.get("version")
        if version and version.isdigit():
            template = library.version_template(store, item_id, int(version))
        else:
            template = library.get_item(store, item_id).template
    except ContentNotFound as exc:
        return HTMLResponse(str(exc), 404)
    return _preview(ctx, template, f"library/{item_id}")


def _int(value, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


@page("/library/{item_id}/versions", READ)
def item_versions(ctx: Ctx, item_id: str) -> Response:
    store = ctx.app.store
    try:
        item = library.get_item(store, item_id)
        past = library.versions(store, item_id)
        q = ctx.request.query_params
        new = _int(q.get("b"), item.current_version)
        old = _int(q.get("a"), max(1, new - 1))
        lines = diff_documents(
            library.version_template(store, item_id, old).model_dump(mode="json", exclude={"id"}),
            library.version_template(store, item_id, new).model_dump(mode="json", exclude={"id"}),
        )
    except ContentNotFound as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    return ctx.render(
        "versions.html", title=item.name, back=f"/library/{item_id}", base=f"/library/{item_id}",
        versions=[{"version": v["version"], "by": v["saved_by"], "at": v["saved_at"],
                   "note": v["note"]} for v in past],
        current=item.current_version, a=old, b=new, lines=lines,
        can_restore=ctx.user.has_any(EDIT),
    )  # fmt: skip


@page("/library/{item_id}/restore", EDIT, methods=("POST",))
def restore_item(ctx: Ctx, item_id: str) -> Response:
    try:
        version = library.restore_version(
            ctx.app.store, item_id, _int(ctx.form.get("version"), 0), actor=ctx.user.user_id,
            now=ctx.now,
        )  # fmt: skip
    except ContentError as exc:
        return item_page(ctx, item_id, str(exc), 404)
    return item_page(ctx, item_id, f"restored as version {version} (draft)")


ROUTES = [
    library_list,
    gallery_page,
    gallery_preview,
    use_gallery_template,
    item_detail,
    save_item,
    item_preview,
    item_versions,
    restore_item,
]
