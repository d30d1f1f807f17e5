"""Render the CRM, LMS and marketing exports (contacts, consent, courses, applications,
enrollments, campaigns) as landing-zone streams."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

from simulator import reference as ref
from simulator.clock import DAY, Period
from simulator.ids import mix64
from simulator.landing import Stream
from simulator.population import ZONES
from simulator.sql import ascii_fold, list_literal

Table = dict[str, np.ndarray]
CONSENT_SOURCES = (
    "signup_form",
    "checkout",
    "import",
    "unsubscribe_link",
    "sms_stop",
    "preference_center",
)


def arrival_day(ts: np.ndarray, period: Period) -> np.ndarray:
    """Day index (0 = start) a record stamped ``ts`` lands in; earlier records land on day 0."""
    return np.maximum((ts - period.start) // DAY, 0)


def _sorted(cols: dict[str, np.ndarray], *keys: str) -> pa.Table:
    order = np.lexsort(tuple(cols[k] for k in reversed(keys)))
    return pa.table({k: np.asarray(v)[order] for k, v in cols.items()})


def contact_profiles_sql() -> str:
    """SQL over a contacts table giving ``email`` and ``phone`` text (also used by message renders)."""
    first = list_literal([n for row in ref.FIRST_NAMES for n in row])
    first_ascii = list_literal([ascii_fold(n) for row in ref.FIRST_NAMES for n in row])
    last_ascii = list_literal([ascii_fold(n) for row in ref.LAST_NAMES for n in row])
    last = list_literal([n for row in ref.LAST_NAMES for n in row])
    domains = list_literal([d for row in ref.EMAIL_DOMAINS for d in row])
    mobile = list_literal([c[3][:-4] for c in ref.COUNTRIES])
    landline = list_literal([c[4][:-4] for c in ref.COUNTRIES])
    local_part = f"{first_ascii}[locale * 20 + first + 1] || '.' || {last_ascii}[locale * 20 + last + 1] || cid::VARCHAR"
    domain = f"{domains}[locale * 5 + domain + 1]"
    email = (
        f"CASE WHEN email_kind = 1 THEN (CASE invalid_form WHEN 0 THEN {local_part} || {domain}"
        f" WHEN 1 THEN {local_part} || '@' || split_part({domain}, '.', 1)"
        f" ELSE {local_part} || '@@' || {domain} END) ELSE {local_part} || '@' || {domain} END"
    )
    phone = (
        f"CASE WHEN NOT has_phone THEN NULL WHEN landline THEN {landline}[country + 1] || lpad(phone_tail::VARCHAR, 4, '0')"
        f" ELSE {mobile}[country + 1] || lpad(phone_tail::VARCHAR, 4, '0') END"
    )
    return (
        f"{first}[locale * 20 + first + 1] AS first_name, {last}[locale * 20 + last + 1] AS last_name, "
        f"{email} AS email, {phone} AS phone"
    )


CONTACT_COLUMNS = (
    "cid",
    "locale",
    "first",
    "last",
    "domain",
    "email_kind",
    "invalid_form",
    "has_phone",
    "landline",
    "phone_tail",
    "country",
)


def contacts_stream(contacts: Table, period: Period) -> Stream:
    """Contacts on their creation day (the existing base on day 0) and again when updated."""
    updated = np.flatnonzero(contacts["updated_at"] >= 0)
    rows = np.concatenate([np.arange(len(contacts["cid"])), updated])
    is_update = np.concatenate([np.zeros(len(contacts["cid"]), bool), np.ones(len(updated), bool)])
    stamp = np.where(is_update, contacts["updated_at"][rows], contacts["created_at"][rows])
    cols = {k: contacts[k][rows] for k in CONTACT_COLUMNS}
    cols.update(
        day=arrival_day(stamp, period),
        stamp=stamp,
        created=contacts["created_at"][rows],
        zone=np.where(contacts["tz_missing"][rows], -1, contacts["zone"][rows]),
        age_band=contacts["age_band"][rows],
        education=contacts["education"][rows],
        lead_source=contacts["lead_source"][rows],
        interests=np.where(
            is_update, contacts["interests_updated"][rows], contacts["interests"][rows]
        ),
    )
    table = _sorted(cols, "day", "stamp", "cid")
    interests_json = list_literal(
        [
            json.dumps(
                [c for i, c in enumerate(ref.CATEGORIES) if m >> i & 1], separators=(",", ":")
            )
            for m in range(256)
        ]
    )
    sql = f"""concat('{{"contact_id":"', contact_id(cid), '","first_name":', to_json(first_name),
        ',"last_name":', to_json(last_name), ',"email":"', email, '","phone":', coalesce('"' || phone || '"', 'null'),
        ',"country":"', {list_literal([c[0] for c in ref.COUNTRIES])}[country + 1], '","timezone":',
        CASE WHEN zone < 0 THEN 'null' ELSE '"' || {list_literal(ZONES)}[zone + 1] || '"' END,
        ',"locale":"', {list_literal(ref.LOCALES)}[locale + 1],
        '","age_band":"', {list_literal(ref.AGE_BANDS)}[age_band + 1],
        '","education_level":"', {list_literal(ref.EDUCATION_LEVELS)}[education + 1],
        '","interests":', {interests_json}[interests + 1],
        ',"lead_source":"', {list_literal(ref.LEAD_SOURCES)}[lead_source + 1],
        '","created_at":"', iso(created), '","updated_at":"', iso(stamp), '"}}', chr(10))"""
    return Stream(table, sql, f"SELECT *, {contact_profiles_sql()} FROM src")


def consent_stream(contacts: Table, email: Table, sms: Table, period: Period, salt: int) -> Stream:
    """Consent grants at sign-up, later SMS opt-ins, preference-centre revokes, unsubscribes, STOP/START."""
    c_all = np.arange(len(contacts["cid"]))
    src = contacts["consent_source"]
    parts = [  # (contact, channel, granted, at, source)
        (
            c_all[contacts["email_consent"]],
            0,
            True,
            contacts["created_at"][contacts["email_consent"]],
            src[contacts["email_consent"]],
        ),
        (
            c_all[contacts["sms_consent"]],
            1,
            True,
            contacts["created_at"][contacts["sms_consent"]],
            src[contacts["sms_consent"]],
        ),
    ]
    for mask_col, channel, granted, source in (
        ("late_sms_consent_at", 1, True, 5),
        ("email_revoke_at", 0, False, 5),
    ):
        m = contacts[mask_col] >= 0
        parts.append(
            (c_all[m], channel, granted, contacts[mask_col][m], np.full(int(m.sum()), source))
        )
    for table, col, channel, granted, source in (
        (email, "unsub_at", 0, False, 3),
        (sms, "stop_at", 1, False, 4),
        (sms, "start_at", 1, True, 4),
    ):
        m = table[col] >= 0
        parts.append(
            (table["contact"][m], channel, granted, table[col][m], np.full(int(m.sum()), source))
        )
    cols = {
        "cid": np.concatenate([p[0] for p in parts]) + 1,
        "channel": np.concatenate([np.full(len(p[0]), p[1]) for p in parts]),
        "granted": np.concatenate([np.full(len(p[0]), p[2]) for p in parts]),
        "moment": np.concatenate([p[3] for p in parts]),
        "source": np.concatenate([p[4] for p in parts]),
    }
    keep = cols["moment"] < period.end
    cols = {k: v[keep] for k, v in cols.items()}
    cols["day"] = arrival_day(cols["moment"], period)
    table = _sorted(cols, "day", "moment", "cid", "channel")
    n = table.num_rows
    table = table.append_column("uid", pa.array(mix64(np.arange(n), salt)))
    sql = f"""concat('{{"consent_event_id":"ce_', hex16(uid), '","contact_id":"', contact_id(cid),
        '","channel":"', channel_name(channel), '","status":"', CASE WHEN granted THEN 'granted' ELSE 'revoked' END,
        '","occurred_at":"', iso(moment), '","source":"', {list_literal(CONSENT_SOURCES)}[source + 1], '"}}', chr(10))"""
    return Stream(table, sql)


def courses_stream(courses: Table, period: Period) -> Stream:
    """The full catalogue on day 0 and again on the day a course is launched."""
    launch_days = sorted({int(d) for d in arrival_day(courses["updated_at"], period)})
    rows, days = [], []
    for d in launch_days:
        on_sale = np.flatnonzero(arrival_day(courses["updated_at"], period) <= d)
        rows.append(on_sale)
        days.append(np.full(len(on_sale), d))
    idx = np.concatenate(rows)
    table = pa.table(
        {
            "day": np.concatenate(days),
            "course": idx,
            "category": courses["category"][idx],
            "title": courses["title"][idx].astype(str),
            "price": courses["price"][idx],
            "language": courses["language"][idx],
            "mode": courses["mode"][idx],
            "weeks": courses["weeks"][idx],
            "updated": courses["updated_at"][idx],
            "starts": list(courses["starts"][idx] // DAY),
        }
    )
    sql = f"""to_json({{'course_id': course_id(course), 'title': title, 'category': category_name(category),
        'price_amount': round(price, 2), 'currency': '{ref.CURRENCY}',
        'language': {list_literal(ref.LOCALES)}[language + 1],
        'delivery_mode': {list_literal(ref.DELIVERY_MODES)}[mode + 1],
        'start_dates': list_transform(starts, lambda d: strftime(DATE '1970-01-01' + d::INTEGER, '%Y-%m-%d')),
        'duration_weeks': weeks, 'updated_at': iso(updated)}}) || chr(10)"""
    return Stream(table, sql)


def campaigns_stream(
    campaigns: Table, cost_email: float, cost_sms: float, period: Period
) -> Stream:
    """Each campaign definition on its creation day (earlier ones on day 0)."""
    n = len(campaigns["campaign"])
    variants = []
    for k in range(n):
        variants.append(
            [
                {
                    "variant_id": f"cmp_{k + 1:04d}-{chr(65 + v)}",
                    "name": f"Variant {chr(65 + v)}",
                    "weight": round(float(campaigns["variant_weight"][k, v]), 4),
                    "subject": ref.SUBJECTS[campaigns["subject"][k, v]].format(
                        cat=ref.CATEGORIES[campaigns["category"][k]], first="{{first_name}}"
                    ),
                    "content": ref.CONTENTS[campaigns["content"][k, v]],
                }
                for v in range(int(campaigns["n_variants"][k]))
            ]
        )
    table = pa.table(
        {
            "day": arrival_day(campaigns["created_at"], period),
            "k": np.arange(n),
            "type": campaigns["type"],
            "category": campaigns["category"],
            "channels": [
                [ref.CHANNELS[i] for i in np.flatnonzero(row)] for row in campaigns["channels"]
            ],
            "budget": campaigns["ads_budget"] + np.round(campaigns["target_cpa"] * 20, 0),
            "start_at": campaigns["start_at"],
            "end_at": campaigns["end_at"],
            "created": campaigns["created_at"],
            "rate": campaigns["target_rate"],
            "cpa": campaigns["target_cpa"],
            "window_days": campaigns["window_days"],
            "is_ab": campaigns["is_ab"],
            "variants": variants,
            "name": [
                f"{ref.CAMPAIGN_TYPES[t].replace('_', ' ').title()} - {ref.CATEGORIES[c].title()} #{k + 1}"
                for k, (t, c) in enumerate(
                    zip(campaigns["type"], campaigns["category"], strict=True)
                )
            ],
        }
    )
    sql = f"""to_json({{'campaign_id': campaign_id(k),
        'name': name,
        'campaign_type': campaign_type(type), 'channels': channels, 'budget_amount': round(budget, 2),
        'currency': '{ref.CURRENCY}', 'cost_per_email_amount': {cost_email}, 'cost_per_sms_amount': {cost_sms},
        'start_at': iso(start_at), 'end_at': iso(end_at), 'target_conversion_rate': rate,
        'target_cpa_amount': cpa, 'conversion_window_days': window_days, 'course_category': category_name(category),
        'is_ab_test': is_ab, 'variants': variants, 'created_at': iso(created)}}) || chr(10)"""
    return Stream(
        table.sort_by([("day", "ascending"), ("created", "ascending"), ("k", "ascending")]), sql
    )


def applications_stream(apps: Table, sessions: Table, period: Period) -> Stream:
    """Applications on their day, with the UTM tags of the session they came from."""
    s = apps["session"]
    table = pa.table(
        {
            "day": arrival_day(apps["applied_at"], period),
            "n": np.arange(len(s)) + 1,
            "cid": apps["contact"] + 1,
            "course": apps["course"],
            "moment": apps["applied_at"],
            "source": sessions["source"][s],
            "k": sessions["campaign"][s],
            "platform": sessions["platform"][s],
        }
    )
    sql = f"""concat('{{"application_id":"app_', lpad(n::VARCHAR, 8, '0'), '","contact_id":"', contact_id(cid),
        '","course_id":"', course_id(course), '","applied_at":"', iso(moment), '"', {_utm_sql()}, '}}', chr(10))"""
    return Stream(table, sql)


def _utm_sql() -> str:
    """JSON members utm_source/medium/campaign (null when the session had no tags)."""
    return """CASE WHEN source IN (2, 3, 4) THEN concat(',"utm_source":"',
        CASE WHEN source = 4 THEN platform_name(platform) ELSE 'enrollflow' END, '","utm_medium":"',
        CASE source WHEN 2 THEN 'email' WHEN 3 THEN 'sms' ELSE channel_name(CASE WHEN platform = 1 THEN 3 ELSE 2 END) END,
        '","utm_campaign":"', campaign_id(k), '"') ELSE ',"utm_source":null,"utm_medium":null,"utm_campaign":null' END"""


def enrollments_stream(enrollments: Table, period: Period) -> Stream:
    """Enrollments (amount = course price) and refunds (positive amount, the enrollment's id)."""
    table = pa.table(
        {
            "day": arrival_day(enrollments["occurred_at"], period),
            "app": enrollments["application"] + 1,
            "kind": enrollments["kind"],
            "cid": enrollments["contact"] + 1,
            "course": enrollments["course"],
            "moment": enrollments["occurred_at"],
            "amount": enrollments["amount"],
        }
    )
    sql = f"""concat('{{"enrollment_id":"enr_', lpad(app::VARCHAR, 8, '0'), '","type":"',
        CASE WHEN kind = 0 THEN 'enrollment' ELSE 'refund' END, '","contact_id":"', contact_id(cid),
        '","course_id":"', course_id(course), '","occurred_at":"', iso(moment), '","amount":', money(amount),
        ',"currency":"{ref.CURRENCY}"', CASE WHEN kind = 1 THEN concat(',"refund_id":"ref_', lpad(app::VARCHAR, 8, '0'), '"') END,
        '}}', chr(10))"""
    return Stream(table, sql)
