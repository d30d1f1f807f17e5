"""Campaign pages: list, new (form), detail with results, YAML edit/export, lifecycle actions.

Routes stay thin: parse → authorise (``page`` roles) → call ``delivery.campaigns`` (the same
validation and lifecycle functions as ``enrollflow campaign``) or ``studio.queries`` → render.
"""

from __future__ import annotations

from typing import Any

import yaml
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import CampaignError, CampaignFileError, NotFoundError
from delivery.campaigns.tables import STATUSES
from delivery.campaigns.validation import segment_names_in, validate_campaign
from delivery.journeys.sources import SourceError, WarehouseSource
from ml.errors import MLInputError
from ml.experiments.power import plan_test
from studio import queries, results
from studio.forms import FIELDS_DEFAULTS, campaign_document, stale_edit
from studio.web import APPROVE, EDIT, READ, Ctx, page

LIST_FIELDS = ("channels", "segments", "exclude_segments")
ACTIONS = {"approve": APPROVE, "launch": EDIT, "pause": EDIT, "resume": EDIT}


@page("/campaigns", READ)
def campaign_list(ctx: Ctx) -> Response:
    q = ctx.request.query_params
    rows = queries.campaign_summaries(
        ctx.app.store, ctx.app.snapshot, status=q.get("status") or None, search=q.get("q") or None
    )
    partial = ctx.request.headers.get("hx-request") == "true"
    return ctx.render(
        "campaign_rows.html" if partial else "campaigns.html",
        rows=rows,
        statuses=STATUSES,
        status=q.get("status", ""),
        q=q.get("q", ""),
        can_create=ctx.user.has_any(EDIT),
    )


def _segments(ctx: Ctx) -> list[str]:
    return sorted(segment_names_in(ctx.app.config.segments_dir))


def _audience(ctx: Ctx, segments: list[str], exclude: list[str]) -> dict[str, Any]:
    info = queries.audience_breakdown(ctx.app.store, ctx.app.snapshot, segments, exclude, ctx.now)
    baseline = results.baseline_click_rate(ctx.app.snapshot)
    info["baseline_click_rate"] = baseline
    return info


def _power(info: dict[str, Any], holdout_pct: float, arms: int = 2) -> str | None:
    reach = info["channels"].get("email") or 0
    if not reach or info.get("baseline_click_rate") is None:
        return None
    try:
        plan = plan_test(reach, arms, info["baseline_click_rate"], holdout=holdout_pct / 100)
    except MLInputError:
        return None
    return plan.sentence()


def _lists(ctx: Ctx, source) -> dict[str, list[str]]:
    return {k: [str(v) for v in source.getlist(k)] for k in LIST_FIELDS}


@page("/campaigns/audience", EDIT)
def audience_preview(ctx: Ctx) -> Response:
    """HTMX partial: audience size per channel, a sample of members and the A/B power line."""
    q = ctx.request.query_params
    lists = _lists(ctx, q)
    info = _audience(ctx, lists["segments"], lists["exclude_segments"])
    try:
        holdout = float(q.get("holdout") or 0)
    except ValueError:
        holdout = 0.0
    return ctx.render("audience.html", info=info, power=_power(info, holdout))


@page("/campaigns/new", EDIT)
def new_campaign(ctx: Ctx) -> Response:
    return ctx.render(
        "new_campaign.html", values=dict(FIELDS_DEFAULTS), lists={}, segments=_segments(ctx),
        problems=[],
    )  # fmt: skip


@page("/campaigns/new", EDIT, methods=("POST",))
def create_campaign(ctx: Ctx) -> Response:
    form = ctx.form
    lists = _lists(ctx, form)
    doc = campaign_document(
        form, owner=ctx.user.user_id, organisation=ctx.app.config.organisation, lists=lists
    )
    try:
        campaign = validate_campaign(doc, "new campaign form", set(_segments(ctx)))
        lifecycle.get_campaign(ctx.app.store, campaign.campaign_id)
    except CampaignFileError as exc:
        return ctx.render(
            "new_campaign.html", status_code=422, values=dict(form), lists=lists,
            segments=_segments(ctx), problems=exc.problems,
        )  # fmt: skip
    except NotFoundError:
        lifecycle.apply_campaign(
            ctx.app.store, campaign, actor=ctx.user.user_id, now=ctx.now, source="studio"
        )
        return RedirectResponse(f"/campaigns/{campaign.campaign_id}", 303)
    problems = [
        f"campaign_id: {campaign.campaign_id!r} exists already — choose another id or edit that campaign"
    ]
    return ctx.render(
        "new_campaign.html", status_code=409, values=dict(form), lists=lists,
        segments=_segments(ctx), problems=problems,
    )  # fmt: skip


