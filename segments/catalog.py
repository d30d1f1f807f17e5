"""What a segment may talk about: the mart tables and columns, and their vocabularies.

This is the one place that knows the marts' column names (``dim_contacts``, ``dim_contact_interests``,
``fct_contact_activity_by_type``, ``fct_contact_activity_daily``); the spec validates against it and the compiler builds SQL from it.
"""

from __future__ import annotations

from typing import Literal

CONTACTS_TABLE = "dim_contacts"
INTERESTS_TABLE = "dim_contact_interests"
#: ``fct_contact_activity``'s rows stored in (activity_type, occurred_at) order, so a behaviour's
#: event and window select a narrow range of the table (DuckDB skips the other row groups).
ACTIVITY_TABLE = "fct_contact_activity_by_type"
#: Per contact, activity type, UTC day, channel and course category: ``activity_count``,
#: ``first_occurred_at``, ``last_occurred_at`` (dbt's incremental ``fct_contact_activity_daily``).
#: Behaviour windows read their whole days here (segments/compiler.py).
DAILY_TABLE = "fct_contact_activity_daily"
#: Per contact and activity type: ``n_<K>d``, the activities in the K days before the table's
#: as-of midnight, for each K of :data:`WINDOW_DAYS` (dbt's incremental
#: ``fct_contact_activity_windows``; segments/windows.py).
WINDOWS_TABLE = "fct_contact_activity_windows"
#: The windows of :data:`WINDOWS_TABLE` (the dbt model's ``windows`` list).
WINDOW_DAYS = (1, 7, 14, 30, 60, 90, 180, 365, 730, 3650)
#: Shortest ``in_last_days`` read from :data:`WINDOWS_TABLE` by default: it holds one row per
#: contact and type whatever the window, so a short window's own activity rows are fewer (at 1M
#: contacts / 50M activities a 7-day window read there took twice the time of its raw rows).
WINDOWS_MIN_DAYS = 30
#: The behaviour filters the daily table can answer (its grouping columns); a behaviour filtered
#: on any other column (``campaign_id``) reads :data:`ACTIVITY_TABLE`.
DAILY_DIMENSIONS = ("channel", "course_category")

#: Vocabularies from the data contract (docs/data-contract.md, crm/contacts and lms/courses).
LOCALES = ("en", "es", "fr", "de", "pt")
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55+")
EDUCATION_LEVELS = ("secondary", "bachelor", "master", "doctorate", "other")
LEAD_SOURCES = ("organic", "paid_social", "paid_search", "referral", "event", "partner")
COURSE_CATEGORIES = (
    "data",
    "software",
    "design",
    "business",
    "marketing",
    "languages",
    "health",
    "finance",
)

Event = Literal["opened", "clicked", "visited_course_page", "applied", "enrolled", "unsubscribed"]
Channel = Literal["email", "sms"]

#: Categorical attributes of ``dim_contacts`` and their allowed values (``None``: free text).
CATEGORICAL_ATTRIBUTES: dict[str, tuple[str, ...] | None] = {
    "country": None,
    "timezone": None,
    "locale": LOCALES,
    "age_band": AGE_BANDS,
    "education_level": EDUCATION_LEVELS,
    "lead_source": LEAD_SOURCES,
    "first_touch_channel": None,
    "last_touch_channel": None,
    "preferred_channel": None,
}
#: Timestamp attributes of ``dim_contacts`` (UTC, naive).
TIMESTAMP_ATTRIBUTES = (
    "created_at",
    "last_engaged_at",
    "last_applied_at",
    "first_enrolled_at",
    "last_enrolled_at",
    "last_touch_at",
)
#: Numeric attributes of ``dim_contacts`` (counts).
NUMERIC_ATTRIBUTES = ("applications_count", "enrollments_count")
#: The attribute answered from ``dim_contact_interests`` rather than a ``dim_contacts`` column.
INTEREST_ATTRIBUTE = "interests"

ATTRIBUTES = (
    *CATEGORICAL_ATTRIBUTES,
    *TIMESTAMP_ATTRIBUTES,
    *NUMERIC_ATTRIBUTES,
    INTEREST_ATTRIBUTE,
)

#: Score columns of ``dim_contacts`` (numeric) — RFM scores 1..5, LTV, engagement counts.
NUMERIC_SCORES = (
    "rfm_recency_score",
    "rfm_frequency_score",
    "rfm_monetary_score",
    "ltv_amount",
    "email_sends_30d",
    "opens_30d",
    "clicks_30d",
    "opens_90d",
    "clicks_90d",
    "site_visits_30d",
    "site_visits_90d",
)
#: Score columns of ``dim_contacts`` holding a label.
LABEL_SCORES = ("rfm_band",)

#: Consent per channel: the column that grants it and the columns that block it. The marts'
#: ``is_email_suppressed`` already covers bounces, spam reports and email unsubscribes;
#: ``is_unsubscribed`` is not used because it also flags SMS-only opt-outs.
#: ``has_objected_to_marketing`` (an objection under GDPR Art. 21, from the ops store's
#: ``privacy_objections``) blocks every channel.
CONSENT_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "email": ("has_email_consent", ("is_email_suppressed", "has_objected_to_marketing")),
    "sms": ("has_sms_consent", ("is_sms_suppressed", "has_objected_to_marketing")),
}

#: Columns a preview breaks the segment down by.
BREAKDOWN_COLUMNS = ("country", "locale")
