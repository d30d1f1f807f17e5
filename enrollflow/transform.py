"""Run the dbt project (dbt_project/) on the duckdb or postgres target, without Dagster.

dbt runs in a child process, so concurrent builds (two targets, a test and the UI) share no global
state, and the child's configuration comes only from the arguments: inherited ``ENROLLFLOW_*`` and
``DBT_*`` variables are dropped and replaced by ``env``. :func:`profile_env` builds that ``env`` from a
warehouse path or a Postgres URL (the variables ``dbt_project/profiles.yml`` reads).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from enrollflow.dbt_client import WORKER_ENV

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"
"""The dbt project shipped with EnrollFlow (profiles.yml lives beside dbt_project.yml)."""

TARGETS = ("duckdb", "postgres")

# Launch dbt's click CLI with this interpreter (the venv's dbt), whatever PATH says.
_DBT_LAUNCHER = "import sys; from dbt.cli.main import cli; sys.exit(cli())"


class DbtBuildError(RuntimeError):
    """A dbt command failed; the message names the failing nodes and where the full log is."""


@dataclass(frozen=True)
class DbtNodeResult:
    """Outcome of one model, test or seed in a dbt invocation."""

    unique_id: str
    status: str
    message: str | None
    execution_time: float


@dataclass(frozen=True)
class DbtRunResult:
    """Outcome of a dbt invocation.

    Attributes
    ----------
    command : list of str
        The dbt arguments (after ``dbt``).
    returncode : int
        Exit code of the dbt process (0 = success).
    nodes : list of DbtNodeResult
        One entry per executed node, from ``run_results.json``.
    target_path : Path
        dbt's target directory (manifest.json, run_results.json).
    log : str
        dbt's console output (stdout and stderr).
    """

    command: list[str]
    returncode: int
    nodes: list[DbtNodeResult] = field(default_factory=list)
    target_path: Path = DBT_PROJECT_DIR / "target"
    log: str = ""

    @property
    def success(self) -> bool:
        """True when dbt exited 0 (every selected model built and every test passed)."""
        return self.returncode == 0

    @property
    def failed_nodes(self) -> list[DbtNodeResult]:
        """Nodes whose status is ``error`` or ``fail``."""
        return [n for n in self.nodes if n.status in ("error", "fail", "runtime error")]

    def raise_for_failure(self) -> DbtRunResult:
        """Return ``self``, or raise :class:`DbtBuildError` naming what failed."""
        if self.success:
            return self
        failed = "; ".join(f"{n.unique_id}: {n.status} ({n.message})" for n in self.failed_nodes)
        tail = "\n".join(self.log.strip().splitlines()[-25:])
        raise DbtBuildError(
            f"`dbt {' '.join(self.command)}` exited {self.returncode}. "
            f"Failed nodes: {failed or 'none recorded (dbt did not start: see log)'}.\n"
            f"Fix the model or the raw data it names; full log tail:\n{tail}"
        )


def profile_env_of(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables of ``environ`` that ``profiles.yml`` reads (``ENROLLFLOW_*``, but not
    ``ENROLLFLOW_DBT_WORKER``: the warm dbt worker's socket, which changes from run to run and
    says nothing about the profile).

    A dbt run started with ``environ`` renders its profile from exactly these, so a parse with them
    leaves a ``partial_parse.msgpack`` that run can reuse (see :func:`ensure_manifest`).
    """
    return {k: v for k, v in environ.items() if k.startswith("ENROLLFLOW_") and k != WORKER_ENV}


