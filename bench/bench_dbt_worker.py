"""Benchmark: one dbt call through the warm dbt worker, beside the same call of ``dbt`` itself.

``dbt_worker``: ``ls --select stg_lms__courses`` on the project (no warehouse query: what is
timed is what every dbt call pays before its first node -- Python starting, dbt's import, the
project loaded from its partial-parse cache -- which the worker pays once,
:mod:`enrollflow.dbt_worker`). Both run as the dbt asset runs them: a new process per call with
JSON logs, the same environment and the same project, alternating, ``CALLS`` calls each after
one warm-up call each (the worker's parse, dbt's partial-parse cache). The figure is the median
wall time of a call through ``enrollflow-dbt``; the baseline, the median of ``dbt``'s. Run::

    python -m bench dbt_worker
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.runner import Result, benchmark, config
from enrollflow.dbt_client import WORKER_ENV
from enrollflow.dbt_worker import running_worker
from enrollflow.transform import DBT_PROJECT_DIR, ensure_manifest

CALLS = 5
ARGS = ["ls", "--select", "stg_lms__courses", "--output", "name"]


def _timed(exe: str, env: dict[str, str], target: Path) -> float:
    began = time.perf_counter()
    done = subprocess.run(
        [exe, *ARGS],
        env={**env, "DBT_TARGET_PATH": str(target), "DBT_LOG_PATH": str(target)},
        cwd=DBT_PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or "stg_lms__courses" not in done.stdout:
        raise RuntimeError(f"{exe} {' '.join(ARGS)} failed: {done.stdout[-2000:]}")
    return time.perf_counter() - began


@benchmark("dbt_worker")
def dbt_worker() -> Result:
    """Median seconds of a dbt call through the warm worker vs a new ``dbt`` process."""
    bin_dir = Path(sys.executable).parent
    scratch = (config().data_dir / "bench").resolve()  # the calls run from the project
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        data = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("ENROLLFLOW_")}
        env |= {"ENROLLFLOW_DATA_DIR": str(data), "DBT_LOG_FORMAT": "json"}
        env |= {"DBT_PROJECT_DIR": str(DBT_PROJECT_DIR), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        ensure_manifest(DBT_PROJECT_DIR, env={"ENROLLFLOW_DATA_DIR": str(data)})
        cache = DBT_PROJECT_DIR / "target" / "partial_parse.msgpack"
        with running_worker(data / "worker.log") as worker:
            if worker is None:
                raise RuntimeError("the dbt worker did not start")
            warm_env = {**env, WORKER_ENV: worker}
            plain, warm = [], []
            for i in range(CALLS + 1):
                target = data / f"call-{i}"
                target.mkdir()
                # as dagster-dbt starts each run folder: from the project's partial-parse cache
                shutil.copyfile(cache, target / cache.name)
                plain.append(_timed(str(bin_dir / "dbt"), env, target))
                warm.append(_timed(str(bin_dir / "enrollflow-dbt"), warm_env, target))
    return Result(
        figure=statistics.median(warm[1:]),
        unit="s per call",
        baseline=statistics.median(plain[1:]),
        baseline_label="a new `dbt` process per call (import + partial parse), the same call",
        higher_is_better=False,
        details={"worker_s": warm, "dbt_s": plain, "first_call_is_warm_up": True},
    )
