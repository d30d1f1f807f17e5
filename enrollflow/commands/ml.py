"""``enrollflow ml``: model commands for marketers (score a campaign before it runs)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.markup import escape

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import CampaignError
from delivery.campaigns.validation import load_campaign_file
from delivery.store import open_store
from enrollflow.settings import get_settings
from enrollflow.snapshot import open_reader
from ml.errors import MLInputError
from ml.runs.campaign_success import score_draft_campaigns
from ml.warehouse_io import data_now

log = logging.getLogger(__name__)
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
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object (used: model or baseline, notice).")
    ] = False,
) -> None:
    """Predicted conversion rate, CPA and ROI of a campaign that has not run, with 80 % intervals."""
    console = Console(width=120, highlight=False)
    path = get_settings().warehouse
    if not path.exists():
        console.print(
            f"[red]warehouse {escape(str(path))} does not exist: run the pipeline first[/red]"
        )
        raise typer.Exit(1)
    try:
        campaign = _campaign(file_or_id)
        with open_reader(path) as con:  # the published build: a job may be writing the file
            moment = dt.datetime.fromisoformat(now).replace(tzinfo=None) if now else data_now(con)
            cats = {campaign.campaign_id: course_category} if course_category else None
            (row,) = score_draft_campaigns(
                con, [campaign], now=moment, seed=seed, course_categories=cats
            ).to_dict("records")
            gate = _promotion(con, "campaign_success_logit")
            overall = _overall_rate(con)
    except (CampaignError, MLInputError, ValueError) as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1) from None
    cur = campaign.budget.currency
    result = _scored(row, gate, overall)
    if as_json:
        clean = {k: None if isinstance(v, float) and v != v else v for k, v in result.items()}
        typer.echo(json.dumps({"campaign_id": campaign.campaign_id, **clean}))
        return
    if result["notice"]:
        console.print(f"[yellow]{escape(str(result['notice']))}[/yellow]")
    console.print(
        f"[bold]{campaign.campaign_id}[/bold]: {row['sends']:,} planned messages, "
        f"cost {_money(row['cost_amount'], cur)} (budget {_money(row['budget_amount'], cur)})"
    )
    label = "predicted" if result["used"] == "model" else "model (not used, for information):"
    console.print(
        f"{label} conversion rate {row['predicted_conversion_rate']:.2%} "
        f"(80 % interval {row['conversion_rate_low']:.2%}–{row['conversion_rate_high']:.2%}), "
        f"{row['predicted_conversions']:.0f} conversions"
    )
    console.print(
        f"{label} CPA {_money(row['predicted_cpa_amount'], cur)} (80 % interval "
        f"{_money(row['cpa_low_amount'], cur)}–{_money(row['cpa_high_amount'], cur)}), "
        f"predicted ROI {row['predicted_roi']:.1f}x"
    )
    if result["used"] == "baseline" and result["conversion_rate"] == result["conversion_rate"]:
        console.print(
            f"[bold]baseline used[/bold]: conversion rate {result['conversion_rate']:.2%}, "
            f"{result['conversions']:,.0f} conversions, CPA {_money(result['cpa_amount'], cur)}"
        )


def _scored(row: dict, gate: bool | None, overall: float | None) -> dict:
    """The figures to act on: the model's when promoted, else the overall-rate baseline's.

    ``used`` is ``model`` or ``baseline``; ``notice`` says why the model was not used (None when
    it was); ``model_promoted`` is the registry's verdict (None: never evaluated).
    """
    if gate is True:
        return {
            "used": "model",
            "model_promoted": True,
            "notice": None,
            "conversion_rate": float(row["predicted_conversion_rate"]),
            "conversions": float(row["predicted_conversions"]),
            "cpa_amount": float(row["predicted_cpa_amount"]),
            "model_conversion_rate": float(row["predicted_conversion_rate"]),
        }
    why = (
        "was never evaluated" if gate is None else "did NOT beat its baseline on held-out campaigns"
    )
    rate = float("nan") if overall is None else overall
    conversions = row["sends"] * rate
    fallback = (
        f"the overall conversion rate of past messages, {rate:.2%} ({conversions:,.0f} conversions)"
        if overall is not None
        else "none (fct_sends has no conversions to take an overall rate from)"
    )
    notice = (
        f"The campaign-success model {why}: it is not promoted, so its prediction is shown for "
        f"information only. Fallback: {fallback}."
    )
    log.warning(notice)
    return {
        "used": "baseline",
        "model_promoted": gate,
        "notice": notice,
        "conversion_rate": rate,
        "conversions": float(conversions),
        "cpa_amount": float(row["cost_amount"] / conversions) if conversions > 0 else float("nan"),
        "model_conversion_rate": float(row["predicted_conversion_rate"]),
    }
