"""Time the demo's build and campaign-loop phases on their own, from saved states.

``make demo`` runs simulate → ingest → build → loop → report in one process; to compare two
versions of the build or of the loop, each run must start from the same state. ``prepare``
simulates the demo's business (20,000 contacts × 180 days, seed 42, history ending the day
before ``--now``), ingests it and saves the data directory (warehouse, ops store, Dagster home,
landing zone) as ``ROOT/ingested``, builds it and saves ``ROOT/built``. ``build`` and ``loop``
copy one of them to ``WORK`` and time ``pipeline.run_warehouse`` or ``run_demo_campaign`` (with
the demo's intraday refreshes) there, printing wall and CPU seconds (this process and its
children: ``dbt`` with ``--no-dbt-worker``; with the worker, dbt's processes are the worker's
children and their CPU is not counted) and the load; ``loop`` also prints each refresh's seconds, the webhook replay's
own wall and CPU seconds (``EngagementReplay.advance``: drawing the engagement, signing and
POSTing it to the in-process webhooks app, the LMS exports) with its POST and event counts, the
campaign summary and the live marts' row counts, which must not change between two versions::

    python -m bench.demo_phases prepare /tmp/phases
    python -m bench.demo_phases build /tmp/phases /tmp/phases/work [--profile build.prof]
    python -m bench.demo_phases loop /tmp/phases /tmp/phases/work [--profile loop.prof]

dbt runs as in the demo, through a warm dbt worker (:mod:`enrollflow.dbt_worker`) that has
loaded the project before the phase's clock starts; ``--no-dbt-worker`` runs ``dbt`` itself.

Run it with another checkout first on ``PYTHONPATH`` to time that version from the same state,
and *not from a checkout's directory*: ``python -m`` puts the working directory ahead of
``PYTHONPATH`` on ``sys.path``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import json
import os
import resource
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

NOW = dt.datetime(2026, 12, 6, 9, 0, 0)
SUMMARY_KEYS = (
    "audience", "journeys", "holdout", "exited_on_enrollment", "messages", "ledger_states",
    "variants", "enrolled", "spend_amount",
)  # fmt: skip


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _copy_state(src: Path, dst: Path) -> None:
    """Copy a saved data directory; its ``dagster.yaml`` names its own folder."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    config = dst / "dagster" / "dagster.yaml"
    if config.exists():
        config.write_text(config.read_text().replace(str(src), str(dst)))


def _use(data_dir: Path) -> None:
    os.environ["ENROLLFLOW_DATA_DIR"] = str(data_dir)
    os.environ["DAGSTER_HOME"] = str(data_dir / "dagster")


@contextlib.contextmanager
def _dbt_as_in_the_demo(data_dir: Path, worker: bool) -> Iterator[None]:
    """A warm dbt worker with the project loaded, as ``enrollflow demo`` has one by the time it
    builds (or none, with ``worker`` False)."""
    if not worker:
        yield
        return
    from enrollflow.dbt_worker import running_worker, warm
    from enrollflow.transform import DBT_PROJECT_DIR, build_profile_env, ensure_manifest

    with running_worker(data_dir / "logs" / "dbt-worker.log") as socket:
        env = build_profile_env()
        ensure_manifest(DBT_PROJECT_DIR, env=env)
        if socket is None or not warm(socket, {**os.environ, **env}, str(DBT_PROJECT_DIR)):
            raise RuntimeError("the dbt worker did not start or could not load the project")
        yield


def _timed(label: str, fn: Callable[[], object], profile: str | None = None) -> object:
    cpu, began = _cpu(), time.perf_counter()
    if profile:
        profiler = cProfile.Profile()
        result = profiler.runcall(fn)
        profiler.dump_stats(profile)
    else:
        result = fn()
    record = {
        "phase": label,
        "wall_s": round(time.perf_counter() - began, 1),
        "cpu_s": round(_cpu() - cpu, 1),
        "load": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(record), flush=True)
    return result