def profile_env(
    *,
    warehouse_path: str | os.PathLike[str] | None = None,
    postgres_url: str | None = None,
    postgres_schema: str = "analytics",
    target: str | None = None,
) -> dict[str, str]:
    """Environment variables that point ``profiles.yml`` at a warehouse.

    Parameters
    ----------
    warehouse_path : path-like, optional
        DuckDB file of the ``duckdb`` target (raw tables in schema ``main``).
    postgres_url : str, optional
        ``postgresql://user:password@host:port/dbname`` of the ``postgres`` target (raw tables in
        schema ``raw``).
    postgres_schema : str
        Schema the ``postgres`` target builds models into.
    target : str, optional
        Default target written as ``ENROLLFLOW_DBT_TARGET``.

    Returns
    -------
    dict of str to str
        The variables, ready for :func:`dbt_build`'s ``env``.
    """
    env: dict[str, str] = {}
    if warehouse_path is not None:
        env["ENROLLFLOW_WAREHOUSE_PATH"] = str(Path(warehouse_path).resolve())
    if postgres_url is not None:
        url = urlparse(postgres_url)
        if url.scheme not in ("postgresql", "postgres", "postgresql+psycopg2"):
            raise ValueError(
                f"postgres_url {postgres_url!r}: expected postgresql://user@host:port/dbname"
            )
        env.update(
            ENROLLFLOW_PG_HOST=url.hostname or "127.0.0.1",
            ENROLLFLOW_PG_PORT=str(url.port or 5432),
            ENROLLFLOW_PG_USER=unquote(url.username or "postgres"),
            ENROLLFLOW_PG_PASSWORD=unquote(url.password or ""),
            ENROLLFLOW_PG_DBNAME=(url.path or "/postgres").lstrip("/") or "postgres",
            ENROLLFLOW_PG_SCHEMA=postgres_schema,
        )
    if target is not None:
        env["ENROLLFLOW_DBT_TARGET"] = target
    return env


