"""Headline KPIs, each campaign against its own targets, channels, the funnel and weekly trends."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reports import charts, data, fmt
from reports.model import Chart, Kpi, Section, Table
from reports.sections.context import ReportContext

CHANNEL_NAMES = {
    "email": "Email",
    "sms": "SMS",
    "paid_social": "Paid social",
    "paid_search": "Paid search",
    "organic_search": "Organic search",
    "direct": "Direct visits",
    "referral": "Referral",
    "social": "Organic social",
    data.COSTS_CHANNEL: "Creative, platform & agency",
}


def _derived(t: dict[str, float]) -> dict[str, float]:
    return {
        **t,
        "click_through_rate": fmt.ratio(t["message_clicks"], t["deliveries"]),
        "conversion_rate": fmt.ratio(t["conversions"], t["reached"]),
        "roi": fmt.ratio(t["revenue_amount"] - t["spend_amount"], t["spend_amount"]),
        "cpa_amount": fmt.ratio(t["spend_amount"], t["conversions"]),
    }


def headline(ctx: ReportContext) -> tuple[list[Kpi], dict[str, float]]:
    """KPIs of the period beside the previous period (``fct_campaign_performance``)."""
    now = _derived(data.totals(ctx.con, ctx.period, ctx.campaign_ids))
    before = _derived(data.totals(ctx.con, ctx.period.previous, ctx.campaign_ids))
    cur = ctx.currency
    spec = [
        ("Messages sent", "sends", fmt.count),
        ("Click-through", "click_through_rate", fmt.pct),
        ("Enrollments", "conversions", fmt.count),
        ("Revenue", "revenue_amount", lambda v: fmt.money(v, cur)),
        ("Spend", "spend_amount", lambda v: fmt.money(v, cur)),
        ("Cost per enrollment", "cpa_amount", lambda v: fmt.money(v, cur)),
    ]
    kpis = [
        Kpi(label, render(now[key]), fmt.change(now[key], before[key]))
        for label, key, render in spec
    ]
    return kpis, now


def targets(ctx: ReportContext) -> Section:
    """Each campaign's conversion rate and CPA against its own targets (campaign file KPIs)."""
    perf = data.performance(ctx.con, ctx.period, ctx.campaign_ids)
    camps = data.campaigns(ctx.con, ctx.campaign_ids).set_index("campaign_id")
    rows, marks, below = [], [], []
    for r in perf.itertuples():
        if r.sends + r.clicks == 0:
            continue
        c = camps.loc[r.campaign_id] if r.campaign_id in camps.index else None
        rate = fmt.ratio(r.conversions, r.reached)
        cpa = fmt.ratio(r.spend_amount, r.conversions)
        t_rate = None if c is None else c.target_conversion_rate
        t_cpa = None if c is None else c.target_cpa_amount
        misses = []
        if t_rate is not None and pd.notna(t_rate) and not (rate >= t_rate):
            misses.append("conversion rate")
        if t_cpa is not None and pd.notna(t_cpa) and not (cpa <= t_cpa):
            misses.append("CPA")
        rows.append(
            [
                ctx.name(r.campaign_id),
                f"{fmt.pct(rate, 2)} / {fmt.pct(t_rate, 2)}",
                f"{fmt.money(cpa, ctx.currency_of(r.campaign_id))} / "
                f"{fmt.money(t_cpa, ctx.currency_of(r.campaign_id))}",
                "on target" if not misses else "below " + " and ".join(misses),
            ]
        )
        marks.append("bad" if misses else "good")
        if misses:
            below.append(ctx.name(r.campaign_id))
    lead = (
        f"{len(rows) - len(below)} of {len(rows)} active campaigns met both of their own targets."
        if rows
        else "No campaign sent messages or bought clicks in this period."
    )
    return Section(
        "targets",
        "Campaigns against their targets",
        paragraphs=[
            lead,
            "Each figure is actual / target (from the campaign's own file); CPA = cost per enrollment.",
        ],
        tables=[Table(["Campaign", "Conversion", "CPA", "Status"], rows, marks)] if rows else [],
        source="fct_campaign_performance, stg_marketing__cost_lines, stg_marketing__campaigns (targets)",
    )


