"""Inputs that used to become silent numbers (or numpy errors) are refused at the edge with a
typed MLInputError that says what is wrong."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ml.attribution import (
    build_journeys,
    journeys_from_paths,
    markov_attribution,
    rule_based_attribution,
    shapley_attribution,
)
from ml.errors import MLInputError
from ml.ltv import BGNBDParams, bgnbd_expected_transactions, fit_bgnbd

NOW = dt.datetime(2026, 2, 15)


def test_negative_conversions_are_refused() -> None:
    # used to give Shapley credits summing to 2 for a total of 0 conversions
    with pytest.raises(MLInputError, match="negative or missing"):
        journeys_from_paths([["email"], ["sms", "email"]], [-1, 1])
    with pytest.raises(MLInputError, match="negative or missing"):
        journeys_from_paths([["email"]], [float("nan")])


def test_valid_credits_still_sum_to_the_conversions() -> None:
    j = journeys_from_paths([["email"], ["sms", "email"], ["sms"]], [1, 2, 0])
    for credits in (
        shapley_attribution(j),
        markov_attribution(j),
        rule_based_attribution(j, "linear"),
    ):
        assert credits["attributed_conversions"].sum() == pytest.approx(3.0)


def _touches(times) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "contact_id": ["c1"] * len(times),
            "touch_at": pd.to_datetime(times),
            "channel": ["email"] * len(times),
        }
    )


CONV = pd.DataFrame({"contact_id": ["c1"], "converted_at": pd.to_datetime(["2026-02-10"])})


@pytest.mark.parametrize("lookback", [-5, 0, 2.5])
def test_lookback_days_must_be_positive_whole_days(lookback) -> None:
    # a negative look-back used to zero every credit without a word
    with pytest.raises(MLInputError, match="lookback_days"):
        build_journeys(_touches(["2026-02-01"]), CONV, now=NOW, lookback_days=lookback)


def test_missing_times_are_named() -> None:
    with pytest.raises(MLInputError, match=r"fct_touchpoints.touch_at: 1 row"):
        build_journeys(_touches(["2026-02-01", None]), CONV, now=NOW)
    bad_conv = pd.DataFrame({"contact_id": ["c1"], "converted_at": [pd.NaT]})
    with pytest.raises(MLInputError, match=r"conversions.converted_at"):
        build_journeys(_touches(["2026-02-01"]), bad_conv, now=NOW)


def test_empty_journeys_get_a_message_not_a_numpy_error() -> None:
    empty = build_journeys(_touches([]), CONV.iloc[:0], now=NOW)
    for model in (markov_attribution, shapley_attribution):
        with pytest.raises(MLInputError, match="no journeys with a touch"):
            model(empty)
    with pytest.raises(MLInputError, match="no touch"):
        journeys_from_paths([[]], [1])


def test_bgnbd_without_repeat_buyers_is_refused() -> None:
    # used to return arbitrary parameters and NaN / -inf predictions
    with pytest.raises(MLInputError, match="repeat transaction"):
        fit_bgnbd(np.zeros(50), np.zeros(50), np.full(50, 30.0))


def test_negative_horizon_is_refused() -> None:
    params = BGNBDParams(0.24, 4.41, 0.79, 2.43, 0.0, 100)  # CDNOW's published fit
    x, t_x, T = np.array([2.0]), np.array([30.4]), np.array([38.9])
    assert bgnbd_expected_transactions(params, 39, x, t_x, T)[0] > 0
    with pytest.raises(MLInputError, match="horizon"):
        bgnbd_expected_transactions(params, -10, x, t_x, T)
