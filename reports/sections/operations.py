"""Deliverability, campaign health and which models are trusted (promoted) today."""

from __future__ import annotations

from reports import data, fmt
from reports.model import Section, Table
from reports.sections.context import ReportContext

BOUNCE_LIMIT = 0.02  # bounce rate above which mailbox providers start to distrust a sender
COMPLAINT_LIMIT = (
    0.001  # 0.1 %: the spam-complaint rate Gmail and Yahoo ask bulk senders to stay under
)

BAND = {"healthy": "healthy", "watch": "watch", "at_risk": "at risk"}

MODEL_USES = {
    "send_time_eb": "best send time",
    "ltv_bgnbd_gamma_gamma": "lifetime value",
    "attribution_shapley": "data-driven attribution (Shapley)",
    "attribution_markov": "data-driven attribution (Markov)",
    "course_recs_item_item": "course recommendations",
    "lookalike_recent_enrollers": "lookalike audiences",
    "budget_response_curves": "budget reallocation",
    "campaign_success_logit": "predicted campaign results",
}


def deliverability(ctx: ReportContext) -> Section:
    """Bounce and complaint rates overall and for the largest mailbox domains (``fct_deliverability``)."""
    frame = data.deliverability(ctx.con, ctx.period)
    if frame.empty or not frame["sent"].sum():
        return Section(
            "deliverability",
            "Deliverability",
            ["No email was sent in this period."],
            source="fct_deliverability",
        )
    sent, bounced = float(frame["sent"].sum()), float(frame["bounced"].sum())
    delivered, complaints = float(frame["delivered"].sum()), float(frame["complaints"].sum())
    bounce, complaint = fmt.ratio(bounced, sent), fmt.ratio(complaints, delivered)
    verdict = (
        "within the limits mailbox providers expect"
        if bounce <= BOUNCE_LIMIT and complaint <= COMPLAINT_LIMIT
        else "ABOVE the limits mailbox providers expect: see the alerts"
    )
    rows, marks = [], []
    for r in frame.head(6).itertuples():
        b, c = fmt.ratio(r.bounced, r.sent), fmt.ratio(r.complaints, r.delivered)
        rows.append([r.recipient_domain, fmt.count(r.sent), fmt.pct(b), fmt.pct(c, 2)])
        marks.append("bad" if b > BOUNCE_LIMIT or c > COMPLAINT_LIMIT else None)
    return Section(
        "deliverability",
        "Deliverability",
        paragraphs=[
            f"{fmt.count(sent)} emails: bounce rate {fmt.pct(bounce)} (limit 2 %), complaint rate "
            f"{fmt.pct(complaint, 2)} (limit 0.1 %), {verdict}."
        ],
        tables=[Table(["Mailbox domain", "Sent", "Bounced", "Complaints"], rows, marks)],
        source="fct_deliverability",
    )


def health(ctx: ReportContext) -> Section:
    """Each active campaign's latest health score and band (``fct_campaign_health``)."""
    frame = data.health(ctx.con, ctx.period.end, ctx.campaign_ids)
    frame = frame[frame["health_date"] >= str(ctx.period.start)]
    if frame.empty:
        return Section(
            "health",
            "Campaign health",
            ["No campaign was active in this period."],
            source="fct_campaign_health",
        )
    rows, marks = [], []
    for r in frame.itertuples():
        weakest = min(
            [("delivery", r.delivery_score), ("engagement", r.engagement_score), ("complaints", r.complaint_score), ("pacing", r.pacing_score)],
            key=lambda p: p[1] if p[1] == p[1] else 101,
        )  # fmt: skip
        rows.append(
            [
                ctx.name(r.campaign_id),
                f"{r.health_score:.0f} / 100",
                BAND.get(r.health_band, r.health_band),
                weakest[0],
            ]
        )
        marks.append({"healthy": "good", "at_risk": "bad"}.get(r.health_band))
    at_risk = sum(1 for m in marks if m == "bad")
    return Section(
        "health",
        "Campaign health",
        paragraphs=[
            f"{at_risk} of {len(rows)} active campaigns at risk. Score 0–100 from delivery, engagement, complaints and pacing; the weakest part is named."
        ],
        tables=[Table(["Campaign", "Score", "Band", "Weakest"], rows, marks)],
        source="fct_campaign_health",
    )


def models(ctx: ReportContext) -> Section:
    """Which models passed their promotion check (``ml_model_registry``); the others are not used."""
    frame = data.model_registry(ctx.con)
    if frame.empty:
        return Section(
            "models",
            "Models behind the advice",
            ["No model has been trained on this warehouse yet."],
            source="ml_model_registry",
        )
    rows, marks = [], []
    for r in frame.itertuples():
        rows.append(
            [
                MODEL_USES.get(r.model_name, r.model_name),
                "in use" if r.is_promoted else "NOT used",
                f"{r.model_score:.3g} vs {r.baseline_score:.3g} ({r.baseline_name.replace('_', ' ')})",
            ]
        )
        marks.append("good" if r.is_promoted else "bad")
    failed = [
        MODEL_USES.get(m, m)
        for m, p in zip(frame["model_name"], frame["is_promoted"], strict=True)
        if not p
    ]
    lead = (
        "Every model beat its simple baseline on held-out data and is in use."
        if not failed
        else "Not used because they did not beat a simple baseline on held-out data: "
        + ", ".join(failed)
        + ". Recommendations that would need them fall back to plain observed figures and say so."
    )
    return Section(
        "models",
        "Models behind the advice",
        paragraphs=[lead],
        tables=[Table(["Model", "Status", "Held-out score vs baseline"], rows, marks)],
        source="ml_model_registry",
    )


def compliance(ctx: ReportContext) -> Section | None:
    """Checklist items of campaigns that do not pass (``campaign_compliance``, written by the
    privacy asset of that name); None when every item passes or the table is absent."""
    if not data.table_columns(ctx.con, "campaign_compliance"):
        return None
    items = ctx.con.execute(
        "select campaign_id, item, status, detail from campaign_compliance "
        "where status <> 'pass' order by status = 'fail' desc, campaign_id, item"
    ).fetchall()
    if not items:
        return None
    rows = [[ctx.name(c), item, status, detail or ""] for c, item, status, detail in items]
    marks = ["bad" if status == "fail" else None for _, _, status, _ in items]
    return Section(
        "compliance",
        "Compliance",
        paragraphs=[
            "Consent per channel, email footer, SMS opt-out wording, quiet hours and approval, "
            "per campaign: the items that do not pass."
        ],
        tables=[Table(["Campaign", "Item", "Status", "Detail"], rows, marks)],
        source="campaign_compliance",
    )
