"""Campaign success prediction: conversion rate, CPA and ROI of a campaign, with 80 % intervals.

A message-level logistic regression predicts P(conversion | campaign type, course category,
channel, whether the contact is interested in the category, the contact's recent engagement,
timing (local daypart of the send, weekend), content (format, subject length, an urgent subject)
and budget (log budget per contact reached)); a campaign's predicted conversion rate is the mean
over its messages. Performance is measured by
cross-validation grouped by campaign (a campaign is never in its own training fold); the 80 %
interval is split-conformal on those out-of-fold campaign residuals, relative to the prediction.

References
----------
.. [1] Vovk, V., Gammerman, A. and Shafer, G. (2005). *Algorithmic Learning in a Random World*
   (conformal prediction); Lei, J. et al. (2018), Distribution-free predictive inference for
   regression, *JASA* 113(523) (split conformal).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from ml.errors import MLInputError, require_columns

__all__ = [
    "CampaignSuccess",
    "FEATURES",
    "cross_validate_campaigns",
    "daypart",
    "fit_campaign_success",
    "subject_features",
    "with_optional_features",
]

CATEGORICAL = ["campaign_type", "course_category", "channel", "send_daypart", "content_format"]
NUMERIC = [
    "is_interested",
    "log_engagement",
    "is_weekend",
    "subject_length",
    "subject_urgency",
    "log_budget_per_contact",
]
FEATURES = CATEGORICAL + NUMERIC
#: Timing, content and budget features a caller may not know (synthetic inputs, a draft without
#: a subject line): filled with a neutral value the one-hot encoder / scaler treat as "unknown".
OPTIONAL_DEFAULTS: dict[str, object] = {
    "send_daypart": "(unknown)",
    "content_format": "(unknown)",
    "is_weekend": 0.0,
    "subject_length": 0.0,
    "subject_urgency": 0.0,
    "log_budget_per_contact": 0.0,
}
COVERAGE = 0.8
URGENCY = r"last chance|hours? left|ends? (?:soon|today|tonight)|deadline|today only|starts? soon|don't miss"
DAYPARTS = ((0, "night"), (6, "morning"), (12, "afternoon"), (17, "evening"), (22, "night"))


def with_optional_features(messages: pd.DataFrame) -> pd.DataFrame:
    """``messages`` with every optional feature present (missing ones at their neutral value)."""
    missing = {k: v for k, v in OPTIONAL_DEFAULTS.items() if k not in messages.columns}
    return messages.assign(**missing) if missing else messages


def daypart(local_hour: pd.Series | np.ndarray) -> np.ndarray:
    """night (22-6), morning (6-12), afternoon (12-17) or evening (17-22) of local hours."""
    hours = np.asarray(local_hour, dtype=int)
    starts = np.array([h for h, _ in DAYPARTS])
    names = np.array([n for _, n in DAYPARTS], dtype=object)
    return names[np.searchsorted(starts, hours, side="right") - 1]


def subject_features(subjects: pd.Series) -> pd.DataFrame:
    """``subject_length`` (characters) and ``subject_urgency`` (1 when it presses for time)."""
    text = subjects.fillna("").astype(str)
    return pd.DataFrame(
        {
            "subject_length": text.str.len().astype(float),
            "subject_urgency": text.str.lower().str.contains(URGENCY, regex=True).astype(float),
        },
        index=subjects.index,
    )


@dataclass(frozen=True)
class CampaignSuccess:
    """Fitted message-level model, its conformal half-width (relative) and feature weights."""

    pipeline: Pipeline
    relative_half_width: float
    importances: pd.Series


def _pipeline(seed: int) -> Pipeline:
    return Pipeline(
        [
            (
                "features",
                ColumnTransformer(
                    [
                        ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
                        ("num", StandardScaler(), NUMERIC),
                    ]
                ),
            ),
            ("model", _classifier(seed)),
        ]
    )


def _design(messages: pd.DataFrame) -> tuple[np.ndarray, int]:
    """The cross-validation's features, encoded once: the one-hot columns of every category of
    ``messages`` (in :func:`_pipeline`'s order), then the numeric columns unscaled; and the
    number of one-hot columns.

    Encoding once instead of per fold (string columns: most of a fold's time, beside the fit)
    gives each fold the model :func:`_pipeline` would fit: a category absent from the training
    folds is an all-zero column there, whose coefficient the L2-penalised fit leaves at 0, so
    the held-out rows of that category score as ``handle_unknown="ignore"`` scores them.
    """
    onehot = OneHotEncoder(handle_unknown="ignore", sparse_output=False, dtype=float)
    encoded = onehot.fit_transform(messages[CATEGORICAL])
    numeric = messages[NUMERIC].to_numpy(dtype=float)
    return np.hstack([encoded, numeric]), encoded.shape[1]


def _fold_pipeline(seed: int, n_onehot: int) -> Pipeline:
    """:func:`_pipeline` on :func:`_design`'s matrix: the numeric columns scaled per fold."""
    scale = ColumnTransformer(
        [
            ("cat", "passthrough", slice(0, n_onehot)),
            ("num", StandardScaler(), slice(n_onehot, None)),
        ]
    )
    return Pipeline(
        [
            ("features", scale),
            ("model", _classifier(seed)),
        ]
    )


def _classifier(seed: int) -> LogisticRegression:
    return LogisticRegression(C=1.0, max_iter=2000, random_state=seed)


def _check(messages: pd.DataFrame) -> pd.DataFrame:
    messages = with_optional_features(messages)
    require_columns(messages, ["campaign_id", "is_converted", *FEATURES], name="messages")
    if messages["campaign_id"].nunique() < 5:
        raise MLInputError(
            f"campaign success needs at least 5 campaigns with sends, got "
            f"{messages['campaign_id'].nunique()}; run more campaigns first"
        )
    if messages["is_converted"].nunique() < 2:
        raise MLInputError("messages: every send converted, or none did; nothing to learn from")
    return messages


def _campaign_rates(messages: pd.DataFrame, p: np.ndarray) -> pd.DataFrame:
    return (
        messages.assign(predicted=p)
        .groupby("campaign_id")
        .agg(
            sends=("is_converted", "size"),
            actual_conversion_rate=("is_converted", "mean"),
            predicted_conversion_rate=("predicted", "mean"),
        )
    )


def cross_validate_campaigns(
    messages: pd.DataFrame, *, n_splits: int = 5, seed: int = 0
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Out-of-fold campaign conversion rates (folds grouped by campaign) and their errors.

    Parameters
    ----------
    messages : pandas.DataFrame
        One row per message: ``campaign_id``, ``is_converted`` (bool) and :data:`FEATURES`.
    n_splits : int
    seed : int

    Returns
    -------
    tuple of (pandas.DataFrame, dict)
        Per campaign ``sends``, ``actual_conversion_rate``, ``predicted_conversion_rate``,
        ``baseline_conversion_rate`` (the training folds' overall rate); and ``mae_model``,
        ``mae_baseline`` (send-weighted), ``relative_half_width`` (80 % conformal) and
        ``coverage`` of that interval out of fold (leave-one-campaign-out quantile).
    """
    messages = _check(messages).reset_index(drop=True)
    groups = messages["campaign_id"].to_numpy()
    y = messages["is_converted"].astype(int).to_numpy()
    p = np.zeros(len(messages))
    base = np.zeros(len(messages))
    folds = GroupKFold(n_splits=min(n_splits, len(np.unique(groups))))
    design, n_onehot = _design(messages)
    for train, test in folds.split(messages, y, groups):
        if len(np.unique(y[train])) < 2:
            p[test] = base[test] = y[train].mean()
            continue
        model = _fold_pipeline(seed, n_onehot).fit(design[train], y[train])
        p[test] = model.predict_proba(design[test])[:, 1]
        base[test] = y[train].mean()
    rates = _campaign_rates(messages, p)
    rates["baseline_conversion_rate"] = messages.assign(b=base).groupby("campaign_id")["b"].mean()
    w = rates["sends"].to_numpy(float)
    err = np.abs(rates["predicted_conversion_rate"] - rates["actual_conversion_rate"]).to_numpy()
    base_err = np.abs(rates["baseline_conversion_rate"] - rates["actual_conversion_rate"])
    rel = err / np.maximum(rates["predicted_conversion_rate"].to_numpy(), 1e-9)
    half = _conformal_quantile(rel)
    # honest coverage: each campaign judged by the quantile of the *other* campaigns' residuals
    covered = [rel[i] <= _conformal_quantile(np.delete(rel, i)) for i in range(len(rel))]
    return rates, {
        "mae_model": float(np.average(err, weights=w)),
        "mae_baseline": float(np.average(base_err.to_numpy(), weights=w)),
        "relative_half_width": half,
        "coverage": float(np.mean(covered)),
        "n_campaigns": int(len(rates)),
    }


def _conformal_quantile(residuals: np.ndarray) -> float:
    n = len(residuals)
    level = min(1.0, np.ceil((n + 1) * COVERAGE) / n)
    return float(np.quantile(residuals, level, method="higher"))


def fit_campaign_success(
    messages: pd.DataFrame, *, seed: int = 0, cv_scores: dict[str, float] | None = None
) -> CampaignSuccess:
    """Fit on every message and keep the out-of-fold conformal half-width.

    Parameters
    ----------
    messages : pandas.DataFrame
        As for :func:`cross_validate_campaigns`.
    seed : int
    cv_scores : dict, optional
        The scores of :func:`cross_validate_campaigns` on the same messages and seed, when the
        caller has them already (saves cross-validating twice).

    Returns
    -------
    CampaignSuccess
    """
    scores = cv_scores or cross_validate_campaigns(messages, seed=seed)[1]
    messages = _check(messages)
    pipeline = _pipeline(seed).fit(messages[FEATURES], messages["is_converted"].astype(int))
    names = pipeline.named_steps["features"].get_feature_names_out()
    coef = pipeline.named_steps["model"].coef_[0]
    importances = pd.Series(np.abs(coef), index=names).sort_values(ascending=False)
    return CampaignSuccess(pipeline, scores["relative_half_width"], importances)


def score_campaigns(
    model: CampaignSuccess, messages: pd.DataFrame, economics: pd.DataFrame
) -> pd.DataFrame:
    """Predicted conversion rate, conversions, CPA and ROI per campaign with 80 % intervals.

    Parameters
    ----------
    model : CampaignSuccess
    messages : pandas.DataFrame
        The (planned or sent) messages of the campaigns to score, with :data:`FEATURES`.
    economics : pandas.DataFrame
        Per ``campaign_id``: ``cost_amount`` (spend) and ``revenue_per_conversion_amount``.

    Returns
    -------
    pandas.DataFrame
        ``campaign_id``, ``sends``, ``predicted_conversion_rate``, ``conversion_rate_low``,
        ``conversion_rate_high``, ``predicted_conversions``, ``predicted_cpa_amount`` (with
        ``cpa_low_amount`` / ``cpa_high_amount``), ``predicted_roi``.
    """
    messages = with_optional_features(messages)
    p = model.pipeline.predict_proba(messages[FEATURES])[:, 1]
    out = (
        messages.assign(predicted=p)
        .groupby("campaign_id")
        .agg(sends=("predicted", "size"), predicted_conversion_rate=("predicted", "mean"))
        .reset_index()
    )
    h = model.relative_half_width
    out["conversion_rate_low"] = out["predicted_conversion_rate"] * max(0.0, 1 - h)
    out["conversion_rate_high"] = out["predicted_conversion_rate"] * (1 + h)
    out["predicted_conversions"] = out["predicted_conversion_rate"] * out["sends"]
    out = out.merge(economics, on="campaign_id", how="left")
    cost = out["cost_amount"].fillna(0.0)
    conv = out["predicted_conversions"]
    out["predicted_cpa_amount"] = cost / conv.where(conv > 0)
    out["cpa_low_amount"] = cost / (out["conversion_rate_high"] * out["sends"]).where(conv > 0)
    out["cpa_high_amount"] = cost / (out["conversion_rate_low"] * out["sends"]).where(
        out["conversion_rate_low"] > 0
    )
    revenue = conv * out["revenue_per_conversion_amount"].fillna(0.0)
    out["predicted_roi"] = (revenue - cost) / cost.where(cost > 0)
    return out.drop(columns=["revenue_per_conversion_amount"])
