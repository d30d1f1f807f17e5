"""Send-time optimisation recovers planted preferred hours better than the global best hour."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from ml import send_time
from ml.errors import MLInputError
from ml.send_time import (
    CONCENTRATION_GRID,
    DAY_POOLING_GRID,
    HOURS_PER_WEEK,
    _day_pool,
    _window,
    circular_distance,
    engagement_hours,
    evaluate_against_truth,
    fit_send_time,
    holdout_hit_rate,
    recommend_send_times,
)
from tests.ml.synthetic import send_time_world


@pytest.fixture(scope="module")
def world():
    events, contacts, truth = send_time_world()
    hours = engagement_hours(events, contacts, default_tz="Europe/London")
    model = fit_send_time(hours, contacts, segment_cols=("timezone",))
    recs = recommend_send_times(model, hours, contacts)
    return events, contacts, truth, hours, model, recs


def test_local_hour_of_week_follows_the_contacts_zone_across_dst():
    contacts = pd.DataFrame({"contact_id": ["a", "b"], "timezone": ["America/New_York", None]})
    events = pd.DataFrame(
        {
            "contact_id": ["a", "a", "b"],
            # 9:30 New York on a Monday in winter (UTC-5) and in summer (UTC-4)
            "event_at": pd.to_datetime(
                ["2026-01-05 14:30", "2026-07-06 13:30", "2026-01-05 14:30"]
            ),
            "event_type": ["open", "click", "open"],
        }
    )
    h = engagement_hours(events, contacts, default_tz="Europe/London")
    assert list(h.sort_values("event_at")["hour_of_week"]) == [9, 14, 9]  # b: London, 14:30 Monday


def test_machine_opens_and_non_engagement_events_are_ignored(world):
    events, contacts, *_ = world
    hours = engagement_hours(events, contacts, default_tz="UTC")
    human = events[events["event_type"].isin(["open", "click"]) & ~events["is_machine_open"]]
    assert len(hours) == len(human)


def test_shrinkage_beats_global_best_hour_and_raw_argmax(world):
    _, contacts, truth, hours, model, recs = world
    assert len(recs) == len(contacts)
    scores = evaluate_against_truth(recs, truth, global_best_hour=model.global_best_hour)
    # planted: 70 % of contacts cluster around their zone's mode; the global hour serves one zone
    assert scores["baseline_share"] < 0.3
    assert scores["model_share"] > scores["baseline_share"] + 0.3
    # shrinkage matters most for thin histories: compare with no shrinkage and with too much
    thin = recs["n_engagements"].between(1, 3)
    assert thin.sum() > 300
    thin_share = evaluate_against_truth(recs[thin], truth, global_best_hour=0)["model_share"]
    for kappa, margin in ((1e-6, 0.02), (50.0, 0.1)):
        other = recommend_send_times(
            dataclasses.replace(model, contact_concentration=kappa), hours, contacts
        )
        other_share = evaluate_against_truth(other[thin], truth, global_best_hour=0)["model_share"]
        assert thin_share > other_share + margin, kappa
    assert 2.0 <= model.contact_concentration <= 13.0


def test_thin_history_falls_back_to_segment_mode(world):
    _, contacts, _, _, model, recs = world
    cold = recs[recs["n_engagements"] == 0].merge(contacts, on="contact_id")
    assert len(cold) > 50
    assert (cold["evidence_weight"] == 0).all()
    modes = {"Europe/London": 33, "America/New_York": 67, "Asia/Tokyo": 108}
    dist = circular_distance(cold["best_hour_of_week"], cold["timezone"].map(modes))
    assert (dist <= 1).mean() > 0.9
    assert recs["best_local_hour"].between(0, 23).all()
    assert np.allclose(recs["best_day_of_week"], recs["best_hour_of_week"] // 24)


def test_holdout_hit_rate_prefers_model(world):
    events, contacts, *_ = world
    cut = pd.Timestamp("2026-02-02")
    hours = engagement_hours(events, contacts, default_tz="Europe/London")
    train, hold = hours[hours["event_at"] < cut], hours[hours["event_at"] >= cut]
    model = fit_send_time(train, contacts)
    recs = recommend_send_times(model, train, contacts)
    result = holdout_hit_rate(recs, hold, global_best_hour=model.global_best_hour)
    assert result["n_events"] > 500
    assert result["model_share"] > result["baseline_share"]


def test_no_engagement_is_a_clear_error():
    contacts = pd.DataFrame({"contact_id": ["a"], "timezone": ["UTC"]})
    empty = engagement_hours(
        pd.DataFrame({"contact_id": [], "event_type": [], "event_at": []}),
        contacts,
        default_tz="UTC",
    )
    with pytest.raises(MLInputError, match="no human open or click"):
        fit_send_time(empty, contacts)
    with pytest.raises(MLInputError, match="dim_contacts: missing column"):
        engagement_hours(
            pd.DataFrame(columns=["contact_id", "event_type", "event_at"]),
            contacts.drop(columns="timezone"),
            default_tz="UTC",
        )


def test_the_blocked_grid_scores_pick_the_hours_of_the_whole_sample_at_once(monkeypatch):
    """The hyper-parameter search scores its grid in cache-sized blocks and takes a segment's
    prior for the rows with no other engagement: the chosen hours are those of the plain
    whole-sample formula, ties included (many rows below are all zero or tie by construction)."""
    rng = np.random.default_rng(3)
    n, segments = 2_000, 4
    own = np.zeros((n, HOURS_PER_WEEK))
    busy = rng.random(n) < 0.6  # the others have no engagement besides the held-out one
    cells = rng.integers(0, HOURS_PER_WEEK, size=(busy.sum(), 3))
    own[np.flatnonzero(busy)[:, None], cells] = rng.choice([0.5, 1.0, 2.0], size=cells.shape)
    seg_profiles = rng.dirichlet(np.ones(HOURS_PER_WEEK), size=segments)
    seg_profiles[0] = 1.0 / HOURS_PER_WEEK  # a flat prior: every hour ties
    seg = rng.integers(0, segments, size=n)
    seg_window = _window(seg_profiles).astype(np.float32)
    grid = [(k, beta) for beta in DAY_POOLING_GRID for k in CONCENTRATION_GRID]
    monkeypatch.setattr(send_time, "GRID_BLOCK_ROWS", 97)  # blocks that do not divide n
    got = send_time._grid_choices(own, seg_window, seg, grid)
    own_window = _window(own).astype(np.float32)
    pool_window = _window(_day_pool(own)).astype(np.float32)
    for g, (k, beta) in enumerate(grid):
        whole = own_window + np.float32(beta) * pool_window + np.float32(k) * seg_window[seg]
        np.testing.assert_array_equal(got[g], whole.argmax(axis=1))
