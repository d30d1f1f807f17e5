"""One simulated season played twice: a naive policy and EnrollFlow's, on the same business and seed.

The season: ``campaigns`` email campaigns, each promoting one course of the catalogue (its price is
the revenue of an enrollment), each allowed to email ``reach`` contacts (the audience budget: a
marketing team does not mail its whole base for every course), each with a paid-social budget
spent over its ``days`` days, and each paying the simulator's budget lines (creative per
variant, platform fee, agency fee; :mod:`simulator.costs`). Both policies spend the same ad
budget and reach the same number of contacts.

- **naive**: one broad audience (``reach`` contacts drawn at random); one send time for all
  (10:00 in the organisation's zone on the first day); no A/B (one of the two contents, chosen
  by a coin flip); the ad budget split equally between campaigns and days.
- **EnrollFlow**: the audience is the contacts who enrolled before and their lookalikes
  (:func:`ml.lookalikes.score_lookalikes` on CRM attributes and 90-day engagement) up to
  ``reach``; each contact gets the send-time model's hour (:mod:`ml.send_time`, fitted on the
  history) in the first days of the campaign; a test wave (``test_share`` of the audience,
  A/B) goes first, the readout (:func:`ml.experiments.analyse_experiments` +
  :func:`ml.experiments.decision.decide_winner` on opens, sequential and Holm-adjusted) decides
  and the rest gets the winner (both arms, evenly, when it is not conclusive); the ad budget is
  spent evenly (with ±50 % daily variation, to learn from) over the first half of the days, then
  :func:`ml.budget.recommend_budget` moves the second half between campaigns (each campaign
  a "channel" of one season budget; at most ±30 %).

Every enrollment comes from :mod:`bench.season_world`'s playback of the planted behaviour; the
policies' own predictions never reach it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bench.season_world import World, play_ads, play_emails
from ml.budget import recommend_budget
from ml.errors import MLInputError
from ml.experiments import analyse_experiments
from ml.experiments.decision import decide_winner
from ml.lookalikes import score_lookalikes
from ml.send_time import engagement_hours, fit_send_time, recommend_send_times
from simulator.costs import AGENCY_SHARE, CREATIVE_PER_VARIANT, CREATIVE_SHARE, PLATFORM_FEE
from simulator.generate import COST_PER_EMAIL

ORG_TZ = "Europe/London"
POLICIES = ("naive", "enrollflow")


@dataclass(frozen=True)
class SeasonPlan:
    """The season both policies play."""

    campaigns: int = 4
    reach: int = 1_000  # contacts each campaign may email
    days: int = 14  # each campaign's length; all run at once from the season's start
    ad_budget: float = 2_000.0  # paid social per campaign
    test_share: float = 0.3  # EnrollFlow's A/B test wave
    decide_after_days: int = 8  # the test wave goes out over the first week, at each one's hour


def _courses(world: World, plan: SeasonPlan, rng: np.random.Generator) -> pd.DataFrame:
    pick = rng.choice(len(world.courses), size=plan.campaigns, replace=False)
    out = world.courses.iloc[pick].reset_index(drop=True)
    out["campaign_id"] = [f"season_{k + 1}" for k in range(plan.campaigns)]
    out["budget_amount"] = plan.ad_budget
    return out


def fixed_costs(budget: float, variants: int) -> float:
    """The simulator's budget lines of one campaign (creative, platform fee, agency fee)."""
    return (
        CREATIVE_SHARE * budget + CREATIVE_PER_VARIANT * variants + PLATFORM_FEE
        + AGENCY_SHARE * budget
    )  # fmt: skip


def _engagement_features(world: World) -> pd.DataFrame:
    """CRM attributes plus opens / clicks in the history's last 90 days (lookalike features)."""
    ev = world.events[world.events["event_at"] >= world.start - dt.timedelta(days=90)]
    human = ev[~ev["is_machine_open"]]
    counts = human.groupby(["contact_id", "event_type"]).size().unstack(fill_value=0)
    out = world.contacts.copy()
    for col, kind in (("opens_90d", "open"), ("clicks_90d", "click")):
        out[col] = out["contact_id"].map(counts.get(kind, pd.Series(dtype=int))).fillna(0)
    out["site_visits_90d"] = 0
    return out


