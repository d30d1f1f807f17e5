"""Benchmarks of the marketer's report and the alert rules on a demo-size warehouse.

The warehouse: a simulated business (``REPORTS_BENCH_CONTACTS``, default 20,000 contacts over
``REPORTS_BENCH_DAYS`` = 180 days: what ``make demo`` builds), ingested and built by dbt once and
cached under ``<data-dir>/bench/reports-c<contacts>-d<days>/``. Each figure is the best of
``REPORTS_BENCH_ROUNDS`` (3) runs; the baseline, in the same process, is the floor of the work:
reading every mart the step reads, whole, into pandas (what any renderer must at least do).

- ``report_render``: ``build_report`` (every query and chart) + ``render_html`` + WeasyPrint's
  PDF of the last week; details split the three.
- ``alerts_evaluate``: ``reports.alerts.rules.evaluate`` (every rule) at the data's "now".
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from bench.runner import Result, benchmark, config

REPORT_TABLES = (
    "fct_campaign_performance",
    "fct_conversion_funnel",
    "fct_budget_pacing",
    "fct_campaign_attribution",
    "fct_attribution_data_driven",
    "fct_deliverability",
    "fct_campaign_health",
    "dim_campaigns",
    "stg_marketing__campaigns",
    "experiment_results",
    "alerts",
    "ml_model_registry",
)
ALERT_TABLES = (
    "fct_campaign_performance",
    "fct_budget_pacing",
    "fct_deliverability",
    "fct_sends",
    "stg_marketing__campaigns",
    "campaign_success_scores",
    "ml_model_registry",
)


def _env(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def demo_warehouse(data_dir: Path, contacts: int, days: int) -> Path:
    """The built warehouse of a ``contacts`` x ``days`` business (built once, then reused)."""
    from enrollflow.ingest import ingest_all
    from enrollflow.transform import dbt_build, profile_env
    from simulator import simulate

    out = Path(data_dir) / "bench" / f"reports-c{contacts}-d{days}"
    path = out / "warehouse.duckdb"
    if path.exists():
        return path
    manifest = simulate(out, contacts=contacts, days=days, seed=42)
    start = dt.date.fromisoformat(manifest["start_date"])
    end = dt.date.fromisoformat(manifest["end_date"])
    partial = out / "warehouse.partial.duckdb"
    partial.unlink(missing_ok=True)
    now = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    ingest_all(partial, out / "landing", start, end, now)
    dbt_build(env=profile_env(warehouse_path=partial), target_path=out / "dbt_target", check=False)
    partial.rename(path)
    return path


def _best(fn: Callable[[], object], rounds: int) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(rounds):
        began = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - began)
    return best, value


def _read_all(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> int:
    present = {
        r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
    }
    return sum(len(con.sql(f"select * from {t}").df()) for t in tables if t in present)


def _open() -> tuple[duckdb.DuckDBPyConnection, int, int]:
    cfg = config()
    contacts, days = _env("REPORTS_BENCH_CONTACTS", 20_000), _env("REPORTS_BENCH_DAYS", 180)
    path = demo_warehouse(cfg.data_dir, contacts, days)
    return duckdb.connect(str(path), read_only=True), contacts, days


@benchmark("report_render")
def report_render() -> Result:
    """Report build + HTML + PDF of the last week, beside reading its marts whole."""
    from reports.build import build_report
    from reports.html import render_html
    from reports.pdf import render_pdf

    rounds = _env("REPORTS_BENCH_ROUNDS", 3)
    con, contacts, days = _open()
    try:
        build_s, content = _best(lambda: build_report(con, period="week"), rounds)
        html_s, page = _best(lambda: render_html(content), rounds)
        pdf_s, pdf = _best(lambda: render_pdf(page), rounds)
        floor_s, rows = _best(lambda: _read_all(con, REPORT_TABLES), rounds)
    finally:
        con.close()
    return Result(
        figure=build_s + html_s + pdf_s,
        unit="s",
        baseline=floor_s,
        baseline_label="reading every mart the report reads, whole, into pandas",
        higher_is_better=False,
        details={
            "contacts": contacts,
            "days": days,
            "build_s": round(build_s, 3),
            "html_s": round(html_s, 3),
            "pdf_s": round(pdf_s, 3),
            "html_kb": round(len(page.encode()) / 1024),
            "pdf_kb": round(len(pdf) / 1024),
            "sections": len(content.sections),
            "rows_read_by_floor": int(rows),
        },
    )


@benchmark("alerts_evaluate")
def alerts_evaluate() -> Result:
    """Every alert rule at the data's now, beside reading the tables the rules read."""
    from reports import data
    from reports.alerts.rules import evaluate

    rounds = _env("REPORTS_BENCH_ROUNDS", 3)
    con, contacts, days = _open()
    try:
        now = data.data_now(con)
        alerts_s, found = _best(lambda: evaluate(con, now), rounds)
        floor_s, rows = _best(lambda: _read_all(con, ALERT_TABLES), rounds)
    finally:
        con.close()
    return Result(
        figure=alerts_s,
        unit="s",
        baseline=floor_s,
        baseline_label="reading every table the rules read, whole, into pandas",
        higher_is_better=False,
        details={
            "contacts": contacts,
            "days": days,
            "alerts": len(found),
            "rows_read_by_floor": int(rows),
        },
    )
