"""Send time against the simulator's planted preferred hours on seeds nobody tuned on.

The model's choices (one engagement per message, the prompted-lag weighting, pooling across days,
the grids of κ, β and half-life) were developed on simulator seeds 1-3; these seeds were run only
after, so they measure it. The baseline is the obvious per-contact rule the promotion gate also
uses: each contact's most common engagement hour (one global hour for contacts with no history).
"""

from __future__ import annotations

import pandas as pd
import pytest

from ml.send_time import (
    contact_mode_hours,
    engagement_hours,
    evaluate_against_truth,
    fit_send_time,
    recommend_send_times,
)
from tests.fixtures.business import simulate_small
from tests.ml import landing_frames

HELD_OUT_SEEDS = (21, 22, 23)


@pytest.mark.parametrize("seed", HELD_OUT_SEEDS)
def test_model_beats_each_contacts_mode_hour_on_planted_truth(tmp_path, seed):
    business = simulate_small(tmp_path, contacts=2500, days=120, seed=seed)
    events = landing_frames.message_events(business.landing)
    contacts = landing_frames.contacts(business.landing)
    truth = pd.read_parquet(business.truth / "contact_preferences.parquet")
    hours = engagement_hours(events, contacts, default_tz="Europe/London")
    # the baseline: every human open and click, not one per message
    raw = engagement_hours(events.drop(columns="message_id"), contacts, default_tz="Europe/London")
    model = fit_send_time(hours, contacts, seed=seed)
    recs = recommend_send_times(model, hours, contacts)
    scores = {
        name: evaluate_against_truth(
            recs, truth, global_best_hour=model.global_best_hour, baseline=base
        )
        for name, base in (
            ("mode of all engagements", contact_mode_hours(raw, contacts["contact_id"])),
            ("mode of one per message", contact_mode_hours(hours, contacts["contact_id"])),
        )
    }
    first = next(iter(scores.values()))
    print(
        f"\nseed {seed}: {first['n_contacts']} contacts, hit rate within ±1 h of the planted hour: "
        f"model {first['model_share']:.3f}, global hour {first['baseline_share']:.3f}, "
        + ", ".join(f"{k} {v['contact_mode_share']:.3f}" for k, v in scores.items())
        + f" (κ={model.contact_concentration}, β={model.day_pooling}, "
        f"prompted share {model.prompt_lag.prompted_share:.2f})"
    )
    for name, score in scores.items():
        assert score["model_share"] > score["contact_mode_share"], name
    assert first["model_share"] > first["baseline_share"] + 0.2