# -- the naive policy -----------------------------------------------------------------------------
def _naive(world: World, plan: SeasonPlan, courses: pd.DataFrame, seed: int) -> dict:
    rng = np.random.default_rng([seed, 1])
    first = world.start + dt.timedelta(hours=10)  # 10:00 London in winter/spring = 10:00 UTC
    send_at = pd.Timestamp(first).tz_localize(ORG_TZ).tz_convert("UTC").tz_localize(None)
    emails, ads = [], []
    for c in courses.itertuples(index=False):
        who = rng.choice(world.contacts["contact_id"].to_numpy(), plan.reach, replace=False)
        variant = "A" if rng.random() < 0.5 else "B"
        sends = pd.DataFrame(
            {"campaign_id": c.campaign_id, "contact_id": who, "variant_id": variant}
        ).assign(send_at=send_at)
        emails.append(_play(world, plan, sends, c, seed))
        daily = np.full(plan.days, plan.ad_budget / plan.days)
        ads.append(play_ads(world, c.campaign_id, pd.Series(who), daily, pd.Series(c._asdict()),
                            seed=seed).assign(campaign_id=c.campaign_id))  # fmt: skip
    return {"emails": pd.concat(emails), "ads": pd.concat(ads), "variants": 1}


def _play(world, plan, sends, course, seed) -> pd.DataFrame:
    until = world.start + dt.timedelta(days=plan.days + 7)  # conversions after the last day
    out = play_emails(world, sends, pd.Series(course._asdict()), until=until, seed=seed)
    return out.assign(campaign_id=course.campaign_id, send_at=sends["send_at"].to_numpy())


# -- EnrollFlow's policy --------------------------------------------------------------------------
def _send_times(world: World, ids: pd.Series, seed: int) -> pd.Series:
    """Each contact's next model-recommended local hour of week within the first week (UTC)."""
    hours = engagement_hours(world.events, world.contacts, default_tz=ORG_TZ)
    model = fit_send_time(hours, world.contacts, seed=seed, now=pd.Timestamp(world.start))
    recs = recommend_send_times(model, hours, world.contacts).set_index("contact_id")
    how = recs["best_hour_of_week"].reindex(ids).fillna(model.global_best_hour).astype(int)
    zones = world.contacts.set_index("contact_id")["timezone"].reindex(ids).fillna(ORG_TZ)
    how, zones = how.to_numpy(), zones.to_numpy()
    start = pd.Timestamp(world.start)
    out = np.empty(len(ids), dtype="datetime64[ns]")
    for zone in np.unique(zones):
        rows = zones == zone
        local0 = start.tz_localize("UTC").tz_convert(zone)
        monday = local0.tz_localize(None).normalize() - pd.Timedelta(days=local0.dayofweek)
        at = monday + pd.to_timedelta(how[rows], unit="h")
        at = at.where(at >= local0.tz_localize(None), at + pd.Timedelta(days=7))
        utc = at.tz_localize(zone, nonexistent="shift_forward", ambiguous="NaT").tz_convert("UTC")
        out[rows] = utc.tz_localize(None).fillna(at[0]).to_numpy()
    return pd.Series(out, index=ids.index)
    return out


def _audience(world: World, plan: SeasonPlan, features: pd.DataFrame, seed: int) -> pd.Series:
    seeds = sorted(world.enrollers & set(world.contacts["contact_id"]))
    try:
        scored = score_lookalikes(features, seeds, top_n=plan.reach, seed=seed)
        ranked = [*seeds, *scored["contact_id"]]
    except MLInputError:  # too few past enrollers: the most engaged contacts instead
        ranked = list(features.sort_values("opens_90d", ascending=False)["contact_id"])
    return pd.Series(ranked[: plan.reach], dtype=object)


