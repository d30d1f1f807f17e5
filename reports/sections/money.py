"""ROI per campaign and budget pacing: spend against each campaign's own budget."""

from __future__ import annotations

import pandas as pd

from reports import data, fmt
from reports.model import Section, Table
from reports.sections.context import ReportContext

STATUS = {
    "exhausted": "budget spent",
    "overpacing": "spending too fast",
    "underpacing": "spending slowly",
    "on_track": "on plan",
    "open_ended": "no end date",
    "no_budget": "no budget",
}


def roi_and_pacing(ctx: ReportContext) -> Section:
    """ROI over the period and pacing to date per campaign (``fct_campaign_performance``, ``fct_budget_pacing``)."""
    perf = data.performance(ctx.con, ctx.period, ctx.campaign_ids).set_index("campaign_id")
    pace = data.pacing(ctx.con, ctx.period.end, ctx.campaign_ids)
    rows, marks = [], []
    for p in pace.itertuples():
        if p.pacing_date < pd.Timestamp(ctx.period.start) and p.campaign_id not in perf.index:
            continue  # ended before this period
        r = perf.loc[p.campaign_id] if p.campaign_id in perf.index else None
        roi = None if r is None else fmt.ratio(r.revenue_amount - r.spend_amount, r.spend_amount)
        spent = (
            fmt.ratio(p.spend_to_date_amount, p.budget_amount)
            if pd.notna(p.budget_amount)
            else float("nan")
        )
        status = STATUS.get(p.pacing_status, p.pacing_status)
        runs_out = (
            pd.Timestamp(p.projected_exhaustion_date)
            if pd.notna(p.projected_exhaustion_date)
            else None
        )
        if (
            p.pacing_status != "exhausted"
            and runs_out is not None
            and runs_out >= pd.Timestamp(ctx.now.date())
        ):
            status += f", runs out {runs_out:%-d %b}" + (
                f" {runs_out:%Y}" if runs_out.year != ctx.now.year else ""
            )
        cur = ctx.currency_of(p.campaign_id)
        rows.append(
            [
                ctx.name(p.campaign_id),
                fmt.roi(roi),
                f"{fmt.money(p.spend_to_date_amount, cur)} of {fmt.money(p.budget_amount, cur)} ({fmt.pct(spent, 0)})",
                status,
            ]
        )
        marks.append("bad" if p.pacing_status in ("exhausted", "overpacing") else None)
    return Section(
        "roi",
        "ROI and budget pacing",
        paragraphs=[
            "ROI = (credited revenue − spend) / spend over the period, spend including creative, "
            "platform and agency costs; pacing = message and ad spend to date against each "
            "campaign's own budget, with the day it runs out at the current pace."
        ]
        if rows
        else ["No campaign with a budget was active in this period."],
        tables=[Table(["Campaign", "ROI", "Spent", "Pacing"], rows, marks)] if rows else [],
        source="fct_campaign_performance, stg_marketing__cost_lines, fct_budget_pacing",
    )
