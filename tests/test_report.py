"""The marketer's report: figures traced back to the marts, verdicts matching the A/B helper."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from enrollflow.report import ab_verdicts, headline_kpis, write_report
from ml.ab_test import two_proportion_test

NOW = dt.datetime(2026, 2, 15, 9, 0)


@pytest.fixture
def con(tiny_warehouse):
    with duckdb.connect(str(tiny_warehouse), read_only=True) as c:
        yield c


def test_headline_figures_trace_to_the_sends(con) -> None:
    kpis = headline_kpis(con)
    sends, delivered, clicked = con.execute(
        "select count(*), count(*) filter (where is_delivered), "
        "count(*) filter (where clicked_at is not null) from fct_sends"
    ).fetchall()[0]
    assert kpis["sends"] == sends > 0
    assert kpis["delivery_rate"] == pytest.approx(delivered / sends)
    assert kpis["click_through_rate"] == pytest.approx(clicked / delivered)


def test_ab_verdicts_use_the_tested_statistics(con) -> None:
    verdicts = ab_verdicts(con)
    assert not verdicts.empty, "the tiny business has email A/B tests"
    row = verdicts.iloc[0]
    counts = con.execute(
        "select variant_id, sum(deliveries), sum(unique_clicks) from fct_campaign_performance "
        "where campaign_id = ? and channel = 'email' group by 1",
        [row.campaign],
    ).fetchall()
    by_variant = {v: (int(n), int(c)) for v, n, c in counts}
    (n_a, c_a), (n_b, c_b) = by_variant[row.control], by_variant[row.challenger]
    expected = two_proportion_test(c_a, n_a, c_b, n_b)
    assert row.ctr_control == pytest.approx(expected.rate_a)
    assert row.ctr_challenger == pytest.approx(expected.rate_b)
    assert ("wins" in row.verdict) == (
        not expected.inconclusive and expected.p_value is not None and expected.p_value < 0.05
    )


def test_report_is_written_with_every_section(con, tmp_path) -> None:
    report = write_report(con, tmp_path, NOW, {"audience": 93, "status": "completed"})
    page = report.path.read_text(encoding="utf-8")
    assert report.path.name == "report-2026-02-15.html"
    for heading in ("Headline", "Campaigns by revenue", "A/B tests", "Deliverability"):
        assert f"<h2>{heading}</h2>" in page
    assert "<svg" in page and "fct_campaign_attribution" in page
    assert "<script" not in page
