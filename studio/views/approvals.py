"""The content review flow on a library item (submit, request changes, approve, comment) and
"start a campaign" from an item.

The rules are ``delivery.content.review``'s (the approver needs the role and is not the author,
enforced there for everyone, admins included); the page only offers what they would allow.
"""

from __future__ import annotations

import datetime as dt

from starlette.responses import RedirectResponse, Response

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import CampaignError, CampaignFileError, NotFoundError
from delivery.campaigns.validation import segment_names_in, validate_campaign
from delivery.content import ContentError, ContentNotFound, library, review
from delivery.content.gallery import campaign_document, gallery_template
from studio.forms import slug
from studio.views.library import item_page
from studio.web import APPROVE, EDIT, Ctx, page

#: who may comment on an item under review
REVIEW = tuple(sorted({*EDIT, *APPROVE}))


def review_actions(ctx: Ctx, item: library.ContentItem) -> dict:
    """What the review panel offers this user on this item, and why not when it cannot."""
    user = ctx.user
    author = user.user_id in (item.owner, item.saved_by)
    can_decide = user.has_any(APPROVE) and item.status == "in_review"
    return {
        "submit": user.has_any(EDIT) and item.status in review.REVIEW_TRANSITIONS["submit"][0],
        "decide": can_decide and not author,
        "author_note": can_decide and author,
        "comment": user.has_any(REVIEW),
    }


def _act(ctx: Ctx, item_id: str, action: str) -> Response:
    comment = str(ctx.form.get("comment") or "")
    actor, now, store = ctx.user.user_id, ctx.now, ctx.app.store
    try:
        if action == "comment":
            review.add_comment(store, item_id, actor=actor, now=now, comment=comment)
            return item_page(ctx, item_id, "comment added")
        if action == "request_changes":
            status = review.request_changes(store, item_id, actor=actor, now=now, comment=comment)
        else:
            status = getattr(review, action)(store, item_id, actor=actor, now=now, comment=comment)
    except ContentError as exc:
        return item_page(ctx, item_id, str(exc), 409)
    return item_page(
        ctx, item_id, f"{action.replace('_', ' ')}: the item is now {status.replace('_', ' ')}"
    )


def _route(action: str, roles: tuple[str, ...]):
    def view(ctx: Ctx, item_id: str) -> Response:
        return _act(ctx, item_id, action)

    view.__name__ = f"content_{action}"
    path = f"/library/{{item_id}}/{action.replace('_', '-')}"
    return page(path, roles, methods=("POST",))(view)


def _campaign_type(origin: str | None) -> str:
    """The gallery theme's campaign type for an item made from the gallery, else enrollment."""
    try:
        return gallery_template((origin or "").removeprefix("gallery:")).campaign_type
    except ContentNotFound:
        return "enrollment"


@page("/library/{item_id}/campaign", EDIT, methods=("POST",))
def start_campaign(ctx: Ctx, item_id: str) -> Response:
    """A draft campaign that sends this item's current text (A/B over its variants)."""
    form, store = ctx.form, ctx.app.store
    try:
        item = library.get_item(store, item_id)
    except ContentError as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    name = str(form.get("name") or "").strip()
    try:
        start = dt.datetime.fromisoformat(str(form.get("start_date") or ""))
    except ValueError:
        return item_page(ctx, item_id, "start date: choose a day (YYYY-MM-DD)", 422)
    doc = campaign_document(
        item.template, campaign_id=slug(name), name=name,
        campaign_type=_campaign_type(item.origin), owner=ctx.user.user_id,
        organisation=ctx.app.config.organisation,
        segments=[str(s) for s in form.getlist("segments")], start_at=start,
    )  # fmt: skip
    try:
        campaign = validate_campaign(
            doc, f"campaign from {item_id}", segment_names_in(ctx.app.config.segments_dir)
        )
        try:
            lifecycle.get_campaign(store, campaign.campaign_id)
            return item_page(ctx, item_id, f"campaign {campaign.campaign_id!r} exists already: "
                             "choose another name", 409)  # fmt: skip
        except NotFoundError:
            pass
        lifecycle.apply_campaign(store, campaign, actor=ctx.user.user_id, now=ctx.now,
                                 source=f"library:{item_id} v{item.current_version}")  # fmt: skip
    except CampaignFileError as exc:
        return item_page(ctx, item_id, "; ".join(str(p) for p in exc.problems), 422)
    except CampaignError as exc:
        return item_page(ctx, item_id, str(exc), 422)
    return RedirectResponse(f"/campaigns/{campaign.campaign_id}", 303)


ROUTES = [
    _route("submit", EDIT),
    _route("request_changes", APPROVE),
    _route("approve", APPROVE),
    _route("comment", REVIEW),
    start_campaign,
]
