"""Attribution compared: rule-based credit beside the data-driven models, as shares per channel."""

from __future__ import annotations

import pandas as pd

from reports import charts, data
from reports.model import Chart, Section, Table
from reports.sections.context import ReportContext
from reports.sections.performance import CHANNEL_NAMES

MODEL_NAMES = {
    "last_touch": "Last touch",
    "first_touch": "First touch",
    "linear": "Linear",
    "time_decay": "Time decay",
    "position_based": "Position based",
    "markov_first_order": "Markov (data-driven)",
    "shapley": "Shapley (data-driven)",
}
SHOWN = ["last_touch", "linear", "markov_first_order", "shapley"]


def compared(ctx: ReportContext) -> Section:
    """Share of credited enrollments per channel under each model (``fct_campaign_attribution``,
    ``fct_attribution_data_driven``)."""
    frame = pd.concat(
        [
            data.rule_based_attribution(ctx.con, ctx.campaign_ids),
            data.data_driven_attribution(ctx.con, ctx.campaign_ids),
        ],
        ignore_index=True,
    )
    frame = frame[frame["model"].isin(SHOWN)]
    totals = frame.groupby("model")["conversions"].transform("sum")
    frame = frame.assign(share=(frame["conversions"] / totals.where(totals > 0)).fillna(0.0))
    if frame.empty or not frame["conversions"].sum():
        return Section(
            "attribution",
            "Attribution compared",
            ["No enrollment has been credited to a campaign yet."],
            source="fct_campaign_attribution, fct_attribution_data_driven",
        )
    models = [m for m in SHOWN if m in set(frame["model"])]
    share = frame.pivot_table(
        index="channel", columns="model", values="share", aggfunc="sum"
    ).fillna(0.0)
    share = share.reindex(columns=models, fill_value=0.0).sort_values(models[0], ascending=False)
    channels = [CHANNEL_NAMES.get(c, c) for c in share.index]
    rows = [
        [ch, *(f"{v:.0%}" for v in share.loc[c])]
        for ch, c in zip(channels, share.index, strict=True)
    ]
    paragraphs = [
        "Share of the enrollments credited to each channel. Rule-based models split credit by "
        "position; the data-driven ones (Markov removal effect, Shapley values) by what each "
        "channel adds to the chance of enrolling. Shapley is the one the budget advice uses."
    ]
    if not {"markov_first_order", "shapley"} & set(models):
        paragraphs.append("The data-driven models have not been run on this warehouse yet.")
    png = charts.grouped_bars(
        channels, {MODEL_NAMES[m]: list(share[m]) for m in models}, "Share of credited enrollments"
    )
    return Section(
        "attribution",
        "Attribution compared",
        paragraphs=paragraphs,
        tables=[Table(["Channel", *(MODEL_NAMES[m] for m in models)], rows)],
        charts=[Chart("attribution", png, "Attribution by model")],
        source="fct_campaign_attribution, fct_attribution_data_driven",
    )
