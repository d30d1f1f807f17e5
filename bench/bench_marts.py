"""Benchmark: the analytics marts of issue 3, built by dbt beside the same SQL run directly.

Two benchmarks on the cached large business (raw tables ingested once, shared with bench_dbt):

- ``marts_build``: ``dbt build --full-refresh`` of the marts and everything upstream of them
  (staging, intermediate, their tests), beside the very SQL dbt compiled, run directly in DuckDB.
- ``marts_incremental_day``: all days but the last built; the last day ingested; ``dbt build`` of
  the marts again (fct_message_events and fct_contact_activity process only the new rows), beside
  that run's compiled SQL run directly.

Run::

    python -m bench marts_build marts_incremental_day                  # 1M contacts, 365 days
    python -m bench marts_build --contacts 20000 --days 60
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench.bench_dbt import (
    _copy,
    _count_nodes,
    _direct_statements,
    _manifest,
    _raw_warehouse,
    _rows,
    _run_direct,
    _timed_build,
)
from bench.runner import Result, benchmark, business, config

# The marts of issue 3 and everything upstream of them; the ops marts (and the tests defined
# beside them, picked up through shared parents) have their own owner and benchmark.
SELECT = "+path:models/marts"
EXCLUDE = "path:models/marts/ops path:models/intermediate/ops"


def _slowest(result, n: int = 5) -> dict[str, float]:
    nodes = sorted(result.nodes, key=lambda node: node.execution_time, reverse=True)[:n]
    return {node.unique_id.split(".")[-1]: round(node.execution_time, 2) for node in nodes}


def _result(seconds: float, floor: float, result, label: str, **details) -> Result:
    return Result(
        figure=seconds,
        unit="s",
        baseline=floor,
        baseline_label=label,
        higher_is_better=False,
        details={
            "dbt_overhead_s": round(seconds - floor, 2),
            "nodes": _count_nodes(result),
            "slowest_nodes_s": _slowest(result),
            **details,
        },
    )


@benchmark("marts_build")
def marts_build() -> Result:
    """Full ``dbt build`` of the marts vs the same compiled SQL run directly in DuckDB."""
    out = business()
    end = dt.date.fromisoformat(_manifest(out / "landing")["end_date"])
    raw = _raw_warehouse(out, "dbt_bench_raw", end)
    work = out / "marts_bench_work"
    dbt_wh = _copy(raw, work / "dbt" / "warehouse.duckdb")
    seconds, result = _timed_build(
        dbt_wh, work / "dbt", select=SELECT, exclude=EXCLUDE, full_refresh=True
    )
    direct_wh = _copy(raw, work / "direct" / "warehouse.duckdb")
    floor = _run_direct(direct_wh, _direct_statements(result), fresh=True)
    return _result(
        seconds,
        floor,
        result,
        "same compiled SQL (models + tests) run directly in DuckDB",
        raw_rows_sendgrid=_rows(raw, "raw_sendgrid__events"),
        fct_message_events_rows=_rows(dbt_wh, "fct_message_events"),
        fct_attribution_rows=_rows(dbt_wh, "fct_attribution"),
        contacts=config().contacts,
    )


@benchmark("marts_incremental_day")
def marts_incremental_day() -> Result:
    """``dbt build`` of the marts after one new day vs that run's compiled SQL run directly."""
    from enrollflow.ingest import ingest_all

    out = business()
    landing = out / "landing"
    end = dt.date.fromisoformat(_manifest(landing)["end_date"])
    before = _raw_warehouse(out, "dbt_bench_raw_but_last_day", end - dt.timedelta(days=1))
    work = out / "marts_bench_incremental"
    now = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)

    def prepared(name: str) -> Path:
        wh = _copy(before, work / name / "warehouse.duckdb")
        _timed_build(wh, work / name, select=SELECT, exclude=EXCLUDE, full_refresh=True)
        ingest_all(wh, landing, end, end, now)
        return wh

    dbt_wh = prepared("dbt")
    seconds, result = _timed_build(dbt_wh, work / "dbt", select=SELECT, exclude=EXCLUDE)
    direct_wh = prepared("direct")
    floor = _run_direct(direct_wh, _direct_statements(result), fresh=False)
    return _result(
        seconds,
        floor,
        result,
        "same compiled SQL of the incremental run, directly in DuckDB",
        new_day=end.isoformat(),
    )
