"""Campaign versions (diff any two, restore one as a new version) and the campaign's content
approval: which of its templates are approved library text, send them to review, take the
library's current text.
"""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response

from delivery.campaigns import lifecycle, versions
from delivery.campaigns.errors import CampaignError, NotFoundError
from delivery.campaigns.validation import validate_campaign
from delivery.content import ContentError, library, review
from delivery.content.diff import diff_documents
from studio.web import EDIT, READ, Ctx, page


def _int(value, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _versions_page(ctx: Ctx, campaign_id: str, message: str | None = None, status: int = 200):
    store = ctx.app.store
    try:
        record = lifecycle.get_campaign(store, campaign_id)
        q = ctx.request.query_params
        new = _int(q.get("b"), record.current_version)
        old = _int(q.get("a"), max(1, new - 1))
        lines = diff_documents(
            versions.version_document(store, campaign_id, old),
            versions.version_document(store, campaign_id, new),
        )
    except NotFoundError as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    past = versions.list_versions(store, campaign_id)
    return ctx.render(
        "versions.html", status_code=status, title=record.name,
        back=f"/campaigns/{campaign_id}", base=f"/campaigns/{campaign_id}",
        versions=[{"version": v["version"], "by": v["applied_by"], "at": v["applied_at"],
                   "note": v["source"]} for v in past],
        current=record.current_version, a=old, b=new, lines=lines, message=message,
        can_restore=ctx.user.has_any(EDIT) and record.status not in ("completed", "archived"),
    )  # fmt: skip


@page("/campaigns/{campaign_id}/versions", READ)
def campaign_versions(ctx: Ctx, campaign_id: str) -> Response:
    return _versions_page(ctx, campaign_id)


@page("/campaigns/{campaign_id}/restore", EDIT, methods=("POST",))
def restore_campaign(ctx: Ctx, campaign_id: str) -> Response:
    wanted = _int(ctx.form.get("version"), 0)
    try:
        version = versions.restore(
            ctx.app.store, campaign_id, wanted, actor=ctx.user.user_id, now=ctx.now
        )
    except CampaignError as exc:
        return _versions_page(ctx, campaign_id, str(exc), 409)
    return _versions_page(ctx, campaign_id, f"version {wanted} restored as version {version}")


def content_rows(store, spec) -> list[dict]:
    """Per template of ``spec``: approved or not, and the library item of the same id."""
    with store.engine.connect() as conn:
        digests = {t.id: library.content_digest(t) for t in spec.content}
        approved = review.approved_match(conn, set(digests.values()))
    rows = []
    for t in spec.content:
        item = review.linked_item(store, spec.campaign_id, t.id)
        rows.append({
            "template": t.id, "channel": t.channel,
            "approved_by_item": approved.get(digests[t.id]),
            "item": item,
            "differs": item is not None and library.content_digest(item.template) != digests[t.id],
        })  # fmt: skip
    return rows


@page("/campaigns/{campaign_id}/content", READ)
def content_status(ctx: Ctx, campaign_id: str) -> Response:
    """HTMX partial on the campaign page: the content's approval."""
    try:
        record = lifecycle.get_campaign(ctx.app.store, campaign_id)
    except NotFoundError as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    return ctx.render(
        "content_status.html", record=record, rows=content_rows(ctx.app.store, record.spec),
        can_edit=ctx.user.has_any(EDIT),
    )  # fmt: skip


@page("/campaigns/{campaign_id}/content/review", EDIT, methods=("POST",))
def send_content_to_review(ctx: Ctx, campaign_id: str) -> Response:
    """Put the campaign's templates in the library and submit them (``content review-campaign``)."""
    try:
        spec = lifecycle.get_campaign(ctx.app.store, campaign_id).spec
        items = review.submit_campaign_content(
            ctx.app.store, spec, author=ctx.user.user_id, now=ctx.now
        )
    except (CampaignError, ContentError) as exc:
        return ctx.render("error.html", status_code=409, message=str(exc))
    return RedirectResponse(f"/library?submitted={','.join(items)}", 303)


@page("/campaigns/{campaign_id}/content/sync", EDIT, methods=("POST",))
def take_library_text(ctx: Ctx, campaign_id: str) -> Response:
    """A new campaign version whose templates say what their library items say now."""
    store = ctx.app.store
    try:
        record = lifecycle.get_campaign(store, campaign_id)
        doc = record.spec.model_dump(mode="json")
        for i, t in enumerate(doc["content"]):
            item = review.linked_item(store, campaign_id, t["id"])
            if item is not None:
                doc["content"][i] = item.template.model_dump(mode="json") | {"id": t["id"]}
        campaign = validate_campaign(doc, f"{campaign_id} with library text")
        lifecycle.apply_campaign(store, campaign, actor=ctx.user.user_id, now=ctx.now,
                                 source="library text")  # fmt: skip
    except CampaignError as exc:
        return ctx.render("error.html", status_code=409, message=str(exc))
    return RedirectResponse(f"/campaigns/{campaign_id}", 303)


ROUTES = [
    campaign_versions,
    restore_campaign,
    content_status,
    send_content_to_review,
    take_library_text,
]
