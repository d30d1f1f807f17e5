"""The local instance's event log (orchestration/local_event_log.py) against Dagster's own.

The instance is built the way `make demo` / `make ui` / `enrollflow demo` build it
(``ensure_local_home`` + ``enrollflow.pipeline.instance()``); what it stores is compared with
Dagster's default ``SqliteEventLogStorage`` on the same runs, and read back from another process,
as the UI does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import dagster as dg

from enrollflow import pipeline
from orchestration.local_event_log import (
    OPEN_RUN_SHARDS,
    LocalDagsterInstance,
    LocalSqliteEventLogStorage,
)
from orchestration.local_instance import TELEMETRY, ensure_local_home, event_log_block

DAYS = dg.DailyPartitionsDefinition(start_date="2026-11-01", end_date="2026-11-11")


@dg.asset(partitions_def=DAYS, backfill_policy=dg.BackfillPolicy.single_run())
def raw_days(context) -> None:
    context.log.info(f"{len(context.partition_keys)} days")


@dg.asset(partitions_def=DAYS, deps=[raw_days], backfill_policy=dg.BackfillPolicy.single_run())
def mart_days(context) -> None:
    if context.partition_key_range.start == "2026-11-09":
        raise ValueError("a failing run is stored too")


@dg.asset_check(asset=raw_days)
def raw_days_rows() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


@dg.asset_check(asset=raw_days)
def raw_days_fresh() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, description="a failing check is stored too")


@dg.asset_check(asset=mart_days, partitions_def=DAYS)
def mart_days_sums(context) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


CHECKS = [
    dg.AssetCheckKey(dg.AssetKey("raw_days"), "raw_days_rows"),
    dg.AssetCheckKey(dg.AssetKey("raw_days"), "raw_days_fresh"),
    dg.AssetCheckKey(dg.AssetKey("mart_days"), "mart_days_sums"),
]


def _runs(instance: dg.DagsterInstance) -> list[tuple[str, bool]]:
    """Seven runs (more than the shards kept open): ranges, single days, one failure."""
    days = [(f"2026-11-{d:02d}",) * 2 for d in (9, 10, 3, 5, 7, 2)]
    ranges = [("2026-11-01", "2026-11-08"), *days]
    out = []
    for start, end in ranges:
        result = dg.materialize(
            [raw_days, mart_days, raw_days_rows, raw_days_fresh, mart_days_sums],
            instance=instance,
            tags={
                "dagster/asset_partition_range_start": start,
                "dagster/asset_partition_range_end": end,
            },
            raise_on_error=False,
        )
        out.append((result.run_id, result.success))
    return out


def _stored(instance: dg.DagsterInstance, run_ids: list[str]) -> dict:
    """What the UI reads: each run's event types (in order), materialised partitions, the
    partitions planned but not materialised (how the UI finds failed and in-progress ones),
    each asset's summary row and check results; runs named by their position."""
    run_no = {r: n for n, r in enumerate(run_ids)}
    storage = instance.event_log_storage
    keys = [dg.AssetKey("raw_days"), dg.AssetKey("mart_days")]
    records = {r.asset_entry.asset_key: r.asset_entry for r in instance.get_asset_records(keys)}
    return {
        "events": [
            [
                (e.dagster_event_type.value, e.dagster_event.partition)
                for e in instance.all_logs(r)
                if e.is_dagster_event
            ]
            for r in run_ids
        ],
        "unmaterialised": {
            key.to_user_string(): {
                partition: run_no[run]
                for partition, (
                    run,
                    _,
                ) in storage.get_latest_asset_partition_materialization_attempts_without_materializations(
                    key
                ).items()
            }
            for key in keys
        },
        "summary": {
            key.to_user_string(): (
                run_no[records[key].last_run_id],
                records[key].last_materialization.dagster_event.partition,
                run_no[records[key].last_materialization.run_id],
            )
            for key in keys
        },
        "raw": sorted(instance.get_materialized_partitions(dg.AssetKey("raw_days"))),
        "mart": sorted(instance.get_materialized_partitions(dg.AssetKey("mart_days"))),
        # every check's executions: planned (the run-start batch), then succeeded or failed,
        # per partition for the partitioned one; what the UI's check history shows
        "checks": {
            key.name: sorted(
                (run_no[r.run_id], r.partition or "", r.status.value)
                for r in storage.get_asset_check_execution_history(key, limit=1000)
            )
            for key in CHECKS
        },
    }


def _batch_sizes(monkeypatch, writer: str) -> list[int]:
    """The sizes of the batches the storage's ``writer`` method is given, recorded as it runs."""
    sizes: list[int] = []
    real = getattr(LocalSqliteEventLogStorage, writer)

    def counted(storage, events):
        sizes.append(len(events))
        real(storage, events)

    monkeypatch.setattr(LocalSqliteEventLogStorage, writer, counted)
    return sizes


def test_the_local_home_gets_the_event_log_and_an_older_file_is_brought_up_to_date(tmp_path):
    new = ensure_local_home(tmp_path / "new").read_text()
    assert "LocalSqliteEventLogStorage" in new and "enabled: false" in new
    assert "LocalDagsterInstance" in new
    for n, earlier in enumerate([TELEMETRY, TELEMETRY + event_log_block(tmp_path / "old1")]):
        old = tmp_path / f"old{n}"  # what the Makefile / the previous version wrote
        old.mkdir()
        (old / "dagster.yaml").write_text(earlier)
        ensure_local_home(old)
        ensure_local_home(old)  # twice: nothing added again
        text = (old / "dagster.yaml").read_text()
        assert text.count("event_log_storage") == 1 and text.count("instance_class") == 1
        assert f"base_dir: {old.resolve()}/history/runs" in text
    own = tmp_path / "own"
    own.mkdir()
    (own / "dagster.yaml").write_text("storage:\n  postgres: {}\n")  # a production file: kept
    assert ensure_local_home(own).read_text() == "storage:\n  postgres: {}\n"


