"""Erasure in a Postgres warehouse: the tiny business's raw tables copied to a fresh database."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import psycopg2
import pytest
from typer.testing import CliRunner

from delivery.store import open_store
from enrollflow.cli import app
from enrollflow.snapshot import publish_postgres_snapshot, snapshot_path
from enrollflow.warehouse import copy_tables_to_postgres
from privacy.person import Scrubber, resolve_person
from privacy.stores_pg_warehouse import erase_in_postgres_warehouse
from tests.privacy.conftest import pick_subject

TABLES = ["raw_crm__contacts", "raw_crm__consent_events", "raw_sendgrid__events",
          "raw_twilio__callbacks", "raw_twilio__clicks", "raw_ledger__sends",
          "raw_lms__enrollments"]  # fmt: skip


@pytest.mark.postgres
def test_postgres_warehouse_erasure(tiny_business, tiny_raw_warehouse, pg_url):
    copy_tables_to_postgres(tiny_raw_warehouse, pg_url, "raw", TABLES)
    subject = pick_subject(tiny_business.landing, tiny_raw_warehouse)
    person = resolve_person(
        subject.contact_id, store=None, warehouse=tiny_raw_warehouse, landing=tiny_business.landing
    )
    scrubber = Scrubber(person)

    def dump() -> tuple[str, int, float]:
        with psycopg2.connect(pg_url) as con, con.cursor() as cur:
            text = []
            for table in TABLES:
                cur.execute(f"SELECT * FROM raw.{table}")
                text += map(repr, cur.fetchall())
            cur.execute("SELECT count(*) FROM raw.raw_sendgrid__events")
            events = cur.fetchone()[0]
            cur.execute("SELECT sum(amount) FROM raw.raw_lms__enrollments")
            revenue = float(cur.fetchone()[0] or 0)
        return "\n".join(text), events, revenue

    before, events, revenue = dump()
    assert subject.email in before
    touched = erase_in_postgres_warehouse(pg_url, ["raw"], scrubber)
    assert touched["raw.raw_crm__contacts"] >= 1 and touched["raw.raw_sendgrid__events"] >= 1
    after, events_after, revenue_after = dump()
    for needle in (subject.email, subject.phone, subject.first_name, subject.last_name):
        assert needle not in after, needle
    assert subject.contact_id not in after and scrubber.pseudonym in after
    assert (events_after, revenue_after) == (events, pytest.approx(revenue))


@pytest.mark.postgres
def test_the_cli_erases_in_the_postgres_warehouse_of_record_and_its_snapshot(
    business_copy, tiny_raw_warehouse, pg_url, monkeypatch
):
    """``ENROLLFLOW_WAREHOUSE=postgres``: `enrollflow privacy erase` scrubs the raw and model
    schemas of Postgres without being told, and republishes the readers' snapshot from Postgres
    (not from the parse-stage file, which holds no models)."""
    copy_tables_to_postgres(tiny_raw_warehouse, pg_url, "raw", TABLES)
    copy_tables_to_postgres(tiny_raw_warehouse, pg_url, "analytics", ["raw_crm__contacts"])
    with psycopg2.connect(pg_url) as con, con.cursor() as cur:
        cur.execute("ALTER TABLE analytics.raw_crm__contacts RENAME TO dim_contacts")
    parse_stage = business_copy.data / "parse.duckdb"
    shutil.copyfile(tiny_raw_warehouse, parse_stage)
    publish_postgres_snapshot(pg_url, parse_stage, now=dt.datetime(2026, 6, 1))
    subject = pick_subject(business_copy.landing, tiny_raw_warehouse)
    monkeypatch.setenv("ENROLLFLOW_DATA_DIR", str(business_copy.data))
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(parse_stage))
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE", "postgres")
    monkeypatch.setenv("ENROLLFLOW_POSTGRES_URL", pg_url)
    for var in ("ENROLLFLOW_PRIVACY_KEYS", "ENROLLFLOW_PRIVACY_HASH_KEY",
                "ENROLLFLOW_OPS_STORE_URL", "ENROLLFLOW_LANDING_DIR"):  # fmt: skip
        monkeypatch.delenv(var, raising=False)
    open_store(f"sqlite:///{(business_copy.data / 'ops.sqlite').resolve()}", create=True).dispose()

    r = CliRunner().invoke(app, ["privacy", "erase", subject.contact_id, "--by", "dpo"])

    assert r.exit_code == 0, r.output
    assert "analytics.dim_contacts" in r.output and "raw.raw_sendgrid__events" in r.output
    with psycopg2.connect(pg_url) as con, con.cursor() as cur:
        cur.execute("SELECT * FROM analytics.dim_contacts")
        models = "\n".join(map(repr, cur.fetchall()))
    with duckdb.connect(str(snapshot_path(parse_stage)), read_only=True) as con:
        tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        snapshot = "\n".join(map(repr, con.execute("SELECT * FROM dim_contacts").fetchall()))
    assert tables == {"dim_contacts"}  # exported from Postgres' models, not the parse stage
    for needle in (subject.email, subject.phone, subject.last_name):
        assert needle not in models and needle not in snapshot, needle
    assert snapshot.count("\n") == models.count("\n")  # the others are still there
