"""Benchmark: the pipeline on a Postgres warehouse beside the DuckDB warehouse, same process.

``warehouse_postgres``: wall seconds of the warehouse path of the cached business (``--contacts``
× ``--days``) with ``ENROLLFLOW_WAREHOUSE=postgres``, against the same path on DuckDB (the
baseline), each stage timed:

1. **ingest** — every landing day parsed into DuckDB (``ingest_all``); on Postgres the days are
   then swapped into the ``raw`` schema with ``COPY`` (``pg_transfer.replace_partitions``);
2. **dbt build** — a full ``dbt build`` (models and tests) on the ``duckdb`` / ``postgres`` target;
3. **segments** — every starter segment materialised (``segments.history.materialise``) on the
   DuckDB file / on Postgres through SQLAlchemy;
4. **snapshot** — the readers' snapshot published (file copy / export from Postgres);
5. **campaign step** — one step of a campaign whose audience is ``new_leads_no_application_14d``
   (``advance_campaign`` on a fresh SQLite ops store, reading the snapshot).

Each backend runs twice, alternating (DuckDB, Postgres, DuckDB, Postgres), and the faster run of
each is kept (``WAREHOUSE_BENCH_ROUNDS=1``: once each, for the 1M-contact business). The runs must agree (segment sizes, contacts admitted), else the benchmark fails. Run::

    python -m bench warehouse_postgres --contacts 2000 --days 30
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import sqlalchemy as sa

from bench.runner import Result, benchmark, business, config, throwaway_postgres
from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from delivery.content.review import approve_campaign_content
from delivery.journeys.engine import advance_campaign
from delivery.journeys.sources import WarehouseSource
from delivery.store import open_store
from enrollflow import pg_transfer
from enrollflow.ingest import SOURCES, ingest_all
from enrollflow.ingest.contract import REJECTS_TABLE
from enrollflow.snapshot import open_snapshot, publish_postgres_snapshot, publish_snapshot
from enrollflow.transform import dbt_build, profile_env
from segments import DEFINITIONS_DIR
from segments.compiler import compile_segment
from segments.history import materialise
from segments.loader import load_definitions
from segments.warehouse import Warehouse

# each backend twice by default, alternating; the faster run of each is kept
# (WAREHOUSE_BENCH_ROUNDS=1 for a single run of each at sizes where two do not fit the time)
ROUNDS = max(1, int(os.environ.get("WAREHOUSE_BENCH_ROUNDS", "2")))
AUDIENCE = "new_leads_no_application_14d"


def _timed(timings: dict[str, float], stage: str, work: Callable[[], object]) -> object:
    began = time.perf_counter()
    out = work()
    timings[stage] = time.perf_counter() - began
    return out


def _segments(conn, now: dt.datetime) -> dict[str, int]:
    loaded = load_definitions(DEFINITIONS_DIR)
    wh = Warehouse(conn)
    return {
        name: materialise(wh, compile_segment(seg, now=now, segments=loaded.segments), now).size
        for name, seg in sorted(loaded.segments.items())
    }


def _campaign_step(warehouse: Path, work: Path, now: dt.datetime) -> int:
    from bench.bench_campaigns import _step_document

    doc = _step_document()
    doc["start_at"] = now.isoformat()
    doc["workflow"]["nodes"][0]["trigger"]["segment"] = AUDIENCE
    store = open_store(f"sqlite:///{work / 'ops.sqlite'}", create=True)
    try:
        campaign = validate_campaign(copy.deepcopy(doc), "bench")
        lifecycle.apply_campaign(store, campaign, actor="bench", now=now)
        lifecycle.grant_role(store, "approver", "approver", email="a@x.edu", actor="b", now=now)
        lifecycle.approve(
            store, campaign.campaign_id, approver="approver", audience_size=10**6, now=now
        )
        approve_campaign_content(store, campaign, author="bench", approver="approver", now=now)
        lifecycle.launch(store, campaign.campaign_id, actor="bench", audience_size=10**6, now=now)
        with open_snapshot(warehouse) as conn:
            report = advance_campaign(
                store, WarehouseSource(conn), campaign.campaign_id, now=now + dt.timedelta(hours=1)
            )
        return report.admitted
    finally:
        store.dispose()


def run_backend(backend: str, landing: Path, work: Path, pg_url: str | None) -> dict:
    """The five stages on ``backend``; returns timings and the figures both runs must share."""
    work.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((landing / "_manifest.json").read_text())
    start = dt.date.fromisoformat(manifest["start_date"])
    end = dt.date.fromisoformat(manifest["end_date"])
    now = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    warehouse = work / "warehouse.duckdb"
    timings: dict[str, float] = {}

    def ingest() -> None:
        ingest_all(warehouse, landing, start, end, now.replace(tzinfo=dt.UTC))
        if backend == "postgres":
            tables = [t for ts in SOURCES.values() for t in ts]
            with duckdb.connect(str(warehouse)) as con:
                pg_transfer.replace_partitions(
                    con, pg_url, tables, start, end, rejects_table=REJECTS_TABLE
                )

    _timed(timings, "ingest", ingest)
    env = (
        profile_env(postgres_url=pg_url, target="postgres")
        if backend == "postgres"
        else profile_env(warehouse_path=warehouse)
    )
    _timed(
        timings,
        "dbt_build",
        lambda: dbt_build(target=backend, env=env, target_path=work / "dbt_target"),
    )
    if backend == "postgres":
        engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg2://", 1))
        with engine.connect() as conn:
            conn.exec_driver_sql("SET search_path TO analytics")
            conn.commit()
            sizes = _timed(timings, "segments", lambda: _segments(conn, now))
        engine.dispose()
        _timed(
            timings,
            "snapshot",
            lambda: publish_postgres_snapshot(pg_url, warehouse, now=now),
        )
    else:
        with duckdb.connect(str(warehouse)) as con:
            sizes = _timed(timings, "segments", lambda: _segments(con, now))
            _timed(timings, "snapshot", lambda: publish_snapshot(con, warehouse, now=now))
    admitted = _timed(timings, "campaign_step", lambda: _campaign_step(warehouse, work, now))
    return {"timings": timings, "segment_sizes": sizes, "admitted": admitted}


@benchmark("warehouse_postgres")
def warehouse_postgres() -> Result:
    cfg = config()
    landing = business(cfg) / "landing"
    scratch = Path(cfg.data_dir) / "bench" / "warehouse_backends"
    shutil.rmtree(scratch, ignore_errors=True)
    runs: dict[str, list[dict]] = {"duckdb": [], "postgres": []}
    try:
        for round_ in range(ROUNDS):  # alternating, so neither gets only a cold or warm cache
            work = scratch / str(round_)
            runs["duckdb"].append(run_backend("duckdb", landing, work / "duckdb", None))
            with throwaway_postgres("warehouse") as pg_url:
                runs["postgres"].append(run_backend("postgres", landing, work / "pg", pg_url))
            shutil.rmtree(work, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    duck, pg = (min(runs[b], key=lambda r: sum(r["timings"].values())) for b in runs)
    for key in ("segment_sizes", "admitted"):
        if duck[key] != pg[key]:
            raise AssertionError(f"{key} differ: duckdb {duck[key]} vs postgres {pg[key]}")
    total_pg = sum(pg["timings"].values())
    total_duck = sum(duck["timings"].values())
    return Result(
        figure=total_pg,
        unit="s",
        baseline=total_duck,
        baseline_label="the same five stages on the DuckDB warehouse",
        higher_is_better=False,
        details={
            "postgres_s": {k: round(v, 2) for k, v in pg["timings"].items()},
            "duckdb_s": {k: round(v, 2) for k, v in duck["timings"].items()},
            "segment_sizes": duck["segment_sizes"],
            "admitted": duck["admitted"],
        },
    )
