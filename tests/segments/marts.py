"""Hand-made marts (dim_contacts, dim_contact_interests, fct_contact_activity_by_type, its daily
and window-count aggregates built by the dbt models' own SQL, an ML score table).

Ten contacts whose attributes and activity are chosen so each golden test has a known answer;
loaded the same way into DuckDB and Postgres. ``NOW`` is the reference time of every test.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from enrollflow.transform import compiled_model_sql
from segments.literals import timestamp_literal
from segments.warehouse import Warehouse

NOW = dt.datetime(2026, 3, 1)


def ago(days: float) -> dt.datetime:
    """``NOW`` minus a number of days."""
    return NOW - dt.timedelta(days=days)


CONTACT_COLUMNS: dict[str, str] = {
    "contact_id": "VARCHAR",
    "country": "VARCHAR",
    "timezone": "VARCHAR",
    "locale": "VARCHAR",
    "age_band": "VARCHAR",
    "education_level": "VARCHAR",
    "lead_source": "VARCHAR",
    "first_touch_channel": "VARCHAR",
    "last_touch_channel": "VARCHAR",
    "preferred_channel": "VARCHAR",
    "created_at": "TIMESTAMP",
    "last_engaged_at": "TIMESTAMP",
    "last_applied_at": "TIMESTAMP",
    "first_enrolled_at": "TIMESTAMP",
    "last_enrolled_at": "TIMESTAMP",
    "last_touch_at": "TIMESTAMP",
    "applications_count": "INTEGER",
    "enrollments_count": "INTEGER",
    "has_email_consent": "BOOLEAN",
    "has_sms_consent": "BOOLEAN",
    "is_email_suppressed": "BOOLEAN",
    "is_sms_suppressed": "BOOLEAN",
    "has_objected_to_marketing": "BOOLEAN",
    "is_unsubscribed": "BOOLEAN",
    "rfm_recency_score": "INTEGER",
    "rfm_frequency_score": "INTEGER",
    "rfm_monetary_score": "INTEGER",
    "rfm_band": "VARCHAR",
    "ltv_amount": "DOUBLE PRECISION",
    "email_sends_30d": "INTEGER",
    "opens_30d": "INTEGER",
    "clicks_30d": "INTEGER",
    "opens_90d": "INTEGER",
    "clicks_90d": "INTEGER",
    "site_visits_30d": "INTEGER",
    "site_visits_90d": "INTEGER",
}

_DEFAULTS: dict[str, Any] = {
    "timezone": "Europe/Madrid",
    "age_band": "25-34",
    "education_level": "bachelor",
    "lead_source": "organic",
    "has_email_consent": True,
    "has_sms_consent": False,
    "is_email_suppressed": False,
    "is_sms_suppressed": False,
    "has_objected_to_marketing": False,
    "is_unsubscribed": False,
    "applications_count": 0,
    "enrollments_count": 0,
}


def _contact(contact_id: str, **values: Any) -> dict[str, Any]:
    row = {c: None for c in CONTACT_COLUMNS} | _DEFAULTS | {"contact_id": contact_id} | values
    assert set(row) == set(CONTACT_COLUMNS), set(row) - set(CONTACT_COLUMNS)
    return row


CONTACTS: list[dict[str, Any]] = [
    _contact(
        "c01",
        country="ES",
        locale="es",
        created_at=ago(300),
        has_sms_consent=True,
        rfm_band="champions",
        ltv_amount=900.0,
        rfm_recency_score=5,
        opens_30d=3,
    ),
    _contact(
        "c02",
        country="ES",
        locale="es",
        created_at=ago(200),
        is_email_suppressed=True,
        has_sms_consent=True,
        rfm_band="loyal",
        ltv_amount=300.0,
        rfm_recency_score=4,
    ),
    _contact(
        "c03",
        country="ES",
        locale="es",
        created_at=ago(100),
        rfm_band="at_risk",
        ltv_amount=120.0,
        rfm_recency_score=2,
        age_band="35-44",
    ),
    _contact(
        "c04",
        country="FR",
        locale="fr",
        created_at=ago(50),
        rfm_band="champions",
        ltv_amount=450.0,
        rfm_recency_score=5,
        timezone="Europe/Paris",
    ),
    _contact(
        "c05",
        country="ES",
        locale=None,
        created_at=ago(400),
        has_email_consent=False,
        has_sms_consent=True,
        rfm_band="hibernating",
        enrollments_count=1,
        applications_count=1,
        last_enrolled_at=ago(200),
    ),
    _contact(
        "c06",
        country="PT",
        locale="pt",
        created_at=ago(5),
        is_unsubscribed=True,
        is_email_suppressed=True,  # an email unsubscribe suppresses email in the marts
        lead_source="paid_search",
    ),
    _contact(
        "c07",
        country="GB",
        locale="en",
        created_at=ago(10),
        lead_source="paid_social",
        is_unsubscribed=True,  # opted out of SMS only: still emailable
        applications_count=1,
        timezone="Europe/London",
    ),
    _contact(
        "c08",
        country=None,
        locale="en",
        created_at=ago(20),
        has_email_consent=None,
        enrollments_count=1,
        last_enrolled_at=ago(400),
        timezone=None,
    ),
    _contact("c09", country="ES", locale="es", created_at=ago(30), is_email_suppressed=None),
    _contact(
        "c10",
        country="DE",
        locale="de",
        created_at=ago(800),
        rfm_band="lost",
        enrollments_count=2,
        last_enrolled_at=ago(100),
        ltv_amount=50.0,
        has_sms_consent=True,
        is_sms_suppressed=True,
        education_level="master",
    ),
]

INTERESTS: list[tuple[str, str]] = [
    ("c01", "data"),
    ("c02", "data"),
    ("c02", "business"),
    ("c03", "design"),
    ("c04", "data"),
    ("c07", "marketing"),
    ("c09", "data"),
    ("c10", "software"),
]

# (contact, activity_type, days ago, channel, campaign_id, course_category)
ACTIVITY: list[tuple[str, str, float, str | None, str | None, str | None]] = [
    ("c01", "opened", 1, "email", "cmp_0001", None),
    ("c01", "opened", 5, "email", "cmp_0001", None),
    ("c01", "opened", 20, "email", "cmp_0002", None),
    ("c01", "clicked", 2, "email", "cmp_0001", "data"),
    ("c01", "visited_course_page", 3, "web", None, "data"),
    ("c02", "opened", 3, "email", "cmp_0001", None),
    ("c02", "opened", 4, "email", "cmp_0001", None),
    ("c03", "opened", 10, "email", "cmp_0002", None),
    ("c03", "opened", 30, "email", "cmp_0002", None),  # exactly on the window's start: inside
    ("c03", "opened", 40, "email", "cmp_0002", None),
    (
        "c04",
        "opened",
        0,
        "email",
        "cmp_0001",
        None,
    ),  # exactly now: outside (window is [start, now))
    ("c04", "opened", 1, "email", "cmp_0001", None),
    ("c04", "opened", 29.5, "email", "cmp_0001", None),
    ("c04", "clicked", 31, "email", "cmp_0001", "design"),
    ("c05", "applied", 210, "web", None, "data"),
    ("c05", "enrolled", 200, "web", None, "data"),
    ("c07", "applied", 3, "web", None, "marketing"),
    ("c08", "enrolled", 400, "web", None, "health"),
    ("c09", "opened", 2, "email", "cmp_'quote", None),
    ("c09", "opened", 3, "email", "cmp_'quote", None),
    ("c09", "clicked", 2, "email", "cmp_'quote", "data"),
    ("c10", "enrolled", 250, "web", None, "software"),
    ("c10", "enrolled", 100, "web", None, "software"),
    ("c10", "unsubscribed", 60, "email", "cmp_0002", None),
]

PROPENSITY: list[tuple[str, float]] = [("c01", 0.9), ("c03", 0.4), ("c04", 0.7)]


def _literal(value: Any, dialect: str) -> str:
    if isinstance(value, dt.datetime):
        return timestamp_literal(value).sql(dialect)
    return exp.convert(value).sql(dialect)


def _create(warehouse: Warehouse, table: str, columns: dict[str, str], rows: list[tuple]) -> None:
    warehouse.execute(f"DROP TABLE IF EXISTS {table}")
    warehouse.execute(
        f"CREATE TABLE {table} (" + ", ".join(f"{c} {t}" for c, t in columns.items()) + ")"
    )
    if rows:
        values = ", ".join(
            "(" + ", ".join(_literal(v, warehouse.dialect) for v in row) + ")" for row in rows
        )
        warehouse.execute(f"INSERT INTO {table} VALUES {values}")


@dataclass(frozen=True)
class Marts:
    """Rows of the four tables."""

    contacts: list[dict[str, Any]]
    interests: list[tuple[str, str]]
    activity: list[tuple[str, str, float, str | None, str | None, str | None]]
    propensity: list[tuple[str, float]]


HAND_MADE = Marts(CONTACTS, INTERESTS, ACTIVITY, PROPENSITY)


def random_marts(seed: int, n_contacts: int = 150) -> Marts:
    """Random marts with missing values everywhere a mart may have them (fixed seed)."""
    rng = random.Random(seed)

    def maybe(values: Sequence[Any], p_missing: float = 0.15) -> Any:
        return None if rng.random() < p_missing else rng.choice(values)

    contacts, interests, activity, propensity = [], [], [], []
    flags = [True, False]
    for i in range(n_contacts):
        cid = f"r{i:04d}"
        contacts.append(
            _contact(
                cid,
                country=maybe(["ES", "FR", "GB", "DE", "PT"]),
                locale=maybe(["en", "es", "fr"]),
                age_band=maybe(["18-24", "25-34", "35-44"]),
                created_at=ago(rng.uniform(0, 800)),
                has_email_consent=maybe(flags),
                has_sms_consent=maybe(flags),
                is_email_suppressed=maybe(flags, 0.05),
                is_sms_suppressed=maybe(flags, 0.05),
                is_unsubscribed=maybe(flags, 0.05),
                rfm_band=maybe(["champions", "loyal", "lost"]),
                ltv_amount=maybe([0.0, 50.0, 450.0, 900.0]),
                enrollments_count=rng.choice([0, 0, 1, 2]),
            )
        )
        interests += [
            (cid, c) for c in rng.sample(["data", "design", "business"], rng.randint(0, 2))
        ]
        for _ in range(rng.randint(0, 6)):
            activity.append(
                (
                    cid,
                    rng.choice(["opened", "clicked", "applied", "enrolled"]),
                    rng.choice([0, 0.5, 7, 13.9, 14, 30, 45, 200, 400]),
                    rng.choice(["email", "web"]),
                    rng.choice(["cmp_0001", None]),
                    maybe(["data", "design"], 0.3),
                )
            )
        if rng.random() < 0.6:
            propensity.append((cid, rng.choice([0.1, 0.5, 0.9])))
    return Marts(contacts, interests, activity, propensity)


@functools.cache
def aggregate_sql(model: str) -> str:
    """dbt's compiled SELECT of an activity aggregate model over ``fct_contact_activity_by_type``
    (compiled once per test session)."""
    return compiled_model_sql(model, {"fct_contact_activity": "fct_contact_activity_by_type"})


def build_aggregates(warehouse: Warehouse) -> None:
    """(Re)create ``fct_contact_activity_daily`` and ``fct_contact_activity_windows`` from the
    activity with the dbt models' own SQL."""
    for model in ("fct_contact_activity_daily", "fct_contact_activity_windows"):
        warehouse.execute(f"DROP TABLE IF EXISTS {model}")
        warehouse.execute(f"CREATE TABLE {model} AS {aggregate_sql(model)}")


