"""Benchmark: ``dbt build`` of every model on the large business, beside the same SQL run directly.

Two benchmarks, each timed against its floor — the very SQL dbt compiled and ran (models in
dependency order, then every data test as ``SELECT count(*) FROM (<test>)``), executed on DuckDB
without dbt. dbt's own overhead (start-up, parsing, adapter, artifacts) is the difference.

- ``dbt_full_build``: every raw day ingested, then a full ``dbt build`` (``--full-refresh``).
- ``dbt_incremental_day``: all days but the last ingested and built; then the last day is
  ingested and ``dbt build`` runs again (incremental models process only the new rows; the floor
  does the same delete+insert by unique key).

The marts of issue 3 are part of "every model"; the details name the slowest nodes and the row
counts of the event-sized marts. The raw warehouse is ingested once per business and cached beside
it (``<business>/dbt_bench_raw.duckdb``; the day-before state is that copy minus its last landing
day). Run::

    python -m bench dbt_full_build dbt_incremental_day                 # 1M contacts, 365 days
    python -m bench dbt_full_build --contacts 20000 --days 60
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench.runner import Result, benchmark, business, config
from enrollflow.transform import DbtRunResult, dbt_build, profile_env


def _manifest(landing: Path) -> dict:
    return json.loads((landing / "_manifest.json").read_text())


def raw_warehouse(out: Path, name: str, last_day: dt.date) -> Path:
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


@dataclass(frozen=True)
class Statement:
    """One node dbt ran, as plain SQL: ``kind`` is view, table, incremental or test."""

    unique_id: str
    kind: str
    sql: str
    relation: str = ""
    unique_key: str | None = None

    def queries(self, fresh: bool) -> list[str]:
        """The statements that do what dbt did; ``fresh``: incremental models are created whole."""
        if self.kind == "test":
            return [f"SELECT count(*) FROM ({self.sql}) AS t"]
        if self.kind == "view":
            return [f"CREATE OR REPLACE VIEW {self.relation} AS {self.sql}"]
        if self.kind == "table" or fresh:
            return [f"CREATE OR REPLACE TABLE {self.relation} AS {self.sql}"]
        # incremental, delete+insert on the unique key (append when it has none), as dbt does
        steps = ["CREATE OR REPLACE TEMP TABLE _increment AS " + self.sql]
        if self.unique_key:
            key = self.unique_key
            steps.append(
                f"DELETE FROM {self.relation} WHERE {key} IN (SELECT {key} FROM _increment)"
            )
        return [*steps, f"INSERT INTO {self.relation} BY NAME SELECT * FROM _increment"]


def _direct_statements(result: DbtRunResult) -> list[Statement]:
    """What dbt ran, as statements to run on DuckDB without dbt, in dbt's order.

    Models become ``CREATE OR REPLACE VIEW/TABLE <relation> AS <compiled select>``; incremental
    models whose relation exists delete the rows of their unique key and insert the new ones; tests
    become ``SELECT count(*) FROM (...)``. run_results.json lists nodes in completion order, which
    respects dependencies.
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
            statements.append(Statement(r["unique_id"], "test", sql))
            continue
        config = node.get("config", {})
        kind = config.get("materialized", "view")
        statements.append(
            Statement(r["unique_id"], kind, sql, r["relation_name"], config.get("unique_key"))
        )
    return statements


def _run_direct(warehouse: Path, statements: list[Statement], fresh: bool) -> float:
    """Execute ``statements`` on ``warehouse``; ``fresh`` turns incremental models into creates."""
    began = time.perf_counter()
    with duckdb.connect(str(warehouse)) as con:
        # relations are "warehouse"."main"."<model>": DuckDB names the database after the file
        for statement in statements:
            for sql in statement.queries(fresh):
                if sql.startswith(("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TABLE")):
                    _drop_if_other_kind(con, sql)
                try:
                    con.execute(sql).fetchall()
                except duckdb.Error as exc:
                    raise RuntimeError(
                        f"direct run of {statement.unique_id} failed: {exc}"
                    ) from exc
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


