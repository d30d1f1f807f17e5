"""``enrollflow demo``: simulate a business, run the whole pipeline and a campaign, write a report."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from enrollflow.settings import Settings, get_settings

# The tables the summary counts, in the order a reader meets them.
SUMMARY_TABLES = [
    "raw_crm__contacts",
    "raw_ledger__sends",
    "raw_sendgrid__events",
    "raw_twilio__callbacks",
    "raw_twilio__clicks",
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


def history_window(now: dt.datetime, days: int) -> tuple[dt.date, dt.date]:
    """The simulated history: ``days`` whole days ending yesterday (the day before ``now``)."""
    end = now.date() - dt.timedelta(days=1)
    return end - dt.timedelta(days=days - 1), end


def _simulate_if_needed(
    settings: Settings, contacts: int, days: int, seed: int, fresh: bool, now: dt.datetime, progress
) -> dict:
    from simulator import simulate

    start, end = history_window(now, days)
    manifest = _manifest(settings.landing)
    wanted = {"contacts": contacts, "days": days, "seed": seed, "end_date": end.isoformat()}
    if manifest and not fresh and all(manifest.get(k) == v for k, v in wanted.items()):
        return manifest
    return simulate(
        settings.data_dir,
        contacts=contacts,
        days=days,
        seed=seed,
        start_date=start,
        progress=progress,
    )


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


def _start_dbt_parse(worker: str | None = None) -> threading.Thread:
    """Start dbt's parse of the project for this data directory in a thread (a new data
    directory changes the profile, so dbt parses the whole project: several seconds in its own
    process) while the demo imports its modules and simulates; the pipeline's definitions,
    which need the manifest, wait for it (:func:`enrollflow.transform.ensure_manifest`). A
    parse that fails here is retried there, where its error reaches the user. Then the warm dbt
    ``worker`` (its socket), if there is one, loads the parsed project for the builds to come
    (:mod:`enrollflow.dbt_worker`)."""
    from enrollflow.transform import DBT_PROJECT_DIR, build_profile_env, ensure_manifest

    env = build_profile_env()

    def parse() -> None:
        with contextlib.suppress(Exception):
            ensure_manifest(DBT_PROJECT_DIR, env=env)
            if worker:
                from enrollflow.dbt_worker import warm

                warm(worker, {**os.environ, **env}, str(DBT_PROJECT_DIR))

    thread = threading.Thread(target=parse, name="dbt-parse")
    thread.start()
    return thread


def _step(bar: Progress, label: str, fn: Callable[[], object]) -> object:
    task = bar.add_task(label, total=None)
    began = time.perf_counter()
    result = fn()
    bar.update(
        task, total=1, completed=1, description=f"{label} ({time.perf_counter() - began:.0f} s)"
    )
    return result


@contextlib.contextmanager
def _logs_to(path: Path) -> Iterator[Console]:
    """Send everything written to stdout/stderr -- Dagster's and dbt's logs, subprocesses
    included -- to ``path``; yield a console that still writes to the terminal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(1), "w", buffering=1)
    with path.open("a", encoding="utf-8") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield Console(file=terminal, force_terminal=terminal.isatty())
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            terminal.close()


def _campaign_table(summary: dict) -> Table:
    """The demo campaign's results, per variant and against its own KPIs."""
    table = Table(title=f"Demo campaign {summary['campaign_id']} (from the marts)")
    for column in ("", "emails", "delivered", "opened", "clicked", "enrolled"):
        table.add_column(column, justify="left" if not column else "right")
    for variant, row in summary["variants"].items():
        table.add_row(
            f"variant {variant}",
            *(f"{row[k]:,}" for k in ("emails", "delivered", "opened", "clicked", "enrolled")),
        )
    table.add_row(
        "holdout",
        f"{summary['holdout']:,} (not sent)",
        "",
        "",
        "",
        f"{summary['holdout_enrolled']:,}",
    )
    return table


