"""The ops-store export: ops store (SQLite and the real Postgres) → landing files → raw_ops__*.

Every test fills a real ops store through the production APIs (lifecycle, ledger, suppression),
exports with ``export_ops_store`` and ingests with the ordinary loader, then checks the raw tables
against what was written.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from delivery.campaigns.tables import journey_state
from delivery.ledger import Ledger, LedgerKey
from delivery.store import open_store
from delivery.store.schema import send_ledger
from delivery.suppression import suppress, unsuppress
from enrollflow.ingest import ingest_source
from enrollflow.ingest.ops_export import UnknownStreamError, export_ops_store
from tests.ingest.ops_store_rows import apply_doc, campaign_doc, fill_ops_store, unsubscribe

NOW = dt.datetime(2026, 12, 5, 10, 0)
CONTACTS = [f"c_{i:07d}" for i in range(1, 61)]


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)
    else:
        opened = open_store(request.getfixturevalue("pg_url"))
    yield opened
    opened.dispose()


def _ingest(landing: Path, at: dt.datetime) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ingest_source(con, landing, "ops", NOW.date(), at.date(), at)
    return con


def _count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_export_lands_every_stream_and_a_rerun_lands_nothing(store, tmp_path):
    landing = tmp_path / "landing"
    filled = fill_ops_store(store, NOW, CONTACTS)
    first = export_ops_store(store, landing, NOW + dt.timedelta(minutes=1))
    sent = len(filled.ledger_ids)
    holdouts = sum(v == "holdout" for v in filled.variants.values())
    assert 0 < holdouts < len(CONTACTS) and sent == len(CONTACTS) - holdouts
    written = {k: v.records_written for k, v in first.streams.items()}
    assert written == {
        "campaigns": 1,
        "campaign_versions": 1,
        "campaign_split_variants": 3,  # A, B and the holdout of the demo's subject_test split
        "campaign_approvals": 1,
        "journeys": len(CONTACTS),
        "send_ledger": sent,
        "consent_events": 0,
        "suppressions": 0,
        "consent_ledger": 0,
        "privacy_objections": 0,
        "audit_log": 2,  # campaign.apply + campaign.approve
    }
    again = export_ops_store(store, landing, NOW + dt.timedelta(minutes=2))
    assert again.records_written == 0 and again.files == []

    con = _ingest(landing, NOW + dt.timedelta(minutes=3))
    assert _count(con, "raw_ops__send_ledger") == sent
    assert _count(con, "raw_rejects") == 0
    row = con.execute(
        "SELECT state, provider, provider_message_id, content_sha256, sending_at, submitted_at, "
        "campaign_id, variant_id FROM raw_ops__send_ledger WHERE ledger_id = ?",
        [filled.ledger_ids[0]],
    ).fetchone()
    assert row[0] == "submitted" and row[1] == "sendgrid" and row[2].startswith("sg-")
    assert row[3] == "ab" * 32 and row[4] == NOW and row[5] == NOW
    version = con.execute(
        "SELECT campaign_type, objective, target_conversion_rate, target_cpa_amount, "
        "conversion_window_days, budget_amount, currency, cost_per_sms_amount, channels, owner, "
        "organisation, is_ab_test FROM raw_ops__campaign_versions"
    ).fetchone()
    assert version == (
        "enrollment",
        "Fill the April data-analytics cohort.",
        0.03,
        40.0,
        14,
        500.0,
        "EUR",
        0.04,
        '["email","sms"]',
        "maria.lopez",
        "northbridge_academy",
        True,
    )
    shares = dict(
        con.execute(
            "SELECT variant_id, traffic_share FROM raw_ops__campaign_split_variants"
        ).fetchall()
    )
    assert shares == pytest.approx({"A": 0.45, "B": 0.45, "holdout": 0.1})
    # ingesting the same day again replaces it: nothing doubles
    ingest_source(con, landing, "ops", NOW.date(), NOW.date(), NOW + dt.timedelta(minutes=4))
    assert _count(con, "raw_ops__send_ledger") == sent


def test_changed_rows_land_once_more_in_their_new_state(store, tmp_path):
    landing = tmp_path / "landing"
    filled = fill_ops_store(store, NOW, CONTACTS)
    export_ops_store(store, landing, NOW + dt.timedelta(minutes=1))
    later = NOW + dt.timedelta(minutes=5)
    lid = filled.ledger_ids[0]
    assert Ledger(store).apply_outcome(lid, "delivered", now=later)
    assert unsubscribe(store, lid, "c_x@example.edu", later)
    apply_doc(
        store,
        campaign_doc("spring_loop", NOW - dt.timedelta(days=1), kpis={"target_cpa_amount": 25}),
        later,
    )
    result = export_ops_store(store, landing, later + dt.timedelta(minutes=1))
    written = {k: v.records_written for k, v in result.streams.items() if v.records_written}
    # the ledger row, the new version (and its split), the campaign row, consent, suppression, audit
    assert written == {
        "send_ledger": 1,
        "campaigns": 1,
        "campaign_versions": 1,
        "campaign_split_variants": 3,
        "consent_events": 1,
        "suppressions": 1,
        "audit_log": 2,  # campaign.edit + unsubscribed
    }
    con = _ingest(landing, later + dt.timedelta(minutes=2))
    states = con.execute(
        "SELECT state FROM raw_ops__send_ledger WHERE ledger_id = ? ORDER BY exported_at", [lid]
    ).fetchall()
    assert states == [("submitted",), ("delivered",)]
    assert con.execute(
        "SELECT list(target_cpa_amount ORDER BY version) FROM raw_ops__campaign_versions"
    ).fetchone()[0] == [40.0, 25.0]


def test_a_lifted_suppression_lands_as_a_delete(store, tmp_path):
    landing = tmp_path / "landing"
    with store.begin() as conn:
        for number in ("+447700900001", "+447700900002"):
            suppress(
                conn, store, channel="sms", address=number, reason="sms_stop", source="twilio",
                now=NOW,
            )  # fmt: skip
    export_ops_store(store, landing, NOW + dt.timedelta(minutes=1))
    with store.begin() as conn:
        unsuppress(conn, store, channel="sms", address="+447700900001", reasons=["sms_stop"])
    export_ops_store(store, landing, NOW + dt.timedelta(minutes=2))
    assert export_ops_store(store, landing, NOW + dt.timedelta(minutes=3)).records_written == 0
    con = _ingest(landing, NOW + dt.timedelta(minutes=4))
    assert con.execute(
        "SELECT address, change_type FROM raw_ops__suppressions ORDER BY exported_at, address"
    ).fetchall() == [
        ("+447700900001", "upsert"),
        ("+447700900002", "upsert"),
        ("+447700900001", "delete"),
    ]


def test_rows_committed_late_or_ahead_of_the_clock_are_not_lost(store, tmp_path):
    """A writer's ``now`` lags its commit (a step keeps one ``now``) or runs ahead of the clock
    (a scheduled or simulated step): within the overlap, both still land, each once."""
    landing = tmp_path / "landing"
    apply_doc(store, campaign_doc("spring_loop", NOW), NOW)
    ledger = Ledger(store)
    ledger.enqueue(
        [LedgerKey("spring_loop", "invite", "c_0000001", "email", 1)],
        now=NOW + dt.timedelta(days=3),
    )
    first = export_ops_store(store, landing, NOW + dt.timedelta(minutes=10))
    assert first.streams["send_ledger"].records_written == 1
    # the watermark stays at the clock, not at the row stamped three days ahead
    assert first.streams["send_ledger"].watermark == (NOW + dt.timedelta(minutes=10)).isoformat()
    # committed now, stamped 20 minutes ago (inside the 30-minute overlap)
    ledger.enqueue(
        [LedgerKey("spring_loop", "invite", "c_0000002", "email", 1)],
        now=NOW - dt.timedelta(minutes=10),
    )
    second = export_ops_store(store, landing, NOW + dt.timedelta(minutes=11))
    assert second.streams["send_ledger"].records_written == 1
    assert export_ops_store(store, landing, NOW + dt.timedelta(minutes=12)).records_written == 0
    con = _ingest(landing, NOW + dt.timedelta(minutes=13))
    assert _count(con, "raw_ops__send_ledger") == 2


def test_the_export_reads_while_a_sender_holds_the_write_lock(store, tmp_path):
    """Short snapshot reads: an open write transaction (a claim in progress) does not stop the
    export, and the export does not see the uncommitted rows."""
    landing = tmp_path / "landing"
    filled = fill_ops_store(store, NOW, CONTACTS)
    with store.begin() as conn:  # SQLite: BEGIN IMMEDIATE, the writers' lock
        conn.execute(
            send_ledger.update()
            .where(send_ledger.c.ledger_id == filled.ledger_ids[0])
            .values(state="delivered", updated_at=NOW + dt.timedelta(minutes=1))
        )
        result = export_ops_store(store, landing, NOW + dt.timedelta(minutes=2), chunk_rows=7)
    assert result.streams["send_ledger"].records_written == len(filled.ledger_ids)
    path = landing / result.streams["send_ledger"].file
    states = {json.loads(line)["state"] for line in path.read_text().splitlines()}
    assert states == {"submitted"}
    # committed now: the next export lands the change
    assert (
        export_ops_store(store, landing, NOW + dt.timedelta(minutes=3))
        .streams["send_ledger"]
        .records_written
        == 1
    )


def test_journeys_carry_variant_holdout_and_exit_reason(store, tmp_path):
    landing = tmp_path / "landing"
    filled = fill_ops_store(store, NOW, CONTACTS)
    with store.begin() as conn:
        conn.execute(
            journey_state.update()
            .where(journey_state.c.contact_id == CONTACTS[0])
            .values(
                status="exited",
                exit_reason="converted: enrolled",
                updated_at=NOW + dt.timedelta(minutes=1),
            )
        )
    export_ops_store(store, landing, NOW + dt.timedelta(minutes=2))
    con = _ingest(landing, NOW + dt.timedelta(minutes=3))
    variants = dict(con.execute("SELECT contact_id, variant_id FROM raw_ops__journeys").fetchall())
    assert variants == filled.variants
    assert con.execute(
        "SELECT exit_reason FROM raw_ops__journeys WHERE contact_id = ?", [CONTACTS[0]]
    ).fetchone() == ("converted: enrolled",)


def test_an_unknown_stream_is_a_clear_error(store, tmp_path):
    with pytest.raises(UnknownStreamError, match="ledger.*expected some of"):
        export_ops_store(store, tmp_path, NOW, streams=["ledger"])


def test_the_ops_store_tables_are_untouched_by_the_export(store, tmp_path):
    fill_ops_store(store, NOW, CONTACTS)

    def snapshot():
        with store.engine.connect() as conn:
            return conn.execute(sa.select(send_ledger).order_by(send_ledger.c.ledger_id)).all()

    before = snapshot()
    export_ops_store(store, tmp_path / "landing", NOW + dt.timedelta(minutes=1))
    assert snapshot() == before
