"""``enrollflow segment validate | list | preview`` on a DuckDB warehouse file with hand-made marts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from enrollflow.commands.segment import app
from segments import DEFINITIONS_DIR
from segments.compiler import compile_segment
from segments.history import materialise
from segments.warehouse import Warehouse
from tests.segments.cases import ES
from tests.segments.conftest import make_segment, write_definitions
from tests.segments.marts import NOW, load_marts

runner = CliRunner()
NOW_ARG = ["--now", NOW.isoformat()]


@pytest.fixture
def warehouse_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        load_marts(Warehouse(conn))
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(path))
    monkeypatch.setenv("ENROLLFLOW_DATA_DIR", str(tmp_path))
    return path


@pytest.fixture
def definitions(tmp_path: Path) -> Path:
    return write_definitions(tmp_path / "definitions", ("spain.yml", "broken.yml"))


def test_validate_starter_set_passes() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "✓ lapsed_learners_6_12m.yml" in result.output


def test_validate_reports_the_bad_file_and_exits_1(definitions: Path) -> None:
    result = runner.invoke(app, ["validate", "--definitions", str(definitions)])
    assert result.exit_code == 1
    assert "✓ spain.yml" in result.output
    assert "✗ broken.yml: where.behaviour: 'opend' is not allowed" in result.output


def test_validate_one_file(definitions: Path) -> None:
    assert runner.invoke(app, ["validate", str(definitions / "spain.yml")]).exit_code == 0
    result = runner.invoke(app, ["validate", str(definitions / "broken.yml")])
    assert result.exit_code == 1 and "broken.yml: where.behaviour" in result.output
    missing = runner.invoke(app, ["validate", str(definitions / "nope.yml")])
    assert missing.exit_code == 2 and "file not found" in missing.output


def test_list(definitions: Path, warehouse_file: Path) -> None:
    with duckdb.connect(str(warehouse_file)) as conn:
        materialise(
            Warehouse(conn), compile_segment(make_segment(ES, "email", "spain"), now=NOW), NOW
        )
    result = runner.invoke(app, ["list", "--definitions", str(definitions)])
    assert result.exit_code == 0, result.output
    assert "spain" in result.output and "2026-03-01 00:00" in result.output
    assert "broken" in result.output and "invalid" in result.output


def test_preview(definitions: Path, warehouse_file: Path) -> None:
    result = runner.invoke(app, ["preview", "spain", "--definitions", str(definitions), *NOW_ARG])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "spain: 2 contacts" in out
    assert "never materialised" in out
    assert "too small for an A/B test: 2 contacts" in out
    assert "by country" in out and "by consent" in out and "by locale" in out
    assert "c01" in out and "c03" in out and "c02" not in out
    assert "FROM dim_contacts AS c" in out
    assert "evaluated in" in out


def test_preview_shows_change_since_last_materialisation(
    definitions: Path, warehouse_file: Path
) -> None:
    with duckdb.connect(str(warehouse_file)) as conn:
        wh = Warehouse(conn)
        materialise(wh, compile_segment(make_segment(ES, "email", "spain"), now=NOW), NOW)
        wh.execute("UPDATE dim_contacts SET is_email_suppressed = FALSE WHERE contact_id = 'c02'")
    result = runner.invoke(app, ["preview", "spain", "--definitions", str(definitions), *NOW_ARG])
    assert "2 contacts): +1 entering, -0 leaving" in result.output


def test_preview_errors(definitions: Path, warehouse_file: Path) -> None:
    args = ["--definitions", str(definitions), *NOW_ARG]
    unknown = runner.invoke(app, ["preview", "nope", *args])
    assert unknown.exit_code == 2 and "unknown segment 'nope'; expected one of broken, spain" in (
        unknown.output
    )
    broken = runner.invoke(app, ["preview", "broken", *args])
    assert broken.exit_code == 1 and "'opend' is not allowed" in broken.output
    bad_now = runner.invoke(
        app, ["preview", "spain", "--definitions", str(definitions), "--now", "yesterday"]
    )
    assert bad_now.exit_code == 2 and "not a time" in bad_now.output


def test_preview_without_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(tmp_path / "none.duckdb"))
    result = runner.invoke(app, ["preview", "lapsed_learners_6_12m", *NOW_ARG])
    assert result.exit_code == 2 and "not found; build it first" in result.output


def test_starter_definitions_dir_is_the_default() -> None:
    assert DEFINITIONS_DIR.name == "definitions" and any(DEFINITIONS_DIR.glob("*.yml"))


def test_a_problem_is_printed_as_written_not_as_markup(tmp_path: Path) -> None:
    # a value whose error quotes it: before, rich read `[bold]` as markup and it vanished
    folder = write_definitions(tmp_path / "definitions", ("broken.yml",))
    broken = folder / "broken.yml"
    broken.write_text(broken.read_text().replace("opend", "'[bold]opend'"))
    result = runner.invoke(app, ["validate", "--definitions", str(folder)])
    assert result.exit_code == 1
    assert "✗ broken.yml: where.behaviour: '[bold]opend' is not allowed" in result.output


def test_list_and_preview_read_the_published_build_while_a_job_writes(
    definitions: Path, warehouse_file: Path
) -> None:
    """A pipeline run holding the warehouse for writing: list and preview read the snapshot
    instead of failing on DuckDB's lock (and holding it, which would stop the run)."""
    import subprocess
    import sys

    from enrollflow.snapshot import publish_snapshot

    with duckdb.connect(str(warehouse_file)) as conn:
        publish_snapshot(conn, warehouse_file, now=NOW)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); time.sleep(120)", str(warehouse_file)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        args = ["--definitions", str(definitions)]
        listed = runner.invoke(app, ["list", *args])
        shown = runner.invoke(app, ["preview", "spain", *args, *NOW_ARG])
    finally:
        holder.kill()
        holder.wait()
    assert listed.exit_code == 0 and "spain" in listed.output, listed.output
    assert shown.exit_code == 0 and "spain: 2 contacts" in shown.output, shown.output