def _messages(by_channel: dict[str, int]) -> str:
    """``3,783 emails, 1,163 SMS (reminders to non-openers after 48 h)``."""
    email, sms = by_channel.get("email", 0), by_channel.get("sms", 0)
    text = f"{email:,} email{'s' if email != 1 else ''}"
    return text + (f", {sms:,} SMS (reminders to non-openers after 48 h)" if sms else "")


def _kpi_lines(summary: dict) -> str:
    currency = summary.get("currency", "")
    target_rate = summary.get("target_conversion_rate")
    target_cpa = summary.get("target_cpa_amount")
    cpa = summary.get("cpa_amount")
    return (
        f"Messages:      {_messages(summary['messages'])}\n"
        f"Spend:         {summary['spend_amount']:.2f} of a {summary['budget_amount']:.0f} "
        f"{currency} budget\n"
        f"Conversion:    {summary['conversion_rate']:.2%}"
        + (f" (target {target_rate:.2%})" if target_rate else "")
        + f"; CPA {'–' if cpa is None else f'{cpa:.2f} {currency}'}"
        + (f" (target {target_cpa:.2f} {currency})" if target_cpa else "")
        # the studio's and the report's figures: credited enrollments per contact reached
        + f"\n               {summary['conversions']:,} credited enrollments of "
        f"{summary['reached']:,} contacts reached\n"
        f"Enrolled:      {summary['enrolled_rate']:.2%} of the contacts it treated"
        + (
            f", {summary['holdout_rate']:.2%} of the holdout"
            if summary.get("holdout_rate") is not None
            else ""
        )
    )


def demo(
    contacts: int = typer.Option(20_000, "--contacts", min=100, help="Contacts to simulate."),
    days: int = typer.Option(180, "--days", min=7, help="Days of history to simulate."),
    seed: int = typer.Option(42, "--seed", help="Simulation seed."),
    fresh: bool = typer.Option(False, "--fresh", help="Re-simulate even if data/ already matches."),
    now: dt.datetime | None = typer.Option(
        None,
        "--now",
        help="The demo's now (UTC, ISO); default: the clock. History ends the day before.",
    ),
) -> None:
    """Simulate a business up to yesterday, ingest it, build the warehouse, run the demo
    campaign round the loop (sandbox → webhooks → landing → marts), write a report."""
    from enrollflow.dbt_worker import running_worker

    settings = get_settings()
    now = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None, microsecond=0)
    logs = settings.data_dir / "logs"
    # dbt runs three times: a warm worker imports dbt and loads the project once for all three
    with running_worker(logs / f"dbt-worker-{now:%Y%m%dT%H%M%S}.log") as worker:
        _demo(settings, now, logs, _start_dbt_parse(worker), contacts, days, seed, fresh)
    exit_without_teardown()


