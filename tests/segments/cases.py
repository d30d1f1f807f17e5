"""Golden cases: a ``where`` tree (and channel) → the contact ids the hand-made marts give.

Each expected set was worked out by hand from tests/segments/marts.py (NOW = 2026-03-01).
"""

from __future__ import annotations

from typing import Any

ES = {"attribute": "country", "op": "eq", "value": "ES"}

# id, where, channel, expected ids
GOLDEN: list[tuple[str, dict[str, Any], str | None, set[str]]] = [
    ("country_eq", ES, None, {"c01", "c02", "c03", "c05", "c09"}),
    # ne never matches a missing country (c08)
    (
        "country_ne",
        {"attribute": "country", "op": "ne", "value": "ES"},
        None,
        {"c04", "c06", "c07", "c10"},
    ),
    # ...but `not eq` does: it is the complement
    ("not_country_eq", {"not": ES}, None, {"c04", "c06", "c07", "c08", "c10"}),
    ("country_missing", {"attribute": "country", "op": "missing"}, None, {"c08"}),
    (
        "locale_in",
        {"attribute": "locale", "op": "in", "value": ["es", "pt"]},
        None,
        {"c01", "c02", "c03", "c06", "c09"},
    ),
    (
        "locale_present",
        {"attribute": "locale", "op": "present"},
        None,
        {"c01", "c02", "c03", "c04", "c06", "c07", "c08", "c09", "c10"},
    ),
    ("age_band_eq", {"attribute": "age_band", "op": "eq", "value": "35-44"}, None, {"c03"}),
    ("timezone_missing", {"attribute": "timezone", "op": "missing"}, None, {"c08"}),
    (
        "interests_in",
        {"attribute": "interests", "op": "in", "value": ["data"]},
        None,
        {"c01", "c02", "c04", "c09"},
    ),
    (
        "interests_any_of_two",
        {"attribute": "interests", "op": "in", "value": ["business", "software"]},
        None,
        {"c02", "c10"},
    ),
    ("interests_missing", {"attribute": "interests", "op": "missing"}, None, {"c05", "c06", "c08"}),
    (
        "interests_not_in",
        {"attribute": "interests", "op": "not_in", "value": ["data"]},
        None,
        {"c03", "c05", "c06", "c07", "c08", "c10"},
    ),
    (
        "created_within_14d",
        {"attribute": "created_at", "op": "within_last_days", "value": 14},
        None,
        {"c06", "c07"},
    ),
    (
        "created_more_than_365d_ago",
        {"attribute": "created_at", "op": "more_than_days_ago", "value": 365},
        None,
        {"c05", "c10"},
    ),
    (
        "created_between_dates",
        {"attribute": "created_at", "op": "between", "value": ["2025-09-01", "2026-01-31"]},
        None,
        {"c03", "c04", "c09"},
    ),
    (
        "created_before_date",
        {"attribute": "created_at", "op": "lt", "value": "2025-06-01"},
        None,
        {"c01", "c05", "c10"},
    ),
    (
        "enrollments_count_gte",
        {"attribute": "enrollments_count", "op": "gte", "value": 1},
        None,
        {"c05", "c08", "c10"},
    ),
    # behaviour: window [now - 30d, now): c03's open at exactly 30 days counts, c04's at now does not
    (
        "opened_2_in_30d",
        {"behaviour": "opened", "at_least": 2, "in_last_days": 30},
        None,
        {"c01", "c02", "c03", "c04", "c09"},
    ),
    ("opened_3_in_30d", {"behaviour": "opened", "at_least": 3, "in_last_days": 30}, None, {"c01"}),
    (
        "opened_at_most_1_in_30d",
        {"behaviour": "opened", "at_most": 1, "in_last_days": 30},
        None,
        {"c05", "c06", "c07", "c08", "c10"},
    ),
    (
        "opened_exactly_2",
        {"behaviour": "opened", "at_least": 2, "at_most": 2, "in_last_days": 30},
        None,
        {"c02", "c03", "c04", "c09"},
    ),
    (
        "opened_at_most_0_is_not_performed",
        {"behaviour": "opened", "at_most": 0, "in_last_days": 30},
        None,
        {"c05", "c06", "c07", "c08", "c10"},
    ),
    (  # c05 enrolled exactly 200 days ago: the end of a window is exclusive
        "enrolled_window_end_exclusive",
        {"behaviour": "enrolled", "in_last_days": 365, "ending_days_ago": 200},
        None,
        {"c10"},
    ),
    (
        "not_performed_opened",
        {"behaviour": "opened", "performed": False, "in_last_days": 30},
        None,
        {"c05", "c06", "c07", "c08", "c10"},
    ),
    (
        "opened_in_45d",
        {"behaviour": "opened", "at_least": 3, "in_last_days": 45},
        None,
        {"c01", "c03"},
    ),
    (
        "clicked_data",
        {"behaviour": "clicked", "in_last_days": 30, "course_category": "data"},
        None,
        {"c01", "c09"},
    ),
    (
        "clicked_campaign_with_quote",
        {"behaviour": "clicked", "in_last_days": 30, "campaign_id": ["cmp_'quote"]},
        None,
        {"c09"},
    ),
    (
        "clicked_channel_filter",
        {"behaviour": "visited_course_page", "in_last_days": 7, "channel": "web"},
        None,
        {"c01"},
    ),
    (
        "lapsed_learners",
        {
            "all": [
                {"behaviour": "enrolled", "in_last_days": 365, "ending_days_ago": 180},
                {"behaviour": "enrolled", "performed": False, "in_last_days": 180},
            ]
        },
        None,
        {"c05"},
    ),
    (
        "new_leads_no_application",
        {
            "all": [
                {"attribute": "created_at", "op": "within_last_days", "value": 14},
                {"behaviour": "applied", "performed": False, "in_last_days": 14},
            ]
        },
        None,
        {"c06"},
    ),
    (
        "rfm_band_in",
        {"score": "rfm_band", "op": "in", "value": ["champions"]},
        None,
        {"c01", "c04"},
    ),
    ("ltv_gte", {"score": "ltv_amount", "op": "gte", "value": 450}, None, {"c01", "c04"}),
    (
        "ltv_between",
        {"score": "ltv_amount", "op": "between", "value": [100, 400]},
        None,
        {"c02", "c03"},
    ),
    (
        "ml_score_table",
        {"score": "propensity", "table": "contact_propensity_scores", "op": "gte", "value": 0.5},
        None,
        {"c01", "c04"},
    ),
    (
        "ml_score_missing",
        {"score": "propensity", "table": "contact_propensity_scores", "op": "missing"},
        None,
        {"c02", "c05", "c06", "c07", "c08", "c09", "c10"},
    ),
    # channel consent: c02 suppressed, c05 no consent, c09 unknown suppression flag
    ("email_channel", ES, "email", {"c01", "c03"}),
    # c06 email-suppressed (unsubscribed), c08 unknown consent; c07 opted out of SMS only: in
    ("email_everyone", {"any": [ES, {"not": ES}]}, "email", {"c01", "c03", "c04", "c07", "c10"}),
    ("sms_consent_node", {"consent": "sms"}, None, {"c01", "c02", "c05"}),
    (
        "any_fr_de",
        {
            "any": [
                {"attribute": "country", "op": "eq", "value": "FR"},
                {"attribute": "country", "op": "eq", "value": "DE"},
            ]
        },
        None,
        {"c04", "c10"},
    ),
    (
        "engaged_spain_data",
        {
            "all": [
                ES,
                {"attribute": "interests", "op": "in", "value": ["data"]},
                {"behaviour": "opened", "at_least": 2, "in_last_days": 30},
            ]
        },
        "email",
        {"c01"},
    ),
]
