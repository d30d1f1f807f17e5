"""The same tiny business built on both targets: both builds succeed and their figures agree.

The marts teammate adds mart figures to ``KEY_FIGURES``; each is one SQL returning one row, run
on both targets and compared value by value.
"""

from __future__ import annotations

import pytest

from tests.dbt.test_staging import MODELS as STAGING_MODELS
from tests.fixtures.warehouse import empty_on_simulated_history

pytestmark = pytest.mark.postgres

# name -> SQL returning one row; portable SQL only (runs on DuckDB and Postgres)
KEY_FIGURES: dict[str, str] = {
    "deliverability": (
        "SELECT count(*) AS n_rows, sum(messages_sent) AS sent, sum(messages_delivered) AS delivered,"
        " sum(messages_bounced) AS bounced, sum(complaints) AS complaints,"
        " sum(CASE WHEN is_spam_rate_flagged THEN 1 ELSE 0 END) AS spam_flags,"
        " sum(CASE WHEN is_bounce_rate_flagged THEN 1 ELSE 0 END) AS bounce_flags"
        " FROM fct_deliverability"
    ),
    "budget_pacing": (
        "SELECT count(*) AS n_rows, sum(daily_spend_amount) AS spend,"
        " max(projected_exhaustion_date) AS last_exhaustion,"
        " sum(CASE WHEN is_budget_exhausted THEN 1 ELSE 0 END) AS exhausted_days"
        " FROM fct_budget_pacing"
    ),
    "campaign_health": (
        "SELECT count(*) AS n_rows, count(health_score) AS scored, avg(health_score) AS mean_score,"
        " sum(conversions) AS conversions FROM fct_campaign_health"
    ),
}


def _failed(build) -> list[tuple[str, str, str | None]]:
    return [(n.unique_id, n.status, n.message) for n in build.result.failed_nodes]


def test_duckdb_build_succeeds(tiny_dbt_build):
    assert tiny_dbt_build.result.success, (
        _failed(tiny_dbt_build) or tiny_dbt_build.result.log[-3000:]
    )


def test_postgres_build_succeeds(tiny_pg_build):
    assert tiny_pg_build.result.success, _failed(tiny_pg_build) or tiny_pg_build.result.log[-3000:]


def test_both_targets_built_the_same_nodes(tiny_dbt_build, tiny_pg_build):
    def models(build):
        return {n.unique_id for n in build.result.nodes if n.unique_id.startswith("model.")}

    assert models(tiny_dbt_build) == models(tiny_pg_build)
    assert {f"model.enrollflow.{m}" for m in STAGING_MODELS} <= models(tiny_pg_build)


@pytest.mark.parametrize("model", sorted(STAGING_MODELS))
def test_staging_row_counts_equal_across_targets(tiny_dbt_build, tiny_pg_build, model):
    sql = f"SELECT count(*) AS n FROM {model}"
    floor = 0 if empty_on_simulated_history(model) else 1
    assert tiny_dbt_build.scalar(sql) == tiny_pg_build.scalar(sql) >= floor


@pytest.mark.parametrize("figure", sorted(KEY_FIGURES))
def test_key_figures_equal_across_targets(tiny_dbt_build, tiny_pg_build, figure):
    (duck,) = tiny_dbt_build.rows(KEY_FIGURES[figure])
    (pg,) = tiny_pg_build.rows(KEY_FIGURES[figure])
    assert duck["n_rows"] > 0
    for column, value in duck.items():
        other = pg[column]
        if isinstance(value, float) or isinstance(other, float):
            assert float(other) == pytest.approx(float(value), rel=1e-9), column
        else:
            assert other == value, column
