"""Per-contact LTV predictions from enrollments: the ``contact_ltv_predictions`` table.

Every contact is "born" at sign-up (``dim_contacts.created_at``) and each enrollment day is a
transaction; BG/NBD predicts how many enrollments follow in the horizon and the chance the contact is
still "alive", Gamma-Gamma the value of each. The holdout evaluation refits on the data before a
cut-off and compares the predicted enrollments in the holdout with a run-rate baseline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ml.errors import MLInputError, require_columns
from ml.ltv import (
    BGNBDParams,
    GammaGammaParams,
    bgnbd_expected_transactions,
    bgnbd_probability_alive,
    fit_bgnbd,
    fit_gamma_gamma,
    gamma_gamma_expected_value,
    rfm_summary,
)
from ml.registry import ModelEvaluation

__all__ = ["LTVFit", "enrollment_transactions", "evaluate_ltv_holdout", "predict_contact_ltv"]

UNIT_DAYS = 7.0


@dataclass(frozen=True)
class LTVFit:
    """The two fitted models and the window they were fitted on."""

    bgnbd: BGNBDParams
    gamma_gamma: GammaGammaParams | None  # None when too few repeat buyers: population mean used
    mean_enrollment_value: float
    calibration_end: dt.datetime


def enrollment_transactions(enrollments: pd.DataFrame) -> pd.DataFrame:
    """Paid enrollments only (refunds and zero-value rows dropped).

    Parameters
    ----------
    enrollments : pandas.DataFrame
        ``stg_lms__enrollments``: ``contact_id``, ``occurred_at``, ``revenue_amount`` and
        ``is_refund`` or ``type`` (``enrollment``/``refund``).

    Returns
    -------
    pandas.DataFrame
        ``contact_id``, ``occurred_at``, ``revenue_amount``.
    """
    require_columns(
        enrollments, ["contact_id", "occurred_at", "revenue_amount"], name="stg_lms__enrollments"
    )
    keep = enrollments["revenue_amount"].fillna(0) > 0
    if "is_refund" in enrollments.columns:
        keep &= ~enrollments["is_refund"].fillna(False).astype(bool)
    elif "type" in enrollments.columns:
        keep &= enrollments["type"] != "refund"
    out = enrollments.loc[keep, ["contact_id", "occurred_at", "revenue_amount"]].copy()
    out["occurred_at"] = pd.to_datetime(out["occurred_at"])
    return out


def _births(contacts: pd.DataFrame) -> pd.Series:
    require_columns(contacts, ["contact_id", "created_at"], name="dim_contacts")
    return pd.Series(
        pd.to_datetime(contacts["created_at"]).to_numpy(), index=contacts["contact_id"].to_numpy()
    ).dropna()


MAX_FIT_CONTACTS = 200_000


def fit_ltv(
    transactions: pd.DataFrame,
    births: pd.Series,
    *,
    calibration_end: dt.datetime,
    max_fit_contacts: int = MAX_FIT_CONTACTS,
    seed: int = 0,
):
    """Fit BG/NBD and Gamma-Gamma on the summary at ``calibration_end``.

    The parameters describe the population, so beyond ``max_fit_contacts`` they are fitted on a
    seeded random sample of contacts (every contact is still summarised and scored).

    Parameters
    ----------
    transactions : pandas.DataFrame
        Output of :func:`enrollment_transactions`.
    births : pandas.Series
        Sign-up time per contact id.
    calibration_end : datetime.datetime
    max_fit_contacts : int
        Largest sample the likelihood is maximised on.
    seed : int
        Seed of that sample.

    Returns
    -------
    tuple of (LTVFit, pandas.DataFrame)
        The fit and the RFM summary of every contact.
    """
    summary = rfm_summary(
        transactions, calibration_end=calibration_end, births=births, unit_days=UNIT_DAYS
    )
    if summary.empty or summary["x"].sum() == 0:
        raise MLInputError(
            "stg_lms__enrollments: no paid enrollment before "
            f"{calibration_end:%Y-%m-%d}; LTV needs purchase history"
        )
    sample = summary
    if len(summary) > max_fit_contacts:
        sample = summary.sample(n=max_fit_contacts, random_state=seed)
    bg = fit_bgnbd(sample["x"], sample["t_x"], sample["T"])
    buyers = summary[summary["x"] > 0]
    mean_value = float(buyers["monetary_total"].sum() / buyers["x"].sum())
    try:
        gg = fit_gamma_gamma(sample["x"], sample["zbar"])
        if gg.q <= 1:
            gg = None
    except MLInputError:
        gg = None
    return LTVFit(bg, gg, mean_value, calibration_end), summary


def predict_contact_ltv(
    enrollments: pd.DataFrame,
    contacts: pd.DataFrame,
    *,
    now: dt.datetime,
    horizon_days: int = 365,
) -> tuple[pd.DataFrame, LTVFit]:
    """Expected enrollments, P(alive), value per enrollment and LTV over ``horizon_days``.

    Parameters
    ----------
    enrollments : pandas.DataFrame
        ``stg_lms__enrollments`` rows (see :func:`enrollment_transactions`).
    contacts : pandas.DataFrame
        ``dim_contacts`` with ``contact_id`` and ``created_at``.
    now : datetime.datetime
        End of the history used (naive UTC).
    horizon_days : int
        Prediction horizon.

    Returns
    -------
    tuple of (pandas.DataFrame, LTVFit)
        One row per contact created before ``now``: ``contact_id``, ``enrollments_to_date``,
        ``recency_weeks``, ``age_weeks``, ``expected_enrollments``, ``probability_alive``,
        ``expected_value_per_enrollment_amount``, ``predicted_ltv_amount``, ``horizon_days``.
    """
    tx = enrollment_transactions(enrollments)
    fit, summary = fit_ltv(tx, _births(contacts), calibration_end=now)
    x, t_x, T = summary["x"], summary["t_x"], summary["T"]
    if horizon_days < 0:
        raise MLInputError(f"horizon_days={horizon_days!r}: expected a number of days >= 0")
    horizon = horizon_days / UNIT_DAYS
    expected = bgnbd_expected_transactions(fit.bgnbd, horizon, x, t_x, T)
    if fit.gamma_gamma is not None:
        value = gamma_gamma_expected_value(fit.gamma_gamma, x, summary["zbar"])
    else:
        value = np.full(len(summary), fit.mean_enrollment_value)
    out = pd.DataFrame(
        {
            "contact_id": summary.index.to_numpy(),
            "enrollments_to_date": x.to_numpy(),
            "recency_weeks": t_x.to_numpy(),
            "age_weeks": T.to_numpy(),
            "expected_enrollments": expected,
            "probability_alive": bgnbd_probability_alive(fit.bgnbd, x, t_x, T),
            "expected_value_per_enrollment_amount": value,
        }
    )
    out["predicted_ltv_amount"] = (
        out["expected_enrollments"] * out["expected_value_per_enrollment_amount"]
    )
    out["horizon_days"] = horizon_days
    return out, fit


def evaluate_ltv_holdout(
    enrollments: pd.DataFrame,
    contacts: pd.DataFrame,
    *,
    now: dt.datetime,
    holdout_days: int = 90,
) -> tuple[ModelEvaluation, dict[str, float]]:
    """Refit before ``now - holdout_days`` and score the holdout enrollments per contact.

    The baseline is each contact's run rate (enrollments so far / age x holdout length). The
    promotion metric is the RMSE of enrollments per contact (an expectation is judged by squared
    error: the mean minimises it).

    Parameters
    ----------
    enrollments, contacts : pandas.DataFrame
        As for :func:`predict_contact_ltv`.
    now : datetime.datetime
        End of the holdout.
    holdout_days : int
        Holdout length.

    Returns
    -------
    tuple of (ModelEvaluation, dict)
        The registry entry, and extra figures (MAE, totals predicted vs actual) for metadata.
    """
    cut = pd.Timestamp(now) - pd.Timedelta(days=holdout_days)
    tx = enrollment_transactions(enrollments)
    fit, summary = fit_ltv(tx, _births(contacts), calibration_end=cut.to_pydatetime())
    horizon = holdout_days / UNIT_DAYS
    x, t_x, T = summary["x"], summary["t_x"], summary["T"]
    predicted = bgnbd_expected_transactions(fit.bgnbd, horizon, x, t_x, T)
    baseline = (x / T * horizon).to_numpy()
    hold = tx[(tx["occurred_at"] >= cut) & (tx["occurred_at"] < pd.Timestamp(now))]
    actual_days = hold.assign(day=hold["occurred_at"].dt.floor("D")).drop_duplicates(
        ["contact_id", "day"]
    )
    actual = actual_days.groupby("contact_id").size().reindex(summary.index, fill_value=0)
    actual = actual.to_numpy(float)

    def rmse(pred: np.ndarray) -> float:
        return float(np.sqrt(np.mean((pred - actual) ** 2)))

    extra = {
        "rmse_model": rmse(predicted),
        "rmse_run_rate": rmse(baseline),
        "mae_model": float(np.mean(np.abs(predicted - actual))),
        "mae_run_rate": float(np.mean(np.abs(baseline - actual))),
        "holdout_enrollments_actual": float(actual.sum()),
        "holdout_enrollments_predicted": float(predicted.sum()),
        "holdout_enrollments_run_rate": float(baseline.sum()),
    }
    bg = fit.bgnbd
    evaluation = ModelEvaluation(
        model_name="ltv_bgnbd_gamma_gamma",
        metric_name="rmse_enrollments_per_contact",
        model_score=extra["rmse_model"],
        baseline_name="run_rate",
        baseline_score=extra["rmse_run_rate"],
        higher_is_better=False,
        training_start_at=None,
        training_end_at=cut.to_pydatetime(),
        trained_at=pd.Timestamp(now).to_pydatetime(),
        n_train=int(len(summary)),
        n_holdout=int(len(summary)),
        params={
            "r": bg.r,
            "alpha_weeks": bg.alpha,
            "a": bg.a,
            "b": bg.b,
            "gamma_gamma": None
            if fit.gamma_gamma is None
            else [fit.gamma_gamma.p, fit.gamma_gamma.q, fit.gamma_gamma.gamma],
            "holdout_days": holdout_days,
        },
    )
    return evaluation, extra
