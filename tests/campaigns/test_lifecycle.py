"""Lifecycle in the ops store: versions, approval, launch rules, pause/resume, audit log."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from delivery.campaigns import lifecycle as lc
from delivery.campaigns.errors import LifecycleError, NotFoundError, RuleViolation
from delivery.campaigns.validation import validate_campaign
from delivery.content.review import approve_campaign_content
from delivery.store.schema import audit_log

NOW = dt.datetime(2026, 3, 1, 12, 0)


def _campaign(doc, campaign_id="spring", organisation="northbridge_academy", **changes):
    doc = {**doc, "campaign_id": campaign_id, "organisation": organisation, **changes}
    return validate_campaign(doc, "test.yml")


def _actions(store, subject):
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(audit_log.c.actor, audit_log.c.action)
            .where(audit_log.c.subject == subject)
            .order_by(audit_log.c.audit_id)
        ).all()
    return [tuple(r) for r in rows]


def test_apply_creates_versions_and_is_idempotent(store, demo_doc):
    assert lc.apply_campaign(store, _campaign(demo_doc), actor="maria", now=NOW) == 1
    assert lc.apply_campaign(store, _campaign(demo_doc), actor="maria", now=NOW) == 1
    assert lc.apply_campaign(store, _campaign(demo_doc, name="Renamed"), actor="ana", now=NOW) == 2
    record = lc.get_campaign(store, "spring")
    assert (record.status, record.current_version, record.spec.name) == ("draft", 2, "Renamed")
    assert _actions(store, "spring") == [("maria", "campaign.apply"), ("ana", "campaign.edit")]
    assert [v["version"] for v in lc.history(store, "spring")["versions"]] == [1, 2]


def test_small_campaign_launches_without_approval_and_starts_running(store, demo_doc):
    lc.apply_campaign(store, _campaign(demo_doc), actor="maria", now=NOW)
    assert lc.launch(store, "spring", actor="maria", audience_size=500, now=NOW) == "running"
    assert lc.pause(store, "spring", actor="maria", now=NOW, reason="typo") == "paused"
    assert lc.resume(store, "spring", actor="maria", now=NOW) == "running"
    assert [a for _, a in _actions(store, "spring")] == [
        "campaign.apply",
        "campaign.launch",
        "campaign.pause",
        "campaign.resume",
    ]


def test_future_start_is_scheduled(store, demo_doc):
    lc.apply_campaign(store, _campaign(demo_doc), actor="maria", now=NOW)
    early = dt.datetime(2026, 2, 1)
    assert lc.launch(store, "spring", actor="maria", audience_size=500, now=early) == "scheduled"


def test_large_audience_needs_an_approver(store, demo_doc):
    lc.apply_campaign(store, _campaign(demo_doc), actor="maria", now=NOW)
    with pytest.raises(RuleViolation, match=r"1001 contacts \(> 1000\).*needs approval"):
        lc.launch(store, "spring", actor="maria", audience_size=1001, now=NOW)
    with pytest.raises(RuleViolation, match="needs the approver role"):
        lc.approve(store, "spring", approver="maria", audience_size=1001, now=NOW)
    lc.grant_role(store, "olga", "approver", email="olga@example.edu", actor="admin", now=NOW)
    assert lc.approve(store, "spring", approver="olga", audience_size=1001, now=NOW) == "approved"
    # the approval covered 1001 contacts; a bigger audience needs a new approval
    with pytest.raises(RuleViolation, match="needs approval"):
        lc.launch(store, "spring", actor="maria", audience_size=5000, now=NOW)
    # and the content its own, in the content library (delivery.content.review)
    with pytest.raises(RuleViolation, match="content invite_email, reminder_sms is not approved"):
        lc.launch(store, "spring", actor="maria", audience_size=1001, now=NOW)
    approve_campaign_content(store, _campaign(demo_doc), author="maria", approver="olga", now=NOW)
    assert lc.launch(store, "spring", actor="maria", audience_size=1001, now=NOW) == "running"


def test_new_version_drops_the_approval(store, demo_doc):
    lc.apply_campaign(store, _campaign(demo_doc), actor="maria", now=NOW)
    lc.grant_role(store, "olga", "approver", email="olga@example.edu", actor="admin", now=NOW)
    lc.approve(store, "spring", approver="olga", audience_size=2000, now=NOW)
    lc.apply_campaign(
        store, _campaign(demo_doc, name="Edited after approval"), actor="maria", now=NOW
    )
    assert lc.get_campaign(store, "spring").status == "draft"
    with pytest.raises(RuleViolation, match="version 2 needs approval"):
        lc.launch(store, "spring", actor="maria", audience_size=2000, now=NOW)


def test_ab_test_refused_on_small_audience(store, demo_doc):
    lc.apply_campaign(store, _campaign(demo_doc), actor="maria", now=NOW)
    with pytest.raises(RuleViolation, match="at least 100 contacts.*has 99"):
        lc.launch(store, "spring", actor="maria", audience_size=99, now=NOW)


def test_eleventh_active_campaign_is_refused(store, demo_doc):
    for i in range(10):
        lc.apply_campaign(store, _campaign(demo_doc, f"c{i}"), actor="maria", now=NOW)
        lc.launch(store, f"c{i}", actor="maria", audience_size=200, now=NOW)
    lc.apply_campaign(store, _campaign(demo_doc, "c10"), actor="maria", now=NOW)
    with pytest.raises(RuleViolation, match="already has 10 active campaigns"):
        lc.launch(store, "c10", actor="maria", audience_size=200, now=NOW)
    # another organisation is not affected; completing one frees a slot
    lc.apply_campaign(
        store, _campaign(demo_doc, "other", organisation="riverside"), actor="x", now=NOW
    )
    assert lc.launch(store, "other", actor="x", audience_size=200, now=NOW) == "running"
    lc.set_status(store, "c0", "complete", actor="maria", now=NOW)
    assert lc.launch(store, "c10", actor="maria", audience_size=200, now=NOW) == "running"


def test_refused_transitions_say_why(store, demo_doc):
    lc.apply_campaign(store, _campaign(demo_doc), actor="maria", now=NOW)
    with pytest.raises(
        LifecycleError, match="cannot resume campaign 'spring': it is draft, resume needs paused"
    ):
        lc.resume(store, "spring", actor="maria", now=NOW)
    lc.archive(store, "spring", actor="maria", now=NOW)
    with pytest.raises(LifecycleError, match="archived: it cannot be edited"):
        lc.apply_campaign(store, _campaign(demo_doc, name="x"), actor="maria", now=NOW)
    with pytest.raises(NotFoundError, match="apply its file first"):
        lc.get_campaign(store, "nope")


@pytest.mark.postgres
def test_lifecycle_on_postgres(pg_url, demo_doc):
    from delivery.store import open_store

    store = open_store(pg_url, create=True)
    try:
        lc.apply_campaign(store, _campaign(demo_doc), actor="maria", now=NOW)
        lc.grant_role(store, "olga", "approver", email="olga@example.edu", actor="admin", now=NOW)
        lc.approve(store, "spring", approver="olga", audience_size=1500, now=NOW)
        spec = _campaign(demo_doc)
        approve_campaign_content(store, spec, author="maria", approver="olga", now=NOW)
        assert lc.launch(store, "spring", actor="maria", audience_size=1500, now=NOW) == "running"
        assert [a for _, a in _actions(store, "spring")] == [
            "campaign.apply",
            "campaign.approve",
            "campaign.launch",
        ]
    finally:
        store.dispose()
