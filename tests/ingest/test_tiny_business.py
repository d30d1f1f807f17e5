"""Ingest on the simulator's tiny business: every record lands, in the contract's shape, and passes GX."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from enrollflow.ingest import SOURCES, TABLE_SPECS
from enrollflow.ingest.expectations import validate_raw_table
from tests.fixtures.warehouse import simulated_now


@pytest.fixture(scope="module")
def raw(tiny_raw_warehouse):
    with duckdb.connect(str(tiny_raw_warehouse), read_only=True) as con:
        yield con


def _count(con, sql, *params):
    return con.execute(sql, list(params)).fetchone()[0]


def test_every_record_of_the_manifest_lands_or_is_rejected(raw, tiny_business):
    # The simulator's manifest counts records per source (one per line; SendGrid: per event).
    # The ops store's export is EnrollFlow's own source, not the simulator's (tests/ingest/test_ops_export.py);
    # Mandrill's events come only from the webhooks app (tests/delivery/test_mandrill_webhooks.py),
    # social insights only from the accounts EnrollFlow posts to (tests/social/test_engagement_marts.py).
    for source, tables in SOURCES.items():
        if source in ("ops", "mandrill", "social"):
            continue
        rows = sum(_count(raw, f"SELECT count(*) FROM {t}") for t in tables)
        rejects = _count(raw, "SELECT count(*) FROM raw_rejects WHERE source = ?", source)
        assert rows + rejects == tiny_business.manifest["events"][source], source
        assert rows > 0, source


def test_raw_tables_have_the_contract_schema(raw):
    for table, spec in TABLE_SPECS.items():
        got = dict(
            raw.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                [table],
            ).fetchall()
        )
        assert got == spec.schema, table


def test_partitions_cover_the_simulated_days(raw, tiny_business):
    manifest = tiny_business.manifest
    first, last = (
        _count(raw, "SELECT min(_partition_date)::VARCHAR FROM raw_web__events"),
        _count(raw, "SELECT max(_partition_date)::VARCHAR FROM raw_web__events"),
    )
    assert (first, last) == (manifest["start_date"], manifest["end_date"])


def test_sendgrid_retries_are_kept_and_ledger_ids_join(raw):
    # Duplicate sg_event_ids are SendGrid's retries: raw keeps them (marts de-duplicate).
    events = _count(raw, "SELECT count(*) FROM raw_sendgrid__events")
    distinct = _count(raw, "SELECT count(DISTINCT sg_event_id) FROM raw_sendgrid__events")
    assert distinct <= events
    unmatched = _count(
        raw,
        "SELECT count(*) FROM raw_sendgrid__events e LEFT JOIN raw_ledger__sends s USING (ledger_id) "
        "WHERE e.ledger_id IS NOT NULL AND s.ledger_id IS NULL",
    )
    assert unmatched == 0
    with_ledger = _count(
        raw,
        "SELECT count(*) FROM raw_twilio__callbacks WHERE kind = 'status' AND ledger_id IS NULL",
    )
    assert with_ledger == 0
    # every simulated SMS link click names an SMS of the ledger export by its sid
    orphan_clicks = _count(
        raw,
        "SELECT count(*) FROM raw_twilio__clicks c LEFT JOIN raw_ledger__sends s "
        "ON s.provider_message_id = c.message_sid WHERE s.ledger_id IS NULL",
    )
    assert orphan_clicks == 0 and _count(raw, "SELECT count(*) FROM raw_twilio__clicks") > 0


def test_gx_checks_pass_on_every_simulated_table(raw, tiny_business):
    manifest = tiny_business.manifest
    start = dt.date.fromisoformat(manifest["start_date"])
    end = dt.date.fromisoformat(manifest["end_date"])
    now = simulated_now(manifest)
    failures = [
        result.message
        for table in TABLE_SPECS
        for result in validate_raw_table(raw, table, start, end, now).values()
        if not result.passed
    ]
    assert failures == []
