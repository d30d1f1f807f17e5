"""Records look like the providers' own payloads and the CRM's fields are valid."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from simulator import reference as ref
from tests.simulator.landing_reader import read_records, sendgrid_events

# Field names SendGrid's Event Webhook uses, plus our custom_args flattened at the top level.
SENDGRID_FIELDS = {
    "email",
    "timestamp",
    "event",
    "sg_event_id",
    "sg_message_id",
    "smtp-id",
    "category",
    "useragent",
    "ip",
    "url",
    "url_offset",
    "reason",
    "status",
    "type",
    "response",
    "attempt",
    "asm_group_id",
    "sg_machine_open",
    "ledger_id",
    "campaign_id",
    "contact_id",
    "variant_id",
}
SENDGRID_EVENTS = {
    "processed",
    "delivered",
    "open",
    "click",
    "bounce",
    "dropped",
    "deferred",
    "spamreport",
    "unsubscribe",
    "group_unsubscribe",
}
TWILIO_STATUS_PARAMS = {
    "MessageSid",
    "MessageStatus",
    "SmsSid",
    "SmsStatus",
    "AccountSid",
    "From",
    "To",
    "ApiVersion",
    "ErrorCode",
    "RawDlrDoneDate",
}
TWILIO_INBOUND_PARAMS = {
    "MessageSid",
    "From",
    "To",
    "Body",
    "OptOutType",
    "AccountSid",
    "NumSegments",
    "NumMedia",
}


def _epoch(iso: str) -> float:
    return dt.datetime.fromisoformat(iso).timestamp()


def test_sendgrid_events_use_the_webhook_field_names(mid_business):
    events = sendgrid_events(mid_business.landing)
    start, end = _epoch("2026-01-01T00:00:00+00:00"), _epoch("2026-03-02T00:00:00+00:00")
    for e in events:
        assert set(e) - {"_received_at", "_day", "_post"} <= SENDGRID_FIELDS, e
        assert e["event"] in SENDGRID_EVENTS
        assert isinstance(e["timestamp"], int) and start <= e["timestamp"] < end
        assert e["sg_message_id"].split(".")[0] and e["ledger_id"].endswith(":email:1")
        assert isinstance(e["category"], list)
        if e["event"] == "bounce":
            assert e["type"] in {"bounce", "blocked"} and e["status"].startswith("5.")
        if e["event"] == "deferred":
            assert e["attempt"] in {"1", "2"} and e["response"].startswith("4")
        if e["event"] == "dropped":
            assert e["reason"] in {
                "Invalid",
                "Bounced Address",
                "Unsubscribed Address",
                "Spam Reporting Address",
            }
        if e["event"] == "open":
            assert isinstance(e["sg_machine_open"], bool)
        if e["event"] == "click":
            assert e["url"].startswith(ref.SITE) and "utm_campaign=" in e["url"]
    kinds = Counter(e["event"] for e in events)
    assert set(kinds) == SENDGRID_EVENTS, kinds
    assert any(e.get("sg_machine_open") for e in events)


def test_sendgrid_has_duplicates_and_out_of_order_arrival(mid_business):
    events = sendgrid_events(mid_business.landing)
    ids = Counter(e["sg_event_id"] for e in events)
    dup_share = sum(c - 1 for c in ids.values()) / len(events)
    assert 0.015 < dup_share < 0.035
    # Some events land in a later day folder than the day they happened.
    late = [
        e
        for e in events
        if dt.datetime.fromtimestamp(e["timestamp"], dt.UTC).date().isoformat() < e["_day"]
    ]
    assert late
    # Within a POST, events are not sorted by time.
    posts: dict[int, list[int]] = {}
    for e in events:
        posts.setdefault(e["_post"], []).append(e["timestamp"])
    assert any(ts != sorted(ts) for ts in posts.values())
    # A POST never arrives before the events it carries.
    assert all(_epoch(e["_received_at"]) >= e["timestamp"] for e in events)


def test_twilio_callbacks_look_like_twilio(mid_business):
    callbacks = read_records(mid_business.landing, "twilio", "callbacks")
    assert {c["kind"] for c in callbacks} == {"status", "inbound"}
    statuses, codes, bodies = Counter(), Counter(), Counter()
    for c in callbacks:
        p = c["params"]
        assert p["MessageSid"].startswith("SM") and len(p["MessageSid"]) == 34
        assert p["AccountSid"].startswith("AC") and len(p["AccountSid"]) == 34
        if c["kind"] == "status":
            assert set(p) <= TWILIO_STATUS_PARAMS
            ledger_id = parse_qs(urlparse(c["url"]).query)["ledger_id"][0]
            assert ledger_id.endswith(":sms:1")
            statuses[p["MessageStatus"]] += 1
            if "ErrorCode" in p:
                assert p["MessageStatus"] in {"undelivered", "failed"}
                codes[p["ErrorCode"]] += 1
        else:
            assert set(p) <= TWILIO_INBOUND_PARAMS
            bodies[p.get("OptOutType", "text")] += 1
    assert set(statuses) >= {"queued", "sent", "delivered", "undelivered"}
    assert {"30003", "30006"} <= set(codes)
    assert set(codes) <= {"30003", "30006", "30007", "21610"}
    assert bodies["STOP"] > 0


def test_web_events_are_ga4_like(mid_business):
    events = read_records(mid_business.landing, "web", "events")
    start_us = _epoch("2026-01-01T00:00:00+00:00") * 1e6
    end_us = _epoch("2026-03-02T00:00:00+00:00") * 1e6
    names = Counter(e["event_name"] for e in events)
    assert set(names) == {"session_start", "page_view", "generate_lead", "sign_up"}
    assert len({e["event_id"] for e in events}) == len(events)
    for e in events:
        assert isinstance(e["event_timestamp"], int) and start_us <= e["event_timestamp"] < end_us
        assert e["page_location"].startswith(ref.SITE)
        assert e["device_category"] in {"desktop", "mobile", "tablet"}
        day = dt.datetime.fromtimestamp(e["event_timestamp"] / 1e6, dt.UTC).date().isoformat()
        assert day == e["_day"]
    tagged = [e for e in events if e.get("utm_medium")]
    assert {e["utm_medium"] for e in tagged} >= {"email", "paid_social", "paid_search"}
    for e in tagged:
        assert f"utm_campaign={e['utm_campaign']}" in e["page_location"]
    assert any(e.get("gclid") for e in events) and any(e.get("fbclid") for e in events)


def test_contacts_fields_are_valid(tiny_business):
    contacts = read_records(tiny_business.landing, "crm", "contacts")
    zones_by_country = {c[0]: {z for z, _ in c[5]} for c in ref.COUNTRIES}
    invalid_emails = 0
    for c in contacts:
        assert c["locale"] in ref.LOCALES
        if c["timezone"] is not None:
            ZoneInfo(c["timezone"])
            assert c["timezone"] in zones_by_country[c["country"]]
        if c["phone"] is not None:
            number = phonenumbers.parse(c["phone"], None)
            assert phonenumbers.is_valid_number(number), c["phone"]
            assert (
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                == c["phone"]
            )
            assert phonenumbers.region_code_for_number(number) == c["country"], c
        try:
            validate_email(c["email"], check_deliverability=False)
        except EmailNotValidError:
            invalid_emails += 1
        assert set(c["interests"]) <= set(ref.CATEGORIES) and c["interests"]
        assert c["created_at"] <= c["updated_at"]
    assert 0 < invalid_emails < 0.03 * len(contacts)
    assert any(c["timezone"] is None for c in contacts)
    assert any(c["phone"] is None for c in contacts)


def test_consent_records_follow_the_contract(tiny_business):
    consent = read_records(tiny_business.landing, "crm", "consent")
    assert {c["channel"] for c in consent} == {"email", "sms"}
    assert {c["status"] for c in consent} >= {"granted"}
    sources = {
        "signup_form",
        "checkout",
        "import",
        "unsubscribe_link",
        "sms_stop",
        "preference_center",
    }
    assert {c["source"] for c in consent} <= sources
    assert len({c["consent_event_id"] for c in consent}) == len(consent)
