"""Analyse many experiments at once: every figure per test x variant x metric, vectorised.

Input: one row per test x arm x metric of sufficient statistics (:data:`STAT_COLUMNS`):

- ``test_id``, ``variant``, ``is_control`` (exactly one control per test and metric),
  ``is_holdout`` (optional: a holdout arm is not compared; it counts towards the sample-ratio
  check when its planned share is known), ``planned_weight`` (optional: the split's weight of
  the arm; absent = equal weights; NaN for an arm = plan unknown, no SRM check for its test);
- ``metric``, ``metric_kind`` (``proportion`` or ``mean``), ``n`` (contacts assigned),
  ``total`` (conversions, or the sum of the outcome), ``total_sq`` (sum of squares; = total for
  a proportion);
- optional CUPED: ``use_cuped`` (per row, i.e. per test) and the sums ``pre_total``, ``pre_sq``,
  ``pre_cross`` (sum X, X^2, XY of the pre-period covariate X): where ``use_cuped`` is true and the
  sums are present for every arm of a test x metric, the comparison runs on the CUPED-adjusted
  outcome (Welch, ``test_method = welch_cuped``); otherwise z / Welch on the raw outcome.

Output (:data:`RESULT_COLUMNS`): the frequentist comparison (z / chi-square for proportions,
Welch for means; absolute and relative lift with intervals), the Holm-adjusted p-values across a
test's challengers (``adjusted_p_value``; BH as an option), the always-valid
``sequential_p_value`` and confidence sequence, the Bayesian chance to beat control, expected
losses and credible intervals, the test's ``srm_p_value``, ``power`` / ``mde`` at the current size,
a ``status`` and a plain-language ``verdict``. Degenerate comparisons are ``inconclusive`` with the
reason; figures that cannot exist are NULL (None), never NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ml.errors import MLInputError, require_columns
from ml.experiments import power as pw
from ml.experiments.bayesian import arm_credible_interval, lift_posterior
from ml.experiments.corrections import adjust_p_values
from ml.experiments.cuped import cuped_adjust
from ml.experiments.frequentist import compare_means, compare_proportions
from ml.experiments.inputs import MIN_TEST_CONTACTS, as_counts, check_alpha, check_conversions
from ml.experiments.sequential import DEFAULT_TUNING, always_valid_p_value, confidence_sequence
from ml.experiments.srm import SRM_ALPHA, srm_p_values
from ml.experiments.verdicts import verdict_sentences

__all__ = ["DEFAULT_TARGET_LIFTS", "RESULT_COLUMNS", "STAT_COLUMNS", "analyse_experiments"]

STAT_COLUMNS = [
    "test_id",
    "variant",
    "is_control",
    "metric",
    "metric_kind",
    "n",
    "total",
    "total_sq",
]
CUPED_COLUMNS = ["pre_total", "pre_sq", "pre_cross"]

#: Lift a test should be able to detect ("contacts needed to detect 1 pt"): absolute for rates;
#: for a mean metric the share of the control's mean.
DEFAULT_TARGET_LIFTS = {
    "open_rate": 0.01,
    "click_rate": 0.01,
    "application_rate": 0.005,
    "enrollment_rate": 0.002,
    "revenue_per_contact": 0.10,
}
DEFAULT_RATE_TARGET = 0.01
DEFAULT_MEAN_TARGET = 0.10

RESULT_COLUMNS = {
    "test_id": "the experiment (campaign and split)",
    "variant": "arm: a variant id, or holdout",
    "metric": "open_rate, click_rate, application_rate, enrollment_rate or revenue_per_contact",
    "metric_kind": "proportion (z / chi-square) or mean (Welch's t)",
    "is_control": "the arm every other arm is compared with",
    "is_holdout": "held out of the campaign (counts in the SRM check, not compared here)",
    "control_variant": "the control of this test",
    "contacts": "contacts assigned to the arm",
    "control_contacts": "contacts assigned to the control",
    "total": "conversions, or the outcome's sum (revenue)",
    "value": "rate or mean of the arm",
    "control_value": "rate or mean of the control",
    "absolute_lift": "variant - control (rate points as a fraction, or currency)",
    "absolute_lift_low": "confidence interval of the absolute lift, low",
    "absolute_lift_high": "confidence interval of the absolute lift, high",
    "relative_lift": "(variant - control) / control",
    "relative_lift_low": "delta-method interval of the relative lift, low",
    "relative_lift_high": "delta-method interval of the relative lift, high",
    "test_method": "z (pooled two-proportion), welch or welch_cuped",
    "statistic": "z or t",
    "chi_square": "Pearson chi-square of the 2x2 table (= z^2), proportions only",
    "p_value": "two-sided fixed-horizon p-value",
    "adjusted_p_value": "p_value adjusted across the test's challengers on this metric (Holm)",
    "sequential_p_value": "always-valid p-value (safe under daily looks)",
    "sequential_adjusted_p_value": "sequential_p_value adjusted across challengers (Holm)",
    "sequential_low": "always-valid confidence sequence of the absolute lift, low",
    "sequential_high": "always-valid confidence sequence of the absolute lift, high",
    "chance_to_beat_control": "posterior P(variant > control)",
    "expected_loss": "posterior expected loss of shipping the variant (risk)",
    "control_expected_loss": "posterior expected loss of keeping the control",
    "posterior_mean": "posterior mean of the arm (Beta(1,1) prior for rates)",
    "credible_low": "credible interval of the arm, low",
    "credible_high": "credible interval of the arm, high",
    "srm_p_value": "chi-square test of the arms' sizes against the planned weights",
    "is_srm": "sample ratio mismatch (srm_p_value < 0.001): verdicts withheld",
    "power": "power to detect the target lift at the current size",
    "mde": "minimum detectable absolute lift (80 % power) at the current size",
    "target_lift": "the lift the test should detect (absolute)",
    "contacts_needed_per_arm": "contacts per arm for 80 % power at the target lift",
    "cuped_variance_reduction": "share of variance removed by CUPED (0 without)",
    "status": "winner, loser, leading, trailing, no_difference_yet, inconclusive, control or holdout",
    "is_conclusive": "winner or loser: safe to stop",
    "verdict": "plain-language verdict with the numbers",
}


def _nullable(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns with NaN -> object columns with None (NULL in the warehouse, never NaN)."""
    for col in frame.columns:
        if frame[col].dtype.kind == "f":
            values = frame[col].to_numpy()
            if np.isnan(values).any():
                frame[col] = pd.array(np.where(np.isnan(values), np.nan, values), dtype="Float64")
    return frame