def channels(ctx: ReportContext) -> Section:
    """Sends, click-through, enrollments, revenue and spend per channel (``fct_campaign_performance``)."""
    perf = data.performance(ctx.con, ctx.period, ctx.campaign_ids, by="channel")
    rows, labels, revenue = [], [], []
    for r in perf.itertuples():
        name = CHANNEL_NAMES.get(r.channel, r.channel)
        messages = r.channel in ("email", "sms")
        paid = r.channel.startswith("paid")
        rows.append(
            [
                name,
                fmt.count(r.sends)
                if messages
                else f"{fmt.count(r.clicks)} clicks"
                if paid
                else "–",
                fmt.pct(fmt.ratio(r.clicks, r.deliveries)) if messages else "–",
                fmt.count(r.conversions),
                fmt.money(r.revenue_amount, ctx.currency),
                fmt.money(r.spend_amount, ctx.currency),
            ]
        )
        if r.channel != data.COSTS_CHANNEL:
            labels.append(name)
            revenue.append(float(r.revenue_amount))
    section_charts = []
    if rows and any(revenue):
        png = charts.bars(labels, revenue, "Revenue by channel (credited enrollments)", "{:,.0f}")
        section_charts.append(Chart("channels", png, "Revenue by channel"))
    return Section(
        "channels",
        "Channel performance",
        paragraphs=[] if rows else ["Nothing was sent or bought on any channel in this period."],
        tables=[Table(["Channel", "Sent", "CTR", "Enrolled", "Revenue", "Spend"], rows)]
        if rows
        else [],
        charts=section_charts,
        source="fct_campaign_performance, stg_marketing__cost_lines (budget lines)",
    )


STAGE_NAMES = {
    "audience": "Audience",
    "delivered": "Delivered",
    "opened": "Opened",
    "clicked": "Clicked",
    "site_visit": "Visited the site",
    "application": "Applied",
    "enrolled": "Enrolled",
}


def funnel(ctx: ReportContext) -> Section:
    """Contacts at each stage from audience to enrollment (``fct_conversion_funnel``)."""
    frame = data.funnel(ctx.con, ctx.campaign_ids)
    if frame.empty or not frame["contacts"].iloc[0]:
        return Section(
            "funnel",
            "Funnel",
            ["No audience has been reached yet."],
            source="fct_conversion_funnel",
        )
    stages = [STAGE_NAMES.get(s, s) for s in frame["stage"]]
    contacts = [float(v) for v in frame["contacts"]]
    rows = [
        [stage, fmt.count(n), fmt.pct(fmt.ratio(n, contacts[0]))]
        for stage, n in zip(stages, contacts, strict=True)
    ]
    # site visits are not nested in clicks (a contact may visit without clicking): the biggest
    # drop is looked for among steps that lose contacts
    steps = [
        i for i in range(1, len(contacts)) if contacts[i - 1] and contacts[i] <= contacts[i - 1]
    ]
    worst = min(steps, key=lambda i: contacts[i] / contacts[i - 1]) if steps else len(contacts) - 1
    lead = (
        f"{fmt.pct(fmt.ratio(contacts[-1], contacts[0]), 2)} of the audience enrolled; the biggest drop "
        f"is from {stages[worst - 1].lower()} to {stages[worst].lower()} "
        f"({fmt.pct(fmt.ratio(contacts[worst], contacts[worst - 1]))} carry on)."
    )
    return Section(
        "funnel",
        "Funnel",
        paragraphs=[lead, "Campaign lifetime to date; each contact counted once per campaign."],
        tables=[Table(["Stage", "Contacts", "Share of audience"], rows)],
        charts=[
            Chart("funnel", charts.funnel(stages, contacts, "Contacts at each stage"), "Funnel")
        ],
        source="fct_conversion_funnel",
    )


def trends(ctx: ReportContext, weeks: int = 8) -> Section:
    """The last ``weeks`` weeks: enrollments, revenue and click-through (``fct_campaign_performance``)."""
    frame = data.weekly(ctx.con, ctx.period.end, weeks, ctx.campaign_ids)
    labels = [f"{d:%d %b}" for d in frame["week_start"]]
    ctr = [
        fmt.ratio(c, d) for c, d in zip(frame["message_clicks"], frame["deliveries"], strict=True)
    ]
    last, before = frame.iloc[-1], frame.iloc[-2]
    rows = [
        ["Enrollments", fmt.count(before.conversions), fmt.count(last.conversions), fmt.change(last.conversions, before.conversions)],
        ["Revenue", fmt.money(before.revenue_amount, ctx.currency), fmt.money(last.revenue_amount, ctx.currency), fmt.change(last.revenue_amount, before.revenue_amount)],
        ["Spend", fmt.money(before.spend_amount, ctx.currency), fmt.money(last.spend_amount, ctx.currency), fmt.change(last.spend_amount, before.spend_amount)],
        ["Click-through", fmt.pct(ctr[-2]), fmt.pct(ctr[-1]), fmt.change(ctr[-1], ctr[-2])],
    ]  # fmt: skip
    png = charts.weekly_lines(
        labels,
        {"Enrollments": list(frame["conversions"]), "Revenue": list(frame["revenue_amount"])},
        f"Week by week (weeks starting; last {weeks} weeks)",
        right="Revenue",
    )
    week_of = dt.date.fromisoformat(str(frame["week_start"].iloc[-1]))
    return Section(
        "trends",
        "Trends week over week",
        paragraphs=[f"The week starting {week_of:%-d %b} against the week before."],
        tables=[Table(["", "Week before", "Last week", "Change"], rows)],
        charts=[Chart("trends", png, "Weekly enrollments and revenue")],
        source="fct_campaign_performance",
    )
