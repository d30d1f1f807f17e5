"""Compiler golden tests: spec → expected contact ids on the hand-made marts (DuckDB)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlglot

from segments.compiler import compile_segment
from segments.evaluate import evaluate
from segments.warehouse import Warehouse
from segments.windows import windows_as_of
from tests.segments.cases import ES, GOLDEN
from tests.segments.conftest import MODE_IDS, MODES, compile_in_mode, make_segment
from tests.segments.marts import HAND_MADE, NOW
from tests.segments.reference import Reference


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize(
    ("where", "channel", "expected"), [pytest.param(w, c, e, id=i) for i, w, c, e in GOLDEN]
)
def test_golden(duck: Warehouse, where, channel, expected, mode) -> None:
    compiled = compile_in_mode(duck, make_segment(where, channel), NOW, mode)
    assert set(evaluate(duck, compiled)) == expected


def test_segment_reference_inlines_tree_and_channel(duck: Warehouse) -> None:
    spain_email = make_segment(ES, "email", name="spain_email")
    ref = make_segment(
        {"any": [{"segment": "spain_email"}, {"attribute": "country", "op": "eq", "value": "DE"}]}
    )
    compiled = compile_segment(ref, now=NOW, segments={"spain_email": spain_email})
    assert set(evaluate(duck, compiled)) == {"c01", "c03", "c10"}
    excluded = make_segment(
        {
            "all": [
                {"attribute": "locale", "op": "eq", "value": "es"},
                {"not": {"segment": "spain_email"}},
            ]
        }
    )
    compiled = compile_segment(excluded, now=NOW, segments={"spain_email": spain_email})
    assert set(evaluate(duck, compiled)) == {"c02", "c09"}


def test_aware_now_is_converted_to_utc(duck: Warehouse) -> None:
    madrid = dt.timezone(dt.timedelta(hours=1))
    seg = make_segment({"behaviour": "opened", "at_least": 3, "in_last_days": 30})
    aware = compile_segment(seg, now=NOW.replace(tzinfo=dt.UTC).astimezone(madrid))
    assert aware.now == NOW
    assert set(evaluate(duck, aware)) == {"c01"}


def test_one_activity_scan_for_many_behaviours() -> None:
    seg = make_segment(
        {
            "all": [
                {"behaviour": "opened", "in_last_days": 30},
                {"behaviour": "clicked", "in_last_days": 7},
                {"not": {"behaviour": "opened", "in_last_days": 30}},  # same predicate: same column
            ]
        }
    )
    compiled = compile_segment(seg, now=NOW, strategy="aggregate")
    tables = [t.name for t in compiled.expression.find_all(sqlglot.exp.Table)]
    assert tables.count("fct_contact_activity_by_type") == 1
    assert len(list(compiled.expression.find_all(sqlglot.exp.Filter))) == 2
    assert compiled.tables == ("dim_contacts", "fct_contact_activity_by_type")


def test_values_are_quoted_not_pasted(duck: Warehouse) -> None:
    hostile = "x'); DROP TABLE dim_contacts; --"
    seg = make_segment({"behaviour": "clicked", "in_last_days": 30, "campaign_id": [hostile]})
    compiled = compile_segment(seg, now=NOW)
    for dialect in ("duckdb", "postgres"):
        parsed = sqlglot.parse(compiled.sql(dialect), read=dialect)
        assert len(parsed) == 1 and isinstance(parsed[0], sqlglot.exp.Select)
    assert evaluate(duck, compiled) == []
    assert duck.has_table("dim_contacts")


def test_semijoin_reads_each_window_on_its_own() -> None:
    seg = make_segment(
        {
            "all": [
                {"behaviour": "opened", "at_least": 2, "in_last_days": 30},
                {"behaviour": "clicked", "performed": False, "in_last_days": 7},
            ]
        }
    )
    sql = compile_segment(seg, now=NOW, daily=False).sql("duckdb")
    assert sql.count("FROM fct_contact_activity_by_type") == 2
    assert "HAVING COUNT(*) >= 2" in sql and "NOT EXISTS" in sql and "COALESCE" not in sql
    # with the daily aggregate (the default), at midnight: whole days only, no raw row read
    daily = compile_segment(seg, now=NOW)
    sql = daily.sql("duckdb")
    assert sql.count("FROM fct_contact_activity_daily") == 2
    assert "fct_contact_activity_by_type" not in sql
    assert "HAVING SUM(activity_count) >= 2" in sql and "NOT EXISTS" in sql
    # lineage names the raw activity too: a window with partial days reads its edge rows there
    assert daily.tables == (
        "dim_contacts",
        "fct_contact_activity_by_type",
        "fct_contact_activity_daily",
    )


def test_unknown_strategy() -> None:
    with pytest.raises(ValueError, match="expected one of aggregate, semijoin"):
        compile_segment(make_segment(ES), now=NOW, strategy="magic")


def test_schema_qualifies_every_table() -> None:
    seg = make_segment(
        {
            "all": [
                {"attribute": "interests", "op": "present"},
                {"behaviour": "opened", "in_last_days": 30},
            ]
        }
    )
    compiled = compile_segment(seg, now=NOW, schema="marts")
    assert {t.db for t in compiled.expression.find_all(sqlglot.exp.Table)} == {"marts"}


NARROWED = {
    "all": [
        ES,
        {"behaviour": "clicked", "in_last_days": 30},  # one matching row: a plain semi-join
        {"behaviour": "opened", "at_least": 2, "in_last_days": 30},  # counts
        {"not": {"behaviour": "opened", "at_least": 3, "in_last_days": 30}},  # counts
    ]
}


def test_counting_is_narrowed_to_contacts_passing_the_cheap_conjuncts(duck: Warehouse) -> None:
    segment = make_segment(NARROWED)
    compiled = compile_segment(segment, now=NOW)
    sql = compiled.sql("duckdb")
    assert sql.startswith("WITH candidates AS (SELECT c.contact_id FROM dim_contacts AS c WHERE")
    # both counting subqueries read only the candidates' activity (the semi-join does not), and
    # the outer query takes the candidates instead of re-evaluating the cheap conjuncts
    assert sql.count("contact_id IN (SELECT contact_id FROM candidates)") == 3
    assert sql.count("c.country = 'ES'") == 1
    members = set(evaluate(duck, compiled))
    # c01 and c09 clicked and opened twice in 30 days; c01 opened three times
    assert members == Reference(HAND_MADE, NOW).members(segment) == {"c09"}
    aggregate = compile_segment(segment, now=NOW, strategy="aggregate")
    assert set(evaluate(duck, aggregate)) == members


def test_no_narrowing_when_nothing_counts_or_only_consent_is_cheap() -> None:
    # most contacts have consent: narrowing to them would cost more than it saves
    counting = {"behaviour": "opened", "at_least": 2, "in_last_days": 30}
    assert "candidates" not in compile_segment(make_segment(counting, "email"), now=NOW).sql()
    nothing_counts = {"all": [ES, {"behaviour": "clicked", "in_last_days": 30}]}
    assert "candidates" not in compile_segment(make_segment(nothing_counts), now=NOW).sql()
    assert "candidates" in compile_segment(make_segment({"all": [ES, counting]}), now=NOW).sql()


def test_a_score_table_named_like_the_cte_is_not_shadowed(duck: Warehouse) -> None:
    duck.execute("CREATE TABLE candidates AS SELECT * FROM contact_propensity_scores")
    where = {
        "all": [
            {"score": "propensity", "table": "candidates", "op": "gte", "value": 0.5},
            {"behaviour": "opened", "at_least": 2, "in_last_days": 30},
        ]
    }
    compiled = compile_segment(make_segment(where), now=NOW)
    assert "WITH" not in compiled.sql("duckdb")
    # propensity >= 0.5: c01, c04; both opened at least twice in the last 30 days
    assert set(evaluate(duck, compiled)) == {"c01", "c04"}


def test_window_counts_read_one_row_per_contact_at_their_as_of_day(duck: Warehouse) -> None:
    as_of = windows_as_of(duck)  # the midnight after the newest activity (c04's, at NOW)
    assert as_of == NOW + dt.timedelta(days=1)
    seg = make_segment(
        {
            "all": [
                {"behaviour": "opened", "at_least": 2, "in_last_days": 30},
                {"behaviour": "applied", "performed": False, "in_last_days": 365},
            ]
        }
    )
    at_as_of = compile_segment(seg, now=as_of, windows_as_of=as_of).sql("duckdb")
    assert "FROM fct_contact_activity_windows WHERE activity_type = 'opened' AND (n_30d) >= 2" in (
        at_as_of
    )
    assert "fct_contact_activity_by_type" not in at_as_of and "GROUP BY" not in at_as_of
    # any other now: the window counts plus signed raw rows of the partial ranges, summed
    compiled = compile_segment(seg, now=NOW, windows_as_of=as_of)
    sql = compiled.sql("duckdb")
    assert "UNION ALL" in sql and "HAVING SUM(n) >= 2" in sql
    assert set(evaluate(duck, compiled)) == Reference(HAND_MADE, NOW).members(seg) == {
        "c01", "c02", "c03", "c04", "c09"
    }  # fmt: skip
    # a filter, a window that is not one of the counts, or a short one (fewer rows of its own)
    # reads the daily aggregate
    filtered = {"behaviour": "opened", "in_last_days": 30, "channel": "email"}
    odd = {"behaviour": "opened", "in_last_days": 29}
    short = {"behaviour": "opened", "in_last_days": 7}
    for where in (filtered, odd, short):
        sql = compile_segment(make_segment(where), now=NOW, windows_as_of=as_of).sql("duckdb")
        assert "fct_contact_activity_windows" not in sql and "fct_contact_activity_daily" in sql
