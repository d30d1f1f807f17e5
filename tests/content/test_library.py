"""Library templates: versions (same text keeps the version, restore = a new version), the
review flow (approver ≠ author, for admins too; comments; editing returns to draft), the audit
log, and the launch rule: over 1,000 contacts a campaign launches only with approved content."""

from __future__ import annotations

import threading

import pytest

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import RuleViolation
from delivery.campaigns.validation import validate_campaign
from delivery.content import ContentError, ReviewRefused, library, review
from delivery.content.diff import diff_documents
from delivery.content.gallery import campaign_document, gallery_template
from delivery.identity import query_audit
from delivery.store import open_store
from tests.content.conftest import NOW


def _item(store, slug="enrollment_invitation_email", owner="maria") -> str:
    g = gallery_template(slug)
    template = g.template.model_copy(update={"id": library.free_item_id(store, slug)})
    return library.create_item(store, template, name=g.title, owner=owner, now=NOW,
                               origin=f"gallery:{slug}")  # fmt: skip


def _edited(store, item_id, subject: str):
    template = library.get_item(store, item_id).template
    doc = template.model_dump(mode="json")
    doc["locales"]["en"]["subject"] = subject
    return library.parse_template(doc, item_id)


def test_versions_restore_and_diff(store):
    item = _item(store)
    assert library.save_version(store, item, library.get_item(store, item).template,
                                actor="maria", now=NOW) == 1  # fmt: skip
    v2 = library.save_version(store, item, _edited(store, item, "New subject {{ first_name }}"),
                              actor="maria", now=NOW)  # fmt: skip
    assert v2 == 2 and library.get_item(store, item).status == "draft"
    lines = diff_documents(
        library.version_template(store, item, 1).model_dump(mode="json"),
        library.version_template(store, item, 2).model_dump(mode="json"),
    )
    changed = [(line.kind, line.text.strip()) for line in lines if line.kind != "same"]
    assert ("added", "subject: New subject {{ first_name }}") in changed
    assert any(k == "removed" and "your place on" in t for k, t in changed)
    assert library.restore_version(store, item, 1, actor="maria", now=NOW) == 3
    assert library.content_digest(library.get_item(store, item).template) == (
        library.content_digest(library.version_template(store, item, 1))
    )
    assert [v["version"] for v in library.versions(store, item)] == [3, 2, 1]
    audit = [(e["action"], e["actor"]) for e in query_audit(store, action="content.")][::-1]
    assert audit == [("content.create", "maria"), ("content.edit", "maria"),
                     ("content.restore", "maria")]  # fmt: skip
    with pytest.raises(ContentError, match="it cannot become sms"):
        library.save_version(store, item, gallery_template("open_day_sms").template,
                             actor="maria", now=NOW)  # fmt: skip
    with pytest.raises(ContentError, match="locales"):
        library.parse_template({"channel": "email", "locales": {}}, item)


def test_review_flow_rules_and_audit(store):
    item = _item(store)
    with pytest.raises(
        ReviewRefused, match="needs draft or changes_requested|it is draft; that needs in_review"
    ):
        review.approve(store, item, actor="olga", now=NOW)
    assert review.submit(store, item, actor="maria", now=NOW) == "in_review"
    with pytest.raises(ReviewRefused, match="needs the approver role"):
        review.approve(store, item, actor="maria", now=NOW)
    with pytest.raises(ReviewRefused, match="a comment is required"):
        review.request_changes(store, item, actor="olga", now=NOW, comment="  ")
    assert review.request_changes(store, item, actor="olga", now=NOW,
                                  comment="Mention the scholarship") == "changes_requested"  # fmt: skip
    # the author fixes it: a new version, back to draft, then in review again
    library.save_version(store, item, _edited(store, item, "Scholarships for {{ campaign_name }}"),
                         actor="maria", now=NOW)  # fmt: skip
    assert library.get_item(store, item).status == "draft"
    review.submit(store, item, actor="maria", now=NOW)
    assert review.approve(store, item, actor="olga", now=NOW) == "approved"
    # editing approved content returns it to draft
    library.save_version(store, item, _edited(store, item, "Typo fixed {{ first_name }}"),
                         actor="maria", now=NOW)  # fmt: skip
    assert library.get_item(store, item).status == "draft"
    timeline = [(e["action"], e["actor"], e["comment"]) for e in library.timeline(store, item)]
    assert ("request_changes", "olga", "Mention the scholarship") in timeline
    actions = [e["action"] for e in query_audit(store, action="content.")][::-1]
    assert actions == ["content.create", "content.submit", "content.request_changes",
                       "content.edit", "content.submit", "content.approve", "content.edit"]  # fmt: skip


