"""``enrollflow segment``: validate, list and preview audience segments.

- ``enrollflow segment validate [FILE]``: check one file, or the whole definitions folder.
- ``enrollflow segment list``: every segment, valid or not, with its last materialisation.
- ``enrollflow segment preview NAME``: size, change since the last materialisation, breakdowns
  by country / consent / locale, a sample of contacts, the generated SQL and the time taken.

The warehouse is ``get_settings().warehouse`` (``ENROLLFLOW_WAREHOUSE_PATH``), opened read-only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from enrollflow.settings import get_settings
from segments import DEFINITIONS_DIR
from segments.clock import simulated_now
from segments.compiler import compile_segment
from segments.history import last_run
from segments.loader import SegmentCatalog, load_definitions
from segments.preview import SegmentPreview, preview
from segments.warehouse import Warehouse
from segments.windows import windows_as_of

app = typer.Typer(
    help="Audience segments: validate, list and preview segment files.",
    no_args_is_help=True,
    add_completion=False,
)

DefinitionsOption = Annotated[
    Path,
    typer.Option("--definitions", "-d", help="Folder of segment files.", file_okay=False),
]


def _console() -> Console:
    return Console(width=120, highlight=False)


def _catalog_for(path: Path) -> SegmentCatalog:
    try:
        return load_definitions(path)
    except FileNotFoundError as exc:
        _console().print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from None


def reference_now(now: str | None) -> dt.datetime:
    """``--now`` if given, else the simulated business's now, else the wall clock (UTC)."""
    if now:
        try:
            moment = dt.datetime.fromisoformat(now)
        except ValueError:
            raise typer.BadParameter(
                f"{now!r} is not a time; expected ISO 8601 like 2026-03-01T00:00:00",
                param_hint="--now",
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return simulated_now(get_settings().landing / "_manifest.json") or dt.datetime.now(dt.UTC)


@app.command("validate")
def validate(
    file: Annotated[
        Path | None, typer.Argument(help="A segment file; omit to check the whole folder.")
    ] = None,
    definitions: DefinitionsOption = DEFINITIONS_DIR,
) -> None:
    """Validate segment files (fields, types, events, windows, references); exit 1 on any error."""
    console = _console()
    if file is not None and not file.is_file():
        console.print(
            f"[red]{escape(str(file))}: file not found; expected a segment .yml file[/red]"
        )
        raise typer.Exit(2)
    catalog = _catalog_for(file.parent if file is not None else definitions)
    names = [file.stem] if file is not None else catalog.names
    failed = False
    for name in names:
        if name in catalog.errors:
            failed = True
            for problem in catalog.errors[name].problems:
                console.print(f"[red]✗[/red] {escape(str(problem))}")
        else:
            console.print(f"[green]✓[/green] {escape(str(catalog.files[name].name))}")
    if not names:
        console.print(f"no segment files in {definitions}", markup=False)
    if failed:
        raise typer.Exit(1)


@app.command("list")
def list_segments(definitions: DefinitionsOption = DEFINITIONS_DIR) -> None:
    """List every segment with its channel, status and last materialisation."""
    catalog = _catalog_for(definitions)
    runs = {}
    path = get_settings().warehouse
    if path.exists():
        from enrollflow.snapshot import open_reader  # the published build, as the studio reads

        with open_reader(path) as conn:
            warehouse = Warehouse(conn)
            runs = {name: last_run(warehouse, name) for name in catalog.names}
    table = Table("segment", "channel", "status", "last run", "size", "description")
    for name in catalog.names:
        segment, run = catalog.segments.get(name), runs.get(name)
        table.add_row(
            name,
            (segment.channel or "-") if segment else "?",
            "[green]valid[/green]" if segment else "[red]invalid[/red]",
            run.run_at.isoformat(sep=" ", timespec="minutes") if run else "never",
            str(run.size) if run else "-",
            segment.description if segment else str(catalog.errors[name].problems[0]),
        )
    _console().print(table)


def render_preview(result: SegmentPreview, console: Console) -> None:
    """Print a preview: size and change, warnings, breakdowns, sample, SQL, time taken."""
    console.print(f"[bold]{escape(str(result.name))}[/bold]: {result.size} contacts")
    if result.last_run_at is None:
        console.print("change since last materialisation: never materialised")
    else:
        console.print(
            f"change since last materialisation ({result.last_run_at:%Y-%m-%d %H:%M}, "
            f"{result.last_size} contacts): +{result.would_enter} entering, "
            f"-{result.would_exit} leaving"
        )
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(str(warning))}")
    for dimension, rows in result.breakdowns.items():
        table = Table(dimension, "contacts", title=f"by {dimension}")
        for value, count in rows[:10]:
            table.add_row("(missing)" if value is None else str(value), str(count))
        console.print(table)
    if result.sample:
        sample = Table(*result.sample[0].keys(), title="sample")
        for row in result.sample:
            sample.add_row(*("" if v is None else str(v) for v in row.values()))
        console.print(sample)
    console.print("[bold]SQL[/bold]")
    console.print(result.sql, markup=False)
    console.print(f"evaluated in {result.seconds * 1000:.0f} ms", markup=False)


@app.command("preview")
def preview_segment(
    name: Annotated[str, typer.Argument(help="Segment name (its file name without .yml).")],
    now: Annotated[
        str | None, typer.Option(help="Reference time, ISO 8601 (default: the business's now).")
    ] = None,
    sample: Annotated[int, typer.Option(min=0, help="How many members to show.")] = 10,
    definitions: DefinitionsOption = DEFINITIONS_DIR,
) -> None:
    """Evaluate a segment read-only: size, change, breakdowns, sample, SQL, time taken."""
    console = _console()
    catalog = _catalog_for(definitions)
    if name not in catalog.files:
        console.print(
            f"[red]unknown segment '{name}'; expected one of {', '.join(catalog.names)}[/red]"
        )
        raise typer.Exit(2)
    if name in catalog.errors:
        for problem in catalog.errors[name].problems:
            console.print(f"[red]✗[/red] {escape(str(problem))}")
        raise typer.Exit(1)
    path = get_settings().warehouse
    if not path.exists():
        console.print(
            f"[red]warehouse {escape(str(path))} not found; build it first (`make demo`) or set "
            "ENROLLFLOW_WAREHOUSE_PATH[/red]"
        )
        raise typer.Exit(2)
    import duckdb

    from enrollflow.snapshot import open_reader  # the published build: a job may be writing

    with open_reader(path) as conn:
        try:
            compiled = compile_segment(
                catalog.segments[name],
                now=reference_now(now),
                segments=catalog.segments,
                windows_as_of=windows_as_of(Warehouse(conn)),
            )
            result = preview(Warehouse(conn), compiled, sample_size=sample)
        except duckdb.CatalogException as exc:
            console.print(
                f"[red]{name}: the warehouse lacks a table the segment reads ({exc}); "
                "expected the marts built (`dbt build`)[/red]"
            )
            raise typer.Exit(2) from None
    render_preview(result, console)
