"""Benchmark: full ingest of the cached large business (default 1M contacts, 365 days, ~45M
records) into a fresh DuckDB warehouse, beside a raw DuckDB ``read_json`` of the same files.

The figure is ``enrollflow.ingest.ingest_all`` over every day: typed columns, lineage, SendGrid POSTs
unnested, every line validated (rejects with reasons), one transaction per source. The floor loads
the same files with DuckDB's own ``read_json`` (auto-detected schema, one row per line: no unnesting,
no validation, no lineage) into a scratch database: what reading and parsing the bytes costs at best.
Also reported: re-ingesting one busy day of SendGrid (the idempotent daily partition replace).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import shutil
import time
from pathlib import Path

import duckdb

from bench.runner import Result, benchmark, business, config
from enrollflow.ingest import SOURCES, TABLE_SPECS, ingest_source

MEMORY_LIMIT = "6GB"


def _cpu_seconds() -> float:
    """CPU time of this process (all DuckDB threads): comparable even on a loaded, shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _floor(landing: Path, scratch: Path) -> tuple[float, int, dict[str, str]]:
    """Seconds and rows to load every landing file family with plain ``read_json``; how each loaded."""
    how: dict[str, str] = {}
    rows = 0
    began = time.perf_counter()
    with duckdb.connect(str(scratch / "floor.duckdb")) as con:
        for spec in TABLE_SPECS.values():
            files = sorted(landing.glob(f"{spec.source}/*/{spec.file_stem}*.jsonl*"))
            if not files:
                continue
            paths = [str(p) for p in files]
            try:
                con.execute(
                    f'CREATE TABLE "{spec.table}" AS SELECT * FROM read_json(?, format = '
                    "'newline_delimited', union_by_name = true, sample_size = 20000)",
                    [paths],
                )
                how[spec.table] = "read_json"
            except duckdb.Error as exc:  # schema inference can fail on a late odd row
                con.execute(
                    f'CREATE OR REPLACE TABLE "{spec.table}" AS SELECT json FROM read_json_objects(?, '
                    "format = 'newline_delimited')",
                    [paths],
                )
                how[spec.table] = f"read_json_objects ({type(exc).__name__})"
            rows += con.execute(f'SELECT count(*) FROM "{spec.table}"').fetchone()[0]
    return time.perf_counter() - began, rows, how


@benchmark("ingest")
def ingest_rate() -> Result:
    """Ingest the whole cached business; then the floor; then one day's re-ingest."""
    cfg = config()
    landing = business(cfg) / "landing"
    manifest = json.loads((landing / "_manifest.json").read_text())
    start = dt.date.fromisoformat(manifest["start_date"])
    end = dt.date.fromisoformat(manifest["end_date"])
    now = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    records = sum(manifest["events"].values())
    scratch = cfg.data_dir / "bench" / "scratch-ingest"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        warehouse = scratch / "warehouse.duckdb"
        print(f"   ingesting {records:,} records, {start}..{end}, from {landing}")
        cpu0, load0 = _cpu_seconds(), os.getloadavg()[0]
        began = time.perf_counter()
        # = ingest_all, with a memory cap so the shared machine keeps breathing (DuckDB spills).
        with duckdb.connect(str(warehouse), config={"memory_limit": MEMORY_LIMIT}) as con:
            results = {s: ingest_source(con, landing, s, start, end, now) for s in SOURCES}
        seconds = time.perf_counter() - began
        cpu_seconds = _cpu_seconds() - cpu0
        rows = {t: n for r in results.values() for t, n in r.rows.items()}
        rejects = sum(r.total_rejects for r in results.values())
        print(
            f"   ingest: {sum(rows.values()):,} rows + {rejects:,} rejects in {seconds:.1f} s "
            f"({cpu_seconds:.1f} CPU s)"
        )

        busiest = max(
            (d for d in (landing / "sendgrid").iterdir() if d.is_dir()),
            key=lambda d: sum(p.stat().st_size for p in d.iterdir()),
        )
        day = dt.date.fromisoformat(busiest.name)
        with duckdb.connect(str(warehouse)) as con:
            began = time.perf_counter()
            day_result = ingest_source(con, landing, "sendgrid", day, day, now)
            day_seconds = time.perf_counter() - began

        cpu1 = _cpu_seconds()
        floor_seconds, floor_rows, floor_how = _floor(landing, scratch)
        floor_cpu_seconds = _cpu_seconds() - cpu1
        print(
            f"   floor (read_json): {floor_rows:,} rows in {floor_seconds:.1f} s ({floor_cpu_seconds:.1f} CPU s)"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Result(
        figure=records / seconds,
        unit="records/s",
        baseline=records / floor_seconds,
        baseline_label="DuckDB read_json of the same files into tables (no unnest/validation/lineage)",
        details={
            "records": records,
            "seconds": round(seconds, 1),
            "floor_seconds": round(floor_seconds, 1),
            "cpu_seconds": round(cpu_seconds, 1),
            "floor_cpu_seconds": round(floor_cpu_seconds, 1),
            "records_per_cpu_second": round(records / cpu_seconds),
            "load_1m_at_start": load0,
            "slowdown_vs_floor": round(seconds / floor_seconds, 2),
            "rows_by_table": rows,
            "rejects": rejects,
            "floor_rows": floor_rows,
            "floor_method": floor_how,
            "reingest_one_sendgrid_day": {
                "day": day.isoformat(),
                "rows": day_result.rows["raw_sendgrid__events"],
                "seconds": round(day_seconds, 2),
            },
            "memory_limit": MEMORY_LIMIT,
        },
    )
