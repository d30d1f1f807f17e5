"""The retention job as Dagster runs it, driven by a clock: the purge and the deadline alert."""

from __future__ import annotations

import datetime as dt
import json

import dagster as dg
import duckdb
import pytest
import sqlalchemy as sa

from delivery.campaigns.tables import journey_state
from delivery.ledger import open_address, sealed_columns
from delivery.store import open_store
from delivery.store.schema import send_ledger
from enrollflow.ingest import ingest_source
from enrollflow.warehouse import copy_tables_to_postgres
from orchestration.defs.delivery.resources import OpsStoreResource, SenderResource
from orchestration.defs.privacy import defs as privacy_defs
from orchestration.defs.privacy.resources import PrivacyKeysResource
from orchestration.resources import LandingResource, WarehouseResource
from privacy.requests import open_request

NOW = dt.datetime(2026, 6, 1, 3, 30, tzinfo=dt.UTC)


def _ledger_row(store, cid: str, updated: dt.datetime, state: str = "delivered") -> dict:
    naive = updated.replace(tzinfo=None)
    return {
        "ledger_id": f"cmp_1:s1:{cid}:email:1", "campaign_id": "cmp_1", "step_id": "s1",
        "contact_id": cid, "channel": "email", "occurrence": 1,
        **sealed_columns(store, "email", f"{cid}@x.edu"),
        "state": state, "created_at": naive, "updated_at": naive,
    }  # fmt: skip


def _sendgrid_day(landing, day: dt.date, email: str) -> None:
    folder = landing / "sendgrid" / day.isoformat()
    folder.mkdir(parents=True)
    ts = int(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC).timestamp())
    event = {"email": email, "timestamp": ts, "event": "open", "sg_event_id": f"e{day}",
             "sg_message_id": "m1.x", "ip": "203.0.113.9", "useragent": "Mozilla/5.0"}  # fmt: skip
    (folder / "events.jsonl").write_text(
        json.dumps({"received_at": f"{day}T12:00:00+00:00", "events": [event]}) + "\n"
    )


def _twilio_click_day(landing, day: dt.date, phone: str) -> None:
    """A link click as the webhooks app lands it (``delivery/webhooks/twilio_clicks.py``)."""
    folder = landing / "twilio" / day.isoformat()
    folder.mkdir(parents=True)
    event = {"event_type": "click", "sms_sid": "SM" + "a" * 32, "to": phone,
             "from": "+447000000000", "link": "https://northbridge.example.edu/open-day",
             "click_time": f"{day}T12:00:00.000Z", "user_agent": "Mozilla/5.0 (iPhone)"}  # fmt: skip
    record = {"received_at": f"{day}T12:00:01+00:00", "url": "https://hooks.example.edu/twilio/clicks",
              "kind": "click", "event": event}  # fmt: skip
    (folder / "clicks.jsonl").write_text(json.dumps(record) + "\n")


def _run(tmp_path, url, keys_now: dt.datetime, warehouse: WarehouseResource | None = None):
    job_defs = dg.Definitions(  # the domain's own assets, checks and job; test resources
        assets=privacy_defs.assets,
        asset_checks=privacy_defs.asset_checks,
        jobs=privacy_defs.jobs,
        resources={
            "ops_store": OpsStoreResource(url=url),
            "warehouse": warehouse or WarehouseResource(path=str(tmp_path / "warehouse.duckdb")),
            "landing": LandingResource(path=str(tmp_path / "landing")),
            "privacy_keys": PrivacyKeysResource(key_file=str(tmp_path / "privacy.keys")),
            "delivery": SenderResource(),
        },
    )
    job = job_defs.resolve_job_def("retention_job")
    clock = {"config": {"now": keys_now.isoformat()}}
    ops = {node.name: clock for node in job.graph.node_defs}
    return job.execute_in_process(run_config={"ops": ops}, raise_on_error=False)


