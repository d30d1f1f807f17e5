"""The marketer's report: one self-contained HTML page built from the marts.

Every figure is a query over a mart (named next to each section), so it can be traced to raw events.
A/B verdicts use :func:`ml.ab_test.two_proportion_test` (checked against statsmodels) and are written in
plain language ("variant B wins, +1.8 pts CTR, 97 % sure").
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ml.ab_test import two_proportion_test

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2733}
h1{margin-bottom:.2rem}.sub{color:#667}table{border-collapse:collapse;margin:.6rem 0 1.6rem}
td,th{padding:.3rem .6rem;border-bottom:1px solid #e3e7ec;text-align:right}
th{background:#f4f6f8}td:first-child,th:first-child{text-align:left}
.kpis{display:flex;gap:1rem;flex-wrap:wrap}.kpi{background:#f4f6f8;border-radius:8px;padding:.8rem 1.2rem}
.kpi b{display:block;font-size:1.4rem}.src{color:#889;font-size:.8rem}
.win{color:#0a7a3d}.lose{color:#b3261e}.flag{color:#b3261e;font-weight:600}
"""


@dataclass(frozen=True)
class Report:
    """Where the report was written and its headline figures."""

    path: Path
    kpis: dict[str, float]
    ab_verdicts: list[str]


def _fmt(value: object, kind: str = "int") -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if kind == "pct":
        return f"{float(value):.1%}"
    if kind == "money":
        return f"€{float(value):,.0f}"
    if kind == "ratio":
        return f"{float(value):.2f}"
    return f"{int(value):,}"


