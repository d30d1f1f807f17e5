"""The same membership and history on Postgres as on DuckDB (hand-made marts loaded into pg_url)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from segments.compiler import compile_segment
from segments.evaluate import breakdowns, evaluate
from segments.warehouse import Warehouse
from tests.segments.cases import GOLDEN
from tests.segments.conftest import MODE_IDS, MODES, compile_in_mode, make_segment
from tests.segments.marts import NOW, load_marts
from tests.segments.reference import Reference
from tests.segments.test_compiler import NARROWED
from tests.segments.test_daily import BEHAVIOURS, SIX_AM
from tests.segments.test_daily import MARTS as EDGE_MARTS
from tests.segments.test_history import check_enter_exit_reenter

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_url: str) -> Iterator[Warehouse]:
    engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg2://", 1))
    with engine.connect() as conn:
        warehouse = Warehouse(conn)
        load_marts(warehouse)
        yield warehouse
    engine.dispose()


def test_aggregate_edges_match_the_reference_on_postgres(pg: Warehouse) -> None:
    """The edge-day marts of test_daily.py (the daily table built by the dbt model's SQL on
    Postgres), ``now`` at 06:00: every behaviour in every compiler mode (window counts
    included, built by their dbt model's SQL on Postgres)."""
    load_marts(pg, EDGE_MARTS)
    reference = Reference(EDGE_MARTS, SIX_AM)
    for where in BEHAVIOURS:
        segment = make_segment(where)
        for mode, name in zip(MODES, MODE_IDS, strict=True):
            compiled = compile_in_mode(pg, segment, SIX_AM, mode)
            assert set(evaluate(pg, compiled)) == reference.members(segment), (where, name)


def test_golden_cases_match_duckdb(pg: Warehouse, duck: Warehouse) -> None:
    assert pg.dialect == "postgres"
    for case_id, where, channel, expected in GOLDEN:
        compiled = compile_segment(make_segment(where, channel), now=NOW)
        on_pg, on_duck = evaluate(pg, compiled), evaluate(duck, compiled)
        assert set(on_pg) == expected, case_id
        assert on_pg == on_duck, case_id


def test_breakdowns_match_duckdb(pg: Warehouse, duck: Warehouse) -> None:
    compiled = compile_segment(make_segment({"consent": "email"}), now=NOW)
    assert breakdowns(pg, compiled) == breakdowns(duck, compiled)


def test_history_on_postgres(pg: Warehouse) -> None:
    check_enter_exit_reenter(pg)


def test_narrowed_query_matches_duckdb(pg: Warehouse, duck: Warehouse) -> None:
    compiled = compile_segment(make_segment(NARROWED, "email"), now=NOW)
    assert "candidates" in compiled.sql("postgres")
    assert evaluate(pg, compiled) == evaluate(duck, compiled)
    assert breakdowns(pg, compiled) == breakdowns(duck, compiled)
    unchannelled = compile_segment(make_segment(NARROWED), now=NOW)
    assert evaluate(pg, unchannelled) == evaluate(duck, unchannelled) == ["c09"]
