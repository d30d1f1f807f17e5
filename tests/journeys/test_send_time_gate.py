"""A "best send time" step never uses a send-time model that failed its promotion gate silently."""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd

from delivery.journeys.engine import advance_campaign
from delivery.journeys.scheduling import best_send_hours
from tests.journeys.conftest import launch
from tests.journeys.test_engine import journeys, ledger_frame
from tests.journeys.test_nodes import EXIT, SEND, _doc, _entry

T = dt.datetime
CID = "spring_data_enrollment"


def _best_time_campaign(store, demo_doc, n: int) -> None:
    send = {**SEND, "best_send_time": True}
    launch(store, _doc(demo_doc, [_entry("mail"), send, EXIT]), audience_size=n)


def test_a_model_that_failed_its_gate_gives_way_to_each_contacts_mode_hour(
    store, world, demo_doc, caplog
):
    ids = world.add_contacts(2, timezone="Europe/Berlin")
    # the model says 18:00 for both; the baseline (most common engagement hour) 20:00 and none
    world.recommend({ids[0]: 18, ids[1]: 18}, promoted=False, baseline={ids[0]: 20})
    _best_time_campaign(store, demo_doc, 2)
    with caplog.at_level(logging.WARNING, logger="delivery.journeys.scheduling"):
        report = advance_campaign(store, world.source, CID, now=T(2026, 3, 2, 8))  # 09:00 CET
    assert report.send_time == "baseline"
    (notice,) = [a for a in report.alerts if "send-time model" in a]
    assert "send_time_eb@20260301-test failed its promotion gate: not used" in notice
    assert "failed its promotion gate" in caplog.text
    due = journeys(store).set_index("contact_id")["due_at"]
    assert due[ids[0]] == T(2026, 3, 2, 19)  # 20:00 CET, the baseline's hour, not the model's
    assert list(ledger_frame(store)["contact_id"]) == [ids[1]]  # no baseline hour: at once


def test_a_promoted_model_is_used_without_a_notice(store, world, demo_doc):
    ids = world.add_contacts(1, timezone="Europe/Berlin")
    world.recommend({ids[0]: 18}, promoted=True, baseline={ids[0]: 20})
    _best_time_campaign(store, demo_doc, 1)
    report = advance_campaign(store, world.source, CID, now=T(2026, 3, 2, 8))
    assert report.send_time == "model" and not report.alerts
    assert journeys(store).set_index("contact_id").loc[ids[0], "due_at"] == T(2026, 3, 2, 17)


def test_no_table_and_an_unevaluated_table_say_so(world):
    ids = world.add_contacts(1)
    ids_series = pd.Series(ids)
    missing = best_send_hours(world.source, ids_series)
    assert missing.used == "none" and "not built" in missing.notice
    world.conn.execute(
        "CREATE TABLE send_time_recommendations AS "
        f"SELECT '{ids[0]}' AS contact_id, 7 AS best_local_hour"
    )
    old = best_send_hours(world.source, ids_series)
    assert old.used == "baseline" and "was never evaluated" in old.notice