def test_an_admin_who_wrote_it_cannot_approve_it(store):
    """root holds admin and approver: still not allowed to approve their own text."""
    item = _item(store, owner="root")
    review.submit(store, item, actor="root", now=NOW)
    with pytest.raises(ReviewRefused, match="they are its author"):
        review.approve(store, item, actor="root", now=NOW)
    # nor whoever saved the version under review, even if someone else owns the item
    other = _item(store, slug="open_day_email")
    library.save_version(store, other, _edited(store, other, "Open day {{ first_name }}"),
                         actor="root", now=NOW)  # fmt: skip
    review.submit(store, other, actor="maria", now=NOW)
    with pytest.raises(ReviewRefused, match="saved by 'root'"):
        review.approve(store, other, actor="root", now=NOW)
    assert review.approve(store, other, actor="olga", now=NOW) == "approved"


def test_two_approvers_deciding_at_once_make_one_decision(store):
    item = _item(store, owner="vera")
    review.submit(store, item, actor="vera", now=NOW)
    outcomes = []

    def decide(actor: str, action: str) -> None:
        own = open_store(store.url)
        try:
            barrier.wait()
            fn = review.approve if action == "approve" else review.request_changes
            kwargs = {"comment": "no"} if action != "approve" else {}
            outcomes.append(fn(own, item, actor=actor, now=NOW, **kwargs))
        except ReviewRefused as exc:
            outcomes.append(f"refused: {exc}")
        finally:
            own.dispose()

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=decide, args=a) for a in (("olga", "approve"),
                                                                 ("root", "request"))]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(not o.startswith("refused") for o in outcomes) == 1, outcomes
    assert library.get_item(store, item).status in ("approved", "changes_requested")


def _campaign(store, item_id: str, cid: str = "spring_intake"):
    doc = campaign_document(
        library.get_item(store, item_id).template, campaign_id=cid, name="Spring intake",
        campaign_type="enrollment", owner="maria", organisation="northbridge_academy",
        segments=["new_leads_no_application_14d"], start_at=NOW,
    )  # fmt: skip
    campaign = validate_campaign(doc)
    lifecycle.apply_campaign(store, campaign, actor="maria", now=NOW)
    lifecycle.approve(store, cid, approver="olga", audience_size=1500, now=NOW)
    return campaign


def test_launch_over_1000_contacts_needs_approved_content(store):
    item = _item(store)
    _campaign(store, item)
    with pytest.raises(RuleViolation, match="content enrollment_invitation_email is not approved"):
        lifecycle.launch(store, "spring_intake", actor="maria", audience_size=1500, now=NOW)
    review.submit(store, item, actor="maria", now=NOW)
    with pytest.raises(RuleViolation, match="is not approved"):  # in review is not approved
        lifecycle.launch(store, "spring_intake", actor="maria", audience_size=1500, now=NOW)
    review.approve(store, item, actor="olga", now=NOW)
    assert lifecycle.launch(store, "spring_intake", actor="maria", audience_size=1500,
                            now=NOW) == "running"  # fmt: skip
    # the library text edited after approval: a new campaign with the old text cannot launch
    library.save_version(store, item, _edited(store, item, "Edited {{ first_name }}"),
                         actor="maria", now=NOW)  # fmt: skip
    second = _item(store, slug="enrollment_invitation_email")
    _campaign(store, second, cid="autumn_intake")
    with pytest.raises(RuleViolation, match="is not approved"):
        lifecycle.launch(store, "autumn_intake", actor="maria", audience_size=1500, now=NOW)
    # 1,000 contacts or fewer: no approval is needed, of the campaign or of its content
    assert lifecycle.launch(store, "autumn_intake", actor="maria", audience_size=900,
                            now=NOW) == "running"  # fmt: skip
    launches = [e for e in query_audit(store, action="campaign.launch")]
    assert len(launches) == 2