def _raw_but_last_day(out: Path, end: dt.date) -> Path:
    """The raw warehouse without its last landing day: a copy of the full one, that day deleted
    (as if the day had not landed yet) — cheaper than a second ingest at 1M contacts."""
    path = out / "dbt_bench_raw_but_last_day.duckdb"
    if path.exists():
        return path
    partial = _copy(raw_warehouse(out, "dbt_bench_raw", end), path.with_suffix(".partial"))
    with duckdb.connect(str(partial)) as con:
        tables = con.execute(
            "SELECT table_name FROM duckdb_columns() WHERE schema_name = 'main' "
            "AND table_name LIKE 'raw%' AND column_name = '_partition_date'"
        ).fetchall()
        for (table,) in tables:
            con.execute(f"DELETE FROM {table} WHERE _partition_date >= ?", [end]).fetchall()
        con.execute("CHECKPOINT").fetchall()
    partial.rename(path)
    return path


def _slowest(result: DbtRunResult, n: int = 8) -> dict[str, float]:
    nodes = sorted(result.nodes, key=lambda node: node.execution_time, reverse=True)[:n]
    return {node.unique_id.split(".")[-1]: round(node.execution_time, 2) for node in nodes}


def _result(seconds: float, floor: float, result: DbtRunResult, label: str, **details) -> Result:
    return Result(
        figure=seconds,
        unit="s",
        baseline=floor,
        baseline_label=label,
        higher_is_better=False,
        details={
            "dbt_overhead_s": round(seconds - floor, 2),
            "nodes": _count_nodes(result),
            "dbt_node_seconds": round(sum(n.execution_time for n in result.nodes), 2),
            "slowest_nodes_s": _slowest(result),
            "contacts": config().contacts,
            **details,
        },
    )


@benchmark("dbt_full_build")
def dbt_full_build() -> Result:
    """Full ``dbt build`` of every model vs the same compiled SQL run directly in DuckDB."""
    out = business()
    end = dt.date.fromisoformat(_manifest(out / "landing")["end_date"])
    raw = raw_warehouse(out, "dbt_bench_raw", end)
    work = out / "dbt_bench_work"
    # both runs use a file named warehouse.duckdb, so compiled relation names resolve the same
    dbt_wh = _copy(raw, work / "dbt" / "warehouse.duckdb")
    seconds, result = _timed_build(dbt_wh, work / "dbt", full_refresh=True)
    direct_wh = _copy(raw, work / "direct" / "warehouse.duckdb")
    floor = _run_direct(direct_wh, _direct_statements(result), fresh=True)
    details = {
        "raw_rows_sendgrid": _rows(raw, "raw_sendgrid__events"),
        "fct_message_events_rows": _rows(dbt_wh, "fct_message_events"),
        "fct_sends_rows": _rows(dbt_wh, "fct_sends"),
        "fct_touchpoints_rows": _rows(dbt_wh, "fct_touchpoints"),
        "fct_attribution_rows": _rows(dbt_wh, "fct_attribution"),
    }
    shutil.rmtree(work, ignore_errors=True)
    return _result(
        seconds,
        floor,
        result,
        "same compiled SQL (models + tests) run directly in DuckDB",
        **details,
    )


@benchmark("dbt_incremental_day")
def dbt_incremental_day() -> Result:
    """``dbt build`` after ingesting one new day vs that run's compiled SQL run directly."""
    from enrollflow.ingest import ingest_all

    out = business()
    landing = out / "landing"
    end = dt.date.fromisoformat(_manifest(landing)["end_date"])
    work = out / "dbt_bench_incremental"
    now = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    # the state before the new day: all other days built; then the new day lands
    prepared = _copy(_raw_but_last_day(out, end), work / "prepared" / "warehouse.duckdb")
    _timed_build(prepared, work / "prepared", full_refresh=True)
    ingest_all(prepared, landing, end, end, now)
    dbt_wh = _copy(prepared, work / "dbt" / "warehouse.duckdb")
    direct_wh = _copy(prepared, work / "direct" / "warehouse.duckdb")
    seconds, result = _timed_build(dbt_wh, work / "dbt")
    floor = _run_direct(direct_wh, _direct_statements(result), fresh=False)
    shutil.rmtree(work, ignore_errors=True)
    return _result(
        seconds,
        floor,
        result,
        "same compiled SQL of the incremental run (delete+insert), directly in DuckDB",
        new_day=end.isoformat(),
    )


def _rows(path: Path, table: str) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
