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
