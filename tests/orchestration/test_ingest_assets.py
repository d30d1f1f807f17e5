"""The ingest assets: keys, partitions, metadata and GX asset checks, materialised with dg.materialize."""

from __future__ import annotations

import datetime as dt
import json

import dagster as dg
import duckdb
import pytest

from orchestration.defs.ingest import defs as ingest_defs
from orchestration.defs.ingest.assets import build_ingest_assets
from orchestration.defs.ingest.checks import BLOCKING_TABLES
from tests.ingest.landing_samples import day_records, write_lines
from tests.orchestration.ingest_helpers import START, landing_with_days, resources

DAY2 = START + dt.timedelta(days=1)

# Renaming a raw table is a deliberate act: it breaks this list and the dbt sources.
EXPECTED_KEYS = {
    "raw_ads__clicks",
    "raw_ads__spend",
    "raw_crm__consent_events",
    "raw_crm__contacts",
    "raw_ledger__sends",
    "raw_lms__applications",
    "raw_lms__courses",
    "raw_lms__enrollments",
    "raw_marketing__campaigns",
    "raw_marketing__cost_lines",
    "raw_marketing__campaign_members",
    "raw_sendgrid__events",
    "raw_twilio__callbacks",
    "raw_twilio__clicks",
    "raw_web__events",
    "raw_mandrill__events",
    "raw_web__banner_events",
    "raw_social__post_insights",
    # the ops store's export (orchestration/defs/ops_export), ingested like any provider
    "raw_ops__audit_log",
    "raw_ops__campaign_approvals",
    "raw_ops__campaign_split_variants",
    "raw_ops__campaign_versions",
    "raw_ops__campaigns",
    "raw_ops__consent_events",
    "raw_ops__consent_ledger",
    "raw_ops__journeys",
    "raw_ops__privacy_objections",
    "raw_ops__send_ledger",
    "raw_ops__suppressions",
}


def _assets(*ops: str) -> list[dg.AssetsDefinition]:
    return [a for a in build_ingest_assets(START) if a.op.name in ops]


def test_ingest_asset_keys_groups_kinds_and_partitions():
    keys = {s.key.to_user_string() for a in ingest_defs.assets for s in a.specs}
    assert keys == EXPECTED_KEYS
    for assets_def in ingest_defs.assets:
        assert isinstance(assets_def.partitions_def, dg.DailyPartitionsDefinition)
        assert assets_def.backfill_policy == dg.BackfillPolicy.single_run()
        for spec in assets_def.specs:
            assert spec.group_name == "ingest"
            assert spec.kinds == {"duckdb", "python"}
            assert spec.owners and spec.description
            assert "dagster/column_schema" in spec.metadata


def test_asset_checks_are_declared_and_blocking_where_bad_data_reaches_sends():
    specs = {
        (c.asset_key.to_user_string(), c.name): c for a in ingest_defs.assets for c in a.check_specs
    }
    assert ("raw_ledger__sends", "unique_key") in specs
    assert ("raw_sendgrid__events", "unique_key") not in specs  # sg_event_id repeats legitimately
    assert specs[("raw_ledger__sends", "unique_key")].blocking
    assert specs[("raw_crm__consent_events", "value_sets")].blocking
    assert not specs[("raw_web__events", "schema")].blocking
    assert {"raw_ledger__sends", "raw_crm__consent_events"} <= BLOCKING_TABLES


def test_one_partition_materialises_with_metadata_and_passing_checks(tmp_path):
    landing = landing_with_days(tmp_path / "landing", days=2)
    result = dg.materialize(
        _assets("ingest_ledger", "ingest_crm"),
        # Checks can be left out one by one (the same check name of a sibling table still runs).
        selection=dg.AssetSelection.all()
        - dg.AssetSelection.checks_for_assets("raw_crm__contacts")
        - dg.AssetSelection.checks(
            dg.AssetCheckKey(dg.AssetKey("raw_crm__consent_events"), "schema")
        ),
        resources=resources(tmp_path, landing),
        partition_key=START.isoformat(),
    )
    assert result.success
    events = {
        e.asset_key.to_user_string(): e.materialization
        for e in result.get_asset_materialization_events()
    }
    assert set(events) == {"raw_ledger__sends", "raw_crm__contacts", "raw_crm__consent_events"}
    meta = events["raw_ledger__sends"].metadata
    assert meta["rows_written"].value == 2
    assert meta["dagster/row_count"].value == 2
    assert meta["rejects"].value == 0
    assert meta["partition_range"].value == "2026-01-01..2026-01-01"
    assert meta["reject_reasons"].value == "No rejects."
    assert "ledger_id" in meta["preview"].value
    # the contract's schema is definition metadata, not repeated in every partition's event
    assert "dagster/column_schema" not in meta
    (ledger,) = _assets("ingest_ledger")
    spec_schema = ledger.metadata_by_key[dg.AssetKey("raw_ledger__sends")]["dagster/column_schema"]
    assert [c.name for c in spec_schema.columns][-4:] == [
        "_partition_date",
        "_source_file",
        "_line",
        "_ingested_at",
    ]
    checks = result.get_asset_check_evaluations()
    all_four = ("schema", "unique_key", "value_sets", "timestamps_in_range")
    assert {(c.asset_key.to_user_string(), c.check_name) for c in checks} == {
        *(("raw_ledger__sends", check) for check in all_four),
        *(("raw_crm__consent_events", check) for check in all_four[1:]),
    }
    assert all(c.passed for c in checks)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT DISTINCT _partition_date FROM raw_ledger__sends").fetchall() == [
            (START,)
        ]