def prepare(root: Path, worker: bool = True) -> None:
    work = root / "work"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    _use(work)
    from delivery.store import open_store
    from enrollflow import pipeline
    from enrollflow.commands.demo import history_window
    from enrollflow.settings import get_settings
    from simulator import simulate

    settings = get_settings()
    start, end = history_window(NOW, 180)
    simulate(settings.data_dir, contacts=20_000, days=180, seed=42, start_date=start)
    inst = pipeline.instance()
    open_store(settings.ops_store, create=True).dispose()
    with _dbt_as_in_the_demo(work, worker):
        _timed("ingest", lambda: pipeline.run_ingest(start, end, inst))
        _copy_state(work, root / "ingested")
        _timed("build", lambda: pipeline.run_warehouse(inst))
    _copy_state(work, root / "built")


def _time_replay() -> dict[str, float]:
    """Wrap the engagement replay's ``advance`` to add up its wall and CPU seconds and POSTs."""
    from delivery.journeys import sandbox_loop

    totals = {"wall_s": 0.0, "cpu_s": 0.0, "posts": 0, "events": 0, "advances": 0}
    advance = sandbox_loop.EngagementReplay.advance

    def timed(self, target, until):  # type: ignore[no-untyped-def]
        cpu, began = time.process_time(), time.perf_counter()
        report = advance(self, target, until)
        totals["wall_s"] = round(totals["wall_s"] + time.perf_counter() - began, 2)
        totals["cpu_s"] = round(totals["cpu_s"] + time.process_time() - cpu, 2)
        totals["posts"] += report.sendgrid_posts + report.twilio_posts
        totals["events"] += report.sendgrid_events + report.twilio_posts
        totals["advances"] += 1
        return report

    sandbox_loop.EngagementReplay.advance = timed  # type: ignore[method-assign]
    return totals


def run_phase(phase: str, root: Path, work: Path, profile: str | None, worker: bool) -> None:
    _copy_state(root / ("ingested" if phase == "build" else "built"), work)
    _use(work)
    with _dbt_as_in_the_demo(work, worker):
        _run_phase(phase, profile)


def _run_phase(phase: str, profile: str | None) -> None:
    from enrollflow import pipeline
    from enrollflow.settings import get_settings

    settings = get_settings()
    inst = pipeline.instance()
    pipeline._definitions()  # loaded during the ingest phase in the demo: not timed
    if phase == "build":
        _timed("build", lambda: pipeline.run_warehouse(inst), profile)
        return
    import duckdb

    from delivery.journeys.demo import run_demo_campaign

    seconds: list[float] = []
    replay = _time_replay()

    def refresh(first: dt.date, last: dt.date, marts: tuple[str, ...] | None = None) -> None:
        began = time.perf_counter()
        if marts is None:
            pipeline.run_intraday(first, last, inst)
        else:
            pipeline.run_intraday(first, last, inst, marts=marts)
        seconds.append(round(time.perf_counter() - began, 1))

    summary = _timed(
        "loop",
        lambda: run_demo_campaign(
            settings.ops_store, settings.warehouse, NOW, settings.data_dir / "campaign",
            landing=settings.landing, truth_dir=settings.data_dir / "truth", refresh=refresh,
        ),
        profile,
    )  # fmt: skip
    print("refreshes (s):", seconds)
    print("webhook replay (s):", json.dumps(replay))
    print(json.dumps({k: summary[k] for k in SUMMARY_KEYS}, sort_keys=True))
    from orchestration.defs.pipeline.intraday import LIVE_MARTS

    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        marts = [m for m in (*LIVE_MARTS, "experiment_results") if m in present]
        counts = {m: con.execute(f"SELECT count(*) FROM {m}").fetchone()[0] for m in marts}
    print("live marts (rows):", json.dumps(counts))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.demo_phases", description=__doc__)
    parser.add_argument("phase", choices=("prepare", "build", "loop"))
    parser.add_argument("root", type=Path)
    parser.add_argument("work", type=Path, nargs="?")
    parser.add_argument("--profile", help="write a cProfile of the phase to this file")
    parser.add_argument(
        "--no-dbt-worker", action="store_true", help="run dbt itself, not the warm worker"
    )
    args = parser.parse_args()
    if args.phase == "prepare":
        prepare(args.root, worker=not args.no_dbt_worker)
    elif args.work is None:
        parser.error("build and loop need WORK")
    else:
        run_phase(args.phase, args.root, args.work, args.profile, not args.no_dbt_worker)


if __name__ == "__main__":
    main()