def _decide(test: pd.DataFrame, campaign_id: str) -> tuple[str | None, str]:
    stats = test.groupby("variant_id")["opened"].agg(["size", "sum"]).reset_index()
    frame = pd.DataFrame(
        {
            "test_id": campaign_id,
            "variant": stats["variant_id"],
            "is_control": stats["variant_id"] == "A",
            "metric": "open_rate",
            "metric_kind": "proportion",
            "n": stats["size"],
            "total": stats["sum"].astype(float),
            "total_sq": stats["sum"].astype(float),
        }
    )
    decision = decide_winner(analyse_experiments(frame), campaign_id, "open_rate")
    return (decision.winner if decision.conclusive else None), decision.reason


def _enrollflow(world: World, plan: SeasonPlan, courses: pd.DataFrame, seed: int) -> dict:
    rng = np.random.default_rng([seed, 2])
    features = _engagement_features(world)
    audience = _audience(world, plan, features, seed)
    send_at = _send_times(world, audience, seed)
    emails, decisions = [], []
    for c in courses.itertuples(index=False):
        order = rng.permutation(len(audience))
        n_test = int(plan.test_share * len(audience))
        test_idx, rest_idx = order[:n_test], order[n_test:]
        test = pd.DataFrame(
            {"campaign_id": c.campaign_id, "contact_id": audience.iloc[test_idx].to_numpy(),
             "variant_id": np.where(np.arange(n_test) % 2 == 0, "A", "B"),
             "send_at": send_at.iloc[test_idx].to_numpy()}
        )  # fmt: skip
        decide_at = world.start + dt.timedelta(days=plan.decide_after_days)
        seen = play_emails(world, test, pd.Series(c._asdict()), until=decide_at, seed=seed)
        winner, reason = _decide(seen, c.campaign_id)
        decisions.append({"campaign_id": c.campaign_id, "winner": winner, "reason": reason})
        rest_variant = (
            np.full(len(rest_idx), winner)
            if winner
            else np.where(np.arange(len(rest_idx)) % 2 == 0, "A", "B")
        )
        later = send_at.iloc[rest_idx] + pd.Timedelta(days=7)  # the next week's same hour
        rest = pd.DataFrame(
            {"campaign_id": c.campaign_id, "contact_id": audience.iloc[rest_idx].to_numpy(),
             "variant_id": rest_variant, "send_at": later.to_numpy()}
        )  # fmt: skip
        emails.append(_play(world, plan, pd.concat([test, rest], ignore_index=True), c, seed))
    ads = _reallocated_ads(world, plan, courses, audience, seed)
    return {"emails": pd.concat(emails), "ads": ads, "variants": 2, "decisions": decisions}


def _reallocated_ads(world, plan, courses, audience, seed) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 3])
    half = plan.days // 2
    first = []
    for c in courses.itertuples(index=False):
        daily = plan.ad_budget / plan.days * rng.uniform(0.5, 1.5, half)
        first.append(play_ads(world, c.campaign_id, audience, daily, pd.Series(c._asdict()),
                              seed=seed).assign(campaign_id=c.campaign_id))  # fmt: skip
    seen = pd.concat(first)
    spent = seen.groupby("campaign_id")["spend_amount"].sum()
    remaining = {c: plan.ad_budget - float(spent.get(c, 0.0)) for c in courses["campaign_id"]}
    current = pd.DataFrame(
        {
            "campaign_id": "season",
            "channel": list(remaining),
            "spend_amount": list(remaining.values()),
        }
    )
    observations = seen.rename(columns={"campaign_id": "channel"})[
        ["channel", "spend_amount", "revenue_amount"]
    ]
    try:
        moved = recommend_budget(current, observations, n_bootstrap=50, seed=seed)
        new = dict(zip(moved["channel"], moved["recommended_spend_amount"], strict=True))
    except MLInputError:
        new = remaining
    second = []
    for c in courses.itertuples(index=False):
        daily = np.full(
            plan.days - half, max(new.get(c.campaign_id, 0.0), 0.0) / (plan.days - half)
        )
        second.append(play_ads(world, c.campaign_id, audience, daily, pd.Series(c._asdict()),
                               seed=seed, first_day=half).assign(campaign_id=c.campaign_id))  # fmt: skip
    return pd.concat([seen, *second], ignore_index=True)


