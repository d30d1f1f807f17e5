"""The analytics and HubSpot syncs on a Postgres warehouse of record (``ENROLLFLOW_WAREHOUSE=postgres``).

The tiny business's marts are copied into Postgres' ``analytics`` schema and its CRM contacts into
``raw``, as a Postgres deployment's ``warehouse_job`` and ingest leave them; the DuckDB file at the
warehouse path is the ingest's parse stage and holds no mart. The syncs, as Dagster runs them, must
read the marts from Postgres and keep their cursors there: a second run sends nothing again and the
parse-stage file never gains a table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import psycopg2
import pytest

from enrollflow.warehouse import copy_tables_to_postgres
from orchestration.defs.integrations import (
    ANALYTICS_READS,
    HUBSPOT_RAW_READS,
    HUBSPOT_READS,
)
from orchestration.resources import WarehouseResource
from tests.integrations.test_analytics_sync import (  # noqa: F401  (fixtures)
    _expected,
    _mixpanel_config,
    mixpanel,
    now,
)
from tests.integrations.test_analytics_sync import _sync as analytics_sync
from tests.integrations.test_hubspot_sync import (  # noqa: F401  (fixture)
    NOW,
    _emails,
    _landed,
    _meta,
    hubspot,
)
from tests.integrations.test_hubspot_sync import _sync as hubspot_sync

pytestmark = pytest.mark.postgres
SEGMENT = "pg_segment"


def _postgres_warehouse(warehouse: Path, pg_url: str, tmp_path: Path) -> WarehouseResource:
    """Postgres holding the tiny business's marts, a segment and its CRM contacts; an empty
    parse stage."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "CREATE TABLE segment_memberships AS SELECT ? AS segment_name, contact_id, "
            "TIMESTAMP '2026-01-01' AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to "
            "FROM dim_contacts",
            [SEGMENT],
        )
    marts = sorted({*ANALYTICS_READS, *HUBSPOT_READS} & _tables(warehouse))
    assert {"fct_touchpoints", "dim_contacts", "segment_memberships"} <= set(marts)
    copy_tables_to_postgres(warehouse, pg_url, "analytics", marts)
    copy_tables_to_postgres(warehouse, pg_url, "raw", HUBSPOT_RAW_READS)
    stage = tmp_path / "parse_stage.duckdb"
    duckdb.connect(str(stage)).close()
    return WarehouseResource(path=str(stage), backend="postgres", postgres_url=pg_url)


def _tables(path: Path | str) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}


def _pg(pg_url: str, sql: str) -> list[tuple]:
    with psycopg2.connect(pg_url) as conn, conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def test_analytics_sync_reads_the_postgres_marts_and_keeps_its_cursor_there(
    warehouse,
    pg_url,
    tmp_path,
    now,  # noqa: F811
    mixpanel,  # noqa: F811
):
    resource = _postgres_warehouse(warehouse, pg_url, tmp_path)
    expected = _expected(warehouse, now)
    assert len(expected) > 50
    first = analytics_sync(resource, now, **_mixpanel_config(mixpanel))
    assert first.success
    assert len(mixpanel.accepted) == len(expected)
    assert {a["properties"]["distinct_id"] for a in mixpanel.accepted} == {
        e.user_id for e in expected
    }
    last = max(expected, key=lambda e: (e.occurred_at, e.event_key))
    assert _pg(
        pg_url, "select destination, cursor_at, cursor_key from analytics.analytics_sync_state"
    ) == [("mixpanel", last.occurred_at, last.event_key)]
    # the next run reads that cursor back from Postgres: nothing new is sent
    again = analytics_sync(resource, now, **_mixpanel_config(mixpanel))
    assert again.success and len(mixpanel.accepted) == len(expected)
    assert _tables(resource.path) == set()  # the parse stage is not where marts or state live


def test_hubspot_sync_reads_postgres_and_keeps_its_state_there(
    warehouse,
    pg_url,
    tmp_path,
    hubspot,  # noqa: F811
):
    resource = _postgres_warehouse(warehouse, pg_url, tmp_path)
    landing = tmp_path / "landing"
    first = hubspot_sync(resource, landing, hubspot)
    assert first.success, first
    assert _meta(first)["pushed"] == _emails(warehouse) == len(hubspot.contacts)
    segments = {c["properties"]["enrollflow_segments"] for c in hubspot.contacts.values()}
    assert segments == {SEGMENT}  # segment_memberships read from Postgres
    assert _pg(pg_url, "select count(*) from analytics.hubspot_push_state") == [
        (_emails(warehouse),)
    ]
    # the echo of our push matches raw_crm__contacts (read from Postgres' raw schema): nothing
    # lands; the push state read back from Postgres: nothing is pushed again
    again = hubspot_sync(resource, landing, hubspot)
    assert _meta(again)["pushed"] == 0 and _meta(again)["landed_contacts"] == 0
    assert _landed(landing, "contacts-hubspot.jsonl") == []
    [(cursor,)] = _pg(pg_url, "select cursor_ms from analytics.hubspot_pull_state where id = 1")
    assert cursor > 0
    # an edit in HubSpot after that lands once, as a CRM change
    with duckdb.connect(str(warehouse), read_only=True) as con:
        email = con.execute(
            "select email from dim_contacts where email is not null order by contact_id limit 1"
        ).fetchone()[0]
    hubspot.edit(email, firstname="Ana-Maria")
    edited = hubspot_sync(resource, landing, hubspot, now=NOW + dt.timedelta(hours=1))
    assert edited.success and _meta(edited)["landed_contacts"] == 1
    assert [r["first_name"] for r in _landed(landing, "contacts-hubspot.jsonl")] == ["Ana-Maria"]
    assert _tables(resource.path) == set()
