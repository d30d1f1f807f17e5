"""The console script imports a command group only when it runs, and lists every group."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from enrollflow.cli import COMMANDS, app, lazy_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "delivery" / "campaigns" / "examples"
HEAVY = ("pandas", "sklearn", "dagster", "duckdb", "statsmodels", "dbt")
#: what validation needs only for some files or other commands: pydantic-settings (settings are a
#: plain pydantic model read from the environment), rich (tables of `list` / `show`), croniter
#: (cron entries), Babel's formatters (a template's date / price filters when they run)
LIGHT = ("pydantic_settings", "rich", "croniter", "babel.dates", "babel.numbers")


def _help_of(target) -> str:
    if isinstance(target, typer.Typer):
        return target.info.help
    first_paragraph = (target.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(line.strip() for line in first_paragraph.splitlines())


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_listed_help_is_the_commands_own(name: str) -> None:
    assert COMMANDS[name].help == _help_of(COMMANDS[name].load())


def test_the_eager_app_and_the_console_script_have_the_same_commands() -> None:
    eager = typer.main.get_command(app)
    assert set(eager.commands) == set(COMMANDS) == set(lazy_cli().commands)


def _console(*args: str) -> subprocess.CompletedProcess:
    """The console script, as `enrollflow ARGS` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "enrollflow.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_help_lists_every_group_and_an_unknown_command_is_an_error() -> None:
    shown = _console("--help")
    assert shown.returncode == 0, shown.stderr
    for name, spec in COMMANDS.items():
        assert name in shown.stdout
        assert spec.help.split()[0] in shown.stdout
    wrong = _console("campain")
    assert wrong.returncode == 2 and "No such command" in wrong.stderr


def _heavy_modules_after(
    *args: str,
    env: dict[str, str] | None = None,
    watch: tuple[str, ...] = (*HEAVY, "sqlalchemy", "scipy.stats"),
) -> list[str]:
    """Run `enrollflow ARGS` in a fresh interpreter; the ``watch`` modules it imported."""
    code = (
        "import sys\n"
        "from enrollflow.cli import lazy_cli\n"
        f"try:\n    lazy_cli()({list(args)!r}, prog_name='enrollflow')\n"
        "except SystemExit:\n    pass\n"
        f"print([m for m in {watch!r} if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    return eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 - our own repr of a list


def test_help_imports_no_heavy_library() -> None:
    assert _heavy_modules_after("--help") == []
    # a group's help lists its commands without loading what they run (the campaign models and
    # their templates: ~0.3 s)
    watch = (*HEAVY, "jinja2", "delivery.campaigns.models")
    assert _heavy_modules_after("campaign", "--help", watch=watch) == []


def test_validating_a_campaign_file_needs_no_store_no_warehouse_and_no_pandas(tmp_path) -> None:
    # no warehouse here, so the power line says so without loading the statistics either; the
    # templates' checks load neither NumPy nor the social platforms' HTTP client
    env = {**os.environ, "ENROLLFLOW_WAREHOUSE_PATH": str(tmp_path / "none.duckdb")}
    watch = (*HEAVY, *LIGHT, "numpy", "scipy", "httpx")
    for example in ("course_page_followup.yml", "spring_enrollment.yml"):
        assert _heavy_modules_after("campaign", "validate", str(EXAMPLES / example), env=env,
                                    watch=watch) == []  # fmt: skip


def test_a_group_and_a_single_command_run_through_the_console_script() -> None:
    done = _console("segment", "list")
    assert done.returncode == 0, done.stderr
    assert "lapsed_learners_6_12m" in done.stdout
    refused = _console("simulate", "--contacts", "0")
    assert refused.returncode == 2 and "--contacts" in refused.stderr


def test_validating_against_the_warehouse_loads_no_model_library(tiny_warehouse, tmp_path) -> None:
    # with a warehouse the power line counts the audience and reads the click rate in DuckDB,
    # and computes the power on plain floats: no pandas, NumPy or SciPy
    env = {**os.environ, "ENROLLFLOW_WAREHOUSE_PATH": str(tiny_warehouse)}
    watch = (*HEAVY, *LIGHT, "sqlalchemy", "numpy", "scipy", "httpx")
    loaded = _heavy_modules_after("campaign", "validate", str(EXAMPLES / "spring_enrollment.yml"),
                                  env=env, watch=watch)  # fmt: skip
    assert loaded == ["duckdb"]
