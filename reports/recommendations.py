"""Recommendations a marketer can act on, each with its evidence and expected effect.

Sources: the ML assets' tables when their model passed its promotion check (``ml_model_registry``),
otherwise plain observed figures, and the recommendation says which (a model that failed its
check is never used silently). Kinds: budget reallocation, best send time, lookalike audiences per
campaign seed, and content (subject line and format) ranked with intervals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statsmodels.stats.proportion import proportion_confint

from ml.errors import MLInputError
from ml.lookalikes import CATEGORICAL, NUMERIC, evaluate_lookalikes, score_lookalikes
from reports import data, fmt
from reports.model import Section, Table
from reports.sections.context import ReportContext
from reports.sections.performance import CHANNEL_NAMES


@dataclass(frozen=True)
class Recommendation:
    """One piece of advice: what to do, the evidence, the expected effect and what it rests on."""

    kind: str
    action: str
    evidence: str
    expected_effect: str
    basis: str

    def sentence(self) -> str:
        return f"{self.action} Evidence: {self.evidence} Expected effect: {self.expected_effect} ({self.basis})"


def promoted(con: data.Connection, model_name: str) -> bool | None:
    """True/False from the model's latest registry row; None when it was never trained."""
    reg = data.model_registry(con)
    row = reg[reg["model_name"] == model_name]
    return None if row.empty else bool(row["is_promoted"].iloc[0])


def _basis(con: data.Connection, model_name: str, what: str) -> tuple[bool, str]:
    state = promoted(con, model_name)
    if state:
        return True, f"model {what}, promoted: it beat its baseline on held-out data"
    why = (
        "not trained on this warehouse"
        if state is None
        else "NOT promoted: it did not beat its baseline"
    )
    return False, f"observed figures only; the {what} model is {why}"


def budget(ctx: ReportContext) -> Recommendation | None:
    """Move spend towards the channel/campaign with the highest return (``budget_recommendations``)."""
    use_model, basis = _basis(ctx.con, "budget_response_curves", "budget response-curve")
    cur = ctx.currency
    if use_model:
        recs = data.optional_table(
            ctx.con,
            "budget_recommendations",
            [
                "campaign_id",
                "channel",
                "change_amount",
                "expected_revenue_gain_amount",
                "gain_p10_amount",
                "gain_p90_amount",
                "marginal_roi",
            ],
        )
        per = recs.groupby("campaign_id").agg(
            gain=("expected_revenue_gain_amount", "sum"),
            p10=("gain_p10_amount", "first"),
            p90=("gain_p90_amount", "first"),
        )
        per = per[per["gain"] > 0].sort_values("gain", ascending=False)
        if not per.empty:
            top = per.index[0]
            moves = recs[recs["campaign_id"] == top].sort_values("change_amount")
            give, take = moves.iloc[0], moves.iloc[-1]
            return Recommendation(
                "budget",
                f"In {ctx.name(top)}, move {fmt.money(take.change_amount, cur)} a week from "
                f"{CHANNEL_NAMES.get(give.channel, give.channel)} to {CHANNEL_NAMES.get(take.channel, take.channel)}.",
                f"the next unit of spend returns {take.marginal_roi:.1f}× on {take.channel} vs "
                f"{give.marginal_roi:.1f}× on {give.channel} (fitted diminishing-returns curves).",
                f"+{fmt.money(per['gain'].iloc[0], cur)} revenue a week (80 % interval "
                f"{fmt.money(per['p10'].iloc[0], cur)} to {fmt.money(per['p90'].iloc[0], cur)}).",
                basis,
            )
    by = data.performance(ctx.con, ctx.period, ctx.campaign_ids, by="channel")
    # budget lines (creative, fees) are not a channel money can move between
    by = by[(by["spend_amount"] > 0) & (by["channel"] != data.COSTS_CHANNEL)].assign(
        roi=lambda f: (f["revenue_amount"] - f["spend_amount"]) / f["spend_amount"]
    )
    if len(by) < 2:
        return None
    by = by.sort_values("roi")
    low, high = by.iloc[0], by.iloc[-1]
    shift = 0.1 * float(low.spend_amount)
    return Recommendation(
        "budget",
        f"Move 10 % of {CHANNEL_NAMES.get(low.channel, low.channel)} spend ({fmt.money(shift, cur)}) "
        f"to {CHANNEL_NAMES.get(high.channel, high.channel)}.",
        f"over {ctx.period.label} {CHANNEL_NAMES.get(high.channel, high.channel)} returned "
        f"{fmt.roi(high.roi)} and {CHANNEL_NAMES.get(low.channel, low.channel)} {fmt.roi(low.roi)} "
        "(message and ad costs; creative and fees are not split by channel).",
        f"about +{fmt.money(shift * (high.roi - low.roi), cur)} if returns stayed constant (they "
        "usually fall as spend grows: treat it as an upper bound).",
        basis,
    )


