"""Production path: the weekly schedule's run request executed as a Dagster job (twice: one email
per recipient through SMTP; the studio's subscribers included), and the ``alerts`` asset
materialised by Dagster (twice: one webhook post, one email)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

import dagster as dg
import pytest

from delivery.identity import add_user
from delivery.identity.accounts import set_active
from delivery.identity.subscriptions import set_subscribed
from delivery.providers.sandbox import outbox_records
from delivery.store import open_store
from orchestration.defs.delivery.providers import SandboxEmailResource, SmtpEmailResource
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.reporting.assets import alerts
from orchestration.defs.reporting.jobs import (
    previous_week,
    weekly_report_job,
    weekly_report_schedule,
)
from orchestration.defs.reporting.resources import ReportingResource
from orchestration.resources import WarehouseResource
from tests.fakes.smtp import FakeSmtp
from tests.reports.webhook import FakeSlackWebhook

MONDAY = dt.datetime(
    2026, 2, 16, 7, 0, tzinfo=dt.UTC
)  # the tick after the tiny business's last week
RECIPIENTS = ["marketing@example.edu", "head.of.marketing@example.edu"]


def test_previous_week() -> None:
    assert previous_week(dt.datetime(2026, 2, 16, 7)) == "2026-W07"
    assert previous_week(dt.datetime(2026, 1, 5, 7)) == "2026-W01"
    assert previous_week(dt.datetime(2026, 1, 1, 7)) == "2025-W52"


@pytest.fixture
def smtp(tmp_path):
    with FakeSmtp(tmp_path) as server:
        yield server


def test_weekly_report_is_sent_once(warehouse, tmp_path, smtp) -> None:
    context = dg.build_schedule_context(scheduled_execution_time=MONDAY)
    request = weekly_report_schedule(context)
    assert request.run_key == "weekly-report-2026-W07"
    ops_url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    open_store(ops_url, create=True).dispose()  # `enrollflow ops migrate`
    resources = {
        "warehouse": WarehouseResource(path=str(warehouse)),
        "ops_store": OpsStoreResource(url=ops_url),
        "email": SmtpEmailResource(
            host="127.0.0.1",
            port=smtp.port,
            username=smtp.user,
            password=smtp.password,
            ca_file=str(smtp.cert),
        ),
        "reporting": ReportingResource(
            reports_dir=str(tmp_path / "reports"), report_recipients=RECIPIENTS
        ),
    }
    with dg.instance_for_test() as instance:
        for _ in range(2):  # a second run of the same tick (retry, replay) sends nothing again
            result = weekly_report_job.execute_in_process(
                run_config=request.run_config,
                instance=instance,
                resources=resources,
                tags=request.tags,
            )
            assert result.success
    assert sorted(m["To"] for m in smtp.received) == sorted(RECIPIENTS)
    msg = smtp.received[0]
    assert msg["Subject"].startswith("Campaign report: All campaigns")
    html = (
        next(p for p in msg.walk() if p.get_content_type() == "text/html")
        .get_payload(decode=True)
        .decode()
    )
    assert 'name="viewport"' in html and "data:image/png;base64," in html
    for received in smtp.received:  # each recipient's copy carries the PDF, once
        assert received.get_content_type() == "multipart/mixed"
        (pdf,) = [p for p in received.walk() if p.get_content_type() == "application/pdf"]
        assert pdf.get_filename() == "report-2026-02-09_2026-02-15.pdf"
        assert pdf.get_content_disposition() == "attachment"
        body = pdf.get_payload(decode=True)
        assert body.startswith(b"%PDF-")
        assert body == (tmp_path / "reports" / "report-2026-02-09_2026-02-15.pdf").read_bytes()
    assert {p.name for p in (tmp_path / "reports").iterdir()} == {
        "report-2026-02-09_2026-02-15.html",
        "report-2026-02-09_2026-02-15.pdf",
    }
    store = open_store(ops_url)
    try:
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "select campaign_id, step_id, state from send_ledger order by contact_id"
            ).fetchall()
    finally:
        store.dispose()
    assert rows == [("enrollflow.report", "weekly-2026-02-09_2026-02-15", "submitted")] * 2


def test_weekly_report_through_the_sandbox_records_the_pdf_once(warehouse, tmp_path) -> None:
    """The sandbox provider (``make demo``'s) keeps the attachment in its outbox record."""
    request = weekly_report_schedule(dg.build_schedule_context(scheduled_execution_time=MONDAY))
    ops_url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    open_store(ops_url, create=True).dispose()
    resources = {
        "warehouse": WarehouseResource(path=str(warehouse)),
        "ops_store": OpsStoreResource(url=ops_url),
        "email": SandboxEmailResource(outbox_dir=str(tmp_path / "outbox")),
        "reporting": ReportingResource(
            reports_dir=str(tmp_path / "reports"), report_recipients=RECIPIENTS[:1]
        ),
    }
    with dg.instance_for_test() as instance:
        for _ in range(2):
            assert weekly_report_job.execute_in_process(
                run_config=request.run_config, instance=instance, resources=resources
            ).success
    (record,) = outbox_records(tmp_path / "outbox" / "email")  # once, though the run ran twice
    (attachment,) = record["attachments"]
    pdf = (tmp_path / "reports" / "report-2026-02-09_2026-02-15.pdf").read_bytes()
    assert attachment["content_type"] == "application/pdf"
    assert base64.b64decode(attachment["content_base64"]) == pdf
    assert (
        attachment["size"] == len(pdf) and attachment["sha256"] == hashlib.sha256(pdf).hexdigest()
    )


def test_alerts_asset_notifies_once(warehouse, tmp_path) -> None:
    import duckdb

    with duckdb.connect(str(warehouse)) as con:  # a deliverability problem in the last week
        con.execute(
            "update fct_deliverability set messages_bounced = messages_sent where send_date >= '2026-02-08'"
        )
    outbox = tmp_path / "outbox"
    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)  # `ops migrate`
    # a marketing manager subscribed to alerts on her account page
    add_user(store, "ana", "ana@example.edu", actor="test", now=MONDAY, roles=["viewer"])
    set_subscribed(store, "ana", True, now=MONDAY, report="alerts")
    store.dispose()
    with FakeSlackWebhook() as hook:
        resources = {
            "warehouse": WarehouseResource(path=str(warehouse)),
            "ops_store": OpsStoreResource(url=f"sqlite:///{tmp_path / 'ops.sqlite'}"),
            "email": SandboxEmailResource(outbox_dir=str(outbox)),
            "reporting": ReportingResource(
                reports_dir=str(tmp_path / "reports"),
                alert_recipients=["ops@example.edu"],
                alert_webhook_url=hook.hook_url,
            ),
        }
        config = {"ops": {"alerts": {"config": {"now": "2026-02-15T01:00:00"}}}}
        with dg.instance_for_test() as instance:
            for _ in range(2):
                result = dg.materialize(
                    [alerts], resources=resources, run_config=config, instance=instance
                )
                assert result.success
            meta = result.asset_materializations_for_node("alerts")[-1].metadata
    assert meta["open"].value >= 1 and meta["notified"].value == 0  # nothing new on the 2nd tick
    (payload,) = hook.payloads
    assert "bounce rate" in payload["text"]
    emails = list(outbox_records(outbox / "email"))
    # one email per notice and recipient, each once: the configured address and the subscriber
    assert len(emails) == 2 * len(payload["blocks"])
    assert {e["to"] for e in emails} == {"ops@example.edu", "ana@example.edu"}


