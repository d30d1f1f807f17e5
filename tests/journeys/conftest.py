"""A hand-made warehouse (DuckDB, in memory) and ops store for journey-engine tests."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import uuid

import duckdb
import pandas as pd
import pytest

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from delivery.content.review import approve_campaign_content
from delivery.journeys.sources import WarehouseSource
from delivery.store import open_store
from tests.campaigns.conftest import _DEMO, _migrated_store_file  # noqa: F401 - re-exported fixture
from tests.fixtures.postgres import _admin_connect, _drop_database, _url_for

ORG_START = dt.datetime(2026, 1, 1)


class World:
    """Contacts, segment memberships and activity in an in-memory DuckDB warehouse."""

    def __init__(self, path: str = ":memory:") -> None:
        self.conn = duckdb.connect(path)
        self.conn.execute(
            """CREATE TABLE IF NOT EXISTS dim_contacts (contact_id VARCHAR, first_name VARCHAR, email VARCHAR,
               phone VARCHAR, timezone VARCHAR, locale VARCHAR, has_email_consent BOOLEAN,
               has_sms_consent BOOLEAN, is_email_suppressed BOOLEAN, is_sms_suppressed BOOLEAN,
               age_band VARCHAR, enrollments_count INTEGER)"""
        )
        self.conn.execute(
            """CREATE TABLE IF NOT EXISTS segment_memberships (segment_name VARCHAR, contact_id VARCHAR,
               valid_from TIMESTAMP, valid_to TIMESTAMP)"""
        )
        self.conn.execute(
            """CREATE TABLE IF NOT EXISTS fct_contact_activity (contact_id VARCHAR, activity_type VARCHAR,
               occurred_at TIMESTAMP)"""
        )
        self.count = 0

    def add_contacts(
        self,
        n: int,
        *,
        timezone: str | None = "Europe/London",
        segment: str = "new_leads_no_application_14d",
        since: dt.datetime = ORG_START,
        **overrides,
    ) -> list[str]:
        ids = [f"c_{self.count + i:07d}" for i in range(n)]
        self.count += n
        frame = pd.DataFrame(
            {
                "contact_id": ids,
                "first_name": [f"Ana{i}" for i in range(n)],
                "email": [f"{c}@example.edu" for c in ids],
                "phone": [f"+447911{i:06d}" for i in range(n)],
                "timezone": timezone,
                "locale": "en",
                "has_email_consent": True,
                "has_sms_consent": True,
                "is_email_suppressed": False,
                "is_sms_suppressed": False,
                "age_band": "25-34",
                "enrollments_count": 0,
            }
        )
        for column, value in overrides.items():
            frame[column] = value
        self._insert("dim_contacts", frame)
        if segment:
            self.join(segment, ids, since)
        return ids

    def join(self, segment: str, ids: list[str], since: dt.datetime) -> None:
        rows = pd.DataFrame(
            {"segment_name": segment, "contact_id": ids, "valid_from": since, "valid_to": pd.NaT}
        )
        self._insert("segment_memberships", rows)

    def act(self, activity_type: str, ids: list[str], at: dt.datetime) -> None:
        rows = pd.DataFrame({"contact_id": ids, "activity_type": activity_type, "occurred_at": at})
        self._insert("fct_contact_activity", rows)

    def recommend(
        self, hours: dict[str, int], *, promoted: bool = True, baseline: dict | None = None
    ) -> None:
        """Write ``send_time_recommendations`` as the ML asset does (model and baseline hours)."""
        rows = pd.DataFrame(
            {
                "contact_id": list(hours),
                "best_local_hour": list(hours.values()),
                "baseline_local_hour": [(baseline or {}).get(c) for c in hours],
                "model_version": "send_time_eb@20260301-test",
                "is_promoted": promoted,
            }
        )
        self.conn.register("_rows", rows)
        self.conn.execute(
            "CREATE OR REPLACE TABLE send_time_recommendations AS SELECT * FROM _rows"
        )
        self.conn.unregister("_rows")

    def _insert(self, table: str, frame: pd.DataFrame) -> None:
        self.conn.register("_rows", frame)
        self.conn.execute(f"INSERT INTO {table} SELECT * FROM _rows")
        self.conn.unregister("_rows")

    @property
    def source(self) -> WarehouseSource:
        return WarehouseSource(self.conn)


def _create_from(name: str, template: str | None = None) -> str:
    conn = _admin_connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    conn.close()
    return name


@pytest.fixture(scope="session")
def _pg_template(pg_session_url) -> str:
    """A Postgres database migrated to head once; each test copies it (CREATE ... TEMPLATE)."""
    name = _create_from(f"enrollflow_jtpl_{uuid.uuid4().hex[:10]}")
    open_store(_url_for(name), create=True).dispose()
    yield name
    _drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """A fresh ops store at the Alembic head: SQLite, and the same test on the real Postgres."""
    name = None
    if request.param == "sqlite":
        target = tmp_path / "ops.sqlite"
        shutil.copyfile(request.getfixturevalue("_migrated_store_file"), target)
        url = f"sqlite:///{target}"
    else:
        template = request.getfixturevalue("_pg_template")
        name = _create_from(f"enrollflow_j_{uuid.uuid4().hex[:10]}", template)
        url = _url_for(name)
    opened = open_store(url, create=True)
    yield opened
    opened.dispose()
    if name:
        _drop_database(name)


@pytest.fixture
def world() -> World:
    w = World()
    yield w
    w.conn.close()


@pytest.fixture
def demo_doc() -> dict:
    return copy.deepcopy(_DEMO)


def launch(
    ops, doc: dict, audience_size: int = 200, now: dt.datetime = dt.datetime(2026, 3, 1)
) -> str:
    """Apply and launch a campaign document; returns its id."""
    campaign = validate_campaign(doc, "test.yml")
    lifecycle.apply_campaign(ops, campaign, actor="maria", now=now)
    if audience_size > 1000:
        lifecycle.grant_role(ops, "olga", "approver", email="o@x.edu", actor="admin", now=now)
        lifecycle.approve(
            ops, campaign.campaign_id, approver="olga", audience_size=audience_size, now=now
        )
        # over 1,000 contacts the content must be approved in the library too
        approve_campaign_content(ops, campaign, author="maria", approver="olga", now=now)
    lifecycle.launch(ops, campaign.campaign_id, actor="maria", audience_size=audience_size, now=now)
    return campaign.campaign_id
