"""Build the marketer's report from the warehouse and write it as HTML and PDF.

``build_report`` gathers the sections in reading order; ``write_report`` renders them and writes
``report-<period>[-<campaign>].html`` and ``.pdf`` into a folder (``data/reports/`` by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reports import data
from reports.html import render_html, render_text
from reports.model import ReportContent, Section
from reports.pdf import render_pdf
from reports.period import Period, parse_period
from reports.sections import alerts, attribution, experiments, money, operations, performance
from reports.sections.context import ReportContext

# Sections in reading order; each takes the context and returns a Section.
SECTIONS: list[Callable[[ReportContext], Section]] = [
    alerts.open_alerts,
    performance.targets,
    performance.channels,
    performance.funnel,
    money.roi_and_pacing,
    performance.trends,
    attribution.compared,
    experiments.ab_tests,
    operations.deliverability,
    operations.health,
]


class UnknownCampaignError(ValueError):
    """``--campaign`` names no campaign of the warehouse (the message lists a few that exist)."""


@dataclass(frozen=True)
class WrittenReport:
    """Where the report was written, its subject line and its content."""

    html_path: Path
    pdf_path: Path | None
    subject: str
    html: str
    text: str
    content: ReportContent


def _extra_sections(ctx: ReportContext, now: dt.datetime) -> list[Section]:
    from reports.recommendations import recommendations_section

    extra = [recommendations_section(ctx), operations.models(ctx)]
    checklist = operations.compliance(ctx)  # only when some campaign fails an item
    return extra + ([checklist] if checklist is not None else [])


def build_report(
    con: data.Connection,
    *,
    now: dt.datetime | None = None,
    period: Period | str | None = None,
    campaign_id: str | None = None,
) -> ReportContent:
    """Gather every section of the report for ``period`` (default: the 7 days before ``now``).

    Parameters
    ----------
    con : duckdb connection
        The warehouse with the marts built (read-only is enough).
    now : datetime, optional
        The report's "as of" time (naive UTC); default: the day after the last performance data.
    period : Period or str, optional
        A :class:`Period` or a ``--period`` text (see :mod:`reports.period`).
    campaign_id : str, optional
        Limit the report to one campaign (its id or its exact name).
    """
    latest = data.data_now(con)
    now = now or latest
    span = period if isinstance(period, Period) else parse_period(period, now)
    ids = None
    if campaign_id:
        camps = data.campaigns(con)
        match = camps[
            (camps["campaign_id"] == campaign_id) | (camps["campaign_name"] == campaign_id)
        ]
        if match.empty:
            sample = ", ".join(camps["campaign_name"].head(3))
            raise UnknownCampaignError(
                f"--campaign {campaign_id!r}: no such campaign id or name (e.g. {sample})"
            )
        ids = list(match["campaign_id"])
    ctx = ReportContext.open(con, span, now, ids)
    kpis, figures = performance.headline(ctx)
    sections = [build(ctx) for build in SECTIONS]
    sections += _extra_sections(ctx, now)
    scope = ctx.name(ids[0]) if ids else "All campaigns"
    ab = experiments.ab_readouts(con, ids)
    return ReportContent(
        title=f"Campaign report: {scope}",
        subtitle=f"{span.describe()} ({span.label}); data up to {latest - dt.timedelta(days=1):%-d %b %Y}",
        kpis=kpis,
        sections=sections,
        figures=figures,
        ab_verdicts=list(ab["verdict"]),
        stem=report_stem(span, ids),
        notes=[n for n in (ctx.currency_note(),) if n],
    )


def write_report(
    content: ReportContent, out_dir: Path, stem: str | None = None, *, pdf: bool = True
) -> WrittenReport:
    """Write ``<stem>.html`` (and ``<stem>.pdf``) into ``out_dir`` (created if missing); the
    default stem is ``report-<first day>_<last day>[-<campaign id>]``."""
    stem = stem or content.stem
    out_dir.mkdir(parents=True, exist_ok=True)
    page = render_html(content)
    html_path = out_dir / f"{stem}.html"
    html_path.write_text(page, encoding="utf-8")
    pdf_path = None
    if pdf:
        pdf_path = out_dir / f"{stem}.pdf"
        pdf_path.write_bytes(render_pdf(page))
    return WrittenReport(html_path, pdf_path, content.title, page, render_text(content), content)


def report_stem(period: Period, campaign_ids: Sequence[str] | None = None) -> str:
    """``report-2026-02-08_2026-02-14`` (``-<campaign id>`` when limited to one campaign)."""
    suffix = f"-{campaign_ids[0]}" if campaign_ids else ""
    return f"report-{period.slug}{suffix}"
