"""The imported history's holdouts against the simulator's planted incremental effect.

The simulator holds 10 % of every campaign's audience out of all its sends and exports the split
as the CRM's campaign-member list (``marketing/campaign_members``); its truth
(``holdout_effects.json``) counts the enrollments each campaign's own messages caused within its
conversion window. Treated - holdout (``ml.experiments.holdout.incrementality``, the function
``experiment_incrementality`` calls) must cover that planted effect at the stated rate over the
campaigns of three 3,000-contact businesses (~8 s each). The chain through ingest, dbt and the
asset is checked on the tiny business in ``test_experiment_assets.py``.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from ml.experiments.holdout import incrementality
from tests.fixtures.business import simulate_small
from tests.ml import landing_frames

Z95 = 1.959963984540054


def _estimates(business) -> pd.DataFrame:
    """Per campaign: treated - holdout from the landing zone, beside the planted truth."""
    members = landing_frames.campaign_members(business.landing)
    enrolled = landing_frames.enrollments(business.landing)
    enrolled = enrolled[~enrolled["is_refund"]][["contact_id", "occurred_at", "revenue_amount"]]
    joined = members.merge(enrolled, on="contact_id", how="left")
    window = pd.to_timedelta(joined["conversion_window_days"], unit="D")
    inside = (joined["occurred_at"] >= joined["added_at"]) & (
        joined["occurred_at"] < joined["added_at"] + window
    )
    joined = joined.assign(
        enrolled=inside.astype(int), revenue=np.where(inside, joined["revenue_amount"], 0.0)
    )
    per_contact = joined.groupby(["campaign_id", "contact_id", "is_holdout"], as_index=False).agg(
        enrolled=("enrolled", "max"), revenue=("revenue", "sum")
    )
    per_contact["revenue_sq"] = per_contact["revenue"] ** 2
    arms = (
        per_contact.groupby(["campaign_id", "is_holdout"])
        .agg(
            n=("enrolled", "size"),
            enrolled=("enrolled", "sum"),
            revenue=("revenue", "sum"),
            revenue_sq=("revenue_sq", "sum"),
        )
        .unstack("is_holdout")
        .dropna()  # a campaign with no one held out has no contrast
    )
    t, h = (arms.xs(flag, axis=1, level="is_holdout") for flag in (False, True))
    ones = np.ones(len(arms))
    est = incrementality(
        t["n"], t["enrolled"], h["n"], h["enrolled"],
        t["revenue"], t["revenue_sq"], h["revenue"], h["revenue_sq"], ones, ones,
    ).frame()  # fmt: skip
    est.index = arms.index
    truth = pd.DataFrame(json.loads((business.truth / "holdout_effects.json").read_text())).T
    joined = est.join(truth, how="inner")
    assert (joined["held_out"] == h["n"].reindex(joined.index)).all()
    return joined


@pytest.fixture(scope="module")
def estimates(small_business, tmp_path_factory) -> pd.DataFrame:
    frames = [_estimates(small_business)]
    for seed in (12, 13):
        out = tmp_path_factory.mktemp(f"holdout_business_{seed}")
        frames.append(_estimates(simulate_small(out, contacts=3000, days=150, seed=seed)))
    return pd.concat(frames)


def test_holdout_intervals_cover_the_planted_incremental_enrollments(estimates):
    e = estimates
    covered = (e["incremental_enrollments_low"] <= e["caused_enrollments"]) & (
        e["caused_enrollments"] <= e["incremental_enrollments_high"]
    )
    # pooled over the campaigns: the sum of the estimates against the sum of what was caused,
    # with the standard error of the sum (independent campaigns)
    se = (e["incremental_enrollments_high"] - e["incremental_enrollments_low"]) / (2 * Z95)
    pooled, planted = e["incremental_enrollments"].sum(), e["caused_enrollments"].sum()
    pooled_se = float(np.sqrt((se**2).sum()))
    print(
        f"{len(e)} campaigns: 95 % intervals cover the planted incremental enrollments in "
        f"{covered.mean():.3f}; pooled estimate {pooled:.1f} ± {Z95 * pooled_se:.1f} "
        f"vs planted {planted}"
    )
    assert len(e) >= 120  # three businesses of ~44 campaigns
    assert covered.mean() >= 0.90  # stated 0.95; measured 0.977 over 132 campaigns
    assert abs(pooled - planted) <= Z95 * pooled_se
    assert pooled - Z95 * pooled_se > 0  # the campaigns' messages do cause enrollments


def test_incremental_revenue_follows_the_planted_revenue(estimates):
    e = estimates
    covered = (e["incremental_revenue_low"] <= e["caused_revenue_amount"]) & (
        e["caused_revenue_amount"] <= e["incremental_revenue_high"]
    )
    se = (e["incremental_revenue_high"] - e["incremental_revenue_low"]) / (2 * Z95)
    pooled, planted = e["incremental_revenue"].sum(), e["caused_revenue_amount"].sum()
    pooled_se = float(np.sqrt((se**2).sum()))
    print(
        f"revenue: 95 % Welch intervals cover the planted incremental revenue in "
        f"{covered.mean():.3f}; pooled {pooled:,.0f} ± {Z95 * pooled_se:,.0f} vs planted {planted:,.0f}"
    )
    # Welch undercovers here: ~15 contacts held out per campaign, most with no revenue, so the
    # holdout's variance is often zero (measured 0.82); the pooled sum is the honest check
    assert covered.mean() >= 0.75
    assert abs(pooled - planted) <= Z95 * pooled_se