def send_time(ctx: ReportContext) -> Recommendation | None:
    """Use each contact's best hour (``send_time_recommendations``) or the best observed hour."""
    use_model, basis = _basis(ctx.con, "send_time_eb", "send-time")
    reg = data.model_registry(ctx.con)
    if use_model:
        recs = data.optional_table(
            ctx.con, "send_time_recommendations", ["contact_id", "best_local_hour"]
        )
        if not recs.empty:
            hour = int(recs["best_local_hour"].mode().iloc[0])
            share = float((recs["best_local_hour"] == hour).mean())
            row = reg[reg["model_name"] == "send_time_eb"].iloc[0]
            return Recommendation(
                "send_time",
                "Turn on 'best send time' in send steps: each contact gets their own best local hour "
                f"(the most common is {hour:02d}:00, for {share:.0%} of contacts).",
                f"on held-out weeks {row.model_score:.0%} of opens and clicks fell within an hour of the "
                f"recommended time, against {row.baseline_score:.0%} for each contact's most common "
                "past hour (the obvious rule).",
                f"about {row.model_score / max(row.baseline_score, 1e-9):.2f}× as many messages "
                "arriving when the contact usually engages as with that rule.",
                basis,
            )
    hours = ctx.con.execute(
        """
        select extract('hour' from event_at) as hour, count(*) as n from fct_message_events
        where event_type in ('open', 'click') and not coalesce(is_machine_open, false)
        group by 1 order by n desc limit 1
        """
    ).fetchall()
    if not hours:
        return None
    hour, n = int(hours[0][0]), int(hours[0][1])
    return Recommendation(
        "send_time",
        f"Schedule sends for {hour:02d}:00 UTC, the hour contacts engage most.",
        f"{n:,} human opens and clicks happened in that hour, more than in any other.",
        "more messages opened soon after they arrive; the size of the gain is not estimated.",
        basis,
    )


@dataclass(frozen=True)
class LookalikeAudience:
    """The contacts most like those one campaign converted (its own seed)."""

    campaign_id: str
    seed_size: int
    auc: float
    lift: float
    contact_ids: list[str]


