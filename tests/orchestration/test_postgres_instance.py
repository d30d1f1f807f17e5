"""deploy/dagster.yaml: a Dagster instance on the real local Postgres materialises an ingest asset."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import dagster as dg
import psycopg2
import pytest

from orchestration.defs.ingest.assets import build_ingest_assets
from tests.orchestration.ingest_helpers import START, landing_with_days, resources

DEPLOY_YAML = Path(__file__).resolve().parents[2] / "deploy" / "dagster.yaml"


@pytest.mark.postgres
def test_ingest_asset_materialises_on_a_postgres_backed_instance(pg_url, tmp_path, monkeypatch):
    url = urlparse(pg_url)
    monkeypatch.setenv("DAGSTER_PG_HOST", url.hostname or "127.0.0.1")
    monkeypatch.setenv("DAGSTER_PG_PORT", str(url.port or 5432))
    monkeypatch.setenv("DAGSTER_PG_USERNAME", url.username or "postgres")
    monkeypatch.setenv("DAGSTER_PG_PASSWORD", url.password or "unused-with-trust-auth")
    monkeypatch.setenv("DAGSTER_PG_DB", url.path.lstrip("/"))
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(DEPLOY_YAML, home / "dagster.yaml")

    instance = dg.DagsterInstance.from_config(str(home))
    try:
        ledger = next(a for a in build_ingest_assets(START) if a.op.name == "ingest_ledger")
        landing = landing_with_days(tmp_path / "landing", days=1)
        result = dg.materialize(
            [ledger],
            resources=resources(tmp_path, landing),
            partition_key=START.isoformat(),
            instance=instance,
        )
        assert result.success
        event = instance.get_latest_materialization_event(dg.AssetKey("raw_ledger__sends"))
        assert event is not None and event.asset_materialization.partition == START.isoformat()
        assert event.asset_materialization.metadata["rows_written"].value == 2
    finally:
        instance.dispose()

    # The run really is stored in that Postgres database, not in local files.
    with psycopg2.connect(pg_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM runs")
        assert cur.fetchone()[0] == 1
        cur.execute("SELECT count(*) FROM event_logs WHERE asset_key LIKE '%raw_ledger__sends%'")
        assert cur.fetchone()[0] > 0


@pytest.mark.postgres
def test_pools_are_set_up_once_before_any_run(pg_url, tmp_path, monkeypatch, capsys):
    """`python -m orchestration.pools` (deploy/staging.py runs it): every pool of the definitions
    gets the instance's default limit before a run can race to create it; a second call, and a
    limit an operator set, change nothing."""
    from orchestration import pools

    url = urlparse(pg_url)
    for key, value in {
        "DAGSTER_PG_HOST": url.hostname or "127.0.0.1",
        "DAGSTER_PG_PORT": str(url.port or 5432),
        "DAGSTER_PG_USERNAME": url.username or "postgres",
        "DAGSTER_PG_PASSWORD": url.password or "unused-with-trust-auth",
        "DAGSTER_PG_DB": url.path.lstrip("/"),
        "DAGSTER_HOME": str(tmp_path),
    }.items():
        monkeypatch.setenv(key, value)
    shutil.copy(DEPLOY_YAML, tmp_path / "dagster.yaml")

    assert pools.main() == 0
    assert "pools: 2 set up (campaign_steps, duckdb_warehouse)" in capsys.readouterr().out
    with dg.DagsterInstance.get() as instance:
        limits = {p.name: p for p in instance.event_log_storage.get_pool_limits()}
        assert {n: (p.limit, p.from_default) for n, p in limits.items()} == {
            "campaign_steps": (1, True),
            "duckdb_warehouse": (1, True),
        }
        assert instance.event_log_storage.get_concurrency_info("campaign_steps").slot_count == 1
        instance.event_log_storage.set_concurrency_slots("duckdb_warehouse", 3)  # an operator's
        assert pools.set_up_pools(instance, ["campaign_steps", "duckdb_warehouse"]) == []
        assert instance.event_log_storage.get_concurrency_info("duckdb_warehouse").slot_count == 3
