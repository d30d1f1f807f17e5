"""``enrollflow demo``: simulate a business, run the whole pipeline and a campaign, write a report."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from enrollflow.settings import Settings, get_settings

# The tables the summary counts, in the order a reader meets them.
SUMMARY_TABLES = [
    "raw_crm__contacts",
    "raw_ledger__sends",
    "raw_sendgrid__events",
    "raw_twilio__callbacks",
    "raw_web__events",
    "raw_lms__enrollments",
    "raw_rejects",
    "stg_sendgrid__events",
    "fct_message_events",
    "fct_sends",
    "fct_campaign_performance",
    "fct_attribution",
    "dim_contacts",
    "segment_memberships",
    "send_time_recommendations",
    "contact_ltv_predictions",
]


def _manifest(landing: Path) -> dict | None:
    path = landing / "_manifest.json"
    return json.loads(path.read_text()) if path.exists() else None


def _simulate_if_needed(
    settings: Settings, contacts: int, days: int, seed: int, fresh: bool, progress
) -> dict:
    from simulator import simulate

    manifest = _manifest(settings.landing)
    wanted = {"contacts": contacts, "days": days, "seed": seed}
    if manifest and not fresh and all(manifest.get(k) == v for k, v in wanted.items()):
        return manifest
    return simulate(settings.data_dir, contacts=contacts, days=days, seed=seed, progress=progress)


def _row_counts(warehouse: Path) -> list[tuple[str, int | None]]:
    from enrollflow.warehouse import connect

    with connect(warehouse, read_only=True) as con:
        present = {
            r[0] for r in con.sql("select table_name from information_schema.tables").fetchall()
        }
        return [
            (
                t,
                con.execute(f'select count(*) from "{t}"').fetchall()[0][0]
                if t in present
                else None,
            )
            for t in SUMMARY_TABLES
        ]


def _step(bar: Progress, label: str, fn: Callable[[], object]) -> object:
    task = bar.add_task(label, total=None)
    began = time.perf_counter()
    result = fn()
    bar.update(
        task, total=1, completed=1, description=f"{label} ({time.perf_counter() - began:.0f} s)"
    )
    return result


def demo(
    contacts: int = typer.Option(20_000, "--contacts", min=100, help="Contacts to simulate."),
    days: int = typer.Option(180, "--days", min=7, help="Days of history to simulate."),
    seed: int = typer.Option(42, "--seed", help="Simulation seed."),
    fresh: bool = typer.Option(False, "--fresh", help="Re-simulate even if data/ already matches."),
) -> None:
    """Simulate a business, ingest it, build the warehouse, run the demo campaign, write a report."""
    from delivery.journeys.demo import run_demo_campaign
    from delivery.store import open_store
    from enrollflow import pipeline
    from enrollflow.report import write_report
    from enrollflow.warehouse import connect
    from segments.clock import simulated_now

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    console = Console()
    began = time.perf_counter()
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=console) as bar:
            sim = bar.add_task("simulate the business", total=1.0)
            manifest = _simulate_if_needed(
                settings, contacts, days, seed, fresh,
                lambda step, frac: bar.update(sim, completed=frac, description=f"simulate: {step}"),
            )  # fmt: skip
            bar.update(sim, completed=1.0, description="simulate the business")
            start = dt.date.fromisoformat(manifest["start_date"])
            end = dt.date.fromisoformat(manifest["end_date"])
            # the campaign starts at 09:00 UTC on the simulated business's "now"
            now = simulated_now(settings.landing / "_manifest.json") + dt.timedelta(hours=9)
            inst = pipeline.instance()
            # the ops store exists before the pipeline (ML assets read campaigns from it)
            open_store(settings.ops_store, create=True).dispose()
            ingest = _step(
                bar, f"ingest {start}…{end}", lambda: pipeline.run_ingest(start, end, inst)
            )
            build = _step(
                bar, "build the warehouse (dbt, segments, ML)", lambda: pipeline.run_warehouse(inst)
            )
            campaign = _step(
                bar,
                "run the demo campaign",
                lambda: run_demo_campaign(
                    settings.ops_store, settings.warehouse, now, settings.data_dir / "campaign"
                ),
            )
            with connect(settings.warehouse, read_only=True) as con:
                report = _step(
                    bar, "write the report",
                    lambda: write_report(con, settings.data_dir / "reports", now, campaign),
                )  # fmt: skip
    except pipeline.PipelineRunError as exc:
        console.print(f"[red]demo failed:[/red] {exc}")
        raise typer.Exit(code=1) from exc

    table = Table(title="Warehouse tables", show_lines=False)
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in _row_counts(settings.warehouse):
        table.add_row(name, "–" if count is None else f"{count:,}")
    console.print(table)
    console.print(
        f"Built {len(ingest.materialized) + len(build.materialized)} assets "
        f"({len(ingest.failed_checks) + len(build.failed_checks)} failed checks) in "
        f"{time.perf_counter() - began:.0f} s.\n"
        f"Not promoted (a blocking check failed — see the asset's checks in the UI): "
        f"{', '.join(ingest.stopped_by_checks + build.stopped_by_checks) or 'none'}\n"
        f"Demo campaign: {campaign}\n"
        f"A/B verdicts:  {'; '.join(report.ab_verdicts[:3]) or 'none'}\n"
        f"Landing zone:  {settings.landing}\n"
        f"Warehouse:     {settings.warehouse}\n"
        f"Report:        {report.path}\n"
        "Dagster UI:    make ui  → http://127.0.0.1:3000"
    )