def exit_without_teardown(code: int = 0) -> None:
    """End the process now, without the interpreter's teardown of what the demo built.

    After a demo the process holds ~800k Python objects and the native state behind them (the
    dbt manifest as Dagster loaded it, Dagster's definitions, DuckDB, pandas and scikit-learn),
    and freeing them all at exit took ~2.9 s of the demo's wall time. Everything the demo
    writes is closed by then (stores disposed, the Dagster instance disposed, the worker
    stopped, the log file closed), so the exit handlers are run (logging's flush among them),
    stdout and stderr flushed, and the process ends with ``os._exit`` -- as mypy ends its
    runs for the same reason. A demo that fails raises before this and exits as usual.
    """
    import atexit

    atexit._run_exitfuncs()  # what the interpreter's exit would run first
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _demo(
    settings: Settings,
    now: dt.datetime,
    logs: Path,
    parsing: threading.Thread,
    contacts: int,
    days: int,
    seed: int,
    fresh: bool,
) -> None:
    from delivery.journeys.demo import run_demo_campaign
    from delivery.store import open_store
    from enrollflow import pipeline
    from enrollflow.report import write_report
    from enrollflow.warehouse import connect
    from reports.sections.experiments import ab_readouts

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # the runs are kept where `make ui` looks for them (the Makefile sets the same default)
    os.environ.setdefault("DAGSTER_HOME", str(settings.data_dir / "dagster"))
    log_path = logs / f"demo-{now:%Y%m%dT%H%M%S}.log"
    began = time.perf_counter()
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
    )
    inst = None
    with _logs_to(log_path) as console:
        try:
            with Progress(*columns, console=console) as bar:
                sim = bar.add_task("simulate the business", total=1.0)
                manifest = _simulate_if_needed(
                    settings, contacts, days, seed, fresh, now,
                    lambda step, frac: bar.update(sim, completed=frac, description=f"simulate: {step}"),
                )  # fmt: skip
                bar.update(sim, completed=1.0, description="simulate the business")
                start = dt.date.fromisoformat(manifest["start_date"])
                end = dt.date.fromisoformat(manifest["end_date"])
                inst = pipeline.instance()
                # the ops store exists before the pipeline (ML assets read campaigns from it)
                open_store(settings.ops_store, create=True).dispose()
                ingest = _step(
                    bar, f"ingest {start}…{end}", lambda: pipeline.run_ingest(start, end, inst)
                )
                build = _step(
                    bar,
                    "build the warehouse (dbt, segments, ML)",
                    lambda: pipeline.run_warehouse(inst),
                )
                campaign = _step(
                    bar,
                    "run the demo campaign round the loop",
                    lambda: run_demo_campaign(
                        settings.ops_store,
                        settings.warehouse,
                        now,
                        settings.data_dir / "campaign",
                        landing=settings.landing,
                        truth_dir=settings.data_dir / "truth",
                        refresh=lambda first, last, marts: pipeline.run_intraday(
                            first, last, inst, marts=marts
                        ),
                    ),
                )
                with connect(settings.warehouse, read_only=True) as con:
                    report = _step(
                        bar, "write the report",
                        lambda: write_report(con, settings.data_dir / "reports", now, campaign),
                    )  # fmt: skip
                    verdicts = list(ab_readouts(con, [campaign["campaign_id"]])["verdict"])
        except pipeline.PipelineRunError as exc:
            console.print(
                f"[red]demo failed:[/red] {escape(str(exc))}\nLogs: {escape(str(log_path))}"
            )
            raise typer.Exit(code=1) from exc
        finally:
            parsing.join()
            if inst is not None:
                inst.dispose()

        table = Table(title="Warehouse tables", show_lines=False)
        table.add_column("table")
        table.add_column("rows", justify="right")
        for name, count in _row_counts(settings.warehouse):
            table.add_row(name, "–" if count is None else f"{count:,}")
        console.print(table)
        for message in ingest.check_messages + build.check_messages:
            console.print(f"[yellow]warning:[/yellow] stopped by a check — {escape(str(message))}")
        for message in ingest.check_warnings + build.check_warnings:
            console.print(f"[yellow]warning:[/yellow] {escape(str(message))}")
        console.print(_campaign_table(campaign))
        console.print(
            f"Built {len(ingest.materialized) + len(build.materialized)} assets in "
            f"{time.perf_counter() - began:.0f} s (history {start}…{end}, campaign from "
            f"{campaign['started_at'][:16]} to {now:%Y-%m-%d %H:%M} UTC).\n"
            f"{_kpi_lines(campaign)}\n"
            f"A/B test:      {'; '.join(verdicts) or 'no variant has deliveries yet'}\n"
            f"Report:        {escape(str(report.path))}\n"
            f"Logs:          {escape(str(log_path))}\n"
            "Dagster UI:    make ui  → http://127.0.0.1:3000"
        )
        _print_studio_logins(console, settings)


def _print_studio_logins(console: Console, settings: Settings) -> None:
    from delivery.identity.demo import ensure_demo_logins
    from delivery.store import open_store

    store = open_store(settings.ops_store)
    try:
        logins = ensure_demo_logins(store, now=dt.datetime.now(dt.UTC))
    finally:
        store.dispose()
    console.print("Studio:        make studio → http://127.0.0.1:8000, sign in as")
    for user, role, password in logins:
        console.print(f"               {user} / {password}  ({role})", markup=False)
