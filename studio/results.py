"""A campaign's results from the marts (read from the warehouse snapshot): channel metrics,
funnel, ROI, attribution and A/B verdicts (the report's own readout, ``reports.sections.experiments``)."""

from __future__ import annotations

from typing import Any

from reports.sections.experiments import ab_readouts
from studio.queries import reached_sum
from studio.snapshot import WarehouseSnapshot


def _records(cur, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    result = cur.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def campaign_results(snapshot: WarehouseSnapshot, campaign_id: str) -> dict[str, Any]:
    """Channel metrics, funnel, attribution and A/B verdicts of one campaign (empty if no data)."""
    tables = snapshot.tables()
    out: dict[str, Any] = {"channels": [], "funnel": [], "attribution": [], "ab": []}
    with snapshot.cursor() as cur:
        if cur is None:
            return out
        p = {"c": campaign_id}
        if "fct_campaign_performance" in tables:
            out["channels"] = _records(
                cur,
                f"""SELECT channel, sum(sends) AS sends, sum(deliveries) AS deliveries,
                          sum(unique_opens) AS opens, sum(unique_clicks) AS clicks,
                          sum(bounces) AS bounces, sum(unsubscribes) AS unsubscribes,
                          sum(conversions) AS conversions, sum(revenue_amount) AS revenue,
                          sum(spend_amount) AS spend,
                          sum(unique_clicks) / nullif(sum(deliveries), 0) AS click_rate,
                          sum(conversions) / nullif({reached_sum(snapshot)}, 0)
                              AS conversion_rate,
                          (sum(revenue_amount) - sum(spend_amount))
                              / nullif(sum(spend_amount), 0) AS roi
                   FROM fct_campaign_performance WHERE campaign_id = $c
                   GROUP BY channel ORDER BY channel""",
                p,
            )
            verdicts = ab_readouts(cur, [campaign_id])
            if not verdicts.empty:
                out["ab"] = verdicts.to_dict("records")
        if "fct_conversion_funnel" in tables:
            out["funnel"] = _records(
                cur,
                """SELECT funnel_stage, contacts, stage_conversion_rate FROM fct_conversion_funnel
                   WHERE campaign_id = $c ORDER BY stage_order""",
                p,
            )
        if "fct_campaign_attribution" in tables:
            out["attribution"] = _records(
                cur,
                """SELECT attribution_model, sum(attributed_conversions) AS conversions,
                          sum(attributed_revenue_amount) AS revenue, sum(spend_amount) AS spend
                   FROM fct_campaign_attribution WHERE campaign_id = $c
                   GROUP BY attribution_model ORDER BY attribution_model""",
                p,
            )
    return out


def baseline_click_rate(snapshot: WarehouseSnapshot) -> float | None:
    """Past email click rate of the organisation (clicks / deliveries), the A/B power baseline."""
    if "fct_campaign_performance" not in snapshot.tables():
        return None
    with snapshot.cursor() as cur:
        row = cur.execute(
            """SELECT sum(unique_clicks), sum(deliveries) FROM fct_campaign_performance
               WHERE channel = 'email'"""
        ).fetchone()
    if not row or not row[1]:
        return None
    return float(row[0]) / float(row[1])