def _table(df: pd.DataFrame, kinds: dict[str, str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in df.columns)
    rows = []
    for _, r in df.iterrows():
        cells = "".join(
            f"<td>{html.escape(_fmt(r[c], kinds[c]) if c in kinds else str(r[c]))}</td>"
            for c in df.columns
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _bar_chart(labels: list[str], values: list[float], title: str) -> str:
    """A small inline SVG bar chart (no JavaScript, renders in email clients that allow SVG)."""
    width, bar_h, gap, label_w = 640, 18, 6, 170
    top = max(values) if values and max(values) > 0 else 1.0
    parts = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = i * (bar_h + gap)
        w = (width - label_w - 80) * (value / top)
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="12">{html.escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#3b6ea8"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="12">{value:,.0f}</text>'
        )
    height = len(labels) * (bar_h + gap)
    return (
        f"<figure><figcaption>{html.escape(title)}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f"{''.join(parts)}</svg></figure>"
    )


def headline_kpis(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Totals over ``fct_campaign_performance`` (rates recomputed from the summed counts).

    Open and click-through rates are per delivered email/SMS message; paid ad clicks count towards
    conversions and spend but not towards the message click-through rate.
    """
    row = con.execute(
        """
        select sum(sends), sum(deliveries), sum(unique_opens),
               -- message click-through: paid ad clicks (no deliveries) are not in the ratio
               sum(case when channel in ('email', 'sms') then unique_clicks else 0 end),
               sum(conversions), sum(revenue_amount), sum(spend_amount)
        from fct_campaign_performance
        """
    ).fetchall()[0]
    sends, deliveries, opens, clicks, conversions, revenue, spend = (float(v or 0) for v in row)
    return {
        "sends": sends,
        "delivery_rate": deliveries / sends if sends else float("nan"),
        "open_rate": opens / deliveries if deliveries else float("nan"),
        "click_through_rate": clicks / deliveries if deliveries else float("nan"),
        "conversions": conversions,
        "revenue_amount": revenue,
        "spend_amount": spend,
        "roi": (revenue - spend) / spend if spend else float("nan"),
    }


def ab_verdicts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Click-through readout of every email A/B test: each variant against the first (control)."""
    df = con.sql(
        """
        select p.campaign_id, p.variant_id,
               sum(p.deliveries) as deliveries, sum(p.unique_clicks) as clicks
        from fct_campaign_performance p
        where p.channel = 'email' and p.variant_id is not null
        group by 1, 2
        order by 1, 2
        """
    ).df()
    rows = []
    for campaign_id, g in df.groupby("campaign_id", sort=True):
        if len(g) < 2:
            continue
        control = g.iloc[0]
        for _, challenger in g.iloc[1:].iterrows():
            test = two_proportion_test(
                int(control.clicks), int(control.deliveries),
                int(challenger.clicks), int(challenger.deliveries),
            )  # fmt: skip
            rows.append(
                {
                    "campaign": campaign_id,
                    "control": control.variant_id,
                    "challenger": challenger.variant_id,
                    "ctr_control": test.rate_a,
                    "ctr_challenger": test.rate_b,
                    "verdict": _verdict(challenger.variant_id, control.variant_id, test),
                }
            )
    return pd.DataFrame(rows)


def _verdict(challenger: str, control: str, test) -> str:
    if test.inconclusive:
        return f"inconclusive — {test.reason}"
    pts = test.absolute_lift * 100
    sure = test.chance_to_win if test.chance_to_win is not None else float("nan")
    if test.p_value is not None and test.p_value < 0.05:
        winner, loser = (challenger, control) if pts > 0 else (control, challenger)
        return (
            f"variant {winner} wins, +{abs(pts):.1f} pts CTR over {loser}, "
            f"{max(sure, 1 - sure):.0%} sure"
        )
    return f"no clear winner yet ({pts:+.1f} pts CTR, {sure:.0%} chance {challenger} is better)"


def compliance_section(con: duckdb.DuckDBPyConnection) -> str:
    """The campaigns' compliance checklist items that are not ``pass`` ("" when all pass or the
    ``campaign_compliance`` table, written by the privacy asset of that name, is absent)."""
    present = con.sql(
        "select count(*) from duckdb_tables() where table_name = 'campaign_compliance'"
    ).fetchall()[0][0]
    if not present:
        return ""
    items = con.sql(
        "select campaign_id as campaign, item, status, detail from campaign_compliance "
        "where status <> 'pass' order by status = 'fail' desc, campaign_id, item"
    ).df()
    if items.empty:
        return ""
    return (
        "<h2>Compliance</h2>"
        + _table(items, {})
        + "<p class='src'>Consent per channel, email footer, SMS opt-out wording, quiet hours "
        "and approval, per campaign. Source: campaign_compliance</p>"
    )


def write_report(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    now: dt.datetime,
    campaign_summary: dict[str, object] | None = None,
) -> Report:
    """Write ``report-<date>.html`` into ``out_dir`` and return where it is and its headline figures.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The warehouse (read-only is enough) with the marts built.
    out_dir : Path
        Folder for the report (created if missing).
    now : datetime
        The report's "as of" time (UTC), printed in the title.
    campaign_summary : dict, optional
        Outcome of a campaign run (e.g. the demo campaign) to show at the top.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    kpis = headline_kpis(con)
    by_campaign = con.sql(
        """
        select campaign_id as campaign, sum(sends) as sends, sum(unique_clicks) as clicks,
               sum(conversions) as conversions, sum(revenue_amount) as revenue,
               sum(spend_amount) as spend,
               case when sum(spend_amount) > 0
                    then (sum(revenue_amount) - sum(spend_amount)) / sum(spend_amount) end as roi
        from fct_campaign_performance group by 1 order by revenue desc nulls last limit 12
        """
    ).df()
    attribution = con.sql(
        """
        select channel, attribution_model as model, sum(attributed_revenue_amount) as revenue
        from fct_campaign_attribution group by 1, 2 order by 2, 3 desc
        """
    ).df()
    deliverability = con.sql(
        """
        select recipient_domain as domain, sum(messages_sent) as sent,
               sum(messages_bounced) as bounces, sum(complaints) as complaints,
               sum(case when is_bounce_rate_flagged or is_spam_rate_flagged then 1 else 0 end)
                   as flagged_days
        from fct_deliverability group by 1 order by sent desc limit 8
        """
    ).df()
    ab = ab_verdicts(con)

    linear = attribution[attribution["model"] == "linear"]
    sections = [
        f"<h1>EnrollFlow campaign report</h1><p class='sub'>As of {now:%Y-%m-%d %H:%M} UTC</p>",
    ]
    if campaign_summary:
        items = "".join(
            f"<li>{html.escape(str(k))}: <b>{html.escape(str(v))}</b></li>"
            for k, v in campaign_summary.items()
        )
        sections.append(f"<h2>Latest campaign run</h2><ul>{items}</ul>")
    sections.append(
        "<h2>Headline</h2><div class='kpis'>"
        + "".join(
            f"<div class='kpi'>{label}<b>{_fmt(kpis[key], kind)}</b></div>"
            for key, label, kind in [
                ("sends", "Messages sent", "int"),
                ("delivery_rate", "Delivered", "pct"),
                ("open_rate", "Opened", "pct"),
                ("click_through_rate", "Clicked", "pct"),
                ("conversions", "Credited conversions", "int"),
                ("revenue_amount", "Revenue", "money"),
                ("spend_amount", "Spend", "money"),
                ("roi", "ROI", "ratio"),
            ]
        )
        + "</div><p class='src'>Source: fct_campaign_performance. Each enrollment is credited "
        "once, to the latest send or ad click that reached the contact within its campaign's "
        "conversion window (multi-touch credit: fct_campaign_attribution).</p>"
    )
    sections.append(
        "<h2>Campaigns by revenue</h2>"
        + _table(
            by_campaign,
            {
                "sends": "int",
                "clicks": "int",
                "conversions": "int",
                "revenue": "money",
                "spend": "money",
                "roi": "ratio",
            },
        )
        + "<p class='src'>Source: fct_campaign_performance</p>"
    )
    if not ab.empty:
        sections.append(
            "<h2>A/B tests</h2>"
            + _table(ab, {"ctr_control": "pct", "ctr_challenger": "pct"})
            + "<p class='src'>Two-proportion z-test on click-through (pooled, as statsmodels) and "
            "Beta(1,1) chance to win. Source: fct_campaign_performance</p>"
        )
    if not linear.empty:
        sections.append(
            _bar_chart(
                linear["channel"].astype(str).tolist(),
                linear["revenue"].astype(float).tolist(),
                "Revenue by channel (linear multi-touch attribution)",
            )
            + "<p class='src'>Source: fct_campaign_attribution</p>"
        )
    if not deliverability.empty:
        sections.append(
            "<h2>Deliverability</h2>"
            + _table(
                deliverability,
                {"sent": "int", "bounces": "int", "complaints": "int", "flagged_days": "int"},
            )
            + "<p class='src'>flagged_days = days with a bounce rate over 2 % or a spam rate over 0.3 %. "
            "Source: fct_deliverability</p>"
        )
    compliance = compliance_section(con)
    if compliance:
        sections.append(compliance)
    page = f"<!doctype html><html><head><meta charset='utf-8'><title>EnrollFlow report</title><style>{_CSS}</style></head><body>{''.join(sections)}</body></html>"
    path = out_dir / f"report-{now:%Y-%m-%d}.html"
    path.write_text(page, encoding="utf-8")
    return Report(path=path, kpis=kpis, ab_verdicts=ab["verdict"].tolist() if not ab.empty else [])
