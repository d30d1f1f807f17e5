"""The ops-store export through Dagster: ``ops_landing_files`` then ``ingest_ops`` (the ingest
domain's asset for the ``ops`` landing source), as production materialises them, on a SQLite and
a Postgres ops store. Re-materialising both changes nothing."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import duckdb
import pytest

from delivery.store import open_store
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.ingest.assets import build_source_asset
from orchestration.defs.ops_export.assets import ops_landing_files
from tests.ingest.ops_store_rows import fill_ops_store
from tests.orchestration.ingest_helpers import START, resources

CONTACTS = [f"c_{i:07d}" for i in range(1, 31)]


@pytest.fixture(params=["sqlite", "postgres"])
def ops_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ops.sqlite'}"
    return request.getfixturevalue("pg_url")


def _materialize(tmp_path, landing, ops_url, today: str) -> dg.ExecuteInProcessResult:
    # The production asset body; its daily partitions end yesterday (the 02:00 schedule ingests
    # yesterday), so today's folder -- where the export lands -- gets a partition set that has it,
    # as the intraday path ingests today.
    partitions = dg.DailyPartitionsDefinition(start_date=START.isoformat(), end_offset=1)
    ingest_ops = build_source_asset("ops", partitions)
    return dg.materialize(
        [ops_landing_files, ingest_ops],
        resources={**resources(tmp_path, landing), "ops_store": OpsStoreResource(url=ops_url)},
        partition_key=today,
    )


def test_export_then_ingest_lands_the_ops_store_once(tmp_path, ops_url):
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    store = open_store(ops_url, create=True)  # what `enrollflow ops migrate` does
    try:
        filled = fill_ops_store(store, now - dt.timedelta(minutes=1), CONTACTS)
    finally:
        store.dispose()
    landing = tmp_path / "landing"
    today = now.date().isoformat()  # the export lands in the day folder of its run
    first = _materialize(tmp_path, landing, ops_url, today)
    assert first.success
    meta = {
        e.asset_key.to_user_string(): e.materialization.metadata
        for e in first.get_asset_materialization_events()
    }
    assert meta["ops_landing_files"]["records_landed"].value == (
        1 + 1 + 3 + 1 + len(CONTACTS) + len(filled.ledger_ids) + 2
    )
    assert meta["raw_ops__send_ledger"]["rows_written"].value == len(filled.ledger_ids)
    assert meta["raw_ops__journeys"]["rows_written"].value == len(CONTACTS)
    assert all(c.passed for c in first.get_asset_check_evaluations())

    second = _materialize(tmp_path, landing, ops_url, today)
    assert second.success
    meta2 = {
        e.asset_key.to_user_string(): e.materialization.metadata
        for e in second.get_asset_materialization_events()
    }
    assert meta2["ops_landing_files"]["records_landed"].value == 0
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        ledger = con.execute(
            "SELECT count(*), count(DISTINCT ledger_id) FROM raw_ops__send_ledger"
        ).fetchone()
        assert ledger == (len(filled.ledger_ids), len(filled.ledger_ids))
        assert con.execute("SELECT count(*) FROM raw_ops__campaign_versions").fetchone() == (1,)


def test_a_store_never_created_lands_nothing_and_fails_nothing(tmp_path):
    """Before `enrollflow ops migrate` there is no SQLite store: the export (part of ingest_job)
    materialises with nothing landed instead of failing the ingest, and creates no store."""
    url = f"sqlite:///{tmp_path / 'never' / 'ops.sqlite'}"
    today = dt.datetime.now(dt.UTC).date().isoformat()
    result = _materialize(tmp_path, tmp_path / "landing", url, today)
    assert result.success
    meta = {
        e.asset_key.to_user_string(): e.materialization.metadata
        for e in result.get_asset_materialization_events()
    }
    assert meta["ops_landing_files"]["records_landed"].value == 0
    assert meta["ops_landing_files"]["ops_store"].value.startswith("missing")
    assert not (tmp_path / "never").exists()
