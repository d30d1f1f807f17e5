"""Benchmark: the demo's ingest through Dagster beside the same ingest without it.

``dagster_ingest``: wall seconds of ``enrollflow.pipeline.run_ingest`` over every day of a
demo-size business (``DAGSTER_INGEST_BENCH_CONTACTS``, default 20,000 contacts ×
``DAGSTER_INGEST_BENCH_DAYS`` = 180 days: what ``make demo`` ingests), on a local instance as
``make demo`` builds it (``orchestration/local_instance.py``: Dagster's SQLite files with the
event log of ``orchestration/local_event_log.py``). One run materialises every raw table's
daily partition (29 tables × the days), with its checks. Loading the definitions (imports, and
``dbt parse`` when the data directory has no manifest yet) happens once per process, as a code
location does, and is timed apart (``definitions_*`` in the details).

Baseline, same process: ``enrollflow.ingest.ingest_all`` of the same days into a fresh file —
the work itself, without Dagster. In the details, ``checks_*``: the raw tables' Great
Expectations checks over the same days on that file (``validate_raw_table`` per table, what the
asset checks run; GX imported beforehand, as the definitions do), so the ratio splits into the
checks' share and Dagster's own (``ratio_local_vs_plain_and_checks``). Also in the details: the
same run on an in-memory instance
(``DagsterInstance.ephemeral()``), and, with ``DAGSTER_INGEST_BENCH_DEFAULT=1``, on Dagster's
default SQLite event log (a new engine, connection and fsync per event: minutes). Run::

    python -m bench dagster_ingest
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import resource
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from bench.runner import Result, benchmark, business, config
from enrollflow.settings import environ


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(work: Callable[[], object]) -> dict[str, float]:
    began, cpu = time.perf_counter(), _cpu()
    work()
    return {"wall_s": round(time.perf_counter() - began, 2), "cpu_s": round(_cpu() - cpu, 2)}


def _instance(kind: str, home: Path):
    import dagster as dg

    from enrollflow import pipeline

    if kind == "ephemeral":
        return dg.DagsterInstance.ephemeral()
    home.mkdir(parents=True)
    if kind == "dagster_default":
        (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    with environ({"DAGSTER_HOME": str(home.resolve())}):  # Dagster wants an absolute path
        return pipeline.instance()  # writes the local dagster.yaml when there is none


def _check_all(warehouse: Path, start: dt.date, end: dt.date, now: dt.datetime) -> None:
    """Every raw table's GX checks over ``start``..``end``, as the ingest's asset checks run them."""
    import duckdb

    from enrollflow.ingest import TABLE_SPECS
    from enrollflow.ingest.expectations import validate_raw_table

    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table in TABLE_SPECS:
            validate_raw_table(con, table, start, end, now)


@benchmark("dagster_ingest")
def dagster_ingest() -> Result:
    import great_expectations  # noqa: F401  (imported once, as the definitions do: not timed)

    from delivery.store import open_store
    from enrollflow import pipeline
    from enrollflow.ingest import TABLE_SPECS, ingest_all

    cfg = dataclasses.replace(
        config(),
        contacts=_env_int("DAGSTER_INGEST_BENCH_CONTACTS", 20_000),
        days=_env_int("DAGSTER_INGEST_BENCH_DAYS", 180),
    )
    landing = business(cfg) / "landing"
    manifest = json.loads((landing / "_manifest.json").read_text())
    start = dt.date.fromisoformat(manifest["start_date"])
    end = dt.date.fromisoformat(manifest["end_date"])
    scratch = Path(cfg.data_dir) / "bench" / "dagster_ingest"
    shutil.rmtree(scratch, ignore_errors=True)
    kinds = ["local", "ephemeral"]
    if os.environ.get("DAGSTER_INGEST_BENCH_DEFAULT") == "1":
        kinds.append("dagster_default")
    timings: dict[str, dict[str, float]] = {}
    try:
        plain = scratch / "plain.duckdb"
        plain.parent.mkdir(parents=True)
        now = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(6))
        timings["plain"] = _timed(lambda: ingest_all(plain, landing, start, end, now))
        timings["checks"] = _timed(lambda: _check_all(plain, start, end, now))
        for kind in kinds:
            data = scratch / kind
            data.mkdir()
            env = {
                "ENROLLFLOW_DATA_DIR": str(data),
                "ENROLLFLOW_LANDING_DIR": str(landing),
                "ENROLLFLOW_START_DATE": start.isoformat(),
            }
            with environ(env):
                open_store(f"sqlite:///{data / 'ops.sqlite'}", create=True).dispose()
                inst = _instance(kind, data / "dagster")
                if "definitions" not in timings:  # loaded once per process, as a code location
                    timings["definitions"] = _timed(pipeline._definitions)
                timings[kind] = _timed(lambda i=inst: pipeline.run_ingest(start, end, i))
                inst.dispose()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Result(
        figure=timings["local"]["wall_s"],
        unit="s",
        baseline=timings["plain"]["wall_s"],
        baseline_label="ingest_all of the same days without Dagster",
        higher_is_better=False,
        details={
            "ratio_local_vs_plain_and_checks": round(
                timings["local"]["wall_s"]
                / (timings["plain"]["wall_s"] + timings["checks"]["wall_s"]),
                2,
            ),
            "contacts": cfg.contacts,
            "days": (end - start).days + 1,
            "partitions": len(TABLE_SPECS) * ((end - start).days + 1),
            **{f"{k}_{m}": v for k, t in timings.items() for m, v in t.items()},
        },
    )