def test_partition_range_runs_in_one_go_with_rejects_in_metadata(tmp_path):
    landing = landing_with_days(tmp_path / "landing", days=3)
    write_lines(
        landing / "web" / DAY2.isoformat() / "events-extra.jsonl",
        ["{not json", '{"event_id": "x"}'],
    )
    result = dg.materialize(
        _assets("ingest_web"),
        resources=resources(tmp_path, landing),
        tags={
            "dagster/asset_partition_range_start": START.isoformat(),
            "dagster/asset_partition_range_end": DAY2.isoformat(),
        },
    )
    assert result.success
    # the web source has two tables (page events, banner events): look at the page events'
    web_events = [
        e.materialization
        for e in result.get_asset_materialization_events()
        if e.materialization.asset_key == dg.AssetKey("raw_web__events")
    ]
    (event,) = web_events[:1]
    partitions = sorted(m.partition for m in web_events)
    assert partitions == [
        START.isoformat(),
        DAY2.isoformat(),
    ]  # one run, both partitions, not day 3
    assert event.metadata["partition_range"].value == "2026-01-01..2026-01-02"
    assert event.metadata["rows_written"].value == 4
    assert event.metadata["rejects"].value == 2
    reasons = event.metadata["reject_reasons"].value
    assert "| invalid JSON | 1 | web/2026-01-02/events-extra.jsonl:1 |" in reasons
    assert (
        "| missing required key 'event_timestamp' | 1 | web/2026-01-02/events-extra.jsonl:2 |"
        in reasons
    )


def test_failing_blocking_check_says_what_is_wrong(tmp_path):
    landing = tmp_path / "landing"
    sends = day_records(START, 2)[("ledger", "sends")]
    sends[1] = sends[1] | {"ledger_id": sends[0]["ledger_id"], "channel": "carrier_pigeon"}
    write_lines(
        landing / "ledger" / START.isoformat() / "sends.jsonl", [json.dumps(s) for s in sends]
    )
    result = dg.materialize(
        _assets("ingest_ledger"),
        resources=resources(tmp_path, landing),
        partition_key=START.isoformat(),
        raise_on_error=False,
    )
    checks = {c.check_name: c for c in result.get_asset_check_evaluations()}
    assert not checks["unique_key"].passed
    assert checks["unique_key"].severity == dg.AssetCheckSeverity.ERROR
    assert (
        "expect_column_values_to_be_unique(ledger_id): 2 of 2 rows unexpected"
        in checks["unique_key"].description
    )
    assert not checks["value_sets"].passed
    assert "carrier_pigeon" in checks["value_sets"].metadata["failures"].value
    assert checks["schema"].passed


@pytest.mark.parametrize("bad_range", [("2025-12-31", "2026-01-01")])
def test_partitions_start_at_the_configured_start_date(bad_range):
    partitions = build_ingest_assets(START)[0].partitions_def
    assert partitions.get_first_partition_key() == START.isoformat()
    assert bad_range[0] not in partitions.get_partition_keys(current_time=dt.datetime(2026, 1, 5))


def test_shared_resources_come_from_settings(tmp_path, monkeypatch):
    from orchestration.resources import shared_resources

    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("ENROLLFLOW_LANDING_DIR", str(tmp_path / "landing"))
    resources = shared_resources()
    assert resources["warehouse"].path == str(tmp_path / "w.duckdb")
    assert resources["landing"].root == tmp_path / "landing"
    with resources["warehouse"].connect() as con:
        con.execute("CREATE TABLE t AS SELECT 1")
    assert (tmp_path / "w.duckdb").exists()


def test_warehouse_connect_waits_for_another_process_to_release_the_file(tmp_path):
    import subprocess
    import sys

    from orchestration.resources import WarehouseResource

    path = tmp_path / "w.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(2)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(duckdb.IOException, match="lock"):
            WarehouseResource(path=str(path), lock_wait_seconds=0.3).connect()
        with WarehouseResource(path=str(path), lock_wait_seconds=120).connect() as con:
            assert con.execute("SELECT 42").fetchone() == (42,)
        assert holder.wait(timeout=60) == 0
    finally:
        holder.kill()
        holder.wait()


def test_ingest_assets_share_the_warehouse_pool():
    assert {a.op.pool for a in ingest_defs.assets} == {"duckdb_warehouse"}
