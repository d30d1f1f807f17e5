"""What the scheduler finds due: journey steps, zone-by-zone entry fires, campaign starts."""

from __future__ import annotations

import datetime as dt

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from delivery.journeys.engine import advance_campaign
from delivery.journeys.scheduling import DueStep, due_steps, event_campaigns
from tests.journeys.conftest import launch

T = dt.datetime
ZONES = ["Europe/London", "America/New_York", "Mars/Olympus"]  # an invalid zone is ignored


def test_entry_fires_zone_by_zone_with_stable_run_keys(store, world, demo_doc):
    launch(store, demo_doc)
    assert due_steps(store, ZONES, T(2026, 3, 2, 8, 59)) == []
    [london] = due_steps(store, ZONES, T(2026, 3, 2, 9, 0))
    assert london == DueStep(
        T(2026, 3, 2, 9), "spring_data_enrollment", "northbridge_academy", "start", 20260302
    )
    assert london.run_key == "spring_data_enrollment:start:20260302:20260302T0900"
    # five hours later both fires are within the catch-up window: two keys, London's unchanged
    keys = [s.run_key for s in due_steps(store, ZONES, T(2026, 3, 2, 14, 0))]
    assert keys == [london.run_key, "spring_data_enrollment:start:20260302:20260302T1400"]


def test_due_journey_steps_and_scheduled_start(store, world, demo_doc):
    world.add_contacts(120)
    launch(store, demo_doc)
    advance_campaign(store, world.source, "spring_data_enrollment", now=T(2026, 3, 2, 9))
    later = T(2026, 3, 4, 9, 30)  # the 48 h wait is over for everyone emailed at 09:00
    steps = [s for s in due_steps(store, ["Europe/London"], later) if s.step_id == "wait_48h"]
    assert steps == [
        DueStep(
            T(2026, 3, 4, 9), "spring_data_enrollment", "northbridge_academy", "wait_48h", 20260302
        )
    ]
    other = {
        **demo_doc,
        "campaign_id": "autumn",
        "start_at": "2026-09-01T00:00:00Z",
        "end_at": None,
    }
    lifecycle.apply_campaign(store, validate_campaign(other), actor="maria", now=later)
    assert (
        lifecycle.launch(store, "autumn", actor="maria", audience_size=200, now=later)
        == "scheduled"
    )
    starts = [s for s in due_steps(store, [], T(2026, 9, 1, 0, 1)) if s.campaign_id == "autumn"]
    assert [s.step_id for s in starts] == ["start"]


def test_event_campaigns_are_those_reacting_to_behaviour(store, demo_doc):
    launch(store, demo_doc)
    assert event_campaigns(store) == [("spring_data_enrollment", "northbridge_academy", "start")]
    lifecycle.pause(store, "spring_data_enrollment", actor="maria", now=T(2026, 3, 1))
    assert event_campaigns(store) == []
