"""What validates sends: a template using every variable validation allows renders at dispatch."""

from __future__ import annotations

from delivery.campaigns.templates import sample_context
from delivery.campaigns.validation import validate_campaign
from delivery.journeys.engine import advance_campaign
from delivery.journeys.render import dispatch_campaign
from delivery.ledger import Ledger
from tests.journeys.conftest import launch
from tests.journeys.test_render import NOW, SENDER, RecordingProvider


def test_every_variable_validation_allows_renders_at_dispatch(store, world, demo_doc):
    names = sorted(k for k in sample_context("email") if k != "contact")
    body = "<p>" + " ".join(f"{n}={{{{ {n} }}}}" for n in names) + "</p>"
    for locale in demo_doc["content"][0]["locales"].values():
        locale["body"] = body
    campaign = validate_campaign(demo_doc, "all_variables.yml")  # validation accepts them all
    world.add_contacts(120)
    launch(store, demo_doc, audience_size=120)
    advance_campaign(store, world.source, campaign.campaign_id, now=NOW)
    email = RecordingProvider("email")
    report = dispatch_campaign(
        store,
        world.source,
        campaign,
        email,
        sender=SENDER,
        status_callback_base="https://hooks.example.edu",
        now=NOW,
    )
    assert report.failed == 0 and report.submitted == len(email.sent) > 0
    assert {r.state for r in Ledger(store).rows()} == {"submitted"}
    first = email.sent[0]
    assert f"contact_id={Ledger(store).get(first.ledger_id).contact_id}" in first.html
    assert "campaign_name=Spring intake" in first.html and "unsubscribe_url=https://" in first.html
