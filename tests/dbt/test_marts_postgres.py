"""The marts built on the postgres target give the same key figures as on DuckDB.

Both builds are the shared session builds of the tiny business (tests/fixtures/warehouse.py);
portable summary queries (one row per group) over every mart are compared value by value.
"""

from __future__ import annotations

import math

import pytest

from enrollflow.transform import dbt_build, profile_env
from tests.dbt.test_marts import _my_nodes

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

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


def test_marts_and_their_tests_pass_on_postgres(tiny_pg_build) -> None:
    failed = [
        (n.unique_id, n.status, n.message)
        for n in _my_nodes(tiny_pg_build)
        if n.status in ("error", "fail")
    ]
    assert not failed


@pytest.mark.parametrize("figure", sorted(KEY_FIGURES))
def test_key_figures_equal_across_targets(tiny_dbt_build, tiny_pg_build, figure: str) -> None:
    expected = [tuple(r.values()) for r in tiny_dbt_build.rows(KEY_FIGURES[figure])]
    got = [tuple(r.values()) for r in tiny_pg_build.rows(KEY_FIGURES[figure])]
    assert expected, f"{figure}: no rows on DuckDB"
    assert len(got) == len(expected), f"{got} != {expected}"
    for g, e in zip(got, expected, strict=True):
        assert all(_same(x, y) for x, y in zip(g, e, strict=True)), f"{g} != {e}"


def test_an_incremental_run_on_postgres_changes_no_figure(tiny_pg_build, tmp_path) -> None:
    """The incremental branch of every incremental model runs on Postgres too (delete+insert of
    what landed in the lookback) and, with nothing new, leaves every key figure as it was."""
    from tests.dbt.test_marts import INCREMENTAL_MARTS
    from tests.fixtures.warehouse import PG_MODEL_SCHEMA, PG_RAW_SCHEMA

    figures = ("message_events", "sends", "touchpoints", "activity", "performance")
    before = {f: tiny_pg_build.rows(KEY_FIGURES[f]) for f in figures}
    counts = {m: tiny_pg_build.scalar(f"select count(*) from {m}") for m in INCREMENTAL_MARTS}
    result = dbt_build(
        target="postgres",
        env=profile_env(postgres_url=tiny_pg_build.location, postgres_schema=PG_MODEL_SCHEMA),
        vars={"raw_schema": PG_RAW_SCHEMA},
        select=" ".join(INCREMENTAL_MARTS),
        exclude="resource_type:test resource_type:unit_test",
        target_path=tmp_path / "dbt_target",
    )
    assert {n.unique_id.split(".")[-1] for n in result.nodes} >= set(INCREMENTAL_MARTS)
    assert {
        m: tiny_pg_build.scalar(f"select count(*) from {m}") for m in INCREMENTAL_MARTS
    } == counts
    for figure in figures:
        after = tiny_pg_build.rows(KEY_FIGURES[figure])
        assert len(after) == len(before[figure]), figure
        for a, b in zip(after, before[figure], strict=True):
            assert all(_same(x, y) for x, y in zip(a.values(), b.values(), strict=True)), figure
