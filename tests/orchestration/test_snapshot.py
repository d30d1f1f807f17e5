"""Readers (notebooks, reports, the studio) and the pipeline never block each other.

The pipeline writes the warehouse; ``warehouse_snapshot`` publishes a copy; readers open the copy.
These tests run a reader in another process while the pipeline writes and publishes.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from enrollflow.snapshot import (
    SnapshotNotFoundError,
    open_snapshot,
    publish_snapshot,
    snapshot_path,
)
from orchestration.defs.pipeline import warehouse_snapshot
from orchestration.resources import WarehouseResource

NOW = dt.datetime(2026, 12, 5, 12, 0)

READER = textwrap.dedent(
    """
    import sys, time
    from enrollflow.snapshot import open_snapshot
    con = open_snapshot(sys.argv[1])
    print(con.execute("select count(*) from fct_campaign_performance").fetchone()[0], flush=True)
    sys.stdin.readline()  # hold the snapshot open until the test says so
    print(con.execute("select count(*) from duckdb_tables() where table_name = 'late_table'")
          .fetchone()[0], flush=True)
    """
)


@pytest.fixture
def warehouse(tiny_warehouse: Path, tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(tiny_warehouse, path)
    return path


def _materialize_snapshot(path: Path) -> dg.MaterializeResult:
    result = dg.materialize(
        [warehouse_snapshot], resources={"warehouse": WarehouseResource(path=str(path))}
    )
    assert result.success
    return result


def test_warehouse_job_publishes_a_snapshot_readers_open(warehouse: Path) -> None:
    result = _materialize_snapshot(warehouse)
    meta = result.asset_materializations_for_node("warehouse_snapshot")[0].metadata
    assert meta["tables"].value > 20
    # readable by whoever may read the warehouse (not owner-only like a fresh temp file)
    assert snapshot_path(warehouse).stat().st_mode & 0o777 == warehouse.stat().st_mode & 0o777
    with open_snapshot(warehouse) as con, duckdb.connect(str(warehouse), read_only=True) as src:
        sql = "select count(*), sum(sends) from fct_campaign_performance"
        assert con.execute(sql).fetchone() == src.execute(sql).fetchone()


def test_a_reader_holding_the_snapshot_does_not_block_the_pipeline(warehouse: Path) -> None:
    _materialize_snapshot(warehouse)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert int(reader.stdout.readline()) > 0  # the reader has the snapshot open
        # the pipeline writes the warehouse and publishes again while the reader holds its copy
        with duckdb.connect(str(warehouse)) as con:
            con.execute("create table late_table as select 1 as x")
        _materialize_snapshot(warehouse)
        reader.stdin.write("\n")
        reader.stdin.flush()
        # the open reader keeps its consistent (older) copy ...
        assert int(reader.stdout.readline()) == 0
    finally:
        reader.stdin.close()
        assert reader.wait(timeout=60) == 0
    # ... and the next open sees the new build
    with open_snapshot(warehouse) as con:
        assert con.execute("select x from late_table").fetchone() == (1,)


def test_a_reader_of_the_snapshot_never_holds_the_warehouse_lock(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        publish_snapshot(con, warehouse, now=NOW)
    # the writer would raise "Conflicting lock" if the reader held the warehouse itself
    with open_snapshot(warehouse), duckdb.connect(str(warehouse)) as writer:
        writer.execute("create table written_meanwhile as select 1 as x")


def test_the_writer_keeps_its_lock_while_and_after_it_publishes(warehouse: Path) -> None:
    """DuckDB's lock is a POSIX record lock: closing any descriptor of the file in the writing
    process drops it. Publishing must not, or another process could open the warehouse (for
    writing too) while the job's connection is still open."""
    probe = (
        "import duckdb, sys\n"
        "try:\n    duckdb.connect(sys.argv[1], read_only=True).close()\n"
        "except duckdb.IOException as exc:\n    print('locked' if 'lock' in str(exc) else exc)\n"
        "else:\n    print('opened')\n"
    )

    def other_process() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe, str(warehouse)], capture_output=True, text=True,
            timeout=60,
        )  # fmt: skip
        return done.stdout.strip() or done.stderr

    with duckdb.connect(str(warehouse)) as con:
        assert other_process() == "locked"
        published = publish_snapshot(con, warehouse, now=NOW)
        assert other_process() == "locked"
        con.execute("create table after_publishing as select 2 as x")  # the job goes on
    assert other_process() == "opened"
    with open_snapshot(warehouse) as snap:  # the copy is whole and readable
        assert snap.execute("select count(*) from duckdb_tables()").fetchall()[0][0] == (
            published.tables
        )


def test_no_snapshot_yet_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(SnapshotNotFoundError, match="make demo"):
        open_snapshot(tmp_path / "warehouse.duckdb")
    assert snapshot_path(tmp_path / "w.duckdb").name == "w.snapshot.duckdb"


# --- publication after a build: on success, and after a stop by a blocking check, not after a crash


@dg.asset
def model_a() -> int:
    return 1


@dg.asset_check(asset=model_a, blocking=True)
def not_promoted() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, description="did not beat its baseline")


@dg.asset
def broken_model() -> int:
    raise ValueError("a model that really broke")


def _sensor_outcome(assets, checks=()):
    from orchestration.defs.pipeline import publish_sensors

    on_success, on_failure = publish_sensors
    with dg.instance_for_test() as instance:
        result = dg.materialize([*assets, *checks], instance=instance, raise_on_error=False)
        run = instance.get_run_by_id(result.run_id)
        kind = (
            dg.DagsterEventType.RUN_SUCCESS if result.success else dg.DagsterEventType.RUN_FAILURE
        )
        [record] = instance.get_records_for_run(result.run_id, of_type=kind).records
        context = dg.build_run_status_sensor_context(
            sensor_name="s",
            dagster_event=record.event_log_entry.dagster_event,
            dagster_instance=instance,
            dagster_run=run,
        )
        if result.success:
            return on_success(context)
        return on_failure(context.for_run_failure())


def test_a_successful_build_publishes() -> None:
    outcome = _sensor_outcome([model_a])
    assert isinstance(outcome, dg.RunRequest) and outcome.run_key.startswith("publish-after-")


def test_a_build_stopped_by_a_blocking_check_still_publishes() -> None:
    assert isinstance(_sensor_outcome([model_a], [not_promoted]), dg.RunRequest)


def test_a_broken_build_leaves_readers_on_the_previous_snapshot() -> None:
    outcome = _sensor_outcome([broken_model])
    assert isinstance(outcome, dg.SkipReason) and "previous snapshot" in outcome.skip_message
