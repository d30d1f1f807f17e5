"""The ``dbt`` resource (added to the shared resources under the key ``dbt``)."""

from __future__ import annotations

import functools
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource
from packaging import version

from enrollflow.dbt_client import WORKER_ENV
from orchestration.defs.transform.project import dbt_project


def dbt_executable() -> str:
    """The ``dbt`` installed beside this interpreter (the venv's), whatever ``PATH`` says; or,
    when ``ENROLLFLOW_DBT_WORKER`` names a warm dbt worker (:mod:`enrollflow.dbt_worker`, which
    ``enrollflow demo`` and ``make ui`` start), the ``enrollflow-dbt`` command beside it, which runs each call
    in that worker (and falls back to ``dbt`` when the worker cannot be reached)."""
    client = Path(sys.executable).parent / "enrollflow-dbt"
    if os.environ.get(WORKER_ENV) and client.exists():
        return str(client)
    beside = Path(sys.executable).parent / "dbt"
    if beside.exists():
        return str(beside)
    found = shutil.which("dbt")
    if found is None:
        raise FileNotFoundError(
            f"no dbt executable beside {sys.executable} nor on PATH; run `make venv` to install dbt-core"
        )
    return found


@functools.cache
def dbt_version(executable: str) -> version.Version:
    """The version of ``executable``: the installed dbt-core's when it is the ``dbt`` or the
    ``enrollflow-dbt`` beside this interpreter (no process started), else ``dbt --version``'s,
    asked once per process."""
    if Path(executable).parent == Path(sys.executable).parent and Path(executable).name in (
        "dbt",
        "enrollflow-dbt",
    ):
        return version.parse(importlib.metadata.version("dbt-core"))
    out = subprocess.check_output([executable, "--version"], text=True)
    found = re.search(r"(\d+\.\d+\.\d+)", out)
    if found is None:
        raise ValueError(f"could not read the version of {executable} from: {out!r}")
    return version.parse(found.group(1))


class EnrollflowDbtCliResource(DbtCliResource):
    """dagster-dbt's CLI resource without two costs it pays on every run (~3.5 s and ~1.3 s
    here, once per ``warehouse_job`` and every ``intraday_job``), neither of which our dbt
    asset needs:

    - ``dbt --version`` in a new process to learn the version (it is asked once per process, and
      not at all for the dbt beside this interpreter: :func:`dbt_version`);
    - a dbt adapter initialised in this process (profile, project and macros loaded), which
      dagster-dbt uses only to fetch column metadata; the dbt asset reads row counts through
      the warehouse resource instead (see :mod:`orchestration.defs.transform.assets`).

    Both override private methods of ``DbtCliResource`` (dagster-dbt 0.29): should a later
    release rename them, the resource falls back to dagster-dbt's own behaviour, only slower.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return dbt_version(self.dbt_executable)

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None


#: run folders of the dbt asset's invocations (``dbt_models-<run>-<id>``, up to ~15 MB each) kept
#: beside the newest: enough to read the last runs' ``run_results.json`` and logs
KEEP_RUN_TARGETS = 10
#: a run folder younger than this is never removed (an invocation of another run may be writing it)
RUN_TARGET_MIN_AGE_S = 3600


def prune_run_targets(
    target_root: Path, *, now: float, keep: int | None = None, prefix: str = "dbt_models-"
) -> list[Path]:
    """Remove the dbt asset's older run folders under ``target_root``: all but the ``keep``
    (default :data:`KEEP_RUN_TARGETS`) newest (by modification time), and none modified in the last hour before ``now`` (epoch
    seconds). Returns what was removed. dagster-dbt gives every invocation a folder of its own and
    never removes one, so without this ``dbt_project/target`` grows with every run."""
    runs = sorted(
        (p for p in target_root.glob(f"{prefix}*") if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    removed = []
    for old in runs[KEEP_RUN_TARGETS if keep is None else keep :]:
        if now - old.stat().st_mtime >= RUN_TARGET_MIN_AGE_S:
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old)
    return removed


#: dbt's global flags for the dbt asset's invocations: each run folder's ``dbt.log`` keeps
#: dbt's info lines (every node's start, result and timing, errors and warnings), not its
#: debug stream (every query, connection and adapter call: ~15 MB per full build, ~7 % of
#: dbt's CPU on the demo's build). Dagster reads dbt's events from stdout, not from the file.
DBT_GLOBAL_FLAGS = ["--log-level-file", "info"]


def dbt_resource() -> DbtCliResource:
    """dbt CLI on the project; target and paths come from ``profiles.yml``'s env vars.

    ``ENROLLFLOW_WAREHOUSE=postgres`` makes the dbt asset build on the ``postgres`` target at
    ``ENROLLFLOW_POSTGRES_URL`` (``WarehouseResource.dbt_profile_env``); otherwise
    ``ENROLLFLOW_DBT_TARGET`` picks ``duckdb`` (default) or ``postgres``; the DuckDB file is
    ``ENROLLFLOW_WAREHOUSE_PATH``, else ``$ENROLLFLOW_DATA_DIR/warehouse.duckdb``.
    """
    return EnrollflowDbtCliResource(
        project_dir=dbt_project,
        dbt_executable=dbt_executable(),
        global_config_flags=DBT_GLOBAL_FLAGS,
    )
