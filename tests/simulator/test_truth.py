"""The planted truth is consistent with the data: a model could recover it."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow.parquet as pq

from tests.simulator.landing_reader import read_records, sendgrid_events


def _unique(events: list[dict]) -> list[dict]:
    seen, out = set(), []
    for e in events:
        if e["sg_event_id"] not in seen:
            seen.add(e["sg_event_id"])
            out.append(e)
    return out


def test_truth_files_exist(tiny_business):
    names = {p.name for p in tiny_business.truth.iterdir()}
    assert names == {
        "README.md",
        "contact_preferences.parquet",
        "channel_effects.json",
        "ab_tests.json",
        "campaign_drivers.json",
        "holdouts.parquet",
        "holdout_effects.json",
    }
    prefs = pq.read_table(tiny_business.truth / "contact_preferences.parquet").to_pylist()
    assert len(prefs) == 400
    assert all(0 <= p["preferred_hour_of_week"] <= 167 for p in prefs)
    assert all(p["preferred_local_hour"] == p["preferred_hour_of_week"] % 24 for p in prefs)


def test_human_opens_concentrate_on_the_preferred_local_hour(mid_business):
    prefs = {
        p["contact_id"]: p
        for p in pq.read_table(mid_business.truth / "contact_preferences.parquet").to_pylist()
    }
    opens = [
        e
        for e in _unique(sendgrid_events(mid_business.landing))
        if e["event"] == "open" and not e["sg_machine_open"]
    ]
    assert len(opens) > 1000
    near_week = near_day = 0
    per_contact: dict[str, Counter] = defaultdict(Counter)
    for e in opens:
        p = prefs[e["contact_id"]]
        local = dt.datetime.fromtimestamp(e["timestamp"], ZoneInfo(p["true_timezone"]))
        how = local.weekday() * 24 + local.hour
        near_week += (
            min(
                (how - p["preferred_hour_of_week"]) % 168, (p["preferred_hour_of_week"] - how) % 168
            )
            <= 1
        )
        near_day += (
            min(
                (local.hour - p["preferred_local_hour"]) % 24,
                (p["preferred_local_hour"] - local.hour) % 24,
            )
            <= 1
        )
        per_contact[e["contact_id"]][how] += 1
    # Uniform timing would put 3/168 ≈ 1.8 % of opens within an hour of the preferred hour of week.
    assert near_week / len(opens) > 0.3
    assert near_day / len(opens) > 0.6
    # The most frequent open hour of week recovers the planted preference for active openers.
    active = {c: h for c, h in per_contact.items() if sum(h.values()) >= 4}
    hits = sum(max(h, key=h.get) == prefs[c]["preferred_hour_of_week"] for c, h in active.items())
    assert len(active) > 50 and hits / len(active) > 0.5


def test_ab_variant_with_higher_true_open_rate_is_observed_higher(mid_business):
    truth = json.loads((mid_business.truth / "ab_tests.json").read_text())
    assert truth
    events = _unique(sendgrid_events(mid_business.landing))
    delivered = Counter(e["variant_id"] for e in events if e["event"] == "delivered")
    opened = {
        (e["variant_id"], e["ledger_id"])
        for e in events
        if e["event"] == "open" and not e["sg_machine_open"]
    }
    opens = Counter(v for v, _ in opened)
    agree = total = 0
    for test in truth.values():
        control = test["control"]
        for vid, stats in test["variants"].items():
            diff = stats["true_open_rate"] - test["variants"][control]["true_open_rate"]
            if vid == control or abs(diff) < 0.04 or min(delivered[vid], delivered[control]) < 80:
                continue
            observed = opens[vid] / delivered[vid] - opens[control] / delivered[control]
            total += 1
            agree += np.sign(observed) == np.sign(diff)
            assert stats["open_uplift_abs"] == diff
    assert total >= 4
    assert agree / total >= 0.75


def test_observed_open_rate_matches_the_planted_expectation(mid_business):
    truth = json.loads((mid_business.truth / "ab_tests.json").read_text())
    events = _unique(sendgrid_events(mid_business.landing))
    delivered = Counter(e["variant_id"] for e in events if e["event"] == "delivered")
    opened = Counter(
        v
        for v, _ in {
            (e["variant_id"], e["ledger_id"])
            for e in events
            if e["event"] == "open" and not e["sg_machine_open"]
        }
    )
    for test in truth.values():
        for vid, stats in test["variants"].items():
            n = delivered[vid]
            if n < 400:
                continue
            p = stats["true_open_rate"]
            # Opens of the period's last days arrive after the end: allow for that and sampling noise.
            assert (
                p - 4 * np.sqrt(p * (1 - p) / n) - 0.03
                < opened[vid] / n
                < p + 4 * np.sqrt(p * (1 - p) / n)
            )


def test_enrollment_amount_is_the_course_price(tiny_business):
    price = {
        c["course_id"]: c["price_amount"]
        for c in read_records(tiny_business.landing, "lms", "courses")
    }
    rows = read_records(tiny_business.landing, "lms", "enrollments")
    enrollments = [r for r in rows if r["type"] == "enrollment"]
    assert enrollments
    assert all(r["amount"] == price[r["course_id"]] for r in enrollments)
    enrolled = {r["enrollment_id"]: r for r in enrollments}
    for refund in (r for r in rows if r["type"] == "refund"):
        original = enrolled[refund["enrollment_id"]]
        assert (
            refund["amount"] == original["amount"]
            and refund["occurred_at"] > original["occurred_at"]
        )


def test_funnel_is_causal(mid_business):
    landing = mid_business.landing
    apps = read_records(landing, "lms", "applications")
    lead_at = Counter(
        e["event_timestamp"] // 1_000_000
        for e in read_records(landing, "web", "events")
        if e["event_name"] == "generate_lead"
    )
    # Every application comes from a website session that fired generate_lead at that second.
    for a in apps:
        assert lead_at[int(dt.datetime.fromisoformat(a["applied_at"]).timestamp())] > 0, a
    applied = {(a["contact_id"], a["course_id"]) for a in apps}
    first_app = {}
    for a in apps:
        first_app.setdefault((a["contact_id"], a["course_id"]), a["applied_at"])
    for r in read_records(landing, "lms", "enrollments"):
        if r["type"] == "enrollment":
            assert (r["contact_id"], r["course_id"]) in applied
            assert first_app[(r["contact_id"], r["course_id"])] < r["occurred_at"]
    effects = json.loads((mid_business.truth / "channel_effects.json").read_text())
    assert effects["email"]["enrollments_caused"] > 0
    assert effects["email"]["incremental_enrollment_probability"] > 0
    tagged = Counter(a["utm_medium"] for a in apps if a["utm_medium"])
    assert tagged["email"] > 0


def test_holdouts_receive_nothing_and_unsubscribes_are_honoured(mid_business):
    landing = mid_business.landing
    sends = read_records(landing, "ledger", "sends")
    sent = {(s["campaign_id"], s["contact_id"]) for s in sends}
    held = pq.read_table(mid_business.truth / "holdouts.parquet").to_pylist()
    assert held
    assert not any((h["campaign_id"], h["contact_id"]) in sent for h in held)
    # the CRM's campaign-member export records the same split, before the campaign's first send
    members = read_records(landing, "marketing", "campaign_members")
    listed = {(m["campaign_id"], m["contact_id"]): m for m in members}
    assert len(listed) == len(members)
    assert {k for k, m in listed.items() if m["member_status"] == "holdout"} == {
        (h["campaign_id"], h["contact_id"]) for h in held
    }
    assert sent <= set(listed)  # every message went to a targeted member of its campaign
    assert all(listed[k]["member_status"] == "targeted" for k in sent)
    first = {}
    for s in sends:
        first[s["campaign_id"]] = min(first.get(s["campaign_id"], s["sent_at"]), s["sent_at"])
    added = {m["campaign_id"]: m["added_at"] for m in members}
    assert all(added[c] <= at for c, at in first.items())
    effects = json.loads((mid_business.truth / "holdout_effects.json").read_text())
    for c, e in effects.items():
        in_list = [m for (k, _), m in listed.items() if k == c]
        if in_list:  # listed before the period's end
            assert e["held_out"] == sum(m["member_status"] == "holdout" for m in in_list)
            assert e["targeted"] == len(in_list) - e["held_out"]
    revoked = {}
    for c in read_records(landing, "crm", "consent"):
        if c["channel"] == "email" and c["status"] == "revoked":
            revoked.setdefault(c["contact_id"], c["occurred_at"])
    assert revoked
    day = dt.timedelta(days=1)
    for s in sends:
        if s["channel"] == "email" and s["contact_id"] in revoked:
            limit = dt.datetime.fromisoformat(revoked[s["contact_id"]]) + day
            assert dt.datetime.fromisoformat(s["sent_at"]) <= limit
