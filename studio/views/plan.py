"""The plan editor: a campaign's name, objective, subscription topic, KPI targets, budget and end
date changed in a form, without the YAML.

The edited document is validated with ``validate_campaign`` and saved with ``apply_campaign``, what
``enrollflow campaign apply`` does with an edited file: a new version, an approved campaign back
to draft, an active one above 1,000 contacts paused until an approver approves the version, and
budget holds lifted so held messages are checked against the new budget. Completed and archived
campaigns are shown read-only (``apply_campaign`` refuses them too). The form carries the version it
was opened on: if another save came in between, nothing is saved and the page says to reload, so
one person's plan does not silently undo another's.
"""

from __future__ import annotations

from starlette.responses import Response

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import CampaignError, CampaignFileError, NotFoundError
from delivery.campaigns.validation import segment_names_in, validate_campaign
from studio.forms import PLAN_FIELDS, plan_document, plan_values, stale_edit
from studio.web import EDIT, Ctx, page

CLOSED = ("completed", "archived")


def _render(ctx: Ctx, record, values, status: int = 200, problems=(), message: str | None = None):
    return ctx.render(
        "plan.html",
        status_code=status,
        record=record,
        values=values,
        problems=list(problems),
        message=message,
        closed=record.status in CLOSED,
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
        return _render(ctx, record, typed, 409, [stale])
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


ROUTES = [plan_page, save_plan]
