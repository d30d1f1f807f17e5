"""analyse_experiments over many tests: figures equal the references, verdicts say what they
mean, SRM and small or degenerate tests are inconclusive, and the winner decision follows."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from ml.errors import MLInputError
from ml.experiments import analyse_experiments
from ml.experiments.bandit import simulate_bandit
from ml.experiments.decision import decide_winner
from ml.experiments.holdout import global_holdout
from ml.experiments.sequential import always_valid_p_value


def stats_frame(tests: dict[str, list[tuple[int, int]]], metric="click_rate", weights=None):
    """Sufficient statistics: {test: [(contacts, conversions) per arm, control first]}."""
    rows = []
    for test, arms in tests.items():
        for i, (n, c) in enumerate(arms):
            rows.append(
                dict(
                    test_id=test,
                    variant="ABCD"[i],
                    is_control=i == 0,
                    metric=metric,
                    metric_kind="proportion",
                    n=n,
                    total=float(c),
                    total_sq=float(c),
                    planned_weight=(weights or {}).get(test, [1.0] * len(arms))[i],
                )  # fmt: skip
            )
    return pd.DataFrame(rows)


def _row(results, test, variant, metric="click_rate"):
    sel = results[
        (results.test_id == test) & (results.variant == variant) & (results.metric == metric)
    ]
    return sel.iloc[0]


def test_three_arm_figures_equal_statsmodels_and_holm():
    arms = [(6_000, 180), (6_000, 260), (6_000, 200)]
    res = analyse_experiments(stats_frame({"t": arms}))
    raw = []
    for v, (n, c) in zip("BC", arms[1:], strict=True):
        z, p = proportions_ztest([c, arms[0][1]], [n, arms[0][0]])
        row = _row(res, "t", v)
        assert row.statistic == pytest.approx(z, rel=1e-9)
        assert row.p_value == pytest.approx(p, rel=1e-9)
        assert row.chi_square == pytest.approx(z**2, rel=1e-9)
        raw.append(p)
    holm = multipletests(raw, method="holm")[1]
    assert [_row(res, "t", v).adjusted_p_value for v in "BC"] == pytest.approx(holm, rel=1e-12)
    b = _row(res, "t", "B")
    assert b.sequential_p_value == pytest.approx(
        float(
            always_valid_p_value(
                b.absolute_lift,
                (b.absolute_lift_high - b.absolute_lift) / 1.959963984540054,
                12_000,
            )
        ),
        rel=1e-6,
    )
    assert b.status == "winner" and b.is_conclusive
    assert re.fullmatch(
        r"B wins: \+1\.3 pts click rate \(95 % CI \+\d\.\d to \+\d\.\d\), > 99 % chance to beat A, safe to stop",
        b.verdict,
    ), b.verdict
    assert 0 < b.expected_loss < b.control_expected_loss
    assert _row(res, "t", "A").status == "control"


def test_no_difference_says_how_many_more_contacts_are_needed():
    res = analyse_experiments(stats_frame({"t": [(1_500, 45), (1_500, 48)]}))
    b = _row(res, "t", "B")
    assert b.status == "no_difference_yet"
    more = b.contacts_needed_per_arm - 1_500
    assert more > 0
    shown = re.search(r"about ([\d,]+) more contacts per arm to detect 1 pt", b.verdict)
    assert shown, b.verdict
    assert int(shown.group(1).replace(",", "")) == pytest.approx(more, rel=0.05)
    assert 0 < b.power < 0.8 and b.mde > 0.01


def test_srm_blocks_the_verdict_even_of_a_clear_winner():
    res = analyse_experiments(
        stats_frame({"t": [(5_000, 100), (5_600, 400)]}, weights={"t": [0.5, 0.5]})
    )
    b = _row(res, "t", "B")
    assert b.srm_p_value < 0.001 and b.is_srm
    assert b.status == "inconclusive" and not b.is_conclusive
    assert b.verdict.startswith("inconclusive: sample ratio mismatch")
    # the same sizes under planned 47/53 weights are no mismatch
    ok = analyse_experiments(
        stats_frame({"t": [(5_000, 100), (5_600, 400)]}, weights={"t": [0.4717, 0.5283]})
    )
    assert _row(ok, "t", "B").status == "winner"


def test_small_empty_and_flat_tests_are_inconclusive_and_never_nan():
    res = analyse_experiments(
        stats_frame(
            {
                "small": [(45, 3), (45, 9)],
                "empty": [(300, 10), (0, 0)],
                "flat": [(300, 0), (300, 0)],
            },
            weights={"empty": [1.0, 1e-9]},
        )
    )
    verdicts = dict(zip(res.test_id + res.variant, res.verdict, strict=True))
    assert verdicts["smallB"] == "inconclusive: fewer than 100 contacts in the test: no A/B test"
    assert verdicts["emptyB"] == "inconclusive: a variant has no contacts"
    assert verdicts["flatB"].startswith("inconclusive: zero variance")
    assert not any("nan" in v.lower() for v in res.verdict)
    plain = [c for c in res.columns if res[c].dtype == np.float64]
    assert not res[plain].isna().any().any(), "missing figures are NULL (nullable), not NaN"
    assert res["p_value"].isna().sum() == 3 + 2  # the controls, the empty and the flat arm


def test_hostile_statistics_raise():
    bad = stats_frame({"t": [(100, 5), (100, 7)]})
    bad.loc[1, "total"] = np.nan
    with pytest.raises(MLInputError, match="finite"):
        analyse_experiments(bad)
    with pytest.raises(MLInputError, match="alpha"):
        analyse_experiments(stats_frame({"t": [(100, 5), (100, 7)]}), alpha=1.5)
    with pytest.raises(MLInputError, match="correction"):
        analyse_experiments(stats_frame({"t": [(100, 5), (100, 7)]}), correction="bonferroni")
    two_controls = stats_frame({"t": [(100, 5), (100, 7)]}).assign(is_control=True)
    with pytest.raises(MLInputError, match="exactly one control"):
        analyse_experiments(two_controls)


def test_revenue_metric_uses_welch_and_a_relative_target():
    rows = stats_frame({"t": [(4_000, 120), (4_000, 160)]}, metric="revenue_per_contact")
    rows = rows.assign(
        metric_kind="mean", total=rows["total"] * 500.0, total_sq=rows["total"] * 500.0**2
    )
    b = _row(analyse_experiments(rows), "t", "B", "revenue_per_contact")
    assert b.test_method == "welch"
    assert b.target_lift == pytest.approx(0.10 * 120 * 500 / 4_000)
    assert "revenue per contact" in b.verdict


def test_send_the_rest_to_the_winner_decision():
    res = analyse_experiments(
        stats_frame(
            {
                "win": [(6_000, 180), (6_000, 260), (6_000, 190)],
                "wait": [(1_000, 30), (1_000, 33)],
                "lose": [(6_000, 260), (6_000, 170)],
                "srm": [(5_000, 100), (5_600, 400)],
            }
        )
    )
    win = decide_winner(res, "win", "click_rate")
    assert win.conclusive and win.winner == "B" and "B wins" in win.reason
    assert decide_winner(res, "wait", "click_rate") == (
        decide_winner(res, "wait", "click_rate").__class__(
            False, None, "not conclusive yet: keep the held-back contacts waiting"
        )
    )
    lose = decide_winner(res, "lose", "click_rate")
    assert lose.conclusive and lose.winner == "A"
    srm = decide_winner(res, "srm", "click_rate")
    assert not srm.conclusive and "sample ratio mismatch" in srm.reason
    with pytest.raises(MLInputError):
        decide_winner(res, "nope", "click_rate")


def test_thompson_sampling_earns_more_than_an_equal_split():
    rng = np.random.default_rng(21)
    planted = np.array([0.030, 0.045, 0.036])
    runs = [simulate_bandit(planted, 20_000, 500, rng) for _ in range(5)]
    regret = np.mean([r.regret for r in runs])
    uniform = np.mean([r.uniform_regret for r in runs])
    print(f"bandit regret {regret:.1f} vs equal split {uniform:.1f} conversions")
    assert regret < 0.35 * uniform
    assert all(r.best_arm == 1 for r in runs)
    assert np.mean([r.best_arm_share for r in runs]) > 0.7


def test_global_holdout_is_stable_share_sized_and_independent_of_splits():
    from delivery.journeys.nodes import unit_hash

    ids = pd.Series([f"c_{i:06d}" for i in range(40_000)])
    held = global_holdout(ids, 0.05, "2026-Q4")
    assert held.mean() == pytest.approx(0.05, abs=0.004)
    assert held.equals(
        global_holdout(ids.sample(frac=1, random_state=1).sort_index(), 0.05, "2026-Q4")
    )
    assert (held == (unit_hash(ids, "global-holdout:2026-Q4") < 0.05)).all()
    next_period = global_holdout(ids, 0.05, "2027-Q1")
    assert (held & next_period).mean() == pytest.approx(0.05 * 0.05, abs=0.002)
    split = unit_hash(ids, "cmp_1:split") < 0.5
    assert split[held].mean() == pytest.approx(0.5, abs=0.04)  # independent of a campaign's split
    with pytest.raises(MLInputError):
        global_holdout(ids, 0.6, "2026-Q4")


def test_cuped_is_applied_only_where_asked_and_narrows_the_interval():
    rng = np.random.default_rng(4)
    rows = []
    for variant, shift in (("A", 0.0), ("B", 0.3)):
        x = rng.poisson(4, 3_000).astype(float)
        y = 0.8 * x + rng.normal(0, 1, 3_000) + shift
        rows.append(
            dict(
                test_id="t",
                variant=variant,
                is_control=variant == "A",
                metric="engagement",
                metric_kind="mean",
                n=3_000,
                total=y.sum(),
                total_sq=(y * y).sum(),
                pre_total=x.sum(),
                pre_sq=(x * x).sum(),
                pre_cross=(x * y).sum(),
            )  # fmt: skip
        )
    frame = pd.DataFrame(rows)
    plain = _row(analyse_experiments(frame.assign(use_cuped=False)), "t", "B", "engagement")
    cuped = _row(analyse_experiments(frame.assign(use_cuped=True)), "t", "B", "engagement")
    assert (plain.test_method, cuped.test_method) == ("welch", "welch_cuped")
    assert cuped.cuped_variance_reduction > 0.6
    width = lambda r: r.absolute_lift_high - r.absolute_lift_low  # noqa: E731
    assert width(cuped) < 0.65 * width(plain)
    assert cuped.absolute_lift_low < 0.3 < cuped.absolute_lift_high


def test_split_plans_from_campaign_specs_include_the_holdout_share():
    from delivery.campaigns.validation import load_campaign_file
    from ml.runs.experiment_data import split_plans
    from tests.campaigns.conftest import EXAMPLES

    plans = split_plans([load_campaign_file(EXAMPLES / "spring_enrollment.yml")])
    shares = dict(zip(plans["variant"], plans["planned_weight"], strict=True))
    assert shares == pytest.approx({"A": 0.45, "B": 0.45, "holdout": 0.10})
    assert set(plans["split_node_id"]) == {"subject_test"}


def test_uplift_t_learner_finds_the_planted_persuadables():
    from scipy.stats import spearmanr

    from ml.experiments.uplift import fit_t_learner, planted_uplift_world, uplift_by_decile

    rng = np.random.default_rng(12)
    train, test = planted_uplift_world(12_000, rng), planted_uplift_world(12_000, rng)
    features = ["engagement", "recency", "propensity"]
    model = fit_t_learner(train, features, "is_treated", "enrolled", seed=1)
    predicted = model.predict_uplift(test)
    rho = spearmanr(predicted, test["true_uplift"]).statistic
    top = test["true_uplift"].to_numpy()[predicted >= np.quantile(predicted, 0.8)].mean()
    print(
        f"uplift: rank correlation with planted {rho:.2f}; top-20 % planted uplift {top:.3f} vs {test['true_uplift'].mean():.3f}"
    )
    assert rho > 0.4
    assert top > 2 * test["true_uplift"].mean()
    deciles = uplift_by_decile(
        predicted, test["is_treated"].to_numpy(), test["enrolled"].to_numpy()
    )
    assert deciles.loc[1, "observed"] > deciles.loc[10, "observed"]
    with pytest.raises(MLInputError, match="held-out arm"):
        fit_t_learner(train.assign(is_treated=True), features, "is_treated", "enrolled")