def _child_env(env: Mapping[str, str]) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ENROLLFLOW_", "DBT_"))}
    base.update(env)
    base["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    base["DO_NOT_TRACK"] = "1"
    return base


def _read_nodes(target_path: Path) -> list[DbtNodeResult]:
    path = target_path / "run_results.json"
    if not path.exists():
        return []
    results = json.loads(path.read_text())["results"]
    return [
        DbtNodeResult(
            unique_id=r["unique_id"],
            status=r["status"],
            message=r.get("message"),
            execution_time=float(r.get("execution_time") or 0.0),
        )
        for r in results
    ]


def dbt_invoke(
    args: Sequence[str],
    project_dir: str | os.PathLike[str] = DBT_PROJECT_DIR,
    *,
    env: Mapping[str, str],
    target_path: str | os.PathLike[str] | None = None,
) -> DbtRunResult:
    """Run any dbt command (``["parse"]``, ``["build", "--select", "..."]``) in a child process.

    Parameters
    ----------
    args : sequence of str
        dbt arguments after ``dbt``.
    project_dir : path-like
        The dbt project (its ``profiles.yml`` is used).
    env : mapping
        Variables for ``profiles.yml`` (see :func:`profile_env`); nothing else is inherited.
    target_path : path-like, optional
        dbt's target directory; give each concurrent invocation its own. Default:
        ``<project_dir>/target``.

    Returns
    -------
    DbtRunResult
        Exit code, per-node results and the console log. Does not raise on failure.
    """
    project = Path(project_dir).resolve()
    if not (project / "dbt_project.yml").exists():
        raise FileNotFoundError(f"{project}: no dbt_project.yml (pass the dbt project directory)")
    target_dir = Path(target_path).resolve() if target_path else project / "target"
    stale = target_dir / "run_results.json"
    if stale.exists():
        stale.unlink()
    cache = project / "target" / "partial_parse.msgpack"
    if target_dir != project / "target" and cache.exists():
        # start a fresh target directory from the project's parse cache: dbt re-parses only what
        # changed (or everything, when the cache does not match this profile and these vars)
        target_dir.mkdir(parents=True, exist_ok=True)
        if not (target_dir / cache.name).exists():
            shutil.copyfile(cache, target_dir / cache.name)
    command = [
        *args,
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--target-path",
        str(target_dir),
        "--log-path",
        str(target_dir),
    ]
    proc = subprocess.run(
        [sys.executable, "-c", _DBT_LAUNCHER, *command],
        cwd=project,
        env=_child_env(env),
        capture_output=True,
        text=True,
        check=False,
    )
    return DbtRunResult(
        command=list(command),
        returncode=proc.returncode,
        nodes=_read_nodes(target_dir),
        target_path=target_dir,
        log=proc.stdout + proc.stderr,
    )


def dbt_build(
    project_dir: str | os.PathLike[str] = DBT_PROJECT_DIR,
    *,
    target: str = "duckdb",
    env: Mapping[str, str],
    select: str | Sequence[str] | None = None,
    exclude: str | Sequence[str] | None = None,
    full_refresh: bool = False,
    vars: Mapping[str, object] | None = None,
    target_path: str | os.PathLike[str] | None = None,
    check: bool = True,
) -> DbtRunResult:
    """``dbt build`` (models, then their tests) on one target.

    Parameters
    ----------
    project_dir : path-like
        The dbt project; default :data:`DBT_PROJECT_DIR`.
    target : {"duckdb", "postgres"}
        Profile target.
    env : mapping
        Variables for ``profiles.yml``, usually from :func:`profile_env`.
    select, exclude : str or sequence of str, optional
        dbt node selection (e.g. ``"staging"``, ``"+fct_campaign_health"``).
    full_refresh : bool
        Rebuild incremental models from scratch.
    vars : mapping, optional
        dbt ``--vars`` (e.g. ``{"pacing_as_of_date": "2026-06-30"}``).
    target_path : path-like, optional
        dbt's target directory (separate per concurrent build).
    check : bool
        Raise :class:`DbtBuildError` if the build fails (default); else return the failed result.

    Returns
    -------
    DbtRunResult
        Per-node results and the log.

    Raises
    ------
    ValueError
        For an unknown target.
    DbtBuildError
        When ``check`` and dbt fails; the message names the failing models/tests.
    """
    if target not in TARGETS:
        raise ValueError(f"target {target!r}: expected one of {', '.join(TARGETS)}")
    args = ["build", "--target", target]
    for flag, value in (("--select", select), ("--exclude", exclude)):
        if value:
            args += [flag, *([value] if isinstance(value, str) else list(value))]
    if full_refresh:
        args.append("--full-refresh")
    if vars:
        args += ["--vars", json.dumps(dict(vars))]
    result = dbt_invoke(args, project_dir, env=env, target_path=target_path)
    return result.raise_for_failure() if check else result


def build_profile_env() -> dict[str, str]:
    """The ``profiles.yml`` variables the dbt asset's builds will run with: the process's
    ``ENROLLFLOW_*`` and, on a Postgres warehouse (``ENROLLFLOW_WAREHOUSE=postgres``), the target
    and connection derived from ``ENROLLFLOW_POSTGRES_URL`` (as ``WarehouseResource.dbt_profile_env``)."""
    from enrollflow.settings import get_settings

    env = profile_env_of(os.environ)
    settings = get_settings()
    if settings.warehouse_backend == "postgres":
        env.update(profile_env(postgres_url=settings.postgres_url, target="postgres"))
    return env


# one parse at a time in a process: a caller that finds a parse under way waits for it and
# then finds the manifest fresh (``enrollflow demo`` starts one in a thread, the definitions'
# import asks again)
_PARSE_LOCK = threading.Lock()


def newest_source_mtime(project: Path) -> float:
    """The newest mtime among the dbt project's own files (its YAML, models, macros, tests,
    seeds and snapshots): a parse older than it is stale."""
    files = [project / "dbt_project.yml", project / "profiles.yml"]
    for folder in ("models", "macros", "tests", "seeds", "snapshots"):
        if (project / folder).is_dir():
            files += [
                p
                for p in (project / folder).rglob("*")
                if p.suffix in (".sql", ".yml", ".yaml", ".csv")
            ]
    return max((p.stat().st_mtime for p in files if p.exists()), default=0.0)


def ensure_manifest(
    project_dir: str | os.PathLike[str] = DBT_PROJECT_DIR,
    *,
    env: Mapping[str, str] | None = None,
) -> Path:
    """Path of ``target/manifest.json``, running ``dbt parse`` (offline) first if it is missing,
    older than any model, macro or YAML file of the project, or parsed with other ``env``.

    dbt's partial parsing (``partial_parse.msgpack``, which dagster-dbt copies into each run's
    target) is only reused by a later ``dbt build`` whose rendered profile matches the parse's; so
    parse with the environment the builds will see, or every build re-parses the whole project
    ("profile has changed").

    Parameters
    ----------
    project_dir : path-like
        The dbt project.
    env : mapping, optional
        Variables for ``profiles.yml`` — those the later builds run with (parsing opens no
        connection). A parse with other variables is redone.

    Returns
    -------
    Path
        The manifest.

    Raises
    ------
    DbtBuildError
        If the project does not parse (the message carries dbt's error).
    """
    with _PARSE_LOCK:
        return _ensure_manifest(Path(project_dir).resolve(), dict(env or {}))


def _ensure_manifest(project: Path, env: dict[str, str]) -> Path:
    target = project / "target"
    manifest = target / "manifest.json"
    stamp = target / "manifest.env.sha256"
    env_hash = hashlib.sha256(json.dumps(sorted(env.items())).encode()).hexdigest()
    stale = (
        not manifest.exists()
        or manifest.stat().st_mtime < newest_source_mtime(project)
        or not stamp.exists()
        or stamp.read_text() != env_hash
    )
    if stale:
        # parse into a private directory, then move the artifacts into place atomically, so a
        # process loading the manifest meanwhile never reads a half-written file
        scratch = Path(tempfile.mkdtemp(prefix=".parse-", dir=_ensure_dir(target)))
        try:
            dbt_invoke(["parse"], project, env=env, target_path=scratch).raise_for_failure()
            for name in ("partial_parse.msgpack", "manifest.json"):
                if (scratch / name).exists():
                    os.replace(scratch / name, target / name)
            stamp.write_text(env_hash)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return manifest


def _ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def compiled_model_sql(
    model: str,
    refs: Mapping[str, str],
    project_dir: str | os.PathLike[str] = DBT_PROJECT_DIR,
) -> str:
    """The ``SELECT`` dbt compiles for ``model``'s full build, reading the given tables.

    ``dbt compile`` of the model alone (duckdb target, a throwaway warehouse file), then every
    relation it refers to (``ref('fct_contact_activity')``) replaced by the table named in
    ``refs``: the model's own SQL, run on other data (a benchmark's synthetic marts, a test's
    hand-made rows). Only for models whose compiled SQL is portable plain SQL.

    Parameters
    ----------
    model : str
        The model name.
    refs : mapping of str to str
        Table to read for each model it refers to; every ``ref`` must be listed.
    project_dir : path-like
        The dbt project.

    Returns
    -------
    str
        The compiled ``SELECT`` (no trailing semicolon).

    Raises
    ------
    DbtBuildError
        If dbt cannot compile the model.
    ValueError
        If the model refers to a relation missing from ``refs``.
    """
    with tempfile.TemporaryDirectory(prefix="compile-") as scratch:
        env = profile_env(warehouse_path=Path(scratch) / "compile.duckdb")
        result = dbt_invoke(
            ["compile", "--target", "duckdb", "--select", model, "--no-populate-cache"],
            project_dir,
            env=env,
            target_path=Path(scratch) / "target",
        ).raise_for_failure()
        manifest = json.loads((result.target_path / "manifest.json").read_text())
        runs = json.loads((result.target_path / "run_results.json").read_text())["results"]
    node = manifest["nodes"][
        f"model.{manifest['metadata'].get('project_name', 'enrollflow')}.{model}"
    ]
    sql = next(r["compiled_code"] for r in runs if r["unique_id"] == node["unique_id"])
    for parent in node["depends_on"]["nodes"]:
        name = parent.split(".")[-1]
        if name not in refs:
            raise ValueError(f"{model} refers to {name}; expected it in refs")
        sql = sql.replace(manifest["nodes"][parent]["relation_name"], refs[name])
    return sql.strip().rstrip(";")
