"""Benchmark: ``dbt build`` of every model on the large business, beside the same SQL run directly.

Two benchmarks, each timed against its floor — the very SQL dbt compiled and ran (models in
dependency order, then every data test as ``SELECT count(*) FROM (<test>)``), executed on DuckDB
without dbt. dbt's own overhead (start-up, parsing, adapter, artifacts) is the difference.

- ``dbt_full_build``: every raw day ingested, then a full ``dbt build`` (``--full-refresh``).
- ``dbt_incremental_day``: all days but the last ingested and built; then the last day is
  ingested and ``dbt build`` runs again (incremental models process only the new rows).

The raw warehouse is ingested once per business and cached beside it
(``<business>/dbt_bench_raw*.duckdb``). Run::

    python -m bench dbt_full_build dbt_incremental_day                 # 1M contacts, 365 days
    python -m bench dbt_full_build --contacts 20000 --days 60
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from pathlib import Path

import duckdb

from bench.runner import Result, benchmark, business, config
from enrollflow.transform import DBT_PROJECT_DIR, DbtRunResult, dbt_build, profile_env


def _manifest(landing: Path) -> dict:
    return json.loads((landing / "_manifest.json").read_text())


def _raw_warehouse(out: Path, name: str, last_day: dt.date) -> Path:
    """Raw tables of the business up to ``last_day``, ingested once and cached."""
    from enrollflow.ingest import ingest_all

    path = out / f"{name}.duckdb"
    if path.exists():
        return path
    landing = out / "landing"
    start = dt.date.fromisoformat(_manifest(landing)["start_date"])
    now = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    print(f"  ingesting {start}..{last_day} into {path}")
    ingest_all(partial, landing, start, last_day, now)
    partial.rename(path)
    return path


def _timed_build(warehouse: Path, work: Path, **kw) -> tuple[float, DbtRunResult]:
    began = time.perf_counter()
    result = dbt_build(
        env=profile_env(warehouse_path=warehouse), target_path=work / "dbt_target", **kw
    )
    return time.perf_counter() - began, result


def _direct_statements(result: DbtRunResult) -> list[tuple[str, str]]:
    """(unique id, SQL) of what dbt ran, rewritten to run on DuckDB without dbt, in dbt's order.

    Models become ``CREATE OR REPLACE VIEW/TABLE <relation> AS <compiled select>`` (incremental
    models whose relation exists become ``INSERT INTO``), tests ``SELECT count(*) FROM (...)``.
    run_results.json lists nodes in completion order, which respects dependencies.
    """
    manifest = json.loads((result.target_path / "manifest.json").read_text())
    raw = json.loads((result.target_path / "run_results.json").read_text())["results"]
    statements = []
    for r in raw:
        if r["unique_id"].startswith("unit_test."):
            continue  # unit tests run on fixture rows, not on the warehouse
        node = manifest["nodes"].get(r["unique_id"], {})
        sql = (r.get("compiled_code") or "").strip().rstrip(";")
        if not sql:
            continue
        if node.get("resource_type") == "test":
            statements.append((r["unique_id"], f"SELECT count(*) FROM ({sql}) AS t"))
            continue
        materialized = node.get("config", {}).get("materialized", "view")
        relation = r["relation_name"]
        if materialized == "view":
            statements.append((r["unique_id"], f"CREATE OR REPLACE VIEW {relation} AS {sql}"))
        elif materialized == "incremental":
            statements.append((r["unique_id"], f"INSERT INTO {relation} {sql}"))
        else:
            statements.append((r["unique_id"], f"CREATE OR REPLACE TABLE {relation} AS {sql}"))
    return statements


def _run_direct(warehouse: Path, statements: list[tuple[str, str]], fresh: bool) -> float:
    """Execute ``statements`` on ``warehouse``; ``fresh`` turns incremental inserts into creates."""
    began = time.perf_counter()
    with duckdb.connect(str(warehouse)) as con:
        # relations are "warehouse"."main"."<model>": DuckDB names the database after the file
        for unique_id, sql in statements:
            if fresh and sql.startswith("INSERT INTO "):
                relation, select = sql.removeprefix("INSERT INTO ").split(" ", 1)
                sql = f"CREATE OR REPLACE TABLE {relation} AS {select}"
            if sql.startswith("CREATE OR REPLACE "):
                _drop_if_other_kind(con, sql)
            try:
                con.execute(sql).fetchall()
            except duckdb.Error as exc:
                raise RuntimeError(f"direct run of {unique_id} failed: {exc}") from exc
    return time.perf_counter() - began


def _drop_if_other_kind(con: duckdb.DuckDBPyConnection, create_sql: str) -> None:
    """Drop the relation a CREATE OR REPLACE targets when it exists as the other kind (a model
    switched between view and table since the warehouse was built)."""
    kind, relation = create_sql.removeprefix("CREATE OR REPLACE ").split(" ", 2)[:2]
    name = relation.split(".")[-1].strip('"')
    existing = con.execute(
        "SELECT table_type FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_name = ?",
        [name],
    ).fetchall()
    if existing:
        is_view = existing[0][0] == "VIEW"
        if is_view != (kind == "VIEW"):
            con.execute(f"DROP {'VIEW' if is_view else 'TABLE'} {relation}")


def _copy(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    return dst


def _count_nodes(result: DbtRunResult) -> dict[str, int]:
    kinds = [n.unique_id.split(".")[0] for n in result.nodes]
    return {k: kinds.count(k) for k in sorted(set(kinds))}


@benchmark("dbt_full_build")
def dbt_full_build() -> Result:
    """Full ``dbt build`` of every model vs the same compiled SQL run directly in DuckDB."""
    out = business()
    end = dt.date.fromisoformat(_manifest(out / "landing")["end_date"])
    raw = _raw_warehouse(out, "dbt_bench_raw", end)
    work = out / "dbt_bench_work"
    # both runs use a file named warehouse.duckdb, so compiled relation names resolve the same
    dbt_wh = _copy(raw, work / "dbt" / "warehouse.duckdb")
    seconds, result = _timed_build(dbt_wh, work / "dbt", full_refresh=True)
    direct_wh = _copy(raw, work / "direct" / "warehouse.duckdb")
    floor = _run_direct(direct_wh, _direct_statements(result), fresh=True)
    return Result(
        figure=seconds,
        unit="s",
        baseline=floor,
        baseline_label="same compiled SQL (models + tests) run directly in DuckDB",
        higher_is_better=False,
        details={
            "dbt_overhead_s": round(seconds - floor, 2),
            "nodes": _count_nodes(result),
            "dbt_node_seconds": round(sum(n.execution_time for n in result.nodes), 2),
            "raw_rows_sendgrid": _rows(raw, "raw_sendgrid__events"),
            "contacts": config().contacts,
            "project": str(DBT_PROJECT_DIR),
        },
    )


@benchmark("dbt_incremental_day")
def dbt_incremental_day() -> Result:
    """``dbt build`` after ingesting one new day vs that run's compiled SQL run directly."""
    out = business()
    end = dt.date.fromisoformat(_manifest(out / "landing")["end_date"])
    before = _raw_warehouse(out, "dbt_bench_raw_but_last_day", end - dt.timedelta(days=1))
    work = out / "dbt_bench_incremental"
    landing = out / "landing"
    now = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)

    def prepared(name: str) -> Path:
        from enrollflow.ingest import ingest_all

        wh = _copy(before, work / name / "warehouse.duckdb")
        _timed_build(wh, work / name, full_refresh=True)  # the state before the new day
        ingest_all(wh, landing, end, end, now)
        return wh

    dbt_wh = prepared("dbt")
    seconds, result = _timed_build(dbt_wh, work / "dbt")
    direct_wh = prepared("direct")
    floor = _run_direct(direct_wh, _direct_statements(result), fresh=False)
    return Result(
        figure=seconds,
        unit="s",
        baseline=floor,
        baseline_label="same compiled SQL of the incremental run, directly in DuckDB",
        higher_is_better=False,
        details={
            "dbt_overhead_s": round(seconds - floor, 2),
            "nodes": _count_nodes(result),
            "new_day": end.isoformat(),
            "dbt_node_seconds": round(sum(n.execution_time for n in result.nodes), 2),
        },
    )


def _rows(path: Path, table: str) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
