"""Campaign success: grouped CV beats the overall rate; conformal intervals cover out of fold."""

from __future__ import annotations

import numpy as np
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


def test_the_folds_fit_the_models_of_the_full_pipeline(messages):
    """The cross-validation encodes the categories once, for every fold: each fold's out-of-fold
    predictions are those of :func:`_pipeline` fitted on the fold's training rows alone -- also
    for a category that only a held-out campaign has (``handle_unknown="ignore"`` there, an
    all-zero column with a zero coefficient here)."""
    from sklearn.model_selection import GroupKFold

    from ml.campaign_success import FEATURES, _pipeline, with_optional_features

    lone = with_optional_features(messages).reset_index(drop=True)
    lone["course_category"] = lone["course_category"].astype(object)
    lone.loc[lone["campaign_id"] == "cmp_0003", "course_category"] = "only_here"
    rates, _ = cross_validate_campaigns(lone)
    y = lone["is_converted"].astype(int).to_numpy()
    p = np.zeros(len(lone))
    for train, test in GroupKFold(n_splits=5).split(lone, y, lone["campaign_id"]):
        model = _pipeline(0).fit(lone.iloc[train][FEATURES], y[train])
        p[test] = model.predict_proba(lone.iloc[test][FEATURES])[:, 1]
    expected = lone.assign(p=p).groupby("campaign_id")["p"].mean()
    np.testing.assert_allclose(
        rates["predicted_conversion_rate"], expected.loc[rates.index], rtol=1e-9
    )


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


def test_sent_messages_carry_local_timing_content_and_budget_features(tmp_path):
    """campaign_messages reads the timing (recipient's local daypart, weekend), the variant's
    subject and content format, and the budget per contact reached from the marts."""
    import datetime as dt
    import json

    import duckdb

    from ml.runs.campaign_success import campaign_messages
    from ml.warehouse_io import write_table

    variants = [
        {
            "variant_id": "v1",
            "subject": "Last chance: data courses start soon",
            "content": "video-hero",
        },
        {"variant_id": "v2", "subject": "A question for you", "content": "short-text"},
    ]
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        write_table(con, "stg_marketing__campaigns", pd.DataFrame({
            "campaign_id": ["c1"], "campaign_type": ["enrollment"], "course_category": ["data"],
            "budget_amount": [300.0], "variants": [json.dumps(variants)],
        }))  # fmt: skip
        write_table(con, "fct_sends", pd.DataFrame({
            "campaign_id": ["c1", "c1", "c1"], "variant_id": ["v1", "v2", None],
            "channel": ["email", "email", "sms"], "contact_id": ["ny", "madrid", "ny"],
            # Sat 2026-03-07 13:30 UTC = 08:30 in New York (morning, weekend) and 14:30 in Madrid;
            # Mon 2026-03-09 09:00 UTC = 05:00 in New York, DST begun the day before (night)
            "sent_at": pd.to_datetime(["2026-03-07 13:30", "2026-03-07 13:30", "2026-03-09 09:00"]),
            "converted_at": pd.NaT, "cost_amount": 0.01, "revenue_amount": 0.0,
        }))  # fmt: skip
        write_table(con, "dim_contacts", pd.DataFrame({
            "contact_id": ["ny", "madrid"], "opens_90d": [1, 2], "clicks_90d": [0, 1],
            "timezone": ["America/New_York", "Europe/Madrid"],
        }))  # fmt: skip
        write_table(
            con, "dim_contact_interests", pd.DataFrame({"contact_id": ["ny"], "interest": ["data"]})
        )
        got = campaign_messages(con, now=dt.datetime(2026, 4, 1)).set_index(
            ["contact_id", "channel"]
        )
    ny, madrid, sms = got.loc[("ny", "email")], got.loc[("madrid", "email")], got.loc[("ny", "sms")]
    assert (ny["send_daypart"], madrid["send_daypart"]) == ("morning", "afternoon")
    assert ny["is_weekend"] == 1.0 and sms["is_weekend"] == 0.0 and sms["send_daypart"] == "night"
    assert (ny["content_format"], madrid["content_format"], sms["content_format"]) == (
        "video-hero", "short-text", "(unknown)",
    )  # fmt: skip
    assert (ny["subject_urgency"], madrid["subject_urgency"]) == (1.0, 0.0)
    assert madrid["subject_length"] == len("A question for you") and sms["subject_length"] == 0.0
    assert ny["log_budget_per_contact"] == pytest.approx(np.log1p(300.0 / 2))