# Degenerate arms (no contacts, one contact, zero variance) make 0/0 on purpose: those NaNs are
# turned into explicit inconclusive results below, so numpy's warnings about them are noise.
@np.errstate(divide="ignore", invalid="ignore", over="ignore")
def analyse_experiments(
    stats_frame: pd.DataFrame,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    correction: str = "holm",
    tuning: float = DEFAULT_TUNING,
    target_lifts: dict[str, float] | None = None,
    verdicts: bool = True,
) -> pd.DataFrame:
    """Every figure of every test x arm x metric (see the module docstring).

    Parameters
    ----------
    stats_frame : pandas.DataFrame
        Sufficient statistics, :data:`STAT_COLUMNS` (+ optional columns).
    alpha : float
        Significance level of every test and interval (strictly between 0 and 1).
    power : float
        Power used for ``mde`` and ``contacts_needed_per_arm``.
    correction : {"holm", "bh"}
        Multiple-comparison correction across a test's challengers.
    tuning : float
        Sample size where the confidence sequence is tightest (GrowthBook's default 5,000).
    target_lifts : dict, optional
        Target lift per metric (see :data:`DEFAULT_TARGET_LIFTS`).
    verdicts : bool
        Write the ``verdict`` sentences (skip for speed when only figures are needed).

    Returns
    -------
    pandas.DataFrame
        :data:`RESULT_COLUMNS`, one row per input row, in input order.
    """
    alpha, power = check_alpha(alpha), check_alpha(power, "power")
    if correction not in ("holm", "bh"):
        raise MLInputError(f"correction must be 'holm' or 'bh', got {correction!r}")
    require_columns(stats_frame, STAT_COLUMNS, name="experiment statistics")
    df = stats_frame.reset_index(drop=True)
    if df.empty:
        return pd.DataFrame(columns=list(RESULT_COLUMNS))
    kind = df["metric_kind"].to_numpy(dtype=object)
    bad_kind = ~np.isin(kind, ["proportion", "mean"])
    if bad_kind.any():
        raise MLInputError(
            f"metric_kind must be 'proportion' or 'mean', got {sorted(set(kind[bad_kind]))}"
        )
    n = as_counts(df["n"], "n (contacts per arm)")
    is_prop = kind == "proportion"
    total = np.asarray(df["total"], dtype=float)
    total_sq = np.asarray(df["total_sq"], dtype=float)
    if not np.isfinite(total).all() or not np.isfinite(total_sq).all():
        raise MLInputError("total / total_sq must be finite numbers (a NaN reached the analysis)")
    as_counts(total[is_prop], "total (conversions)")
    check_conversions(total[is_prop], n[is_prop], "total")
    holdout = (
        df["is_holdout"].fillna(False).to_numpy(dtype=bool)
        if "is_holdout" in df
        else np.zeros(len(df), dtype=bool)
    )
    control = df["is_control"].fillna(False).to_numpy(dtype=bool)

    # -- each row's control row, within test x metric -------------------------------------
    family = pd.factorize(pd.MultiIndex.from_frame(df[["test_id", "metric"]]))[0]
    control_rows = pd.Series(np.flatnonzero(control), index=family[control])
    counts = control_rows.index.value_counts()
    families = np.unique(family)
    if len(counts) != len(families) or (counts > 1).any():
        missing = sorted(set(families) - set(counts.index))
        some = df.loc[np.isin(family, missing or list(counts[counts > 1].index))].iloc[0]
        raise MLInputError(
            f"test {some.test_id!r}, metric {some.metric!r}: needs exactly one control arm"
        )
    ci = control_rows.reindex(family).to_numpy()

    # -- arm means and variances (CUPED where the pre-period sums are given) --------------
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(n > 0, total / np.where(n > 0, n, 1), np.nan)
        sample_var = np.where(is_prop, mean * (1 - mean), (total_sq - total**2 / n) / (n - 1))
    method = np.where(is_prop, "z", "welch").astype(object)
    reduction = np.zeros(len(df))
    adj_mean, adj_var = mean.copy(), np.where(is_prop, mean * (1 - mean) * n / (n - 1), sample_var)
    if "use_cuped" in df and all(c in df for c in CUPED_COLUMNS):
        pre = df[CUPED_COLUMNS].to_numpy(dtype=float)
        has = np.isfinite(pre).all(axis=1) & df["use_cuped"].fillna(False).to_numpy(dtype=bool)
        fam_has = np.bincount(family, ~has) == 0
        use = fam_has[family] & has
        if use.any():
            m, v, _, red = cuped_adjust(family[use], n[use], total[use], total_sq[use], *pre[use].T)
            adj_mean[use], adj_var[use], reduction[use] = m, v, red
            method[use] = "welch_cuped"
    compare = ~control & ~holdout
    prop_cmp = compare & is_prop & (method == "z")
    mean_cmp = compare & ~prop_cmp

    cols: dict[str, np.ndarray] = {
        k: np.full(len(df), np.nan)
        for k in (
            "absolute_lift", "absolute_lift_low", "absolute_lift_high", "relative_lift",
            "relative_lift_low", "relative_lift_high", "statistic", "p_value", "se",
        )
    }  # fmt: skip
    if prop_cmp.any():
        r = compare_proportions(
            total[ci][prop_cmp], n[ci][prop_cmp], total[prop_cmp], n[prop_cmp], alpha
        )
        _store(cols, prop_cmp, r)
    if mean_cmp.any():
        r = compare_means(
            adj_mean[ci][mean_cmp], adj_var[ci][mean_cmp], n[ci][mean_cmp],
            adj_mean[mean_cmp], adj_var[mean_cmp], n[mean_cmp], alpha,
        )  # fmt: skip
        _store(cols, mean_cmp, r)
    lift, se = cols["absolute_lift"], cols["se"]
    valid = compare & np.isfinite(cols["p_value"]) & np.isfinite(se) & (se > 0)

    pair_n = n + n[ci]
    seq_p = np.where(valid, always_valid_p_value(lift, se, pair_n, alpha, tuning), np.nan)
    seq_low, seq_high = confidence_sequence(lift, se, pair_n, alpha, tuning)
    p_fixed = np.where(valid, cols["p_value"], np.nan)
    adjusted = adjust_p_values(family, p_fixed, correction)
    seq_adjusted = adjust_p_values(family, seq_p, correction)
    post = lift_posterior(np.where(valid, lift, np.nan), se, alpha)
    post_mean, cred_low, cred_high = arm_credible_interval(kind, n, total, sample_var, alpha)

    # -- the test's sample-ratio check (on one metric's arm sizes) and its size -------------
    tcodes, tkeys = pd.factorize(df["test_id"].to_numpy())
    mcodes = pd.factorize(df["metric"].to_numpy())[0]
    first_row = np.unique(tcodes, return_index=True)[1]
    on_first = mcodes == mcodes[first_row][tcodes]
    weights = (
        df["planned_weight"].to_numpy(dtype=float)
        if "planned_weight" in df
        else np.ones(len(df))  # no plan given: equal weights
    )
    # a holdout counts only where its planned share is known
    in_srm = on_first & (~holdout | np.isfinite(weights))
    srm = srm_p_values(tcodes[in_srm], n[in_srm], weights[in_srm])
    srm_p = srm.reindex(np.arange(len(tkeys))).to_numpy(dtype=float)[tcodes]
    is_srm = np.nan_to_num(srm_p, nan=1.0) < SRM_ALPHA
    contacts = np.bincount(tcodes, np.where(on_first & ~holdout, n, 0.0), len(tkeys))[tcodes]

    # -- power and MDE at the current size ---------------------------------------------------
    targets = {**DEFAULT_TARGET_LIFTS, **(target_lifts or {})}
    base = mean[ci]
    target_share = df["metric"].map(targets).to_numpy(dtype=float)
    target_share = np.where(
        np.isnan(target_share),
        np.where(is_prop, DEFAULT_RATE_TARGET, DEFAULT_MEAN_TARGET),
        target_share,
    )
    target = np.where(is_prop, target_share, target_share * np.abs(base))
    per_arm = np.minimum(n, n[ci])
    z_sum = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    var_c = np.where(is_prop, base * (1 - base), sample_var[ci])
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_mde = z_sum * np.sqrt(2 * var_c / per_arm)
        mean_need = np.ceil(z_sum**2 * 2 * var_c / target**2)
        mean_power = stats.norm.cdf(
            target / np.sqrt(2 * var_c / per_arm) - stats.norm.ppf(1 - alpha / 2)
        )
    # the power module's functions are scalar (campaign validation loads no NumPy): per row here
    mde_p, power_p, need_p = (
        np.vectorize(f, otypes=[float])
        for f in (pw.mde_proportion, pw.power_proportion, pw.contacts_needed_per_arm)
    )
    mde = np.where(is_prop, mde_p(base, per_arm, alpha, power), mean_mde)
    power_now = np.where(is_prop, power_p(base, target, per_arm, alpha), mean_power)
    needed = np.where(is_prop, need_p(base, target, alpha, power), mean_need)
    for arr in (mde, power_now, needed):
        arr[~compare | ~np.isfinite(arr)] = np.nan

    # -- status -----------------------------------------------------------------------------
    reason = np.full(len(df), "", dtype=object)
    degenerate = compare & ~valid
    zero_arm = compare & ((n == 0) | (n[ci] == 0))
    reason[degenerate] = np.where(
        is_prop[degenerate],
        "zero variance: every contact converted, or none did",
        "zero variance: every contact has the same value",
    )
    reason[zero_arm] = "a variant has no contacts"
    reason[compare & (contacts < MIN_TEST_CONTACTS)] = (
        f"fewer than {MIN_TEST_CONTACTS} contacts in the test: no A/B test"
    )
    reason[compare & is_srm] = "sample ratio mismatch"
    ok = compare & (reason == "")
    status = np.full(len(df), "no_difference_yet", dtype=object)
    status[ok & (seq_adjusted < alpha) & (lift > 0)] = "winner"
    status[ok & (seq_adjusted < alpha) & (lift < 0)] = "loser"
    fixed_only = ok & ~(seq_adjusted < alpha) & (adjusted < alpha)
    status[fixed_only & (lift > 0)] = "leading"
    status[fixed_only & (lift < 0)] = "trailing"
    status[compare & ~ok] = "inconclusive"
    status[control] = "control"
    status[holdout] = "holdout"
    blank = ~ok  # figures of an inconclusive row are withheld where they are meaningless

    columns = {
        "test_id": df["test_id"].array,
        "variant": df["variant"].array,
        "metric": df["metric"].array,
        "metric_kind": df["metric_kind"].array,
        "is_control": control,
        "is_holdout": holdout,
        "control_variant": df["variant"].array.take(ci),
        "contacts": n.astype(np.int64),
        "control_contacts": n[ci].astype(np.int64),
        "total": total,
        "value": mean,
        "control_value": mean[ci],
        "absolute_lift": np.where(compare, lift, np.nan),
        "absolute_lift_low": np.where(valid, cols["absolute_lift_low"], np.nan),
        "absolute_lift_high": np.where(valid, cols["absolute_lift_high"], np.nan),
        "relative_lift": np.where(compare, cols["relative_lift"], np.nan),
        "relative_lift_low": np.where(valid, cols["relative_lift_low"], np.nan),
        "relative_lift_high": np.where(valid, cols["relative_lift_high"], np.nan),
        "test_method": np.where(compare, method, None),
        "statistic": np.where(valid, cols["statistic"], np.nan),
        "chi_square": np.where(valid & (method == "z"), cols["statistic"] ** 2, np.nan),
        "p_value": p_fixed,
        "adjusted_p_value": adjusted,
        "sequential_p_value": seq_p,
        "sequential_adjusted_p_value": seq_adjusted,
        "sequential_low": np.where(valid, seq_low, np.nan),
        "sequential_high": np.where(valid, seq_high, np.nan),
        "chance_to_beat_control": np.where(blank, np.nan, post.chance_to_win),
        "expected_loss": np.where(blank, np.nan, post.risk_variant),
        "control_expected_loss": np.where(blank, np.nan, post.risk_control),
        "posterior_mean": post_mean,
        "credible_low": cred_low,
        "credible_high": cred_high,
        "srm_p_value": srm_p,
        "is_srm": is_srm,
        "power": power_now,
        "mde": mde,
        "target_lift": np.where(compare, target, np.nan),
        "contacts_needed_per_arm": needed,
        "cuped_variance_reduction": reduction,
        "status": status,
        "is_conclusive": np.isin(status, ["winner", "loser"]),
    }
    columns["verdict"] = verdict_sentences(columns, reason, alpha) if verdicts else None
    return _nullable(pd.DataFrame(columns))


def _store(cols: dict[str, np.ndarray], mask: np.ndarray, r) -> None:
    cols["absolute_lift"][mask] = r.absolute_lift
    cols["absolute_lift_low"][mask] = r.absolute_low
    cols["absolute_lift_high"][mask] = r.absolute_high
    cols["relative_lift"][mask] = r.relative_lift
    cols["relative_lift_low"][mask] = r.relative_low
    cols["relative_lift_high"][mask] = r.relative_high
    cols["statistic"][mask] = r.statistic
    cols["p_value"][mask] = r.p_value
    cols["se"][mask] = r.se
