"""Social steps of a campaign: written to the publish ledger when the campaign is launched,
published while it runs, each X post charged to the campaign's budget; journeys pass through."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import sqlalchemy as sa

from delivery.campaigns import lifecycle
from delivery.campaigns.models import Campaign
from delivery.send_check import CampaignSendCheck
from delivery.social import ledger
from delivery.social.campaigns import schedule_campaign_posts
from tests.social.conftest import connect_all, resources, utcnow
from tests.social.test_publish_path import run_job, sensor_requests

MINUTE = dt.timedelta(minutes=1)


def campaign_file(start: dt.datetime, x: str, fb: str, budget: float = 1.0) -> dict:
    return {
        "campaign_id": "open_day_2026", "name": "Open day 2026", "type": "event_promotion",
        "organisation": "northbridge_academy", "owner": "maria.lopez",
        "budget": {"amount": budget, "currency": "EUR", "cost_per_message": {"email": 0.001}},
        "start_at": start.isoformat() + "Z", "channels": ["email", "social"],
        "audience": {"segments": ["new_leads_no_application_14d"]},
        "content": [
            {"id": "invite", "channel": "email",
             "locales": {"en": {"subject": "Open day", "body": "<p>Come along</p>"}}},
            {"id": "announce", "channel": "social", "locales": {"en": {"body": "Open day on Saturday: meet the tutors!"}}},
            {"id": "reminder", "channel": "social", "locales": {"en": {"body": "Open day tomorrow, 10:00-16:00"}}},
        ],
        "workflow": {"nodes": [
            {"id": "start", "type": "entry", "trigger": {"kind": "segment_entry", "segment": "new_leads_no_application_14d"}, "next": "post"},
            {"id": "post", "type": "send", "channel": "social", "template": "announce",
             "accounts": [fb, x], "link": "https://northbridge.example.edu/open-day", "next": "email"},
            {"id": "email", "type": "send", "channel": "email", "template": "invite", "next": "remind"},
            {"id": "remind", "type": "send", "channel": "social", "template": "reminder", "accounts": [x],
             "post_at": (start + dt.timedelta(hours=1)).isoformat() + "Z", "next": "done"},
            {"id": "done", "type": "exit"},
        ]},
    }  # fmt: skip


def launch(store, spec: dict, now: dt.datetime) -> None:
    campaign = Campaign.model_validate(spec)
    lifecycle.apply_campaign(store, campaign, actor="maria.lopez", now=now)
    lifecycle.grant_role(
        store, "tom", "approver", email="tom@northbridge.example.edu", actor="root", now=now
    )
    lifecycle.approve(store, campaign.campaign_id, approver="tom", audience_size=100, now=now)
    lifecycle.launch(store, campaign.campaign_id, actor="maria.lopez", audience_size=100, now=now)


def test_social_send_nodes_validate_their_fields():
    start = dt.datetime(2026, 3, 1)
    spec = campaign_file(start, "x:1", "facebook:2")
    spec["workflow"]["nodes"][1]["accounts"] = []
    with pytest.raises(ValueError, match="a social send needs accounts"):
        Campaign.model_validate(spec)
    spec = campaign_file(start, "x:1", "facebook:2")
    spec["workflow"]["nodes"][2]["link"] = "https://x.example"
    with pytest.raises(ValueError, match="belong to social sends only"):
        Campaign.model_validate(spec)
    spec = campaign_file(start, "x:1", "facebook:2")
    spec["workflow"]["nodes"][1]["link"] = "javascript:alert(1)"
    with pytest.raises(ValueError, match="https"):
        Campaign.model_validate(spec)


def test_campaign_posts_publish_while_it_runs_and_x_posts_are_charged_to_its_budget(
    store, fakes, key_file, file_keys
):
    now = utcnow()
    ids = connect_all(store, file_keys, fakes, now)
    x = next(a for a in ids if a.startswith("x:"))
    fb = next(a for a in ids if a.startswith("facebook:"))
    res = resources(store, key_file, fakes, ENROLLFLOW_X_POST_PRICE="0.6")
    launch(store, campaign_file(now - MINUTE, x, fb, budget=1.0), now)
    # launched: the sensor sees steps without ledger rows and asks for a publisher run
    [request] = sensor_requests(res)
    assert request.job_name == "social_publish_job"
    out = run_job(res, now)
    assert out["published"] == 2  # the first step on Facebook and X; the reminder is due later
    rows = {r["post_id"]: r for r in ledger.posts(store)}
    assert rows[f"open_day_2026:post@{x}"]["cost_amount"] == pytest.approx(0.6)
    assert rows[f"open_day_2026:post@{fb}"]["cost_amount"] is None
    assert rows[f"open_day_2026:remind@{x}"]["approved_by"] == "tom"
    # the email check sees the X post as spent budget too
    check = CampaignSendCheck(lifecycle.get_campaign(store, "open_day_2026").spec, {}, render=None)
    with store.engine.connect() as conn:
        assert check._spent(conn) == pytest.approx(0.6)
    # an hour later the reminder would cost 0.6 more than the 0.4 left: held, not posted
    out = run_job(res, now + 61 * MINUTE)
    assert out["held"] == 1 and len(fakes.x.accepted) == 1
    held = ledger.posts(store, post_key="open_day_2026:remind")[0]
    assert held["state"] == "approved" and held["held_reason"].startswith("budget:")
    # a paused campaign's posts wait
    lifecycle.pause(store, "open_day_2026", actor="maria.lopez", now=now)
    bigger = campaign_file(now - MINUTE, x, fb, budget=5.0)
    lifecycle.apply_campaign(store, Campaign.model_validate(bigger), actor="maria.lopez", now=now)
    assert sensor_requests(res) == []
    assert run_job(res, now + 62 * MINUTE)["published"] == 0
    # resumed with the bigger budget (a new version re-checks held posts): published
    lifecycle.resume(store, "open_day_2026", actor="maria.lopez", now=now)
    run_job(res, now + 63 * MINUTE)
    assert ledger.posts(store, post_key="open_day_2026:remind")[0]["state"] == "published"
    assert len(fakes.x.accepted) == 2 and len(fakes.graph.accepted) == 1
    assert schedule_campaign_posts(store, now=now + 64 * MINUTE)[1] == []  # idempotent
    assert len(ledger.posts(store)) == 3


def test_journeys_pass_through_a_social_step_without_a_message_per_contact(store):
    """The demo campaign with a social post before its invitation: every contact still gets the
    email; nobody gets a per-contact 'social' message (the post is the publisher's, once)."""
    from delivery.journeys.engine import advance_campaign
    from delivery.store.schema import send_ledger
    from tests.journeys.conftest import _DEMO, World, launch

    doc = copy.deepcopy(_DEMO)
    doc["channels"] = [*doc["channels"], "social"]
    doc["content"].append(
        {"id": "teaser", "channel": "social", "locales": {"en": {"body": "Spring intake!"}}}
    )
    split = next(n for n in doc["workflow"]["nodes"] if n["type"] == "split")
    for v in split["variants"]:
        v["next"] = "teaser_post"
    doc["workflow"]["nodes"].append({"id": "teaser_post", "type": "send", "channel": "social",
                                     "template": "teaser", "accounts": ["x:1"], "next": "invite"})  # fmt: skip
    world = World()
    world.add_contacts(100, timezone="Europe/London")
    launch(store, doc)
    advance_campaign(
        store, world.source, "spring_data_enrollment", now=dt.datetime(2026, 3, 2, 9, 0)
    )
    with store.engine.connect() as conn:
        channels = [r[0] for r in conn.execute(sa.select(send_ledger.c.channel))]
    world.conn.close()
    assert channels and set(channels) == {"email"}  # the invitation, after the social node