# -- one season, both policies --------------------------------------------------------------------
def outcome(world: World, plan: SeasonPlan, played: dict) -> dict[str, float]:
    """Enrollments, conversion rate, spend, revenue and ROI of one policy's season.

    Conversion rate = enrollments per touch bought (emails sent + ad clicks), the same
    denominator for both policies' budgets; enrollments are split into email and ad ones.
    """
    emails, ads = played["emails"], played["ads"]
    touches = len(emails) + int(ads["clicks"].sum())  # messages sent + ad clicks bought
    enrollments = int(emails["enrolled"].sum() + ads["enrollments"].sum())
    revenue = float(emails["revenue_amount"].sum() + ads["revenue_amount"].sum())
    fixed = plan.campaigns * fixed_costs(plan.ad_budget, played["variants"])
    spend = fixed + len(emails) * COST_PER_EMAIL + float(ads["spend_amount"].sum())
    return {
        "enrollments": enrollments,
        "conversion_rate": enrollments / touches if touches else float("nan"),
        "email_enrollments": int(emails["enrolled"].sum()),
        "ad_enrollments": int(ads["enrollments"].sum()),
        "ad_clicks": int(ads["clicks"].sum()),
        "spend": spend,
        "revenue": revenue,
        "roi": (revenue - spend) / spend,
        "open_rate": float(emails["opened"].mean()),
    }


def play_season(world: World, plan: SeasonPlan, seed: int) -> dict[str, dict]:
    """Both policies on the same world, courses and seed: ``{policy: outcome}``."""
    courses = _courses(world, plan, np.random.default_rng([seed, 0]))
    naive = _naive(world, plan, courses, seed)
    ours = _enrollflow(world, plan, courses, seed)
    return {
        "naive": outcome(world, plan, naive),
        "enrollflow": outcome(world, plan, ours) | {"ab_decisions": ours["decisions"]},
    }


def summarise(results: list[dict[str, dict]]) -> pd.DataFrame:
    """Mean and 95 % t-interval over seeds per policy and metric, and of EnrollFlow's uplift."""
    from scipy import stats

    rows = []
    metrics = (
        "enrollments",
        "conversion_rate",
        "spend",
        "revenue",
        "roi",
        "open_rate",
        "email_enrollments",
        "ad_enrollments",
        "ad_clicks",
    )
    for metric in metrics:
        values = {p: np.array([r[p][metric] for r in results], dtype=float) for p in POLICIES}
        ours, naive = values["enrollflow"], values["naive"]
        if metric == "roi":  # can be negative: the difference, not a ratio
            uplift = ours - naive
        else:  # NaN where the naive policy had none (no ratio to take)
            uplift = np.divide(ours, naive, out=np.full(len(naive), np.nan), where=naive > 0) - 1
        for name, v in (*values.items(), ("uplift", uplift)):
            half = (
                stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))
                if len(v) > 1
                else np.nan
            )
            rows.append({"metric": metric, "policy": name, "mean": v.mean(),
                         "low": v.mean() - half, "high": v.mean() + half, "n_seeds": len(v)})  # fmt: skip
    return pd.DataFrame(rows)


def load_world_for(root, contacts: int, history_days: int, seed: int) -> World:
    """The simulated business of one seed (generated once under ``root``) as a :class:`World`."""
    import json
    from pathlib import Path

    from bench.season_world import load_world
    from tests.fixtures.business import Business, simulate_small

    out = Path(root) / f"c{contacts}-d{history_days}-s{seed}"
    manifest = out / "landing" / "_manifest.json"
    if manifest.exists():
        business = Business(out, out / "landing", out / "truth", json.loads(manifest.read_text()))
    else:
        business = simulate_small(out, contacts=contacts, days=history_days, seed=seed)
    return load_world(business)
