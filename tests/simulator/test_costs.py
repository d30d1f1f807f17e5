"""Budget lines: creative, platform and agency fees per campaign, landed and staged."""

from __future__ import annotations

import duckdb
import pytest

from tests.simulator.landing_reader import read_records


def test_each_campaign_books_its_creative_platform_and_agency_costs(tiny_business) -> None:
    campaigns = {
        c["campaign_id"]: c for c in read_records(tiny_business.landing, "marketing", "campaigns")
    }
    lines = read_records(tiny_business.landing, "marketing", "cost_lines")
    assert lines and len({line["cost_line_id"] for line in lines}) == len(lines)
    end = tiny_business.manifest["end_date"]
    for cid, c in campaigns.items():
        mine = [line for line in lines if line["campaign_id"] == cid]
        by_type = {
            t: sum(line["amount"] for line in mine if line["cost_type"] == t)
            for t in ("creative", "platform_fee", "agency_fee")
        }
        if c["start_at"][:10] > end:
            assert not mine
            continue
        variants = len(c["variants"])
        assert by_type["creative"] == pytest.approx(
            0.08 * c["budget_amount"] + 120 * variants, abs=0.01
        )
        assert by_type["platform_fee"] == 95
        if c["end_at"][:10] <= end:  # every weekly instalment inside the period
            assert by_type["agency_fee"] == pytest.approx(0.10 * c["budget_amount"], abs=0.05)
        assert all(line["cost_date"] >= c["start_at"][:10] for line in mine)


def test_cost_lines_reach_staging(tiny_warehouse, tiny_business) -> None:
    lines = read_records(tiny_business.landing, "marketing", "cost_lines")
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        n, total = con.execute(
            "select count(*), sum(cost_amount) from stg_marketing__cost_lines"
        ).fetchone()
    assert n == len(lines)
    assert total == pytest.approx(sum(line["amount"] for line in lines))
