"""``enrollflow report``: the marketer's report (HTML email + PDF) of any warehouse, into a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from enrollflow.settings import get_settings


def _check(draft, con, settings):
    """Best-practice findings of ``draft`` against the running campaigns of the ops store."""
    from delivery.store import open_store
    from reports.data import data_now
    from reports.drafts import check_in_context

    store = open_store(settings.ops_store) if _store_exists(settings.ops_store) else None
    try:
        return check_in_context(draft, con, store, data_now(con))
    finally:
        if store is not None:
            store.dispose()


def _store_exists(url: str) -> bool:
    """An SQLite ops store counts only once its file exists (a report must not create one)."""
    return not url.startswith("sqlite:///") or Path(url.removeprefix("sqlite:///")).exists()


def report(
    campaign: Annotated[
        str | None, typer.Option("--campaign", help="Only this campaign (its id or its name).")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="week (default: the last 7 days), month, 2026-W06, 2026-02 or 2026-02-01..2026-02-14.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the HTML and PDF (default data/reports)."),
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also write the PDF.")] = True,
    draft: Annotated[
        list[Path] | None,
        typer.Option(
            "--draft", help="A campaign file to check against best practice (repeatable)."
        ),
    ] = None,
) -> None:
    """Write the marketer's report (HTML email and PDF) of any warehouse into a folder.

    Campaign KPIs against their targets, channels, funnel, ROI and pacing, trends, attribution,
    A/B verdicts, deliverability, health and recommendations.
    """
    from delivery.campaigns.errors import CampaignError
    from delivery.campaigns.validation import load_campaign_file
    from enrollflow.snapshot import open_reader
    from reports.build import UnknownCampaignError, build_report, write_report
    from reports.period import PeriodError

    console = Console(highlight=False)
    settings = get_settings()
    if not settings.warehouse.exists():
        console.print(
            f"[red]no warehouse at {escape(str(settings.warehouse))}: run `make demo` or the "
            "pipeline first[/red]"
        )
        raise typer.Exit(1)
    try:
        drafts = [load_campaign_file(p) for p in draft or []]
        with open_reader(settings.warehouse) as con:
            content = build_report(con, period=period, campaign_id=campaign)
            checks = {d.campaign_id: _check(d, con, settings) for d in drafts}
    except (PeriodError, UnknownCampaignError, CampaignError) as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1) from None
    for d in drafts:
        findings = checks[d.campaign_id]
        console.print(
            f"[bold]{escape(str(d.name))}[/bold]: {len(findings) or 'no'} best-practice finding(s)"
        )
        for f in findings:
            # the findings quote campaign names and subjects as written: never read as markup
            console.print(
                f"  [{'yellow' if f.severity == 'warning' else 'cyan'}]{f.code}[/]: "
                f"{escape(f.message)} Fix: {escape(f.fix)}"
            )
    written = write_report(content, out or settings.data_dir / "reports", pdf=pdf)
    console.print(f"[bold]{escape(str(content.title))}[/bold] — {escape(str(content.subtitle))}")
    for k in content.kpis:
        console.print(f"  {k.label}: {k.value} ({k.change})", markup=False)
    console.print(f"HTML: {written.html_path}", markup=False)
    if written.pdf_path:
        console.print(f"PDF:  {written.pdf_path}", markup=False)
