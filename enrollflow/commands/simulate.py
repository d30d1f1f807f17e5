"""``enrollflow simulate``: write a simulated education business (landing zone + planted truth)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn


def simulate(
    contacts: int = typer.Option(
        20_000, "--contacts", min=1, help="Contacts in the CRM at the end."
    ),
    days: int = typer.Option(180, "--days", min=1, max=3660, help="Days of history to simulate."),
    seed: int = typer.Option(42, "--seed", min=0, help="Random seed (same seed, same bytes)."),
    out: Path = typer.Option(
        Path("data"), "--out", help="Output directory (landing/ and truth/ go here)."
    ),
    start_date: dt.datetime = typer.Option(
        "2026-01-01", "--start-date", formats=["%Y-%m-%d"], help="First simulated day (UTC)."
    ),
    compress: bool = typer.Option(False, "--compress", help="Write .jsonl.gz instead of .jsonl."),
) -> None:
    """Simulate an education business and write its landing zone and planted truth."""
    from simulator import simulate as run

    console = Console()
    began = time.perf_counter()
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task("starting", total=1.0)

        def progress(step: str, fraction: float) -> None:
            bar.update(task, description=step, completed=fraction)

        try:
            manifest = run(
                out,
                contacts=contacts,
                days=days,
                seed=seed,
                start_date=start_date.date(),
                compress=compress,
                progress=progress,
            )
        except ValueError as exc:
            console.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(code=2) from exc
    elapsed = time.perf_counter() - began
    total = sum(manifest["events"].values())
    console.print(
        f"Simulated {contacts:,} contacts over {days} days: {total:,} records in "
        f"{manifest['files']:,} files, {elapsed:.1f} s ({total / max(elapsed, 1e-9):,.0f} records/s)."
    )
    for source, count in manifest["events"].items():
        console.print(f"  {source:<10} {count:>12,}", markup=False)
    console.print(
        f"Landing zone: {(out / 'landing').resolve()}\nTruth:        {(out / 'truth').resolve()}"
    )
