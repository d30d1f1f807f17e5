"""The plan editor: a campaign's name, objective, subscription topic, KPI targets, budget and end
date changed in a form, without the YAML; and "Duplicate", a new draft from a campaign's document.

The edited document is validated with ``validate_campaign`` and saved with ``apply_campaign``, what
``enrollflow campaign apply`` does with an edited file: a new version, an approved campaign back
to draft, an active one above 1,000 contacts paused until an approver approves the version, and
budget holds lifted so held messages are checked against the new budget. Completed and archived
campaigns are shown read-only (``apply_campaign`` refuses them too). The form carries the version it
was opened on: if another save came in between, nothing is saved and the page says to reload, so
one person's plan does not silently undo another's.
"""

from __future__ import annotations

import itertools

from starlette.responses import RedirectResponse, Response

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import CampaignError, CampaignFileError, NotFoundError
from delivery.campaigns.validation import segment_names_in, validate_campaign
from studio.forms import (
    PLAN_FIELDS,
    copy_document,
    copy_id,
    copy_ids,
    plan_document,
    plan_values,
    stale_edit,
)
from studio.web import EDIT, Ctx, page

CLOSED = ("completed", "archived")


def _render(
    ctx: Ctx, record, values, status=200, problems=(), message=None, opened: str | None = None
):
    """The plan page; ``opened``: the version a refused stale form was opened on, kept in the
    form so that sending it again is refused again (the person reloads and sees the other save)."""
    return ctx.render(
        "plan.html",
        status_code=status,
        record=record,
        values=values,
        problems=list(problems),
        message=message,
        closed=record.status in CLOSED,
        form_version=opened or record.current_version,
    )


def _stored(spec) -> dict:
    return spec.model_dump(mode="json", exclude_defaults=True)


@page("/campaigns/{campaign_id}/plan", EDIT)
def plan_page(ctx: Ctx, campaign_id: str) -> Response:
    try:
        record = lifecycle.get_campaign(ctx.app.store, campaign_id)
    except NotFoundError as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    return _render(ctx, record, plan_values(_stored(record.spec)))


@page("/campaigns/{campaign_id}/plan", EDIT, methods=("POST",))
def save_plan(ctx: Ctx, campaign_id: str) -> Response:
    """Save the edited plan as a new version; problems are shown with the fields as typed."""
    try:
        record = lifecycle.get_campaign(ctx.app.store, campaign_id)
    except NotFoundError as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    typed = {k: str(ctx.form.get(k) or "") for k in PLAN_FIELDS}
    stale = stale_edit(ctx.form, record.current_version)
    if stale:  # someone saved since the page opened
        return _render(ctx, record, typed, 409, [stale], opened=str(ctx.form.get("version")))
    doc = plan_document(_stored(record.spec), typed)
    known = set(segment_names_in(ctx.app.config.segments_dir))
    try:
        campaign = validate_campaign(doc, f"{campaign_id} (plan)", known)
        version = lifecycle.apply_campaign(
            ctx.app.store, campaign, actor=ctx.user.user_id, now=ctx.now, source="studio plan"
        )
    except CampaignFileError as exc:
        return _render(ctx, record, typed, 422, [str(p) for p in exc.problems])
    except CampaignError as exc:
        return _render(ctx, record, typed, 409, [str(exc)])
    before, record = record.current_version, lifecycle.get_campaign(ctx.app.store, campaign_id)
    saved = (
        f"plan saved as version {version}"
        if version != before
        else "nothing changed: the plan is as stored"
    )
    return _render(ctx, record, plan_values(_stored(record.spec)), message=saved)


@page("/campaigns/{campaign_id}/duplicate", EDIT, methods=("POST",))
def duplicate_campaign(ctx: Ctx, campaign_id: str) -> Response:
    """A new draft with this campaign's current document (audience, content, workflow, plan),
    owned by the signed-in user; its plan editor opens next, to rename it (the start is set on
    its Schedule page)."""
    store = ctx.app.store
    try:
        record = lifecycle.get_campaign(store, campaign_id)
    except NotFoundError as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    source = f"studio: duplicate of {campaign_id} v{record.current_version}"
    taken = {r["campaign_id"] for r in lifecycle.list_campaigns(store)}
    untouched = _untouched_copy(store, campaign_id, taken, source, ctx.user.user_id)
    if untouched:  # a double click or a replayed post: the copy made a moment ago
        return RedirectResponse(f"/campaigns/{untouched}/plan", 303)
    doc = copy_document(_stored(record.spec), copy_id(campaign_id, taken), ctx.user.user_id)
    known = set(segment_names_in(ctx.app.config.segments_dir))
    try:
        copy = validate_campaign(doc, f"{campaign_id} (duplicate)", known)
        lifecycle.apply_campaign(store, copy, actor=ctx.user.user_id, now=ctx.now, source=source)
    except CampaignError as exc:  # e.g. a segment since removed: say so on the original's plan
        return _render(ctx, record, plan_values(_stored(record.spec)), 409, [str(exc)])
    return RedirectResponse(f"/campaigns/{copy.campaign_id}/plan", 303)


def _untouched_copy(store, campaign_id: str, taken: set[str], source: str, user: str) -> str | None:
    """The id of a copy ``user`` made of this version of ``campaign_id`` and has not changed
    since (still its version 1), if any: duplicating again leads there instead of to another."""
    for candidate in itertools.takewhile(taken.__contains__, copy_ids(campaign_id)):
        versions = lifecycle.history(store, candidate)["versions"]
        if len(versions) == 1 and (versions[0]["source"], versions[0]["applied_by"]) == (
            source,
            user,
        ):
            return candidate
    return None


ROUTES = [plan_page, save_plan, duplicate_campaign]
