"""Launch and control: a campaign's schedule (start now or at a school-local time, best time per
contact), the send rules the engine applies, and launch / pause / resume.

Thin over the CLI's functions: the schedule is saved as a new version with ``validate_campaign``
+ ``apply_campaign`` (what ``enrollflow campaign apply`` does with an edited file) and launched
with the same ``launch`` as ``enrollflow campaign launch``; pause and resume post to the
campaign's action routes. The studio never calls a provider: the engine sends, exactly once.
"""

from __future__ import annotations

from starlette.responses import Response

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import CampaignError, NotFoundError
from delivery.campaigns.validation import segment_names_in, validate_campaign
from delivery.journeys.sources import SourceError, WarehouseSource
from delivery.store import to_utc_naive
from studio import schedule as S
from studio.views.campaigns import ACTIONS, _act_status
from studio.web import EDIT, READ, Ctx, page

CONTROLS = ("launch", "pause", "resume")


def _render(ctx: Ctx, campaign_id: str, message: str | None = None, status: int = 200, **form):
    try:
        record = lifecycle.get_campaign(ctx.app.store, campaign_id)
    except NotFoundError as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    spec, zone = record.spec, record.spec.organisation_timezone
    with ctx.app.snapshot.cursor() as cur:
        preview = S.send_time_preview(WarehouseSource(cur) if cur else None, spec, ctx.now)
    now = to_utc_naive(ctx.now)
    return ctx.render(
        "schedule.html",
        status_code=status,
        record=record,
        message=message,
        zone=zone,
        start_local=S.utc_to_local(spec.start_at, zone),
        now_local=S.utc_to_local(now, zone),
        now_utc=now,
        starts_later=spec.start_at > now,
        best_time=form.get("best_time", S.best_time_on(spec)),
        when=form.get("when", "at" if spec.start_at > now else "now"),
        local_value=form.get("local", f"{S.utc_to_local(max(spec.start_at, now), zone):%Y-%m-%dT%H:%M}"),
        preview=preview,
        rules=S.send_rules(spec),
        controls=[
            a for a in CONTROLS
            if ctx.user.has_any(ACTIONS[a]) and record.status in lifecycle.TRANSITIONS[a][0]
        ],
        can_edit=ctx.user.has_any(EDIT) and record.status in ("draft", "approved"),
    )  # fmt: skip


@page("/campaigns/{campaign_id}/schedule", READ)
def schedule_page(ctx: Ctx, campaign_id: str) -> Response:
    return _render(ctx, campaign_id)


def _new_start(ctx: Ctx, record, when: str, local: str) -> tuple:
    now = to_utc_naive(ctx.now).replace(second=0, microsecond=0)
    if when == "now":
        # an earlier start stays: the engine starts it at once either way (no new version)
        return min(record.spec.start_at, now), None
    if when != "at":
        raise S.ScheduleError("when: choose 'now' or 'at a date and time'")
    start, note = S.local_to_utc(local, record.spec.organisation_timezone)
    if start < now:
        raise S.ScheduleError(
            f"start: {local.replace('T', ' ')} ({start:%H:%M} UTC) has passed; choose a later "
            "time or 'start now'"
        )
    return start, note


@page("/campaigns/{campaign_id}/schedule", EDIT, methods=("POST",))
def save_schedule(ctx: Ctx, campaign_id: str) -> Response:
    """Save the schedule as a new version (the CLI's validation and versioning); with
    ``launch=1`` launch it too, as ``enrollflow campaign launch`` does."""
    form = ctx.form
    when, local = str(form.get("when", "")), str(form.get("local", ""))
    best = form.get("best_time") == "on"
    kept = {"when": when, "local": local, "best_time": best}
    try:
        record = lifecycle.get_campaign(ctx.app.store, campaign_id)
        start, note = _new_start(ctx, record, when, local)
        doc = S.scheduled_document(record.spec, start, best)
        known = set(segment_names_in(ctx.app.config.segments_dir))
        campaign = validate_campaign(doc, f"{campaign_id} (schedule)", known)
        version = lifecycle.apply_campaign(
            ctx.app.store, campaign, actor=ctx.user.user_id, now=ctx.now, source="studio schedule"
        )
        done = [f"schedule saved (version {version})"] + ([note] if note else [])
        if form.get("launch") == "1":
            done.append(f"launched: the campaign is now {_act_status(ctx, campaign_id, 'launch')}")
    except NotFoundError as exc:
        return ctx.render("error.html", status_code=404, message=str(exc))
    except (S.ScheduleError, CampaignError, SourceError) as exc:
        return _render(ctx, campaign_id, str(exc), 409 if isinstance(exc, CampaignError) else 422,
                       **kept)  # fmt: skip
    return _render(ctx, campaign_id, "; ".join(done))


ROUTES = [schedule_page, save_schedule]
