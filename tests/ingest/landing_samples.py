"""Hand-made landing files that follow docs/data-contract.md (used until and beside the simulator)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

from tests.ingest.ops_landing_samples import ops_day_records


def _iso(day: dt.date, hour: int, minute: int = 0) -> str:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC).isoformat()


def _epoch(day: dt.date, hour: int) -> int:
    return int(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC).timestamp())


def day_records(day: dt.date, n: int = 2) -> dict[tuple[str, str], list[dict]]:
    """Valid records of every landing file family for one day: (source, stem) → records."""
    d = day.strftime("%m%d")
    contacts = [
        {
            "contact_id": f"c_{d}{i:03d}",
            "first_name": "Ana",
            "last_name": "Silva",
            "email": f"ana{i}@example.edu",
            "phone": "+351912345678",
            "country": "PT",
            "timezone": "Europe/Lisbon",
            "locale": "pt",
            "age_band": "25-34",
            "education_level": "bachelor",
            "interests": ["data", "design"],
            "lead_source": "organic",
            "created_at": _iso(day, 8, i),
            "updated_at": _iso(day, 9, i),
        }
        for i in range(n)
    ]
    ledger_ids = [f"cmp_0001:s1:c_{d}{i:03d}:email:1" for i in range(n)]
    posts = [
        {
            "received_at": _iso(day, 12, i),
            "events": [
                {
                    "email": f"ana{i}@example.edu",
                    "timestamp": _epoch(day, 11),
                    "event": event,
                    "sg_event_id": f"ev_{d}_{i}_{event}",
                    "sg_message_id": f"msg{i}.filter0001",
                    "smtp-id": f"<msg{i}@example.edu>",
                    "category": ["cmp_0001"],
                    "sg_machine_open": event == "open",
                    "ledger_id": ledger_ids[i],
                    "campaign_id": "cmp_0001",
                    "contact_id": f"c_{d}{i:03d}",
                    "variant_id": "A",
                }
                for event in ("processed", "delivered", "open")
            ],
        }
        for i in range(n)
    ]
    return {
        ("crm", "contacts"): contacts,
        ("crm", "consent"): [
            {
                "consent_event_id": f"ce_{d}{i:03d}",
                "contact_id": f"c_{d}{i:03d}",
                "channel": "email" if i % 2 == 0 else "sms",
                "status": "granted",
                "occurred_at": _iso(day, 8, i),
                "source": "signup_form",
            }
            for i in range(n)
        ],
        ("lms", "courses"): [
            {
                "course_id": f"crs_{i:03d}",
                "title": "Data Analytics",
                "category": "data",
                "price_amount": 1200.5,
                "currency": "EUR",
                "language": "en",
                "delivery_mode": "online",
                "start_dates": ["2026-03-01", "2026-06-01"],
                "duration_weeks": 12,
                "updated_at": _iso(day, 6, i),
            }
            for i in range(n)
        ],
        ("lms", "applications"): [
            {
                "application_id": f"app_{d}{i:03d}",
                "contact_id": f"c_{d}{i:03d}",
                "course_id": "crs_000",
                "applied_at": _iso(day, 10, i),
                "utm_source": "newsletter",
                "utm_medium": "email",
                "utm_campaign": "cmp_0001",
            }
            for i in range(n)
        ],
        ("lms", "enrollments"): [
            {
                "enrollment_id": f"enr_{d}{i:03d}",
                "type": "enrollment",
                "contact_id": f"c_{d}{i:03d}",
                "course_id": "crs_000",
                "occurred_at": _iso(day, 14, i),
                "amount": 1200.5,
                "currency": "EUR",
            }
            for i in range(n)
        ],
        ("marketing", "campaigns"): [
            {
                "campaign_id": f"cmp_{d}{i}",
                "name": "Spring intake",
                "campaign_type": "enrollment",
                "channels": ["email", "sms"],
                "budget_amount": 5000.0,
                "currency": "EUR",
                "cost_per_email_amount": 0.001,
                "cost_per_sms_amount": 0.05,
                "start_at": _iso(day, 0),
                "end_at": _iso(day + dt.timedelta(days=30), 0),
                "target_conversion_rate": 0.02,
                "target_cpa_amount": 150.0,
                "conversion_window_days": 14,
                "course_category": "data",
                "is_ab_test": True,
                "variants": [
                    {"variant_id": "A", "name": "A", "weight": 0.5, "subject": "Hi", "content": "x"}
                ],
                "created_at": _iso(day, 7),
            }
            for i in range(n)
        ],
        ("ledger", "sends"): [
            {
                "ledger_id": ledger_ids[i],
                "campaign_id": "cmp_0001",
                "step_id": "s1",
                "variant_id": "A",
                "contact_id": f"c_{d}{i:03d}",
                "channel": "email",
                "occurrence": 1,
                "to_address": f"ana{i}@example.edu",
                "sent_at": _iso(day, 11),
                "provider": "sendgrid",
                "provider_message_id": f"msg{i}",
                "cost_amount": 0.001,
                "state": "submitted",
            }
            for i in range(n)
        ],
        ("sendgrid", "events"): posts,
        ("twilio", "callbacks"): [
            {
                "received_at": _iso(day, 13, i),
                "url": f"https://hooks.example.edu/twilio/status?ledger_id=cmp_0001%3As1%3Ac_{d}{i:03d}%3Asms%3A1",
                "kind": "status",
                "params": {
                    "MessageSid": f"SM{d}{i:030d}",
                    "MessageStatus": "delivered",
                    "AccountSid": "AC" + "0" * 32,
                    "From": "+15005550006",
                    "To": "+351912345678",
                    "ApiVersion": "2010-04-01",
                    "NumSegments": "1",
                },
            }
            for i in range(n)
        ],
        ("twilio", "clicks"): [
            {
                "received_at": _iso(day, 14, i),
                "url": "https://hooks.example.edu/twilio/clicks?bodySHA256=" + "0" * 64,
                "kind": "click",
                "event": {
                    "event_type": "click",
                    "sms_sid": f"SM{d}{i:028d}",
                    "to": "+351912345678",
                    "from": "+15005550006",
                    "link": "https://example.edu/courses/crs_000?utm_medium=sms",
                    "click_time": _iso(day, 13, i),
                    "messaging_service_sid": "MG" + "0" * 32,
                    "account_sid": "AC" + "0" * 32,
                    "user_agent": "Mozilla/5.0",
                },
            }
            for i in range(n)
        ],
        ("web", "events"): [
            {
                "event_id": f"we_{d}{i:03d}",
                "event_timestamp": _epoch(day, 15) * 1_000_000 + i,
                "event_name": "page_view",
                "user_pseudo_id": f"up{i}",
                "user_id": f"c_{d}{i:03d}",
                "ga_session_id": 1700000000 + i,
                "page_location": "https://example.edu/courses/crs_000?utm_source=newsletter",
                "course_id": "crs_000",
                "device_category": "mobile",
                "geo_country": "PT",
                "utm_source": "newsletter",
            }
            for i in range(n)
        ],
        ("web", "banner_events"): [
            {
                "event_id": f"ev_{d}{i:03d}",
                "event_timestamp": _epoch(day, 16) * 1_000_000 + i,
                "event_name": ("banner_impression", "banner_click", "banner_dismiss")[i % 3],
                "user_pseudo_id": f"up{i}",
                "user_id": f"c_{d}{i:03d}",
                "campaign_id": "open_day_web",
                "banner_id": "open_day_strip",
                "banner_kind": "banner",
                "locale": "en",
                "page_location": "https://example.edu/courses/crs_000",
                "device_category": "desktop",
            }
            for i in range(n)
        ],
        ("mandrill", "events"): [
            {
                "received_at": _iso(day, 14, i),
                "events": [  # three per POST, as the SendGrid samples
                    {
                        "event_id": f"md_{d}{i:03d}_{kind}",
                        "event": kind,
                        "ts": _epoch(day, 14) + i,
                        "_id": f"md{d}{i:03d}",
                        "msg": {
                            "_id": f"md{d}{i:03d}",
                            "email": f"ana{i}@example.edu",
                            "state": "sent",
                            "metadata": {"ledger_id": ledger_ids[i], "campaign_id": "cmp_0001"},
                        },
                    }
                    for kind in ("send", "open", "click")
                ],
            }
            for i in range(n)
        ],
        ("ads", "clicks"): [
            {
                "click_id": f"clk_{d}{i:03d}",
                "platform": "meta",
                "channel": "paid_social",
                "campaign_id": "cmp_0001",
                "ad_id": "ad_1",
                "clicked_at": _iso(day, 16, i),
                "fbclid": f"fb{i}",
                "cost_amount": 0.85,
            }
            for i in range(n)
        ],
        ("ads", "spend"): [
            {
                "spend_date": day.isoformat(),
                "platform": "google" if i % 2 else "meta",
                "channel": "paid_search" if i % 2 else "paid_social",
                "campaign_id": "cmp_0001",
                "spend_amount": 100.0 + i,
                "currency": "EUR",
                "impressions": 10_000,
                "clicks": 120,
            }
            for i in range(n)
        ],
        ("social", "insights"): [
            {
                "post_id": f"cmp_0001:post@x:{d}{i}",
                "post_key": "cmp_0001:post",
                "account_id": f"x:{d}{i}",
                "platform": ("facebook", "instagram", "linkedin", "x")[i % 4],
                "remote_post_id": f"186{d}{i:03d}",
                "campaign_id": "cmp_0001",
                "published_at": _iso(day, 9, i),
                "fetched_at": _iso(day, 18, i),
                "impressions": 1000 + i,
                "reactions": 20,
                "comments": 3,
                "shares": 2,
                "link_clicks": 40,
                "cost_amount": 0.01,
            }
            for i in range(n)
        ],
        **ops_day_records(day, n),
        ("marketing", "cost_lines"): [
            {
                "cost_line_id": f"cmp_0001-agency_fee-{d}{i}",
                "campaign_id": "cmp_0001",
                "cost_date": day.isoformat(),
                "cost_type": "agency_fee",
                "amount": 125.0 + i,
                "currency": "EUR",
            }
            for i in range(n)
        ],
        ("marketing", "campaign_members"): [
            {
                "campaign_member_id": f"cmp_0001:c_{d}{i:06d}",
                "campaign_id": "cmp_0001",
                "contact_id": f"c_{d}{i:06d}",
                "member_status": "holdout" if i % 10 == 0 else "targeted",
                "added_at": _iso(day, 6, i),
            }
            for i in range(n)
        ],
    }


def write_lines(path: Path, lines: list[str]) -> Path:
    """Write text lines to ``path`` (gzip when it ends in ``.gz``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def write_day(
    landing: Path, day: dt.date, n: int = 2, gz_sources: tuple[str, ...] = ("sendgrid",)
) -> None:
    """Write one day of valid files for every source (gzipped for ``gz_sources``)."""
    for (source, stem), records in day_records(day, n).items():
        suffix = ".jsonl.gz" if source in gz_sources else ".jsonl"
        write_lines(
            landing / source / day.isoformat() / f"{stem}{suffix}", [json.dumps(r) for r in records]
        )