def test_weekly_report_reaches_the_studios_subscribers_once(warehouse, tmp_path) -> None:
    """Users who subscribed on their account page receive it beside the configured list: each
    address once (in any case), a deactivated subscriber nothing, and a second run nothing."""
    request = weekly_report_schedule(dg.build_schedule_context(scheduled_execution_time=MONDAY))
    ops_url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    store = open_store(ops_url, create=True)
    for user_id in ("ana", "maria", "vera", "olga"):
        add_user(store, user_id, f"{user_id}@example.edu", actor="test", now=MONDAY,
                 roles=["viewer"])  # fmt: skip
    for user_id in ("ana", "maria", "vera"):
        set_subscribed(store, user_id, True, now=MONDAY)
    add_user(store, "root", "root@example.edu", actor="test", now=MONDAY, roles=["admin"])
    set_active(store, "vera", False, actor="root", now=MONDAY)
    store.dispose()
    resources = {
        "warehouse": WarehouseResource(path=str(warehouse)),
        "ops_store": OpsStoreResource(url=ops_url),
        "email": SandboxEmailResource(outbox_dir=str(tmp_path / "outbox")),
        "reporting": ReportingResource(
            reports_dir=str(tmp_path / "reports"),
            report_recipients=[RECIPIENTS[0], "Maria@Example.edu"],  # maria, configured too
        ),
    }
    with dg.instance_for_test() as instance:
        for _ in range(2):
            assert weekly_report_job.execute_in_process(
                run_config=request.run_config, instance=instance, resources=resources
            ).success
    sent = sorted(r["to"] for r in outbox_records(tmp_path / "outbox" / "email"))
    # ana subscribed; maria too, and is configured as well; vera is deactivated; olga never asked
    assert sent == sorted([RECIPIENTS[0], "Maria@Example.edu", "ana@example.edu"])
