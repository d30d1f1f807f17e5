"""``enrollflow ml``: model commands for marketers (score a campaign before it runs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import CampaignError
from delivery.campaigns.validation import load_campaign_file
from delivery.store import open_store
from enrollflow.settings import get_settings
from ml.errors import MLInputError
from ml.runs.campaign_success import score_draft_campaigns
from ml.warehouse_io import data_now

app = typer.Typer(
    help="Models: score a draft campaign.", no_args_is_help=True, add_completion=False
)


def _campaign(file_or_id: str):
    path = Path(file_or_id)
    if path.suffix in (".yml", ".yaml") or path.exists():
        return load_campaign_file(path)
    store = open_store(get_settings().ops_store)
    try:
        return lifecycle.get_campaign(store, file_or_id).spec
    finally:
        store.dispose()


def _money(value: float, currency: str) -> str:
    if value != value:  # NaN: no conversions predicted, or no cost
        return "n/a"
    return f"{currency} {value:,.2f}" if abs(value) < 100 else f"{currency} {value:,.0f}"


def _promotion(con: duckdb.DuckDBPyConnection, model_name: str) -> bool | None:
    """The model's latest promotion verdict in ``ml_model_registry`` (None: never evaluated)."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_name = 'ml_model_registry'"
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute(
        "select is_promoted from ml_model_registry where model_name = ? "
        "order by trained_at desc limit 1",
        [model_name],
    ).fetchone()
    return None if row is None else bool(row[0])


def _overall_rate(con: duckdb.DuckDBPyConnection) -> float | None:
    """Conversions per message sent so far (``fct_sends``): the model's baseline."""
    try:
        value = con.execute(
            "select sum(conversions) / nullif(count(*), 0) from fct_sends"
        ).fetchone()[0]
    except duckdb.Error:
        return None
    return None if value is None else float(value)


@app.command("score-campaign")
def score_campaign(
    file_or_id: Annotated[str, typer.Argument(help="Campaign file (.yml) or ops-store id.")],
    course_category: Annotated[
        str | None,
        typer.Option("--course-category", help="Category the campaign promotes (e.g. data)."),
    ] = None,
    now: Annotated[
        str | None, typer.Option("--now", help="Score as of this UTC time (default: the data's).")
    ] = None,
    seed: Annotated[int, typer.Option("--seed")] = 0,
) -> None:
    """Predicted conversion rate, CPA and ROI of a campaign that has not run, with 80 % intervals."""
    console = Console(width=120, highlight=False)
    path = get_settings().warehouse
    if not path.exists():
        console.print(f"[red]warehouse {path} does not exist: run the pipeline first[/red]")
        raise typer.Exit(1)
    try:
        campaign = _campaign(file_or_id)
        with duckdb.connect(str(path), read_only=True) as con:
            moment = dt.datetime.fromisoformat(now).replace(tzinfo=None) if now else data_now(con)
            cats = {campaign.campaign_id: course_category} if course_category else None
            (row,) = score_draft_campaigns(
                con, [campaign], now=moment, seed=seed, course_categories=cats
            ).to_dict("records")
            gate = _promotion(con, "campaign_success_logit")
            overall = _overall_rate(con)
    except (CampaignError, MLInputError, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    cur = campaign.budget.currency
    if gate is not True:
        why = (
            "was never evaluated"
            if gate is None
            else "did NOT beat its baseline on held-out campaigns"
        )
        console.print(
            f"[yellow]The campaign-success model {why}: it is not promoted, so its prediction is "
            f"shown for information only. Fallback: the overall conversion rate of past messages, "
            f"{(overall or 0):.2%} ({row['sends'] * (overall or 0):,.0f} conversions).[/yellow]"
        )
    console.print(
        f"[bold]{campaign.campaign_id}[/bold]: {row['sends']:,} planned messages, "
        f"cost {_money(row['cost_amount'], cur)} (budget {_money(row['budget_amount'], cur)})"
    )
    console.print(
        f"predicted conversion rate {row['predicted_conversion_rate']:.2%} "
        f"(80 % interval {row['conversion_rate_low']:.2%}–{row['conversion_rate_high']:.2%}), "
        f"{row['predicted_conversions']:.0f} conversions"
    )
    console.print(
        f"predicted CPA {_money(row['predicted_cpa_amount'], cur)} (80 % interval "
        f"{_money(row['cpa_low_amount'], cur)}–{_money(row['cpa_high_amount'], cur)}), "
        f"predicted ROI {row['predicted_roi']:.1f}x"
    )
