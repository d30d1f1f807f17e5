"""``enrollflow campaign``: validate, apply and run campaigns through their lifecycle.

- ``validate FILE...``, ``graph FILE|ID``, ``schema``: work on files, no store needed.
- ``apply FILE``, ``list``, ``show ID``: store and read versions in the ops store.
- ``approve|launch|pause|resume|archive ID --by USER``: lifecycle actions, each audited.
- ``tick ID``: advance the campaign's journeys once (what the Dagster sensor's runs do).

Lifecycle actions take effect at the current time and are audited with the database server's
clock; only ``tick --now`` simulates another instant (its audit entries still carry the server's
time, with the simulated one as ``as_of``).

The ops store is ``ENROLLFLOW_OPS_STORE_URL``, the warehouse ``ENROLLFLOW_WAREHOUSE_PATH``:
audience sizes, the power line and ``tick`` read its published snapshot, as the campaign
engine's jobs do (else the warehouse itself, read-only, before the first snapshot).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from enrollflow.settings import get_settings

#: ``delivery/campaigns/campaign.schema.json`` (delivery.campaigns.schema.SCHEMA_PATH), found
#: without importing the campaign models, so `enrollflow campaign --help` stays light
SCHEMA_PATH = (
    Path(importlib.util.find_spec("delivery.campaigns").submodule_search_locations[0])
    / "campaign.schema.json"
)

if (
    TYPE_CHECKING
):  # the store, the engine, DuckDB, pandas and rich load only for commands that use them
    from rich.console import Console

    from delivery.journeys.sources import WarehouseSource
    from delivery.store import Store

app = typer.Typer(
    help="Campaigns: validate, apply, approve, launch, pause, resume, archive, graph.",
    no_args_is_help=True,
    add_completion=False,
)

DEFAULT_SEGMENTS_DIR = Path(__file__).resolve().parents[2] / "segments" / "definitions"
By = Annotated[
    str, typer.Option("--by", help="Who performs the action (written to the audit log).")
]
Now = Annotated[str | None, typer.Option("--now", help="Act as of this UTC time (ISO 8601).")]
SegmentsDir = Annotated[
    Path, typer.Option("--segments", help="Segment definitions folder (to check references).")
]


def _console() -> Console:
    """Rich, for the commands that print tables and marked-up records (not ``validate``)."""
    from rich.console import Console

    return Console(width=120, highlight=False)


def _say(text: str, colour: str | None = None) -> None:
    """One line as it is: no markup is read in a campaign's names or a problem's text."""
    typer.secho(text, fg=colour)


def _now(text: str | None) -> dt.datetime:
    if not text:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r}: expected ISO 8601 like 2026-03-02T09:00", param_hint="--now"
        ) from None
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


@contextlib.contextmanager
def _store() -> Iterator[Store]:
    from delivery.store import StoreError, open_store

    try:
        store = open_store(get_settings().ops_store)
    except StoreError as exc:  # e.g. not created yet: `enrollflow ops migrate`
        raise typer.BadParameter(str(exc), param_hint="ENROLLFLOW_OPS_STORE_URL") from None
    try:
        yield store
    finally:
        store.dispose()


@contextlib.contextmanager
def _source() -> Iterator[WarehouseSource]:
    """The engine's view of the warehouse, as the step job reads it: the published snapshot,
    else the file before the first one (:func:`enrollflow.snapshot.open_reader`)."""
    from delivery.journeys.sources import WarehouseSource
    from enrollflow.snapshot import open_reader

    path = get_settings().warehouse
    if not path.exists():
        _fail(
            f"warehouse {path} does not exist: run the pipeline first (make demo) or set ENROLLFLOW_WAREHOUSE_PATH"
        )
    with open_reader(path) as conn:
        yield WarehouseSource(conn)


def _fail(message: str, code: int = 1) -> None:
    _say(message, "red")
    raise typer.Exit(code)


def _known_segments(folder: Path) -> set[str] | None:
    from delivery.campaigns.validation import segment_names_in

    return segment_names_in(folder) if folder.is_dir() else None


def load_campaign_file(path: Path, known_segments: set[str] | None = None):
    """:func:`delivery.campaigns.validation.load_campaign_file`, imported when a command runs."""
    from delivery.campaigns.validation import load_campaign_file as load

    return load(path, known_segments=known_segments)


def _audience_size(campaign_id: str, now: dt.datetime) -> int:
    from delivery.campaigns import lifecycle

    with _store() as store:
        spec = lifecycle.get_campaign(store, campaign_id).spec
    return _spec_audience_size(spec, now)


def _spec_audience_size(spec, now: dt.datetime) -> int:
    """The audience's size now (a missing segments table raises ``SourceError``, which the
    commands' :func:`_errors` prints)."""
    from delivery.journeys.audience import audience_count

    path = get_settings().warehouse
    if not path.exists():
        _fail(
            f"warehouse {path} does not exist: run the pipeline first (make demo) or set ENROLLFLOW_WAREHOUSE_PATH"
        )
    from enrollflow.snapshot import open_reader  # the published build, as the engine reads

    with open_reader(path) as conn:
        return audience_count(conn, spec.audience.segments, spec.audience.exclude_segments, now)


