"""Campaign versions (``delivery.campaigns.versions``): list, read one, restore as a new version.

The studio's diff view calls these; the history is never rewritten, a restore is a new version
audited as ``campaign.restore``.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from delivery.campaigns import lifecycle as lc
from delivery.campaigns import versions
from delivery.campaigns.errors import NotFoundError
from delivery.campaigns.validation import validate_campaign
from delivery.store.schema import audit_log

NOW = dt.datetime(2026, 3, 1, 12, 0)


def _campaign(doc, **changes):
    doc = {**doc, "campaign_id": "spring", "organisation": "northbridge_academy", **changes}
    return validate_campaign(doc, "test.yml")


@pytest.fixture
def edited(store, demo_doc):
    """Version 1 by maria, version 2 (renamed) by ana an hour later."""
    lc.apply_campaign(store, _campaign(demo_doc), actor="maria", now=NOW)
    lc.apply_campaign(
        store,
        _campaign(demo_doc, name="Renamed"),
        actor="ana",
        now=NOW + dt.timedelta(hours=1),
    )
    return store, demo_doc


def test_versions_are_listed_newest_first_with_who_and_when(edited):
    store, _ = edited
    listed = versions.list_versions(store, "spring")
    assert [(v["version"], v["applied_by"]) for v in listed] == [(2, "ana"), (1, "maria")]
    assert listed[0]["applied_at"] > listed[1]["applied_at"]
    assert versions.list_versions(store, "no_such_campaign") == []


def test_a_version_document_is_that_versions_text(edited):
    store, demo_doc = edited
    assert versions.version_document(store, "spring", 1)["name"] == demo_doc["name"]
    assert versions.version_document(store, "spring", 2)["name"] == "Renamed"


def test_restore_applies_the_old_text_as_a_new_audited_version(edited):
    store, demo_doc = edited
    after = versions.restore(store, "spring", 1, actor="olga", now=NOW + dt.timedelta(hours=2))
    assert after == 3
    record = lc.get_campaign(store, "spring")
    assert (record.current_version, record.spec.name) == (3, demo_doc["name"])
    assert [v["version"] for v in versions.list_versions(store, "spring")] == [3, 2, 1]
    with store.engine.connect() as conn:
        last = conn.execute(
            sa.select(audit_log.c.actor, audit_log.c.action)
            .where(audit_log.c.subject == "spring")
            .order_by(audit_log.c.audit_id.desc())
            .limit(1)
        ).one()
    assert tuple(last) == ("olga", "campaign.restore")
    # restoring the text that is current already makes no new version
    assert versions.restore(store, "spring", 3, actor="olga", now=NOW) == 3


@pytest.mark.parametrize("version", [0, 4])
def test_an_unknown_version_is_named(edited, version):
    store, _ = edited
    with pytest.raises(NotFoundError, match=f"campaign 'spring' has no version {version}"):
        versions.version_document(store, "spring", version)
    with pytest.raises(NotFoundError, match=f"has no version {version}"):
        versions.restore(store, "spring", version, actor="olga", now=NOW)