def lookalike_audiences(
    ctx: ReportContext, top_campaigns: int = 3, min_seed: int = 10, size: int = 500
) -> list[LookalikeAudience]:
    """Per campaign (the ``top_campaigns`` with most converters): seed = the contacts it converted
    (``fct_sends.conversions``), expansion = the ``size`` others most like them (``dim_contacts``)."""
    where, params = data._in_scope("campaign_id", ctx.campaign_ids)
    seeds = ctx.con.execute(
        f"""
        select campaign_id, list(distinct contact_id order by contact_id) as members,
               count(distinct contact_id) as n
        from fct_sends where conversions > 0 and {where}
        group by 1 having count(distinct contact_id) >= ? order by n desc, campaign_id limit ?
        """,
        [*params, min_seed, top_campaigns],
    ).fetchall()
    if not seeds:
        return []
    cols = ["contact_id", *CATEGORICAL, *NUMERIC]
    contacts = ctx.con.execute(
        f"select {', '.join(cols)} from dim_contacts order by contact_id"
    ).df()
    out = []
    for campaign_id, members, n in seeds:
        top_n = max(1, min(size, (len(contacts) - n) // 10))
        try:
            check = evaluate_lookalikes(contacts, members, top_n=top_n, seed=0)
            scored = score_lookalikes(contacts, members, top_n=top_n, seed=0)
        except MLInputError:
            continue
        if check["auc"] <= 0.55:
            continue  # the seed does not stand out: expanding on it would be a random pick
        ids = scored.loc[scored["is_expansion"], "contact_id"].tolist()
        out.append(
            LookalikeAudience(
                campaign_id, int(n), float(check["auc"]), float(check["lift_top_n"]), ids
            )
        )
    return out


def lookalikes(ctx: ReportContext, **kw) -> list[Recommendation]:
    """One recommendation per campaign seed that stands out (hidden-seed AUC > 0.55)."""
    return [
        Recommendation(
            "lookalikes",
            f"Expand {ctx.name(a.campaign_id)} to the {len(a.contact_ids):,} contacts most like the "
            f"{a.seed_size:,} it converted.",
            f"with a third of its converters hidden, the model ranks them above other contacts "
            f"{a.auc:.0%} of the time (random: 50 %).",
            f"the expansion holds {a.lift:.1f}× the share of likely converters of a random pick.",
            "per-campaign seed, logistic regression on CRM attributes and engagement",
        )
        for a in lookalike_audiences(ctx, **kw)
    ]


def _readable(subject: object) -> str:
    """A subject line with its merge tags shown as ``[first name]`` rather than template code."""
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: f"[{m[1].replace('_', ' ')}]", str(subject))


def content_ranking(
    ctx: ReportContext, limit: int = 5
) -> tuple[Recommendation | None, Table | None]:
    """Subject lines and formats ranked by email click-through, with 95 % Wilson intervals."""
    table = data.variants_table(ctx.con)
    if table is None:
        return None, None
    frame = ctx.con.execute(
        f"""
        with v as (
            select unnest(from_json(variants, '[{{"variant_id":"VARCHAR","subject":"VARCHAR","content":"VARCHAR"}}]'), recursive := true)
            from {table}
        )
        select v.subject, v.content, count(*) as delivered,
               count(*) filter (where s.clicked_at is not null) as clicked
        from fct_sends s join v on v.variant_id = s.variant_id
        where s.channel = 'email' and s.is_delivered
        group by 1, 2 having count(*) >= 30
        """
    ).df()
    if frame.empty:
        return None, None
    low, high = proportion_confint(
        frame["clicked"], frame["delivered"], alpha=0.05, method="wilson"
    )
    frame = frame.assign(rate=frame["clicked"] / frame["delivered"], low=low, high=high)
    frame = frame.sort_values("low", ascending=False).reset_index(drop=True)
    rows = [
        [
            _readable(r.subject),
            str(r.content),
            f"{r.rate:.1%} ({r.low:.1%}–{r.high:.1%})",
            fmt.count(r.delivered),
        ]
        for r in frame.head(limit).itertuples()
    ]
    best, worst = frame.iloc[0], frame.sort_values("high").iloc[0]
    clear = best.low > worst.high
    rec = Recommendation(
        "content",
        f"Reuse the subject line \u201c{_readable(best.subject)}\u201d ({best.content} format) in email campaigns.",
        f"{best.rate:.1%} click-through (95 % interval {best.low:.1%}–{best.high:.1%}) over "
        f"{int(best.delivered):,} delivered emails; the weakest subject ranked "
        f"{worst.rate:.1%} ({worst.low:.1%}–{worst.high:.1%}).",
        "a clearly higher click-through than the weakest subject"
        if clear
        else "the intervals overlap: test it against your usual subject before switching",
        "observed click-through of every email sent with it",
    )
    return rec, Table(["Subject line", "Format", "Click-through (95 %)", "Delivered"], rows)


def recommend(ctx: ReportContext) -> tuple[list[Recommendation], Table | None]:
    """Every recommendation for the context, and the content ranking table."""
    recs: list[Recommendation] = []
    for build in (budget, send_time):
        rec = build(ctx)
        if rec is not None:
            recs.append(rec)
    recs += lookalikes(ctx)
    rec, table = content_ranking(ctx)
    if rec is not None:
        recs.append(rec)
    return recs, table


def recommendations_section(ctx: ReportContext) -> Section:
    """The report's recommendations section."""
    recs, table = recommend(ctx)
    if not recs:
        return Section(
            "recommendations", "Recommendations", ["Not enough data yet for a recommendation."]
        )
    return Section(
        "recommendations",
        "Recommendations",
        paragraphs=["Each with its evidence, its expected effect and what it rests on."],
        bullets=[r.sentence() for r in recs],
        tables=[table] if table is not None else [],
        source="budget_recommendations, send_time_recommendations, fct_sends, dim_contacts, ml_model_registry",
    )