def _power_line(campaign) -> str:
    """Power / MDE of the campaign's split(s) from today's audience and the email click rate,
    read from the readers' snapshot (else the warehouse, read-only). Loads neither pandas nor
    NumPy: the audience is counted in SQL and the power computed on plain floats."""
    path = get_settings().warehouse
    if not path.exists():  # the snapshot is published from the warehouse: neither exists yet
        return "power: no warehouse yet to size the audience (run the pipeline, then validate)"
    import duckdb

    from delivery.journeys.audience import SourceError, audience_count
    from enrollflow.snapshot import open_reader
    from ml.experiments.power import campaign_test_plans
    from ml.runs.base_rates import email_click_rate

    try:
        with open_reader(path) as conn:
            audience = audience_count(
                conn, campaign.audience.segments, campaign.audience.exclude_segments, _now(None)
            )
            base_rate = email_click_rate(conn)
    except duckdb.Error as exc:
        return f"power: the warehouse cannot be read now ({exc}); validate again later"
    except SourceError as exc:
        return f"power: audience unknown ({exc})"
    plans = campaign_test_plans(campaign, audience, base_rate)
    return "\n  ".join(plan.line() for plan in plans)


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    from delivery.campaigns.errors import CampaignError

    try:
        yield
    except CampaignError as exc:
        _fail(str(exc))
    except Exception as exc:
        # a SourceError can only come from the module that defines it (the engine's sources load
        # it too), so it is only looked up once loaded
        audience = sys.modules.get("delivery.journeys.audience")
        if audience is None or not isinstance(exc, audience.SourceError):
            raise
        _fail(str(exc))


@app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(help="Campaign files (.yml).")],
    segments: SegmentsDir = DEFAULT_SEGMENTS_DIR,
) -> None:
    """Validate campaign files (schema, workflow graph, references); exit 1 on any problem."""
    from delivery.campaigns.errors import CampaignError

    known = _known_segments(segments)
    failed = 0
    for file in files:
        try:
            campaign = load_campaign_file(file, known_segments=known)
        except CampaignError as exc:
            failed += 1
            _say(str(exc), "red")
            continue
        typer.secho("ok", fg="green", nl=False)
        _say(f" {file}: {campaign.campaign_id} ({len(campaign.workflow.nodes)} nodes)")
        if campaign.has_ab_test:
            _say(f"  {_power_line(campaign)}")
    if failed:
        raise typer.Exit(1)


@app.command("apply")
def apply(
    file: Annotated[Path, typer.Argument(help="Campaign file to store as a new version.")],
    by: By,
    segments: SegmentsDir = DEFAULT_SEGMENTS_DIR,
) -> None:
    """Validate FILE and store it as a new version (a new campaign starts as a draft).

    A new version of an active campaign above 1000 contacts pauses it until approved."""
    from delivery.campaigns import lifecycle
    from delivery.campaigns.tables import ACTIVE_STATUSES

    moment = _now(None)
    with _errors():
        campaign = load_campaign_file(file, known_segments=_known_segments(segments))
        with _store() as store:
            active = [
                r
                for r in lifecycle.list_campaigns(store)
                if r["campaign_id"] == campaign.campaign_id and r["status"] in ACTIVE_STATUSES
            ]
        size = _spec_audience_size(campaign, moment) if active else None
        with _store() as store:
            version = lifecycle.apply_campaign(
                store, campaign, actor=by, now=moment, source=str(file), audience_size=size
            )
            status = lifecycle.get_campaign(store, campaign.campaign_id).status
    _say(f"{campaign.campaign_id}: version {version}, status {status}")