def load_marts(warehouse: Warehouse, marts: Marts = HAND_MADE) -> None:
    """Create the marts in ``warehouse`` (replacing them) and commit."""
    contacts = marts.contacts
    _create(
        warehouse,
        "dim_contacts",
        CONTACT_COLUMNS,
        [tuple(c[k] for k in CONTACT_COLUMNS) for c in contacts],
    )
    _create(
        warehouse,
        "dim_contact_interests",
        {"contact_id": "VARCHAR", "interest": "VARCHAR"},
        marts.interests,
    )
    _create(
        warehouse,
        "fct_contact_activity_by_type",
        {
            "activity_id": "VARCHAR",
            "contact_id": "VARCHAR",
            "activity_type": "VARCHAR",
            "occurred_at": "TIMESTAMP",
            "channel": "VARCHAR",
            "campaign_id": "VARCHAR",
            "course_category": "VARCHAR",
        },
        [
            (f"a{i:03d}", c, kind, ago(days), ch, cmp, cat)
            for i, (c, kind, days, ch, cmp, cat) in enumerate(marts.activity)
        ],
    )
    build_aggregates(warehouse)
    _create(
        warehouse,
        "contact_propensity_scores",
        {"contact_id": "VARCHAR", "propensity": "DOUBLE PRECISION"},
        marts.propensity,
    )
    if warehouse.dialect == "postgres":
        warehouse.commit()