def test_it_stores_what_dagsters_own_event_log_stores_and_another_process_reads_it(
    tmp_path, monkeypatch
):
    home = tmp_path / "home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    batches = _batch_sizes(monkeypatch, "_store_asset_events")
    planned = _batch_sizes(monkeypatch, "_store_planned_checks")
    local = pipeline.instance()  # the production path: DAGSTER_HOME without a dagster.yaml
    assert isinstance(local, LocalDagsterInstance)
    assert isinstance(local.event_log_storage, LocalSqliteEventLogStorage)
    runs = _runs(local)
    # the range run's planned and done materialisations were written as batches, and so were
    # the planned check evaluations of each run
    assert max(batches) >= 8 and sum(batches) > len(batches)
    assert planned and all(n == len(CHECKS) for n in planned)
    assert [ok for _, ok in runs].count(False) == 1  # the 2026-11-09 run failed
    assert len(runs) > OPEN_RUN_SHARDS  # early run shards were closed and are read back
    stored = _stored(local, [r for r, _ in runs])

    reference_home = tmp_path / "reference"
    reference_home.mkdir()
    (reference_home / "dagster.yaml").write_text(TELEMETRY)  # Dagster's default storage
    reference = dg.DagsterInstance.from_config(str(reference_home))
    assert type(reference.event_log_storage).__name__ == "SqliteEventLogStorage"
    expected = _stored(reference, [r for r, _ in _runs(reference)])
    assert stored == expected
    assert stored["raw"] == [f"2026-11-{d:02d}" for d in range(1, 11)]
    assert "2026-11-09" not in stored["mart"] and len(stored["mart"]) == 9
    # the failed run's partition is known as planned and not materialised, as the UI needs
    assert stored["unmaterialised"]["mart_days"] == {"2026-11-09": 1}
    local.dispose()

    reader = textwrap.dedent(
        f"""
        import json, dagster as dg
        inst = dg.DagsterInstance.get()
        runs = {[r for r, _ in runs]!r}
        print(json.dumps({{
            "kind": type(inst.event_log_storage).__name__,
            "raw": sorted(inst.get_materialized_partitions(dg.AssetKey("raw_days"))),
            "events": [len(inst.all_logs(r)) for r in runs],
        }}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", reader], capture_output=True, text=True, timeout=120, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["kind"] == "LocalSqliteEventLogStorage"
    assert seen["raw"] == stored["raw"]
    assert all(n > 0 for n in seen["events"])


def test_a_reader_process_polling_while_runs_write_sees_no_lock_errors(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    instance = pipeline.instance()
    poller = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import time, dagster as dg
                inst = dg.DagsterInstance.get()
                reads = 0
                end = time.monotonic() + 600
                while time.monotonic() < end:
                    inst.get_materialized_partitions(dg.AssetKey("raw_days"))
                    for run in inst.get_runs(limit=3):
                        inst.all_logs(run.run_id)
                    reads += 1
                    if reads >= 40 and len(inst.get_runs()) >= 7:
                        break
                print(reads)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        runs = _runs(instance)
    finally:
        out, err = poller.communicate(timeout=660)
    assert poller.returncode == 0, err
    assert int(out.strip()) >= 40
    assert len(runs) == 7 and sum(ok for _, ok in runs) == 6


def test_wipe_closes_the_run_shards_it_deletes(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    instance = pipeline.instance()
    first = _runs(instance)[0][0]
    instance.wipe()
    assert instance.all_logs(first) == []
    assert instance.get_materialized_partitions(dg.AssetKey("raw_days")) == set()
    again = dg.materialize([raw_days], instance=instance, partition_key="2026-11-03")
    assert again.success
    assert instance.get_materialized_partitions(dg.AssetKey("raw_days")) == {"2026-11-03"}


def test_a_batch_write_failing_halfway_stores_every_event_once(tmp_path, monkeypatch, capfd):
    """The index shard's transaction fails under the second batch of a run (a full disk, a lock
    timeout): the group leaves nothing behind and the rest of the batch is stored one event at a
    time, so the runs read back exactly as Dagster's own storage stores them, none twice."""
    home = tmp_path / "home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    tags = LocalSqliteEventLogStorage._store_asset_event_tags
    calls = {"n": 0}

    def failing_once(storage, conn, events, ids):
        calls["n"] += 1
        if calls["n"] == 2:
            raise dg.DagsterError("injected: the index shard's write failed")
        tags(storage, conn, events, ids)

    monkeypatch.setattr(LocalSqliteEventLogStorage, "_store_asset_event_tags", failing_once)
    local = pipeline.instance()
    runs = [r for r, _ in _runs(local)]
    stored = _stored(local, runs)
    counts = [len(local.all_logs(r)) for r in runs]
    local.dispose()
    assert calls["n"] > 2
    err = capfd.readouterr().err

    reference_home = tmp_path / "reference"
    reference_home.mkdir()
    (reference_home / "dagster.yaml").write_text(TELEMETRY)
    reference = dg.DagsterInstance.from_config(str(reference_home))
    expected_runs = [r for r, _ in _runs(reference)]
    assert stored == _stored(reference, expected_runs)
    assert counts == [len(reference.all_logs(r)) for r in expected_runs]
    reference.dispose()
    assert "event batch write failed after" in err  # said on stderr, as Dagster says its own