@app.command("list")
def list_(organisation: Annotated[str | None, typer.Option("--organisation")] = None) -> None:
    """List campaigns with their status and current version."""
    from delivery.campaigns import lifecycle

    with _store() as store:
        rows = lifecycle.list_campaigns(store, organisation)
    from rich.markup import escape
    from rich.table import Table

    table = Table("campaign", "organisation", "status", "version", "audience", "name")
    for r in rows:
        table.add_row(
            r["campaign_id"],
            r["organisation"],
            r["status"],
            str(r["current_version"]),
            "" if r["audience_size"] is None else str(r["audience_size"]),
            escape(r["name"]),  # the user's text, not markup
        )
    _console().print(table)


@app.command("show")
def show(campaign_id: str) -> None:
    """Status, versions, approvals and audit trail of one campaign."""
    from delivery.campaigns import lifecycle

    with _errors(), _store() as store:
        record = lifecycle.get_campaign(store, campaign_id)
        past = lifecycle.history(store, campaign_id)
    from rich.markup import escape

    console = _console()
    # names, reasons and audit details are the users' text: printed as written, never as markup
    console.print(f"[bold]{escape(record.campaign_id)}[/bold]", end="")
    console.print(f" — {record.name} ({record.organisation})", markup=False)
    reason = f" — {record.status_reason}" if record.status_reason else ""
    lines = [
        f"status {record.status}{reason}",
        f"version {record.current_version}, owner {record.owner}, budget "
        f"{record.spec.budget.amount:g} {record.spec.budget.currency}",
    ]
    lines += [
        f"  v{v['version']} applied by {v['applied_by']} at {v['applied_at']} {v['source'] or ''}"
        for v in past["versions"]
    ]
    lines += [
        f"  approved v{a['version']} by {a['approver']} at {a['approved_at']} "
        f"({a['audience_size']} contacts)"
        for a in past["approvals"]
    ]
    lines += [f"  {e['at']} {e['actor']}: {e['action']} {e['detail'] or ''}" for e in past["audit"]]
    for line in lines:
        console.print(line, markup=False)


def _lifecycle_command(action: str):
    def command(campaign_id: str, by: By) -> None:
        from delivery.campaigns import lifecycle

        # the action happens now: no --now here, so the audit log cannot be back-dated
        moment = _now(None)
        with _errors(), _store() as store:
            if action == "approve":
                status = lifecycle.approve(
                    store,
                    campaign_id,
                    approver=by,
                    audience_size=_audience_size(campaign_id, moment),
                    now=moment,
                )
            elif action == "launch":
                status = lifecycle.launch(
                    store,
                    campaign_id,
                    actor=by,
                    audience_size=_audience_size(campaign_id, moment),
                    now=moment,
                )
            else:
                status = lifecycle.set_status(store, campaign_id, action, actor=by, now=moment)
        _say(f"{campaign_id}: {status}")

    command.__doc__ = f"{action.capitalize()} a campaign (audited)."
    return command


for _action in ("approve", "launch", "pause", "resume", "archive"):
    app.command(_action)(_lifecycle_command(_action))


@app.command("graph")
def graph(
    target: Annotated[str, typer.Argument(help="A campaign file, or the id of a stored campaign.")],
) -> None:
    """Print the workflow as a Mermaid flowchart."""
    from delivery.campaigns import lifecycle
    from delivery.campaigns.graph import to_mermaid

    with _errors():
        if Path(target).is_file():
            campaign = load_campaign_file(target)
        else:
            with _store() as store:
                campaign = lifecycle.get_campaign(store, target).spec
    typer.echo(to_mermaid(campaign), nl=False)


@app.command("schema")
def schema(out: Annotated[Path, typer.Option("--out")] = SCHEMA_PATH) -> None:
    """Write the campaign JSON Schema (for editors) to OUT."""
    from delivery.campaigns.schema import export_schema

    _say(f"wrote {export_schema(out)}")


@app.command("tick")
def tick(campaign_id: str, now: Now = None) -> None:
    """Advance the campaign's journeys once and print what happened (JSON)."""
    from delivery.journeys.engine import advance_campaign

    with _errors(), _store() as store, _source() as source:
        report = advance_campaign(store, source, campaign_id, now=_now(now))
    typer.echo(json.dumps(report.as_dict(), default=str, indent=2))
