"""A/B outcomes as plain-language verdicts (two-proportion z-test and Beta chance to win)."""

from __future__ import annotations

import pandas as pd

from ml.ab_test import ProportionTest, two_proportion_test
from reports import data
from reports.model import Section, Table
from reports.sections.context import ReportContext


def verdict(challenger: str, control: str, test: ProportionTest) -> str:
    """``variant B wins, +1.8 pts click-through over A, 97 % sure`` (or why there is no winner)."""
    if test.inconclusive:
        return f"inconclusive: {test.reason}"
    pts = test.absolute_lift * 100
    sure = test.chance_to_win if test.chance_to_win is not None else float("nan")
    if test.p_value is not None and test.p_value < 0.05:
        winner, loser = (challenger, control) if pts > 0 else (control, challenger)
        return (
            f"variant {winner} wins, +{abs(pts):.1f} pts click-through over {loser}, "
            f"{max(sure, 1 - sure):.0%} sure"
        )
    return f"no clear winner yet ({pts:+.1f} pts click-through, {sure:.0%} chance {challenger} is better)"


def _label(campaign_id: str, variant_id: str) -> str:
    """``B`` for ``cmp_0002-B``: the variant's own letter, not the campaign's id."""
    prefix = f"{campaign_id}-"
    return variant_id[len(prefix) :] if variant_id.startswith(prefix) else variant_id


def ab_readouts(con: data.Connection, campaign_ids=None) -> pd.DataFrame:
    """Each challenger variant against the first (control), on email click-through."""
    counts = data.variant_counts(con, campaign_ids)
    rows = []
    for campaign_id, g in counts.groupby("campaign_id", sort=True):
        if len(g) < 2:
            continue
        control = g.iloc[0]
        for _, challenger in g.iloc[1:].iterrows():
            test = two_proportion_test(
                int(control.clicks),
                int(control.deliveries),
                int(challenger.clicks),
                int(challenger.deliveries),
            )
            a, b = (
                _label(campaign_id, control.variant_id),
                _label(campaign_id, challenger.variant_id),
            )
            rows.append(
                {
                    "campaign_id": campaign_id,
                    "control": control.variant_id,
                    "challenger": challenger.variant_id,
                    "ctr_control": test.rate_a,
                    "ctr_challenger": test.rate_b,
                    "verdict": verdict(b, a, test),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "campaign_id",
            "control",
            "challenger",
            "ctr_control",
            "ctr_challenger",
            "verdict",
        ],
    )


def ab_tests(ctx: ReportContext) -> Section:
    """Verdicts of the A/B tests of campaigns active in the period (``experiment_results`` when
    built, else computed here), each over the test's whole life so far."""
    active = data.performance(ctx.con, ctx.period, ctx.campaign_ids)
    scope = [c for c, s in zip(active["campaign_id"], active["sends"], strict=True) if s > 0]
    if not scope:
        return Section("ab_tests", "A/B tests", ["No campaign sent messages in this period."])
    own = data.experiment_results(ctx.con, scope)
    if not own.empty:
        rows = [[ctx.name(r.campaign_id), str(r.verdict)] for r in own.itertuples()]
        source = "experiment_results"
    else:
        frame = ab_readouts(ctx.con, scope)
        rows = [
            [
                ctx.name(r.campaign_id),
                f"{_label(r.campaign_id, r.control)} {r.ctr_control:.1%} vs "
                f"{_label(r.campaign_id, r.challenger)} {r.ctr_challenger:.1%}",
                r.verdict,
            ]
            for r in frame.itertuples()
        ]
        source = "fct_campaign_performance (email click-through per variant)"
    if not rows:
        return Section(
            "ab_tests",
            "A/B tests",
            [
                "No A/B test ran in the campaigns of this report. Add a split to a campaign to test a subject line or a template."
            ],
            source=source,
        )
    columns = (
        ["Campaign", "Verdict"] if len(rows[0]) == 2 else ["Campaign", "Click-through", "Verdict"]
    )
    return Section(
        "ab_tests",
        "A/B tests",
        paragraphs=[
            "Each challenger against the first variant. 'Wins' means the difference is unlikely to be "
            "chance (two-proportion test, 5 % level); 'sure' is the chance the winner is really better."
        ],
        tables=[Table(columns, rows)],
        source=source,
    )
