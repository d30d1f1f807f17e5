"""The ``dim_contacts`` columns dispatch reads for every recipient (a light module: campaign
validation imports it without pandas or DuckDB)."""

CONTACT_COLUMNS = (
    "contact_id",
    "first_name",
    "email",
    "phone",
    "timezone",
    "locale",
    "has_email_consent",
    "has_sms_consent",
    "is_email_suppressed",
    "is_sms_suppressed",
)
