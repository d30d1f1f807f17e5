"""One setting moves the pipeline onto Postgres: the tiny business, end to end, on both warehouses.

Each backend runs what production runs — ``ingest_job`` over the whole range, ``warehouse_job``
(dbt, segments, ML, experiments), ``publish_snapshot_job``, then the ``alerts`` tick — with the resources
``orchestration.resources.shared_resources()`` builds from ``ENROLLFLOW_WAREHOUSE`` /
``ENROLLFLOW_POSTGRES_URL``. Then the readers' snapshot of each is compared: row counts of the
main marts, the campaign performance totals, the segment sizes, the ML tables, and the alerts each warehouse holds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg
import duckdb
import psycopg2
import pytest
from pydantic import ValidationError

from delivery.store import open_store
from enrollflow.settings import get_settings
from enrollflow.snapshot import SnapshotNotFoundError, open_snapshot
from orchestration.definitions import defs
from orchestration.defs.delivery.providers import SandboxEmailResource
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.pipeline import ingest_job, publish_snapshot_job, warehouse_job
from orchestration.defs.reporting.assets import alerts
from orchestration.resources import shared_resources

MARTS = [
    "dim_contacts",
    "dim_courses",
    "fct_sends",
    "fct_message_events",
    "fct_touchpoints",
    "fct_contact_activity",
    "fct_campaign_performance",
    "fct_experiment_assignments",
    "segment_memberships",
]
ML_TABLES = ["campaign_success_scores", "course_recommendations", "experiment_results"]


def _run_pipeline(
    business, root: Path, monkeypatch, backend: str, pg_url: str
) -> tuple[Path, set[str]]:
    """The three jobs, as the schedule and sensors chain them, on ``backend``; returns the
    warehouse path whose snapshot readers open and the models not promoted."""
    root.mkdir()
    warehouse = root / "warehouse.duckdb"
    ops = f"sqlite:///{root / 'ops.sqlite'}"
    open_store(ops, create=True).engine.dispose()
    for name, value in {
        "ENROLLFLOW_WAREHOUSE": backend,
        "ENROLLFLOW_POSTGRES_URL": pg_url,
        "ENROLLFLOW_DATA_DIR": str(root),
        "ENROLLFLOW_WAREHOUSE_PATH": str(warehouse),
        "ENROLLFLOW_LANDING_DIR": str(business.landing),
        "ENROLLFLOW_DBT_TARGET": "duckdb",  # the dbt asset's target follows ENROLLFLOW_WAREHOUSE
    }.items():
        monkeypatch.setenv(name, value)
    # every domain's resources, with the shared ones rebuilt from the environment set above
    resources = {
        **defs.resources,
        **shared_resources(),
        "ops_store": OpsStoreResource(url=ops),
        "email": SandboxEmailResource(outbox_dir=str(root / "outbox")),
    }
    jobs = dg.Definitions(
        assets=list(defs.assets or []),
        asset_checks=list(defs.asset_checks or []),
        jobs=[ingest_job, warehouse_job, publish_snapshot_job],
        resources=resources,
    )
    start, end = business.manifest["start_date"], business.manifest["end_date"]
    with dg.instance_for_test() as instance:
        ingest = jobs.get_job_def("ingest_job").execute_in_process(
            instance=instance,
            tags={
                "dagster/asset_partition_range_start": start,
                "dagster/asset_partition_range_end": end,
            },
        )
        assert ingest.success
        built = jobs.get_job_def("warehouse_job").execute_in_process(
            instance=instance, raise_on_error=False
        )
        failures = [e for e in built.all_events if e.is_step_failure]
        assert not failures, [e.step_failure_data.error.message for e in failures]
        stopped = {  # a model not promoted warns and the run goes on, the same on both warehouses
            c.asset_key.to_user_string()
            for c in built.get_asset_check_evaluations()
            if c.check_name == "beats_baseline" and not c.passed
        }
        published = jobs.get_job_def("publish_snapshot_job").execute_in_process(instance=instance)
        assert published.success
        # the alerts tick after a build: the previous alerts and the marts, its table written back
        ticked = dg.materialize(
            [alerts],
            resources=resources,
            instance=instance,
            run_config={"ops": {"alerts": {"config": {"now": f"{end}T23:00:00"}}}},
        )
        assert ticked.success
    return warehouse, stopped


def _alerts(warehouse: Path, pg_url: str | None) -> list[tuple]:
    sql = "select rule, subject, status from {}alerts order by 1, 2"
    if pg_url is None:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return [tuple(r) for r in con.execute(sql.format("")).fetchall()]
    with psycopg2.connect(pg_url) as conn, conn.cursor() as cur:
        cur.execute(sql.format("analytics."))
        return [tuple(r) for r in cur.fetchall()]


def _figures(warehouse: Path) -> dict[str, object]:
    with open_snapshot(warehouse) as con:
        figures: dict[str, object] = {
            f"rows:{t}": con.execute(f'select count(*) from "{t}"').fetchone()[0]
            for t in MARTS + ML_TABLES
        }
        figures["campaign_totals"] = tuple(
            round(float(v or 0), 6)
            for v in con.execute(
                "select count(*), sum(sends), sum(deliveries), sum(unique_opens), "
                "sum(unique_clicks), sum(conversions), sum(revenue_amount), sum(spend_amount) "
                "from fct_campaign_performance"
            ).fetchone()
        )
        figures["segment_sizes"] = dict(
            con.execute(
                "select segment_name, count(*) from segment_memberships "
                "where valid_to is null group by 1 order by 1"
            ).fetchall()
        )
    return figures


@pytest.mark.postgres
@pytest.mark.slow
def test_the_tiny_business_builds_the_same_on_duckdb_and_postgres(
    tiny_business, pg_url, tmp_path, monkeypatch
):
    duck_warehouse, duck_stopped = _run_pipeline(
        tiny_business, tmp_path / "duckdb", monkeypatch, "duckdb", pg_url
    )
    pg_warehouse, pg_stopped = _run_pipeline(
        tiny_business, tmp_path / "postgres", monkeypatch, "postgres", pg_url
    )
    duck, on_pg = _figures(duck_warehouse), _figures(pg_warehouse)
    assert pg_stopped == duck_stopped
    assert _alerts(pg_warehouse, pg_url) == _alerts(duck_warehouse, None)

    # the Postgres build really happened in Postgres: raw by COPY, models by dbt, ML tables pushed
    with psycopg2.connect(pg_url) as conn, conn.cursor() as cur:
        cur.execute("select count(*) from analytics.fct_sends")
        assert cur.fetchone()[0] == on_pg["rows:fct_sends"]
        cur.execute("select count(*) from analytics.campaign_success_scores")
        assert cur.fetchone()[0] == on_pg["rows:campaign_success_scores"]
        cur.execute("select count(*) from raw.raw_crm__contacts")
        assert cur.fetchone()[0] > 0
    # ... and its parse stage holds no model: the snapshot came from Postgres
    with open_snapshot(pg_warehouse) as con:
        assert not con.execute(
            "select count(*) from information_schema.tables where table_name like 'raw_%'"
        ).fetchone()[0]

    assert duck["rows:fct_sends"] > 0 and duck["segment_sizes"]
    assert on_pg == duck
    assert dt.date.fromisoformat(tiny_business.manifest["end_date"])  # the whole range was built


def test_one_setting_points_every_shared_warehouse_user_at_postgres(monkeypatch, tmp_path):
    monkeypatch.setenv("ENROLLFLOW_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE", "postgres")
    monkeypatch.setenv("ENROLLFLOW_POSTGRES_URL", "postgresql://ef:s%40cret@db.internal:6543/wh")
    warehouse = shared_resources()["warehouse"]
    assert warehouse.is_postgres and warehouse.postgres_url.endswith("@db.internal:6543/wh")
    # dbt is pointed at the same database (the password URL-decoded), on the postgres target
    assert warehouse.dbt_profile_env() == {
        "ENROLLFLOW_PG_HOST": "db.internal",
        "ENROLLFLOW_PG_PORT": "6543",
        "ENROLLFLOW_PG_USER": "ef",
        "ENROLLFLOW_PG_PASSWORD": "s@cret",
        "ENROLLFLOW_PG_DBNAME": "wh",
        "ENROLLFLOW_PG_SCHEMA": "analytics",
        "ENROLLFLOW_DBT_TARGET": "postgres",
    }
    # readers (the campaign engine's read-only connection) get the published snapshot
    with pytest.raises(SnapshotNotFoundError, match="publish"):
        warehouse.connect(read_only=True)


def test_an_unknown_warehouse_is_refused_with_the_choices(monkeypatch):
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE", "snowflake")
    with pytest.raises(ValidationError, match="'duckdb' or 'postgres'"):
        get_settings()
