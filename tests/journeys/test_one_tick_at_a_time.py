"""One tick of a campaign at a time: a second tick waits for the first, or ends having moved
nothing (SQLite and Postgres). Two processes on Postgres: tests/orchestration/test_run_workers.py.
"""

from __future__ import annotations

import datetime as dt
import threading

from delivery.journeys.engine import advance_campaign, step_lock_name
from delivery.journeys.sources import WarehouseSource
from delivery.store.locks import named_lock
from tests.journeys.conftest import launch
from tests.journeys.test_engine import LONDON_9AM, journeys, ledger_frame

CAMPAIGN = "spring_data_enrollment"


def test_a_tick_that_cannot_get_the_campaign_ends_having_moved_nothing(store, world, demo_doc):
    world.add_contacts(120)
    launch(store, demo_doc)
    with named_lock(store, step_lock_name(CAMPAIGN)) as held:
        assert held
        blocked = advance_campaign(
            store, world.source, CAMPAIGN, now=LONDON_9AM, time_limit_seconds=0.3
        )
    assert (blocked.admitted, blocked.enqueued, blocked.batches) == (0, 0, 0)
    assert "another tick" in blocked.stopped and CAMPAIGN in blocked.stopped
    assert blocked.status == "running"
    assert journeys(store).empty and ledger_frame(store).empty
    # the next tick, once the lock is free, does the work
    assert advance_campaign(store, world.source, CAMPAIGN, now=LONDON_9AM).admitted == 120


def test_two_ticks_released_together_admit_and_enqueue_each_contact_once(store, world, demo_doc):
    audience = world.add_contacts(300)
    launch(store, demo_doc, audience_size=300)
    reports, errors = [], []

    def tick(now: dt.datetime) -> None:
        cursor = world.conn.cursor()  # a DuckDB connection per thread
        try:
            reports.append(advance_campaign(store, WarehouseSource(cursor), CAMPAIGN, now=now))
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)
        finally:
            cursor.close()

    # both ticks are started while a third holder has the campaign, then let go at once
    with named_lock(store, step_lock_name(CAMPAIGN)):
        threads = [
            threading.Thread(target=tick, args=(LONDON_9AM + dt.timedelta(seconds=s),))
            for s in (0, 1)
        ]
        for thread in threads:
            thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(r.admitted for r in reports) == [0, len(audience)]
    rows = journeys(store)
    assert len(rows) == len(audience) and rows["contact_id"].is_unique
    sent = ledger_frame(store)
    assert len(sent) == sum(r.enqueued for r in reports) > 0
    assert not sent.duplicated(["campaign_id", "step_id", "contact_id", "channel"]).any()
