"""Markov removal-effect and Shapley attribution against hand-computed examples."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ml.attribution import (
    build_journeys,
    campaign_credits,
    journeys_from_paths,
    markov_attribution,
    rule_based_attribution,
    shapley_attribution,
)
from ml.errors import MLInputError


def _by_channel(frame: pd.DataFrame) -> dict[str, float]:
    return dict(zip(frame["channel"], frame["attributed_conversions"], strict=True))


def test_markov_matches_the_three_path_worked_example():
    # The classic worked example (paths C1>C2>C3 converts, C1 null, C2>C3 null):
    # P(conv) = 2/3*1/2*1*1/2 + 1/3*1*1/2 = 1/3. Removing C1 leaves 1/6 (effect 0.5); removing
    # C2 or C3 leaves 0 (effect 1). Normalised: C1 0.2, C2 0.4, C3 0.4 of the one conversion.
    j = journeys_from_paths([["C1", "C2", "C3"], ["C1"], ["C2", "C3"]], [1, 0, 0])
    out = markov_attribution(j)
    assert dict(zip(out["channel"], out["weight"], strict=True)) == pytest.approx(
        {"C1": 0.5, "C2": 1.0, "C3": 1.0}
    )
    assert _by_channel(out) == pytest.approx({"C1": 0.2, "C2": 0.4, "C3": 0.4})


def test_shapley_matches_hand_computed_two_channel_game():
    # sets {A}: 100 journeys / 10 conv, {B}: 100 / 20, {A,B}: 100 / 40
    # in {A,B}: phi_A = (0.1 - 0)/2 + (0.4 - 0.2)/2 = 0.15, phi_B = (0.2)/2 + (0.4 - 0.1)/2 = 0.25
    # -> A gets 10 + 40*0.15/0.4 = 25, B gets 20 + 40*0.25/0.4 = 45
    paths = [["A"]] * 100 + [["B"]] * 100 + [["A", "B"]] * 50 + [["B", "A"]] * 50
    conv = [1] * 10 + [0] * 90 + [1] * 20 + [0] * 80 + [1] * 20 + [0] * 30 + [1] * 20 + [0] * 30
    out = shapley_attribution(journeys_from_paths(paths, conv))
    assert _by_channel(out) == pytest.approx({"A": 25.0, "B": 45.0})


def test_credits_sum_to_conversions_and_find_the_effective_channel():
    # "email" lifts conversion from 5 % to 20 %; "sms" and "social" do nothing.
    rng = np.random.default_rng(3)
    paths, conv, revenue = [], [], []
    for _ in range(20_000):
        chans = [c for c in ("email", "sms", "social") if rng.random() < 0.5] or ["social"]
        rng.shuffle(chans)
        p = 0.2 if "email" in chans else 0.05
        converted = int(rng.random() < p)
        paths.append(chans)
        conv.append(converted)
        revenue.append(100.0 * converted)
    j = journeys_from_paths(paths, conv, revenue)
    markov, shapley = markov_attribution(j), shapley_attribution(j)
    linear = rule_based_attribution(j, "linear")
    for out in (markov, shapley, linear):
        assert out["attributed_conversions"].sum() == pytest.approx(sum(conv))
        assert out["attributed_revenue_amount"].sum() == pytest.approx(sum(revenue))
    share = {
        name: _by_channel(out)["email"] / sum(conv)
        for name, out in (("markov", markov), ("shapley", shapley), ("linear", linear))
    }
    # truth: half the journeys carry email, lifting them from 5 % to 20 %. Email causes
    # 0.5 * 0.15 / (0.5 * 0.2 + 0.5 * 0.05) = 60 % of conversions and is on the path of 80 %;
    # since credits must add up to all conversions, a fair share lies between the two. Shapley
    # (conversion-rate game) lands there; linear and the first-order Markov removal effect, which
    # also credits channels merely on the path, under-credit email.
    assert 0.6 < share["shapley"] < 0.8
    assert share["linear"] < 0.55 and share["markov"] < 0.55
    markov_credit = _by_channel(markov)
    assert max(markov_credit, key=markov_credit.get) == "email"


def test_rule_based_first_and_last_touch():
    j = journeys_from_paths([["A", "B", "C"], ["B"], ["C", "A"]], [1, 1, 0])
    assert _by_channel(rule_based_attribution(j, "first_touch")) == {"A": 1, "B": 1, "C": 0}
    assert _by_channel(rule_based_attribution(j, "last_touch")) == {"A": 0, "B": 1, "C": 1}
    with pytest.raises(MLInputError, match="unknown rule-based model"):
        rule_based_attribution(j, "u_shaped")


def test_build_journeys_cuts_by_conversion_and_lookback():
    t = pd.Timestamp
    touches = pd.DataFrame(
        {
            "contact_id": ["a", "a", "a", "a", "b", "b"],
            "touch_at": [
                t("2026-01-01"),
                t("2026-02-01"),
                t("2026-02-05"),
                t("2026-02-20"),
                t("2026-02-01"),
                t("2026-03-05"),
            ],
            "channel": ["sms", "email", "paid_social", "email", "email", "sms"],
            "campaign_id": ["k1", "k1", "k2", "k3", "k1", "k9"],
        }
    )
    conv = pd.DataFrame(
        {
            "contact_id": ["a"],
            "converted_at": [t("2026-02-10")],
            "revenue_amount": [500.0],
        }
    )
    j = build_journeys(touches, conv, now=dt.datetime(2026, 3, 1), lookback_days=30)
    paths = (
        j.steps.sort_values(["journey_id", "step"])
        .assign(ch=lambda d: np.asarray(j.channels)[d["channel_code"]])
        .groupby("journey_id")["ch"]
        .agg(tuple)
    )
    got = sorted(
        (paths[i], j.outcomes.loc[i, "conversions"], j.outcomes.loc[i, "revenue_amount"])
        for i in paths.index
    )
    # the January sms is > 30 days before the conversion: its own non-converting journey;
    # a's email after converting and b's email are non-converting; b's March touch is after now
    assert got == [
        (("email",), 0.0, 0.0),
        (("email",), 0.0, 0.0),
        (("email", "paid_social"), 1.0, 500.0),
        (("sms",), 0.0, 0.0),
    ]
    assert j.total_conversions == 1
    camp = campaign_credits(j, markov_attribution(j))
    assert camp["attributed_conversions"].sum() == pytest.approx(1.0)
    assert set(camp["campaign_id"]) == {"k1", "k2"}


def test_shapley_refuses_huge_channel_sets():
    j = journeys_from_paths([[f"ch{i}" for i in range(5)]], [1])
    with pytest.raises(MLInputError, match="max_set_size"):
        shapley_attribution(j, max_set_size=4)


def test_vectorised_shapley_equals_the_permutation_definition():
    # reference: average marginal contribution over all orderings of the players
    import itertools
    import math

    from ml.attribution import shapley_values

    rng = np.random.default_rng(1)
    members = [0, 2, 3, 5, 6]
    value = pd.Series(rng.random(1 << 7))
    value.loc[0] = 0.0
    reference = np.zeros(len(members))
    for order in itertools.permutations(range(len(members))):
        mask = 0
        for i in order:
            before = value[mask]
            mask |= 1 << members[i]
            reference[i] += value[mask] - before
    reference /= math.factorial(len(members))
    got = shapley_values(members, value)
    assert got == pytest.approx(reference, rel=1e-12)
    full = sum(1 << m for m in members)
    assert got.sum() == pytest.approx(value[full])  # efficiency


def test_touch_credits_add_up_to_the_shapley_channel_totals():
    from ml.attribution import touch_credits

    paths = [["A"]] * 100 + [["B"]] * 100 + [["A", "B", "A"]] * 50 + [["B", "A"]] * 50
    conv = [1] * 10 + [0] * 90 + [1] * 20 + [0] * 80 + [1] * 20 + [0] * 30 + [1] * 20 + [0] * 30
    j = journeys_from_paths(paths, conv, [100.0 * c for c in conv])
    touches = touch_credits(j)
    by_channel = touches.groupby("channel_code")["attributed_conversions"].sum()
    assert dict(zip(np.asarray(j.channels)[by_channel.index], by_channel, strict=True)) == (
        pytest.approx({"A": 25.0, "B": 45.0})
    )
    assert touches["attributed_revenue_amount"].sum() == pytest.approx(7000.0)


def test_non_converting_touches_are_cut_into_lookback_windows():
    # a contact who never enrolls, touched every 10 days for 100 days: with a 30-day look-back
    # that is 4 journeys (days 0-20, 30-50, 60-80, 90), not one 10-touch path a converting
    # journey could never have
    t0 = pd.Timestamp("2026-01-01")
    touches = pd.DataFrame(
        {
            "contact_id": "a",
            "touch_at": [t0 + pd.Timedelta(days=10 * i) for i in range(10)],
            "channel": ["organic_search", "email"] * 5,
        }
    )
    none = pd.DataFrame({"contact_id": pd.Series([], dtype=str), "converted_at": []})
    j = build_journeys(touches, none, now=dt.datetime(2026, 6, 1), lookback_days=30)
    lengths = j.steps.groupby("journey_id").size().sort_values().tolist()
    assert lengths == [1, 3, 3, 3] and j.total_conversions == 0