def _detail(ctx: Ctx, campaign_id: str, message: str | None = None, status: int = 200, **extra):
    try:
        record = lifecycle.get_campaign(ctx.app.store, campaign_id)
    except NotFoundError as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    past = lifecycle.history(ctx.app.store, campaign_id)
    summary = queries.campaign_summaries(ctx.app.store, ctx.app.snapshot, search=None)
    row = next((r for r in summary if r["campaign_id"] == campaign_id), None)
    extra.setdefault("yaml_text", to_yaml(record.spec))
    return ctx.render(
        "campaign.html",
        status_code=status,
        record=record,
        row=row,
        history=past,
        message=message,
        # offered when the user's roles allow it and the lifecycle allows it from this status
        actions=[
            a
            for a, roles in ACTIONS.items()
            if ctx.user.has_any(roles) and record.status in lifecycle.TRANSITIONS[a][0]
        ],
        can_edit=ctx.user.has_any(EDIT),
        results=results.campaign_results(ctx.app.snapshot, campaign_id),
        **extra,
    )


def to_yaml(spec) -> str:
    """The stored document as YAML (what ``enrollflow campaign apply`` reads back): text as
    written (accents, dashes and emoji, not ``\\xE1`` escapes) and long lines kept whole, since
    people edit it on the campaign page."""
    return yaml.safe_dump(
        spec.model_dump(mode="json", exclude_defaults=True),
        sort_keys=False,
        allow_unicode=True,
        width=2**16,
    )


@page("/campaigns/{campaign_id}", READ)
def campaign_detail(ctx: Ctx, campaign_id: str) -> Response:
    return _detail(ctx, campaign_id)


@page("/campaigns/{campaign_id}.yml", READ)
def campaign_yaml(ctx: Ctx, campaign_id: str) -> Response:
    try:
        record = lifecycle.get_campaign(ctx.app.store, campaign_id)
    except NotFoundError as exc:
        return PlainTextResponse(str(exc), 404)
    return PlainTextResponse(
        "# yaml-language-server: $schema=../campaign.schema.json\n" + to_yaml(record.spec),
        media_type="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{campaign_id}.yml"'},
    )


@page("/campaigns/{campaign_id}/document", EDIT, methods=("POST",))
def save_document(ctx: Ctx, campaign_id: str) -> Response:
    """Save an edited YAML document as a new version (validated exactly as the CLI does)."""
    text = str(ctx.form.get("document", ""))
    try:
        stale = stale_edit(
            ctx.form, lifecycle.get_campaign(ctx.app.store, campaign_id).current_version
        )
        if stale:  # the whole document would undo what was saved since the page opened
            return _detail(
                ctx, campaign_id, stale, 409, yaml_text=text,
                form_version=str(ctx.form.get("version")),  # sent again, it is refused again
            )  # fmt: skip
        data = yaml.safe_load(text)
        campaign = validate_campaign(data, f"{campaign_id}.yml", set(_segments(ctx)))
        if campaign.campaign_id != campaign_id:
            return _detail(
                ctx, campaign_id, "campaign_id cannot change: save it as a new campaign instead",
                422, yaml_text=text,
            )  # fmt: skip
        version = lifecycle.apply_campaign(
            ctx.app.store, campaign, actor=ctx.user.user_id, now=ctx.now, source="studio"
        )
    except yaml.YAMLError as exc:
        return _detail(ctx, campaign_id, f"not valid YAML: {exc}", 422, yaml_text=text)
    except CampaignError as exc:
        return _detail(ctx, campaign_id, str(exc), 422, yaml_text=text)
    return _detail(ctx, campaign_id, f"saved as version {version}")


def audience_size(ctx: Ctx, spec) -> int:
    """Contacts in the campaign's audience now: the CLI's WarehouseSource on the snapshot."""
    with ctx.app.snapshot.cursor() as cur:
        if cur is None:
            raise SourceError("no warehouse yet: run the pipeline first (make demo)")
        source = WarehouseSource(cur)
        return len(source.audience(spec.audience.segments, spec.audience.exclude_segments, ctx.now))


def _act_status(ctx: Ctx, campaign_id: str, action: str) -> str:
    """Run a lifecycle action as the signed-in user, as ``enrollflow campaign ACTION`` does."""
    store, actor = ctx.app.store, ctx.user.user_id
    if action in ("approve", "launch"):
        size = audience_size(ctx, lifecycle.get_campaign(store, campaign_id).spec)
        if action == "approve":
            return lifecycle.approve(
                store, campaign_id, approver=actor, audience_size=size, now=ctx.now
            )
        return lifecycle.launch(store, campaign_id, actor=actor, audience_size=size, now=ctx.now)
    return lifecycle.set_status(store, campaign_id, action, actor=actor, now=ctx.now)


def _act(ctx: Ctx, campaign_id: str, action: str) -> Response:
    try:
        status = _act_status(ctx, campaign_id, action)
    except (CampaignError, SourceError) as exc:
        return _detail(ctx, campaign_id, str(exc), 409)
    return _detail(ctx, campaign_id, f"{action}: the campaign is now {status}")


def _action_route(action: str):
    def view(ctx: Ctx, campaign_id: str) -> Response:
        return _act(ctx, campaign_id, action)

    view.__name__ = f"campaign_{action}"
    return page(f"/campaigns/{{campaign_id}}/{action}", ACTIONS[action], methods=("POST",))(view)


ROUTES = [
    campaign_list,
    audience_preview,
    new_campaign,
    create_campaign,
    campaign_yaml,
    campaign_detail,
    save_document,
    *[_action_route(a) for a in ACTIONS],
]