def test_retention_job_purges_what_is_past_the_policy_and_alerts_on_late_requests(tmp_path, keys):
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    store = open_store(url, create=True)
    with store.begin() as conn:
        conn.execute(send_ledger.insert(), [
            _ledger_row(store, "c_old", NOW - dt.timedelta(days=6 * 365)),
            _ledger_row(store, "c_mid", NOW - dt.timedelta(days=120)),
            _ledger_row(store, "c_new", NOW - dt.timedelta(days=5)),
            _ledger_row(store, "c_wait", NOW - dt.timedelta(days=6 * 365), state="unknown"),
        ])  # fmt: skip
        old = (NOW - dt.timedelta(days=6 * 365)).replace(tzinfo=None)
        conn.execute(journey_state.insert().values(
            campaign_id="cmp_1", contact_id="c_old", occurrence=1, node_id="n1",
            status="completed", entered_at=old, updated_at=old,
        ))  # fmt: skip
        received = NOW - dt.timedelta(days=40)
        open_request(
            conn, keys, kind="erasure", regime="gdpr", reference="c_x", now=received, actor="dpo"
        )
        open_request(
            conn, keys, kind="access", regime="ccpa", reference="c_y", now=received, actor="dpo"
        )
    landing = tmp_path / "landing"
    _sendgrid_day(landing, dt.date(2026, 1, 10), "old@x.edu")
    _sendgrid_day(landing, dt.date(2026, 5, 20), "new@x.edu")
    _twilio_click_day(landing, dt.date(2026, 1, 10), "+447911123456")
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        ingest_source(con, landing, "sendgrid", dt.date(2026, 1, 1), dt.date(2026, 5, 31), NOW)

    result = _run(tmp_path, url, NOW)

    mat = {
        e.asset_key.to_user_string(): e.step_materialization_data.materialization.metadata
        for e in result.get_asset_materialization_events()
    }
    purge = {
        k: v.value for k, v in mat["retention_purge"].items() if k not in ("now", "policy_days")
    }
    assert purge == {
        "ops_store.ledger_rows_deleted": 1,
        "ops_store.ledger_addresses_nulled": 1,
        "ops_store.journey_rows_deleted": 1,
        "ops_store.requests_deleted": 0,
        "landing.files_redacted": 2,
        "warehouse.raw_sendgrid__events": 1,
    }
    with store.engine.connect() as conn:
        rows = dict(
            conn.execute(sa.select(send_ledger.c.contact_id, send_ledger.c.to_address_enc)).all()
        )
    rows = {cid: open_address(store, sealed) for cid, sealed in rows.items()}
    assert rows == {"c_mid": None, "c_new": "c_new@x.edu", "c_wait": "c_wait@x.edu"}
    old_file = landing / "sendgrid" / "2026-01-10" / "events.jsonl"
    assert "old@x.edu" not in old_file.read_text() and "203.0.113.9" not in old_file.read_text()
    assert "new@x.edu" in (landing / "sendgrid" / "2026-05-20" / "events.jsonl").read_text()
    (click,) = [
        json.loads(x) for x in (landing / "twilio/2026-01-10/clicks.jsonl").read_text().splitlines()
    ]
    assert set(click["event"]) == {"event_type", "sms_sid", "link", "click_time"}  # the click stays
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        kept = con.execute(
            "SELECT email, ip, useragent, event FROM raw_sendgrid__events ORDER BY event_at"
        ).fetchall()
    assert kept == [
        ("redacted@retention.invalid", None, None, "open"),
        ("new@x.edu", "203.0.113.9", "Mozilla/5.0", "open"),
    ]
    # a backfill of the old day reproduces the same de-identified row (the event is not lost)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        ingest_source(con, landing, "sendgrid", dt.date(2026, 1, 10), dt.date(2026, 1, 10), NOW)
        again_rows = con.execute(
            "SELECT email, ip, useragent, event FROM raw_sendgrid__events ORDER BY event_at"
        ).fetchall()
    assert again_rows == kept

    # the GDPR request (30 days) is 10 days late; the CCPA one (45 days) is not yet due
    (check,) = result.get_asset_check_evaluations()
    assert not check.passed and check.metadata["overdue"].value == 1
    (late,) = check.metadata["requests"].value
    assert (late["regime"], late["days_overdue"]) == ("gdpr", 10)
    assert mat["privacy_request_log"]["open"].value == 2

    # a second run at the same time changes nothing
    again = _run(tmp_path, url, NOW)
    (m,) = [
        e
        for e in again.get_asset_materialization_events()
        if e.asset_key.path == ["retention_purge"]
    ]
    assert all(
        v.value == 0
        for k, v in m.step_materialization_data.materialization.metadata.items()
        if k.startswith(("ops_store", "landing", "warehouse"))
    )
    store.dispose()


@pytest.mark.postgres
def test_on_a_postgres_warehouse_the_purge_reaches_its_raw_tables(tmp_path, keys, pg_url):
    """ENROLLFLOW_WAREHOUSE=postgres: the raw rows live in Postgres (schema raw) as well as in the
    ingest's parse-stage file; the retention job de-identifies both."""
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    open_store(url, create=True).dispose()
    landing = tmp_path / "landing"
    _sendgrid_day(landing, dt.date(2026, 1, 10), "old@x.edu")
    _sendgrid_day(landing, dt.date(2026, 5, 20), "new@x.edu")
    parse_stage = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(parse_stage)) as con:
        ingest_source(con, landing, "sendgrid", dt.date(2026, 1, 1), dt.date(2026, 5, 31), NOW)
    copy_tables_to_postgres(parse_stage, pg_url, "raw", ["raw_sendgrid__events"])
    on_postgres = WarehouseResource(path=str(parse_stage), backend="postgres", postgres_url=pg_url)

    result = _run(tmp_path, url, NOW, warehouse=on_postgres)

    [purge] = [
        e.step_materialization_data.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.asset_key.path == ["retention_purge"]
    ]
    assert purge["postgres_warehouse.raw_sendgrid__events"].value == 1
    assert purge["warehouse.raw_sendgrid__events"].value == 1
    engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg2://", 1))
    with engine.connect() as conn:
        kept = conn.execute(
            sa.text("SELECT email, ip, useragent FROM raw.raw_sendgrid__events ORDER BY event_at")
        ).all()
    engine.dispose()
    assert [tuple(r) for r in kept] == [
        ("redacted@retention.invalid", None, None),
        ("new@x.edu", "203.0.113.9", "Mozilla/5.0"),
    ]
