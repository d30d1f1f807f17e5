"""The compliance checklist: the pure function on the demo file, and the asset on a real store."""

from __future__ import annotations

import copy
import datetime as dt

import dagster as dg
import duckdb

from delivery.campaigns.validation import validate_campaign
from delivery.ledger import sealed_columns
from delivery.store.schema import send_ledger
from delivery.suppression import record_consent, suppress
from orchestration.defs.delivery.resources import OpsStoreResource, SenderResource
from orchestration.defs.privacy.compliance import campaign_compliance
from orchestration.resources import WarehouseResource
from privacy.checklist import CampaignFacts, checklist
from tests.campaigns.conftest import _DEMO, _migrated_store_file  # noqa: F401 - fixture
from tests.journeys.conftest import _pg_template, demo_doc, launch, store  # noqa: F401

T = dt.datetime


def _statuses(items) -> dict[str, str]:
    return {i.item: i.status for i in items}


def test_checklist_of_the_demo_file(demo_doc):  # noqa: F811
    campaign = validate_campaign(demo_doc, "demo.yml")
    facts = CampaignFacts(
        audience_size=200, current_version=1, sent={"email": 180, "sms": 40},
        postal_address="1 College Road, Leeds", unsubscribe_configured=True,
    )  # fmt: skip
    assert _statuses(checklist(campaign, facts)) == {
        "consent:email": "pass", "consent:sms": "pass", "email_footer": "pass",
        "quiet_hours:email": "pass", "sms_opt_out": "pass", "quiet_hours:sms": "pass",
        "approval": "n/a",
    }  # fmt: skip
    # an SMS text without STOP, no email window, no postal address, 5,000 contacts unapproved
    doc = copy.deepcopy(demo_doc)
    sms = next(t for t in doc["content"] if t["channel"] == "sms")
    sms["locales"]["es"]["body"] = "Hola {{ first_name }}, la inscripción cierra el viernes."
    doc["rules"].pop("email_window")
    bad = validate_campaign(doc, "demo.yml")
    facts = CampaignFacts(
        audience_size=5000, current_version=2, approved_versions=frozenset({1}),
        sent={"email": 10}, sent_after_revocation={"email": 1}, sms_outside_hours=3,
        postal_address=" ", unsubscribe_configured=True,
    )  # fmt: skip
    items = {i.item: i for i in checklist(bad, facts)}
    assert {k: i.status for k, i in items.items()} == {
        "consent:email": "fail", "consent:sms": "pass", "email_footer": "fail",
        "quiet_hours:email": "warn", "sms_opt_out": "fail", "quiet_hours:sms": "fail",
        "approval": "fail",
    }  # fmt: skip
    assert "reminder_sms/es" in items["sms_opt_out"].detail
    assert "postal address" in items["email_footer"].detail


def _row(ops, cid, contact, channel, address, sending_at):
    return {
        "ledger_id": f"{cid}:s:{contact}:{channel}:1", "campaign_id": cid, "step_id": "s",
        "contact_id": contact, "channel": channel, "occurrence": 1, **sealed_columns(ops, channel, address),
        "state": "delivered", "created_at": sending_at, "updated_at": sending_at,
        "sending_at": sending_at,
    }  # fmt: skip


def test_campaign_compliance_asset_reads_the_sends(store, demo_doc, tmp_path):  # noqa: F811
    cid = launch(store, demo_doc, audience_size=200)
    with store.begin() as conn:
        conn.execute(send_ledger.insert(), [
            _row(store, cid, "c1", "email", "ok@x.edu", T(2026, 3, 2, 9)),
            _row(store, cid, "c2", "email", "gone@x.edu", T(2026, 3, 2, 9)),
            _row(store, cid, "c3", "email", "late@x.edu", T(2026, 3, 2, 9)),
            _row(store, cid, "c1", "sms", "+447700900001", T(2026, 3, 4, 22, 30)),  # 22:30 London
        ])  # fmt: skip
        # opted out before the send (suppressed), and after it (not a breach)
        suppress(conn, store, channel="email", address="gone@x.edu", reason="unsubscribe",
                 source="unsubscribe_link", now=T(2026, 3, 1))  # fmt: skip
        record_consent(conn, store, channel="email", address="late@x.edu", status="revoked",
                       source="unsubscribe_link", now=T(2026, 3, 3))  # fmt: skip
    warehouse = tmp_path / "warehouse.duckdb"
    result = dg.materialize(
        [campaign_compliance],
        resources={
            "ops_store": OpsStoreResource(url=store.url),
            "delivery": SenderResource(),
            "warehouse": WarehouseResource(path=str(warehouse)),
        },
    )
    assert result.success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = dict(con.execute("SELECT item, status FROM campaign_compliance").fetchall())
        detail = con.execute(
            "SELECT detail FROM campaign_compliance WHERE item = 'consent:email'"
        ).fetchone()[0]
    assert rows["consent:email"] == "fail" and detail.startswith("1 of 3 email")
    assert rows["quiet_hours:sms"] == "fail" and rows["consent:sms"] == "pass"
    assert rows["email_footer"] == "pass" and rows["approval"] == "n/a"
    (mat,) = result.asset_materializations_for_node("campaign_compliance")
    assert mat.metadata["status.fail"].value == 2


def test_the_report_shows_items_that_do_not_pass(tiny_warehouse, tmp_path):
    import shutil

    from enrollflow.report import write_report

    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(tiny_warehouse, path)
    with duckdb.connect(str(path)) as con:
        before = write_report(con, tmp_path / "r0", T(2026, 3, 5)).path.read_text()
        con.execute(
            "CREATE TABLE campaign_compliance AS SELECT * FROM (VALUES "
            "('spring', 'consent:email', 'pass', '3 sent', TIMESTAMP '2026-03-05'), "
            "('spring', 'sms_opt_out', 'fail', 'no STOP in reminder_sms/es', TIMESTAMP '2026-03-05')"
            ") t(campaign_id, item, status, detail, checked_at)"
        ).fetchall()
        after = write_report(con, tmp_path / "r1", T(2026, 3, 5)).path.read_text()
    assert "Compliance" not in before
    assert ">Compliance</h2>" in after and "no STOP in reminder_sms/es" in after
    assert "3 sent" not in after  # passing items are not repeated
