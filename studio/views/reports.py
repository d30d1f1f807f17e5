"""The Reports page: the marketer's report for any period and campaign, its PDF, kept reports.

``/reports`` shows the period and campaign menus and the report in a sandboxed frame
(``/reports/view``, the same document the weekly email carries); ``/reports/pdf`` is its PDF;
``/reports/files/{name}`` a report the weekly schedule kept in ``data/reports/``. Everything is
read from the warehouse snapshot (:mod:`studio.reporting`), so nothing here waits for the
pipeline or makes it wait.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.responses import FileResponse, HTMLResponse, Response

from reports import data
from reports.build import UnknownCampaignError
from reports.period import Period, PeriodError
from studio.reporting import (
    MAX_INPUT,
    BuiltReport,
    Choice,
    ReportRequestError,
    build,
    checked_period,
    kept_file,
    kept_reports,
    period_choices,
    period_text,
)
from studio.views.content import PREVIEW_CSP
from studio.web import READ, Ctx, page

#: a report document: the preview's policy (no scripts, forms or network but images)
SANDBOXED = {"Content-Security-Policy": PREVIEW_CSP, "X-Frame-Options": "SAMEORIGIN"}


class _Missing(LookupError):
    """No snapshot has been published yet."""


def _chosen(ctx: Ctx) -> dict[str, str]:
    q = ctx.request.query_params
    return {k: q.get(k, "") for k in ("period", "from", "to", "campaign")}


@dataclass(frozen=True)
class _Asked:
    """A report request, checked: its period, campaign (id or None) and the query naming it."""

    span: Period
    text: str
    campaign: str | None
    query: str


def _asked(ctx: Ctx, cur, chosen: dict[str, str]) -> _Asked:
    """Check the request on the snapshot ``cur`` (cheap: nothing is built). Raises
    ReportRequestError / PeriodError (400), UnknownCampaignError (404), _Missing (503)."""
    text = period_text(chosen["period"], chosen["from"], chosen["to"])
    campaign = chosen["campaign"].strip() or None
    if campaign is not None and len(campaign) > MAX_INPUT:
        raise ReportRequestError(f"campaign: at most {MAX_INPUT} characters")
    if cur is None or "fct_campaign_performance" not in ctx.app.snapshot.tables():
        raise _Missing
    span = checked_period(text, data.data_now(cur))
    if campaign is not None and campaign not in set(data.campaigns(cur)["campaign_id"]):
        raise UnknownCampaignError(f"no campaign {campaign!r} in the warehouse")
    return _Asked(span, text, campaign, urlencode({"period": text, "campaign": campaign or ""}))


def _report(ctx: Ctx) -> BuiltReport:
    """The report the query asks for: built once per snapshot generation (ReportCache)."""
    snapshot = ctx.app.snapshot
    # the generation is read before the cursor is taken: a snapshot published in between gives
    # a report filed under the older generation (built again next time), never the reverse
    snapshot.refresh()
    generation = snapshot.generation
    with snapshot.cursor() as cur:
        asked = _asked(ctx, cur, _chosen(ctx))
        return ctx.app.reports.get(
            generation,
            asked.span,
            asked.campaign,
            lambda: build(cur, asked.span, asked.campaign),
        )


def _refusal(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, _Missing):
        return 503, "no warehouse snapshot yet: the report appears after the pipeline's first build"
    if isinstance(exc, UnknownCampaignError):
        return 404, str(exc)
    text = str(exc).replace("--period ", "period ")  # the CLI's option is the page's menu here
    return 400, text


@page("/reports", READ)
def reports_page(ctx: Ctx) -> Response:
    """The menus and a frame for the report: the page itself builds nothing (its frame does), so
    it shows at once and a refused request is answered before any build."""
    chosen = _chosen(ctx)
    context: dict = {"chosen": chosen, "kept": kept_reports(ctx.app.config.reports_dir)}
    snapshot = ctx.app.snapshot
    with snapshot.cursor() as cur:
        campaigns = None
        if cur is not None and "fct_campaign_performance" in snapshot.tables():
            context["periods"] = period_choices(data.data_now(cur))
            campaigns = data.campaigns(cur).sort_values("start_at", ascending=False)
            context["campaigns"] = campaigns.to_dict("records")
        try:
            asked = _asked(ctx, cur, chosen)
        except (ReportRequestError, PeriodError, UnknownCampaignError, _Missing) as exc:
            status, context["problem"] = _refusal(exc)  # the form keeps what was typed
            return ctx.render("reports.html", status_code=status, **context)
    # a custom range becomes the menu's selected entry and the date fields are emptied, so
    # choosing another period next is not overruled by the dates still in the form
    periods = context["periods"]
    if asked.text not in {p.value for p in periods}:
        context["periods"] = [Choice(asked.text, asked.span.describe()), *periods]
    context["chosen"] = {**chosen, "period": asked.text, "from": "", "to": ""}
    scope = "All campaigns"
    if asked.campaign is not None:
        row = campaigns[campaigns["campaign_id"] == asked.campaign].iloc[0]
        name = row["campaign_name"]
        scope = name if isinstance(name, str) and name else asked.campaign
    heading = f"Campaign report: {scope}, {asked.span.describe()}"
    return ctx.render("reports.html", heading=heading, query=asked.query, **context)


def _serve(ctx: Ctx, respond: Callable[[BuiltReport], Response]) -> Response:
    """``respond(report)`` for the report the query asks for, or its refusal as a small
    sandboxed document (what the frame shows in place of the report)."""
    try:
        report = _report(ctx)
    except (ReportRequestError, PeriodError, UnknownCampaignError, _Missing) as exc:
        status, text = _refusal(exc)
        return HTMLResponse(f"<p>{html.escape(text)}</p>", status, headers=SANDBOXED)
    return respond(report)


@page("/reports/view", READ)
def report_document(ctx: Ctx) -> Response:
    return _serve(
        ctx, lambda r: HTMLResponse(r.html, headers={**SANDBOXED, "Cache-Control": "no-store"})
    )


@page("/reports/pdf", READ)
def report_pdf(ctx: Ctx) -> Response:
    return _serve(
        ctx,
        lambda r: Response(
            r.pdf(),
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{r.filename}"'},
        ),
    )


@page("/reports/files/{name}", READ)
def kept_report(ctx: Ctx, name: str) -> Response:
    path = kept_file(ctx.app.config.reports_dir, name)
    if path is None:
        return HTMLResponse("no such report", 404)
    if path.suffix == ".pdf":
        return FileResponse(path, media_type="application/pdf", filename=path.name)
    return FileResponse(path, media_type="text/html; charset=utf-8", headers=SANDBOXED)


ROUTES = [reports_page, report_document, report_pdf, kept_report]
