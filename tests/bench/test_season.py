"""bench/season at a small scale: the mechanics, and outcomes that come from the planted truth.

The bench's own figures (several seeds, bigger businesses) are in bench/README.md; here a tiny
business plays the season so that the accounting, the policies' levers and the playback's
dependence on the planted behaviour are checked -- not a result.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from bench.season import (
    POLICIES,
    SeasonPlan,
    _audience,
    _courses,
    _engagement_features,
    _enrollflow,
    _naive,
    fixed_costs,
    outcome,
    play_season,
    summarise,
)
from bench.season_world import load_world
from simulator.generate import COST_PER_EMAIL

PLAN = SeasonPlan(campaigns=2, reach=150, days=6, ad_budget=300.0, decide_after_days=8)


@pytest.fixture(scope="module")
def world(tiny_business):
    return load_world(tiny_business)


@pytest.fixture(scope="module")
def played(world):
    import numpy as np

    courses = _courses(world, PLAN, np.random.default_rng([5, 0]))
    return courses, _naive(world, PLAN, courses, 5), _enrollflow(world, PLAN, courses, 5)


def test_both_policies_spend_the_same_budget_and_reach_as_many(world, played):
    courses, naive, ours = played
    for p in (naive, ours):
        assert len(p["emails"]) == PLAN.campaigns * PLAN.reach
        assert p["ads"].groupby("campaign_id")["spend_amount"].sum().sum() == pytest.approx(
            PLAN.campaigns * PLAN.ad_budget
        )
    a, b = outcome(world, PLAN, naive), outcome(world, PLAN, ours)
    # the only difference in spend: the second content's creative (simulator.costs)
    assert b["spend"] - a["spend"] == pytest.approx(
        PLAN.campaigns * (fixed_costs(PLAN.ad_budget, 2) - fixed_costs(PLAN.ad_budget, 1))
    )
    expected = PLAN.campaigns * fixed_costs(PLAN.ad_budget, 1)
    expected += PLAN.campaigns * PLAN.reach * COST_PER_EMAIL + PLAN.campaigns * PLAN.ad_budget
    assert a["spend"] == pytest.approx(expected)
    assert a["roi"] == pytest.approx((a["revenue"] - a["spend"]) / a["spend"])


def test_the_policies_pull_their_levers(world, played):
    courses, naive, ours = played
    assert naive["emails"].groupby("campaign_id")["variant_id"].nunique().eq(1).all()
    assert naive["emails"]["send_at"].nunique() == 1  # one send time for all
    assert ours["emails"]["send_at"].nunique() > 10  # each contact's own hour
    assert set(ours["emails"]["variant_id"]) == {"A", "B"}  # an A/B test wave
    assert [d["campaign_id"] for d in ours["decisions"]] == list(courses["campaign_id"])
    # targeted: past enrollers + lookalikes (the most engaged when there are too few enrollers)
    features = _engagement_features(world).set_index("contact_id")
    audience = _audience(world, PLAN, features.reset_index(), 5)
    assert set(ours["emails"]["contact_id"]) == set(audience)
    assert features.loc[audience, "opens_90d"].mean() > features["opens_90d"].mean()
    spent = ours["ads"].groupby("campaign_id")["spend_amount"].sum()
    daily = ours["ads"].groupby("campaign_id")["spend_amount"].std()
    assert (daily > 0).all() and spent.sum() == pytest.approx(PLAN.campaigns * PLAN.ad_budget)


def test_outcomes_come_from_the_planted_behaviour(world):
    base = play_season(world, PLAN, seed=5)
    again = play_season(world, PLAN, seed=5)
    assert base == again  # deterministic draws: same world, same seed, same season
    # nobody with any enroll propensity: no enrollment, whatever either policy does
    cold = dataclasses.replace(world, truth=world.truth.assign(enroll_propensity=0.0))
    for result in play_season(cold, PLAN, seed=5).values():
        assert result["enrollments"] == 0 and result["revenue"] == 0.0
    # nobody engages: no opens
    silent = dataclasses.replace(
        world, truth=world.truth.assign(engagement_propensity=0.0, is_machine_opener=False)
    )
    for result in play_season(silent, PLAN, seed=5).values():
        assert result["open_rate"] == 0.0
    # everyone's planted propensity four times higher: more enrollments for both policies
    keen = dataclasses.replace(
        world, truth=world.truth.assign(enroll_propensity=world.truth["enroll_propensity"] * 4)
    )
    richer = play_season(keen, PLAN, seed=5)
    for policy in POLICIES:
        assert richer[policy]["enrollments"] > base[policy]["enrollments"]


def test_summary_has_an_interval_per_policy_and_metric(world):
    results = [play_season(world, PLAN, seed=s) for s in (5, 6)]
    table = summarise(results)
    assert set(table["policy"]) == {*POLICIES, "uplift"}
    assert set(table["metric"]) >= {"enrollments", "conversion_rate", "spend", "roi"}
    main = table[
        table["metric"].isin(["enrollments", "spend", "roi"]) & table["policy"].isin(POLICIES)
    ]
    assert main[["mean", "low", "high"]].notna().all().all()
    known = table.dropna(subset=["mean", "low", "high"])
    assert (known["low"] <= known["mean"]).all() and (known["mean"] <= known["high"]).all()
    assert isinstance(table, pd.DataFrame) and (table["n_seeds"] == 2).all()
