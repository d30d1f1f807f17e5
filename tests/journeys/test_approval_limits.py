"""Approval and limits under change and concurrency, on SQLite and the real Postgres.

The approval records the audience it covers and the engine holds a campaign that outgrows it;
a new version of a running campaign above 1000 contacts needs approval again; the approver is
never the author; audit times are the server's; concurrent launches never make an 11th active
campaign in one organisation.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import LifecycleError, RuleViolation
from delivery.campaigns.tables import campaigns
from delivery.campaigns.validation import validate_campaign
from delivery.content.review import approve_campaign_content
from delivery.journeys.engine import advance_campaign
from delivery.store import open_store
from delivery.store.schema import audit_log
from tests.journeys.test_engine import journeys, ledger_frame

T = dt.datetime
LAUNCH = T(2026, 3, 1, 12, 0)
LONDON_9AM = T(2026, 3, 2, 9, 0)
CID = "spring_data_enrollment"


def _apply_and_launch(store, doc, audience: int) -> None:
    lifecycle.apply_campaign(store, validate_campaign(doc), actor="maria", now=LAUNCH)
    lifecycle.launch(store, doc["campaign_id"], actor="maria", audience_size=audience, now=LAUNCH)


def _olga(store) -> None:
    lifecycle.grant_role(store, "olga", "approver", email="o@x.edu", actor="admin", now=LAUNCH)


def test_the_author_cannot_approve_their_own_campaign(store, demo_doc):
    for user in ("maria", "maria.lopez", "olga"):
        lifecycle.grant_role(store, user, "approver", email=f"{user}@x.edu", actor="a", now=LAUNCH)
    lifecycle.apply_campaign(store, validate_campaign(demo_doc), actor="maria", now=LAUNCH)
    for author in ("maria", "maria.lopez"):  # who applied the version, and the owner
        with pytest.raises(RuleViolation, match="they are its author"):
            lifecycle.approve(store, CID, approver=author, audience_size=1500, now=LAUNCH)
    assert lifecycle.approve(store, CID, approver="olga", audience_size=1500, now=LAUNCH) == (
        "approved"
    )


def test_an_audience_that_outgrows_its_approval_holds_for_reapproval(store, world, demo_doc):
    world.add_contacts(900)
    _apply_and_launch(store, demo_doc, 900)  # below the threshold: no approval needed
    world.add_contacts(300)  # the segment grew before the send
    report = advance_campaign(store, world.source, CID, now=LONDON_9AM)
    assert report.admitted == 1000  # up to the threshold, not one more
    record = lifecycle.get_campaign(store, CID)
    assert record.status == "paused" and record.status_reason.startswith("approval:")
    assert "grew to 1200 contacts" in record.status_reason and report.alerts
    with pytest.raises(LifecycleError, match="waits for approval"):
        lifecycle.resume(store, CID, actor="maria", now=LONDON_9AM)
    assert advance_campaign(store, world.source, CID, now=LONDON_9AM).admitted == 0
    _olga(store)
    with pytest.raises(RuleViolation, match="content invite_email, reminder_sms is not approved"):
        lifecycle.approve(store, CID, approver="olga", audience_size=1200, now=LONDON_9AM)
    approve_campaign_content(
        store, validate_campaign(demo_doc), author="maria", approver="olga", now=LONDON_9AM
    )
    assert (
        lifecycle.approve(store, CID, approver="olga", audience_size=1200, now=LONDON_9AM)
        == "running"
    )
    later = LONDON_9AM + dt.timedelta(minutes=5)
    assert advance_campaign(store, world.source, CID, now=later).admitted == 200
    assert journeys(store)["contact_id"].nunique() == 1200
    assert ledger_frame(store)["ledger_id"].is_unique


def test_a_new_version_of_a_running_campaign_over_the_threshold_needs_reapproval(store, demo_doc):
    _olga(store)
    lifecycle.apply_campaign(store, validate_campaign(demo_doc), actor="maria", now=LAUNCH)
    lifecycle.approve(store, CID, approver="olga", audience_size=1500, now=LAUNCH)
    with pytest.raises(RuleViolation, match="is not approved"):
        lifecycle.launch(store, CID, actor="maria", audience_size=1500, now=LAUNCH)
    approve_campaign_content(
        store, validate_campaign(demo_doc), author="maria", approver="olga", now=LAUNCH
    )
    lifecycle.launch(store, CID, actor="maria", audience_size=1500, now=LAUNCH)
    small = {**demo_doc, "name": "Spring intake (typo fixed)"}
    lifecycle.apply_campaign(
        store, validate_campaign(small), actor="maria", now=LAUNCH, audience_size=600
    )
    assert lifecycle.get_campaign(store, CID).status == "running"  # 600: no approval needed
    grown = {**demo_doc, "name": "Spring intake, all leads"}
    lifecycle.apply_campaign(
        store, validate_campaign(grown), actor="maria", now=LAUNCH, audience_size=3500
    )
    record = lifecycle.get_campaign(store, CID)
    assert record.status == "paused" and "version 3 reaches 3500 contacts" in record.status_reason
    assert (
        lifecycle.approve(store, CID, approver="olga", audience_size=3500, now=LAUNCH) == "running"
    )
    approvals = lifecycle.history(store, CID)["approvals"]
    assert [(a["version"], a["audience_size"]) for a in approvals] == [(1, 1500), (3, 3500)]


def test_audit_times_are_the_servers_never_the_callers(store, demo_doc):
    long_ago = T(2020, 1, 1)
    lifecycle.apply_campaign(store, validate_campaign(demo_doc), actor="maria", now=long_ago)
    with store.engine.connect() as conn:
        at, detail = conn.execute(sa.select(audit_log.c.at, audit_log.c.detail)).one()
    wall = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert abs(at - wall) < dt.timedelta(minutes=5)
    assert '"as_of": "2020-01-01T00:00:00"' in detail


def test_ten_active_limit_holds_under_concurrent_launches(store, demo_doc):
    """15 campaigns of one organisation launched at the same instant from 15 threads, each on
    its own connection pool: exactly 10 become active."""
    ids = [f"cmp_{i:02d}" for i in range(15)]
    for cid in ids:
        doc = {**demo_doc, "campaign_id": cid}
        lifecycle.apply_campaign(store, validate_campaign(doc), actor="maria", now=LAUNCH)
    barrier = threading.Barrier(len(ids))
    outcomes: dict[str, str] = {}

    def launch(cid: str) -> None:
        own = open_store(store.url)
        try:
            barrier.wait()
            outcomes[cid] = lifecycle.launch(own, cid, actor="maria", audience_size=200, now=LAUNCH)
        except RuleViolation as exc:
            outcomes[cid] = f"refused: {exc}"
        finally:
            own.dispose()

    threads = [threading.Thread(target=launch, args=(cid,)) for cid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(v == "running" for v in outcomes.values()) == 10
    refused = [v for v in outcomes.values() if v.startswith("refused")]
    assert len(refused) == 5 and all("limit 10" in v for v in refused)
    with store.engine.connect() as conn:
        active = conn.execute(
            sa.select(sa.func.count()).where(
                campaigns.c.organisation == demo_doc["organisation"],
                campaigns.c.status.in_(("scheduled", "running", "paused")),
            )
        ).scalar_one()
    assert active == 10
