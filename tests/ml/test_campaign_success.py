"""Campaign success: grouped CV beats the overall rate; conformal intervals cover out of fold."""

from __future__ import annotations

import pandas as pd
import pytest

from ml.campaign_success import cross_validate_campaigns, fit_campaign_success, score_campaigns
from ml.errors import MLInputError
from tests.ml.synthetic import campaign_world


@pytest.fixture(scope="module")
def messages():
    return campaign_world()


def test_grouped_cv_beats_the_overall_rate_with_calibrated_intervals(messages):
    rates, scores = cross_validate_campaigns(messages)
    assert scores["n_campaigns"] == 40 and len(rates) == 40
    assert scores["mae_model"] < 0.7 * scores["mae_baseline"]
    # 80 % split-conformal interval, judged leave-one-campaign-out: near its nominal level
    assert 0.65 <= scores["coverage"] <= 0.95
    assert 0 < scores["relative_half_width"] < 1


def test_importances_and_scores(messages):
    model = fit_campaign_success(messages)
    top = list(model.importances.index[:4])
    assert any("campaign_type" in t for t in top) and "num__log_engagement" in top
    economics = pd.DataFrame(
        {
            "campaign_id": ["cmp_0000", "cmp_0002"],
            "cost_amount": [400.0, 400.0],
            "revenue_per_conversion_amount": [900.0, 900.0],
        }  # fmt: skip
    )
    scored = score_campaigns(model, messages, economics).set_index("campaign_id")
    assert len(scored) == 40
    row = scored.loc["cmp_0000"]  # an enrollment campaign
    assert (
        row["conversion_rate_low"] < row["predicted_conversion_rate"] < row["conversion_rate_high"]
    )
    assert row["cpa_low_amount"] < row["predicted_cpa_amount"] < row["cpa_high_amount"]
    # planted: enrollment campaigns convert 1.4 / 0.6 times as well as nurture ones
    assert row["predicted_conversion_rate"] > scored.loc["cmp_0002", "predicted_conversion_rate"]
    assert pd.isna(scored.loc["cmp_0001", "predicted_roi"])  # no cost known


def test_too_few_campaigns_is_refused(messages):
    with pytest.raises(MLInputError, match="at least 5 campaigns"):
        cross_validate_campaigns(messages[messages["campaign_id"] <= "cmp_0002"])
