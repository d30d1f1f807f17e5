"""The sandbox's engagement model and the way its events are delivered (signed, batched, retried)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sendgrid.helpers.eventwebhook import EventWebhook
from twilio.request_validator import RequestValidator

from simulator import behaviour as bh
from simulator import email as em
from simulator.engagement import VARIANT_OPEN_MULT, engagement, write_planted_truth
from simulator.provider_posts import ProviderSigner, export_lms, sendgrid_posts

T0 = 1_780_000_000  # 2026-05-28, a Thursday
N = 20_000


def _world(n: int = N, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    ids = [f"c_{i:07d}" for i in range(n)]
    contacts = pd.DataFrame(
        {
            "contact_id": ids,
            "engagement_propensity": rng.uniform(0.1, 0.6, n),
            "enroll_propensity": rng.uniform(0.5, 2.0, n),
            "preferred_local_hour": rng.integers(0, 24, n),
            "true_timezone": rng.choice(["Europe/London", "America/New_York", "Asia/Tokyo"], n),
            "is_machine_opener": rng.random(n) < 0.2,
            "email_status": rng.choice(["ok", "invalid", "bouncing"], n, p=[0.96, 0.02, 0.02]),
        }
    )
    sends = pd.DataFrame(
        {
            "ledger_id": [f"cmp:invite:{c}:email:1" for c in ids],
            "campaign_id": "cmp",
            "contact_id": ids,
            "variant_id": np.where(np.arange(n) % 2 == 0, "A", "B"),
            "channel": "email",
            "to": [f"{c}@example.edu" for c in ids],
            "provider_message_id": "sbxbatch",
            "submitted_at": T0,
            "categories": [["cmp"]] * n,
            "asm_group_id": None,
            "status_callback": None,
        }
    )
    return sends, contacts


COURSES = pd.DataFrame({"course_id": ["crs_001"], "price_amount": [900.0], "currency": ["EUR"]})


def test_open_rates_recover_the_planted_subject_line_uplift():
    sends, contacts = _world()
    drawn = engagement(sends, contacts, courses=COURSES, until=T0 + 30 * 86_400)
    human = {
        e["ledger_id"] for e in drawn.sendgrid if e["event"] == "open" and not e["sg_machine_open"]
    }
    merged = sends.merge(contacts, on="contact_id")
    ok = merged["email_status"] == "ok"
    hours = pd.to_datetime(merged["submitted_at"], unit="s", utc=True)
    local = np.array(
        [h.tz_convert(z).hour for h, z in zip(hours, merged["true_timezone"], strict=True)]
    )
    # the model's own expected open probability per message (before the draw)
    expected = np.clip(
        em.OPEN_SCALE
        * merged["engagement_propensity"]
        * merged["variant_id"].map(VARIANT_OPEN_MULT)
        * bh.timing_multiplier(local, merged["preferred_local_hour"].to_numpy()),
        0,
        0.95,
    )
    for variant in ("A", "B"):
        m = (merged["variant_id"] == variant) & ok
        observed = merged.loc[m, "ledger_id"].isin(human).mean()
        p = expected[m].mean()
        se = np.sqrt(p * (1 - p) / m.sum())
        assert abs(observed - p) < 4 * se, (variant, observed, p)
    a = merged.loc[(merged["variant_id"] == "A") & ok, "ledger_id"].isin(human).mean()
    b = merged.loc[(merged["variant_id"] == "B") & ok, "ledger_id"].isin(human).mean()
    assert 1.15 < b / a < 1.45  # planted: x1.3


def test_every_message_gets_one_outcome_and_bad_addresses_never_open():
    sends, contacts = _world(2_000)
    drawn = engagement(sends, contacts, courses=COURSES, until=T0 + 7 * 86_400)
    outcome = pd.DataFrame(
        [
            (e["ledger_id"], e["event"])
            for e in drawn.sendgrid
            if e["event"] in ("delivered", "bounce", "dropped")
        ],
        columns=["ledger_id", "event"],
    )
    assert outcome["ledger_id"].is_unique and len(outcome) == len(sends)
    status = contacts.set_index("contact_id")["email_status"]
    dropped = outcome.loc[outcome["event"] == "dropped", "ledger_id"].str.split(":").str[2]
    assert set(status[dropped]) == {"invalid"}
    bad = set(outcome.loc[outcome["event"] != "delivered", "ledger_id"])
    assert not bad & {e["ledger_id"] for e in drawn.sendgrid if e["event"] in ("open", "click")}
    # every event carries its ledger id and the custom args, flattened as SendGrid does
    assert all(
        e["ledger_id"] and e["contact_id"] and e["campaign_id"] == "cmp" for e in drawn.sendgrid
    )
    assert len({e["sg_event_id"] for e in drawn.sendgrid}) == len(drawn.sendgrid)


def test_the_same_sends_give_the_same_events_and_a_later_horizon_only_adds():
    sends, contacts = _world(1_000)
    early = engagement(sends, contacts, courses=COURSES, until=T0 + 3600)
    again = engagement(sends, contacts, courses=COURSES, until=T0 + 3600)
    late = engagement(sends, contacts, courses=COURSES, until=T0 + 5 * 86_400)
    assert early.sendgrid == again.sendgrid
    assert {e["sg_event_id"] for e in early.sendgrid} < {e["sg_event_id"] for e in late.sendgrid}
    assert max(e["timestamp"] for e in early.sendgrid) <= T0 + 3600
    # applications follow clicks at the simulator's rates; they carry the campaign's UTM tags
    tagged = [a for a in late.applications if a["utm_campaign"] == "cmp"]
    assert tagged and all(a["utm_source"] == "enrollflow" for a in tagged)


def test_sms_callbacks_go_to_the_message_status_callback_with_its_ledger_id():
    sends, contacts = _world(500)
    sms = sends.assign(
        channel="sms",
        to="+447911123456",
        provider_message_id=[f"SM{i:032x}" for i in range(500)],
        status_callback=[
            f"https://hooks.example.edu/twilio/status?ledger_id={i}" for i in sends["ledger_id"]
        ],
    )
    drawn = engagement(sms, contacts, courses=COURSES, until=T0 + 86_400)
    status = [c for c in drawn.twilio if c["kind"] == "status"]
    assert {c["url"] for c in status} == {
        f"/twilio/status?ledger_id={i}" for i in sends["ledger_id"]
    }
    finals = pd.Series([c["params"]["MessageStatus"] for c in status]).value_counts()
    assert finals["queued"] == finals["sent"] == 500
    assert finals["delivered"] + finals.get("undelivered", 0) + finals.get("failed", 0) == 500


def test_posts_are_signed_as_sendgrid_and_twilio_sign_them():
    signer = ProviderSigner.generate("token-123")
    body = b'[{"event":"open"}]'
    headers = signer.sendgrid_headers(body, 1_780_000_000)
    verifier = EventWebhook(signer.sendgrid_public_key)
    assert verifier.verify_signature(
        body.decode(),
        headers["X-Twilio-Email-Event-Webhook-Signature"],
        headers["X-Twilio-Email-Event-Webhook-Timestamp"],
    )
    assert not verifier.verify_signature(
        '[{"event":"click"}]',
        headers["X-Twilio-Email-Event-Webhook-Signature"],
        headers["X-Twilio-Email-Event-Webhook-Timestamp"],
    )
    url, params = "https://hooks.example.edu/twilio/status?ledger_id=x", {"MessageSid": "SM1"}
    signature = signer.twilio_headers(url, params)["X-Twilio-Signature"]
    assert RequestValidator("token-123").validate(url, params, signature)
    again = ProviderSigner.from_pem("token-123", signer.private_pem())
    assert again.sendgrid_public_key == signer.sendgrid_public_key


def test_sendgrid_posts_batch_by_minute_shuffle_and_retry():
    sends, contacts = _world(3_000)
    drawn = engagement(sends, contacts, courses=COURSES, until=T0 + 86_400)
    posts = sendgrid_posts(
        drawn.sendgrid, since=None, until=T0 + 86_400, seed=1, duplicate_share=0.3
    )
    ids = [e["sg_event_id"] for _, body in posts for e in body]
    # an event arrives a little after it happens: those arriving later wait for the next window
    assert set(ids) == {e["sg_event_id"] for e in drawn.sendgrid if e["_arrive_at"] <= T0 + 86_400}
    assert len(ids) > len(set(ids))  # retried POSTs repeat their events
    assert all("_arrive_at" not in e for _, body in posts for e in body)
    halves = sendgrid_posts(drawn.sendgrid, since=None, until=T0 + 3600, seed=1) + sendgrid_posts(
        drawn.sendgrid, since=T0 + 3600, until=T0 + 86_400, seed=1
    )
    assert {e["sg_event_id"] for _, b in halves for e in b} == set(ids)


def test_lms_exports_never_repeat_a_record(tmp_path):
    record = {"application_id": "app_1", "contact_id": "c", "_arrive_at": T0}
    assert export_lms(tmp_path, "applications", [record], since=None, until=T0 + 60) == 1
    assert export_lms(tmp_path, "applications", [record], since=None, until=T0 + 120) == 0
    [path] = list((tmp_path / "lms").glob("*/applications-sandbox-*.jsonl"))
    assert json.loads(path.read_text()) == {"application_id": "app_1", "contact_id": "c"}


def test_planted_truth_is_written_beside_the_simulator_truth(tmp_path):
    path = write_planted_truth(tmp_path)
    assert json.loads(path.read_text())["variant_open_multiplier"] == VARIANT_OPEN_MULT


def test_sends_missing_a_column_is_a_clear_error():
    sends, contacts = _world(10)
    with pytest.raises(ValueError, match="missing column.*submitted_at"):
        engagement(sends.drop(columns="submitted_at"), contacts, courses=COURSES, until=T0)
