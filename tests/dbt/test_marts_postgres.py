"""The same marts built on the postgres target give the same key figures as on DuckDB.

The raw tables of the tiny business warehouse are copied to Postgres, the marts of issue 3 are
built there with the postgres target, and portable summary queries are compared on both.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from enrollflow.transform import dbt_build, profile_env
from tests.dbt.test_marts import MARTS_SELECTION, marts_warehouse  # noqa: F401  (fixture)

RAW_SCHEMA = "raw_marts"
PG_SCHEMA = "marts_pg"

# Key figures of every mart, as portable SQL (one row per group, ordered).
KEY_FIGURES = {
    "message_events": "select event_type, count(*) as n, count(distinct message_id) as messages "
    "from fct_message_events group by event_type order by event_type",
    "sends": "select channel, count(*) as n, sum(case when is_delivered then 1 else 0 end) as delivered, "
    "count(opened_at) as opened, count(clicked_at) as clicked, count(converted_at) as converted, "
    "sum(revenue_amount) as revenue, sum(cost_amount) as cost from fct_sends group by channel order by channel",
    "performance": "select campaign_id, channel, sum(sends) as sends, sum(deliveries) as deliveries, "
    "sum(unique_opens) as opens, sum(unique_clicks) as clicks, sum(conversions) as conversions, "
    "sum(revenue_amount) as revenue, sum(spend_amount) as spend, count(open_rate) as rated, "
    "avg(open_rate) as mean_open_rate from fct_campaign_performance group by campaign_id, channel "
    "order by campaign_id, channel",
    "funnel": "select funnel_stage, sum(contacts) as contacts from fct_conversion_funnel "
    "group by funnel_stage order by funnel_stage",
    "touchpoints": "select channel, touch_type, count(*) as n from fct_touchpoints "
    "group by channel, touch_type order by channel, touch_type",
    "attribution": "select attribution_model, count(*) as n, sum(credit) as credit, "
    "sum(attributed_revenue_amount) as revenue, max(credit) as top from fct_attribution "
    "group by attribution_model order by attribution_model",
    "campaign_attribution": "select attribution_model, count(*) as n, sum(attributed_conversions) as c, "
    "sum(spend_amount) as spend from fct_campaign_attribution group by attribution_model "
    "order by attribution_model",
    "cohorts": "select cut_dimension, count(*) as n, sum(revenue_amount) as revenue, "
    "max(cumulative_ltv_per_learner) as ltv from fct_enrollment_cohorts group by cut_dimension "
    "order by cut_dimension",
    "activity": "select activity_type, count(*) as n from fct_contact_activity "
    "group by activity_type order by activity_type",
    "contacts": "select rfm_band, count(*) as n, sum(ltv_amount) as ltv, "
    "sum(case when has_email_consent then 1 else 0 end) as email_consent, "
    "sum(case when is_email_suppressed then 1 else 0 end) as suppressed, sum(site_visits_30d) as visits, "
    "sum(opens_90d) as opens, sum(rfm_recency_score + rfm_frequency_score + rfm_monetary_score) as rfm, "
    "count(preferred_channel) as preferred from dim_contacts group by rfm_band order by rfm_band",
    "interests": "select interest, count(*) as n from dim_contact_interests group by interest order by interest",
    "courses": "select count(*) as n, sum(enrollments_count) as enrollments, sum(revenue_amount) as revenue "
    "from dim_courses",
}


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@pytest.fixture(scope="module")
def pg_marts(marts_warehouse: Path, request: pytest.FixtureRequest, tmp_path_factory) -> str:  # noqa: F811
    from enrollflow.warehouse import copy_tables_to_postgres

    url = request.getfixturevalue("pg_session_url")
    with duckdb.connect(str(marts_warehouse), read_only=True) as con:
        tables = [
            r[0]
            for r in con.sql(
                "select table_name from duckdb_tables() where schema_name = 'main' "
                "and table_name like 'raw%' and table_name <> 'raw_rejects'"
            ).fetchall()
        ]
    copy_tables_to_postgres(marts_warehouse, url, RAW_SCHEMA, tables)
    dbt_build(
        target="postgres",
        env=profile_env(postgres_url=url, postgres_schema=PG_SCHEMA),
        select=MARTS_SELECTION,
        exclude="resource_type:test path:models/marts/ops path:models/intermediate/ops",
        vars={"raw_schema": RAW_SCHEMA},
        target_path=tmp_path_factory.mktemp("marts_pg") / "target",
    )
    return url


@pytest.mark.postgres
def test_postgres_build_gives_the_same_key_figures(pg_marts: str, marts_warehouse: Path) -> None:  # noqa: F811
    import psycopg2

    duck = duckdb.connect(str(marts_warehouse), read_only=True)
    pg = psycopg2.connect(pg_marts)
    try:
        with pg.cursor() as cur:
            cur.execute(f"set search_path to {PG_SCHEMA}")
            for name, sql in KEY_FIGURES.items():
                expected = duck.sql(sql).fetchall()
                cur.execute(sql)
                got = cur.fetchall()
                assert expected, f"{name}: no rows on DuckDB"
                assert len(got) == len(expected), f"{name}: {got} != {expected}"
                for g, e in zip(got, expected, strict=True):
                    assert all(_same(x, y) for x, y in zip(g, e, strict=True)), (
                        f"{name}: {g} != {e}"
                    )
    finally:
        pg.close()
        duck.close()
