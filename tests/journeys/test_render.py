"""Rendering and dispatching a campaign's ledger rows through the delivery layer."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import pytest

from delivery.campaigns.validation import validate_campaign
from delivery.journeys.engine import advance_campaign
from delivery.journeys.render import CampaignRenderer, dispatch_campaign
from delivery.ledger import Ledger
from delivery.messages import Accepted, EmailMessage, Message, RenderError, SmsMessage
from delivery.rendering.email import Sender
from tests.journeys.conftest import launch

NOW = dt.datetime(2026, 3, 2, 9, 0)
SENDER = Sender(
    from_email="admissions@northbridge.example.edu",
    from_name="Northbridge Academy",
    organisation="Northbridge Academy",
    postal_address="1 College Road, Leeds LS1 1AA, UK",
    unsubscribe_base_url="https://hooks.example.edu/unsubscribe",
    unsubscribe_secret="test-secret",
)


class RecordingProvider:
    """A provider double that accepts everything and keeps the rendered messages."""

    kind = "sandbox"
    max_batch = 100

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.name = f"recording:{channel}"
        self.sent: list[Message] = []

    def send(self, messages: Sequence[Message]):
        self.sent.extend(messages)
        return {m.ledger_id: Accepted(f"rec-{m.ledger_id}") for m in messages}

    def lookup(self, rows):
        return {}


def test_variants_render_their_own_subject_and_dispatch_exactly_once(store, world, demo_doc):
    world.add_contacts(150)
    world.add_contacts(20, locale="es")
    launch(store, demo_doc, audience_size=170)
    advance_campaign(store, world.source, "spring_data_enrollment", now=NOW)
    campaign = validate_campaign(demo_doc)
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
    rows = {r.ledger_id: r for r in Ledger(store).rows()}
    assert report.submitted == len(rows) == len(email.sent) > 0
    assert all(isinstance(m, EmailMessage) for m in email.sent)
    for message in email.sent:
        row = rows[message.ledger_id]
        spanish = message.to >= "c_0000150"
        if row.variant_id == "B":
            assert ("quedan 3 plazas" if spanish else "3 seats left") in message.subject
        else:
            assert ("Tu carrera" if spanish else "Your data career") in message.subject
        assert message.custom_args["campaign_id"] == "spring_data_enrollment"
        assert message.custom_args["variant_id"] == row.variant_id
    # a second dispatch finds nothing pending: nothing is sent twice
    again = dispatch_campaign(
        store,
        world.source,
        campaign,
        email,
        sender=SENDER,
        status_callback_base="https://hooks.example.edu",
        now=NOW,
    )
    assert again.submitted == 0 and len(email.sent) == len(rows)
    assert {r.state for r in Ledger(store).rows()} == {"submitted"}


def test_sms_reminder_renders_with_status_callback(store, world, demo_doc):
    world.add_contacts(120)
    launch(store, demo_doc)
    advance_campaign(store, world.source, "spring_data_enrollment", now=NOW)
    advance_campaign(
        store, world.source, "spring_data_enrollment", now=NOW + dt.timedelta(hours=48)
    )
    sms = RecordingProvider("sms")
    dispatch_campaign(
        store,
        world.source,
        validate_campaign(demo_doc),
        sms,
        sender=SENDER,
        status_callback_base="https://hooks.example.edu",
        now=NOW + dt.timedelta(hours=48),
    )
    assert sms.sent and all(isinstance(m, SmsMessage) for m in sms.sent)
    first = sms.sent[0]
    assert first.body.startswith("Hi Ana") and "ledger_id=" in first.status_callback


def test_pause_stops_dispatch_before_the_next_chunk_and_resume_sends_the_rest(
    store, world, demo_doc
):
    from delivery.campaigns import lifecycle

    world.add_contacts(300)
    launch(store, demo_doc, audience_size=300)
    advance_campaign(store, world.source, "spring_data_enrollment", now=NOW)
    pending = len(Ledger(store).rows(state="pending"))
    assert pending > 200

    class PausingProvider(RecordingProvider):
        def send(self, messages):
            if not self.sent:  # the marketer pauses while the first chunk is leaving
                lifecycle.pause(store, "spring_data_enrollment", actor="maria", now=NOW)
            return super().send(messages)

    email = PausingProvider("email")
    kw = {"sender": SENDER, "status_callback_base": "https://hooks.example.edu", "chunk": 100}
    campaign = validate_campaign(demo_doc)
    first = dispatch_campaign(store, world.source, campaign, email, now=NOW, **kw)
    assert first.submitted == len(email.sent) == 100  # the chunk in flight finished, no more
    assert len(Ledger(store).rows(state="pending")) == pending - 100
    assert dispatch_campaign(store, world.source, campaign, email, now=NOW, **kw).claimed == 0
    lifecycle.resume(store, "spring_data_enrollment", actor="maria", now=NOW)
    dispatch_campaign(store, world.source, campaign, email, now=NOW, **kw)
    sent = [m.ledger_id for m in email.sent]
    assert len(sent) == len(set(sent)) == pending  # nothing twice, nothing skipped
    assert Ledger(store).rows(state="pending") == []


def test_each_sent_row_records_the_fingerprint_of_exactly_what_left(store, world, demo_doc):
    from delivery.messages import content_sha256

    world.add_contacts(120)
    launch(store, demo_doc)
    advance_campaign(store, world.source, "spring_data_enrollment", now=NOW)
    email = RecordingProvider("email")
    dispatch_campaign(
        store,
        world.source,
        validate_campaign(demo_doc),
        email,
        sender=SENDER,
        status_callback_base="https://hooks.example.edu",
        now=NOW,
    )
    recorded = {r.ledger_id: r.content_sha256 for r in Ledger(store).rows()}
    assert email.sent and {m.ledger_id: content_sha256(m) for m in email.sent} == recorded


def test_a_row_whose_step_is_not_a_node_is_refused_every_time(store, world, demo_doc):
    world.add_contacts(150)
    launch(store, demo_doc, audience_size=150)
    advance_campaign(store, world.source, "spring_data_enrollment", now=NOW)
    campaign = validate_campaign(demo_doc)
    renderer = CampaignRenderer(campaign, SENDER, "https://hooks.example.edu")
    row = next(r for r in Ledger(store).rows() if r.channel == "email")
    contact = world.source.contacts([row.contact_id]).to_dict("records")[0]
    assert isinstance(renderer.render(row, contact), EmailMessage)
    stray = dataclasses.replace(row, step_id="no_such_step")
    for _ in range(2):  # the step -> template memo must not remember a miss
        with pytest.raises(RenderError, match="'no_such_step' is not a node of campaign"):
            renderer.render(stray, contact)
    assert isinstance(renderer.render(row, contact), EmailMessage)
