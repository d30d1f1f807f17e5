"""The journey engine end to end on a hand-made warehouse and a real ops store (SQLite and Postgres)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from delivery.campaigns import lifecycle
from delivery.campaigns.tables import journey_state
from delivery.journeys.engine import advance_campaign
from delivery.ledger import Ledger, LedgerKey, open_address
from delivery.store.schema import send_ledger
from tests.journeys.conftest import launch

T = dt.datetime
# 2 March 2026: London is on GMT (UTC+0), New York on EST (UTC-5)
LONDON_9AM = T(2026, 3, 2, 9, 0)
NEW_YORK_9AM = T(2026, 3, 2, 14, 0)


def ledger_frame(store) -> pd.DataFrame:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(send_ledger)).mappings().all()
    frame = pd.DataFrame(rows, columns=[c.name for c in send_ledger.c])
    # the recipient is stored sealed (revision 0012_pii_encryption): opened here to check it
    frame["to_address"] = [open_address(store, e) for e in frame["to_address_enc"]]
    return frame


def journeys(store) -> pd.DataFrame:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(journey_state)).mappings().all()
    return pd.DataFrame(rows, columns=[c.name for c in journey_state.c])


def tick(store, world, now, **kw):
    return advance_campaign(store, world.source, "spring_data_enrollment", now=now, **kw)


def test_nine_am_local_released_zone_by_zone(store, world, demo_doc):
    london = world.add_contacts(150, timezone="Europe/London")
    new_york = world.add_contacts(150, timezone="America/New_York")
    launch(store, demo_doc, audience_size=300)
    assert tick(store, world, LONDON_9AM - dt.timedelta(seconds=1)).admitted == 0
    first = tick(store, world, LONDON_9AM)
    assert first.admitted == 150
    sent = ledger_frame(store)
    assert set(sent["contact_id"]) <= set(london)
    held_out = journeys(store).query("variant_id == 'holdout'")
    assert (held_out["status"] == "completed").all()
    assert len(sent) + len(held_out) == 150
    # New York reaches 09:00 at 14:00 UTC: nothing for them before, all of them at it
    assert tick(store, world, NEW_YORK_9AM - dt.timedelta(minutes=1)).admitted == 0
    assert tick(store, world, NEW_YORK_9AM).admitted == 150
    sent = ledger_frame(store)
    assert set(sent["contact_id"]) - set(london) <= set(new_york)
    assert sent["ledger_id"].is_unique
    assert set(sent["step_id"]) == {"invite"} and set(sent["channel"]) == {"email"}
    # the A/B split: each variant got a fair share (binomial bound, n ~ 270)
    shares = sent["variant_id"].value_counts(normalize=True)
    assert set(shares.index) == {"A", "B"} and shares.min() > 0.35


def test_occurrence_is_the_local_date_and_ticks_are_idempotent(store, world, demo_doc):
    world.add_contacts(120)
    launch(store, demo_doc)
    tick(store, world, LONDON_9AM)
    again = tick(store, world, LONDON_9AM + dt.timedelta(minutes=5))
    assert (again.admitted, again.enqueued) == (0, 0)
    assert set(journeys(store)["occurrence"]) == {20260302}
    assert set(ledger_frame(store)["occurrence"]) == {20260302}


def test_sms_reminder_only_to_non_openers_after_48h_and_exit_on_enrollment(store, world, demo_doc):
    ids = world.add_contacts(200)
    launch(store, demo_doc)
    tick(store, world, LONDON_9AM)
    emailed = ledger_frame(store)["contact_id"].tolist()
    openers, enrolled = emailed[:40], emailed[40:50]
    world.act("opened", openers, LONDON_9AM + dt.timedelta(hours=3))
    world.act("enrolled", enrolled, LONDON_9AM + dt.timedelta(hours=20))
    # an open before the email was sent does not count
    world.act("opened", emailed[50:60], LONDON_9AM - dt.timedelta(days=1))
    report = tick(store, world, LONDON_9AM + dt.timedelta(hours=47))
    assert report.exited == 10 and report.enqueued == 0
    report = tick(store, world, LONDON_9AM + dt.timedelta(hours=48))
    sms = ledger_frame(store).query("channel == 'sms'")
    assert set(sms["contact_id"]) == set(emailed) - set(openers) - set(enrolled)
    assert sms["to_address"].str.startswith("+44").all()
    state = journeys(store).set_index("contact_id")
    assert (state.loc[enrolled, "status"] == "exited").all()
    assert state.loc[enrolled[0], "exit_reason"] == "converted: enrolled"
    assert (state.loc[ids, "status"] != "active").all()


def test_pause_before_next_batch_then_resume_without_gaps_or_duplicates(store, world, demo_doc):
    world.add_contacts(300)
    launch(store, demo_doc, audience_size=300)
    lifecycle.pause(store, "spring_data_enrollment", actor="maria", now=LONDON_9AM)
    paused = tick(store, world, LONDON_9AM)
    assert (paused.admitted, paused.enqueued) == (0, 0)
    lifecycle.resume(store, "spring_data_enrollment", actor="maria", now=LONDON_9AM)

    class PauseAfterFirstBatch:
        calls = 0

        def __call__(self) -> float:
            self.calls += 1
            # call 1: tick start; call 2: before batch 1 (splits); call 3: before batch 2 (sends)
            if self.calls == 3:
                lifecycle.pause(store, "spring_data_enrollment", actor="maria", now=LONDON_9AM)
            return 0.0

    first = tick(store, world, LONDON_9AM, batch_size=100, clock=PauseAfterFirstBatch())
    # the pause landed while batch 2 was leaving: batch 2 completes, batch 3 never starts
    assert first.stopped == "campaign paused" and first.batches == 2
    after_pause = ledger_frame(store)
    assert 0 < len(after_pause) < 300
    lifecycle.resume(store, "spring_data_enrollment", actor="maria", now=LONDON_9AM)
    tick(store, world, LONDON_9AM + dt.timedelta(minutes=10), batch_size=100)
    final = ledger_frame(store)
    expected = journeys(store).query("variant_id != 'holdout'")
    assert final["ledger_id"].is_unique
    assert set(final["contact_id"]) == set(expected["contact_id"])  # nobody skipped


def test_step_time_limit_stops_cleanly_and_the_next_tick_resumes(store, world, demo_doc):
    world.add_contacts(250)
    launch(store, demo_doc)
    seconds = iter(range(0, 10_000, 100))
    report = tick(
        store,
        world,
        LONDON_9AM,
        batch_size=100,
        clock=lambda: next(seconds),
        time_limit_seconds=150,
    )
    assert report.stopped.startswith("step time limit 150s reached")
    assert report.batches == 1
    done = tick(store, world, LONDON_9AM + dt.timedelta(minutes=1), batch_size=100)
    assert done.stopped is None
    final = ledger_frame(store)
    expected = journeys(store).query("variant_id != 'holdout'")
    assert final["ledger_id"].is_unique and set(final["contact_id"]) == set(expected["contact_id"])


def test_crash_after_enqueue_before_state_update_sends_nothing_twice(store, world, demo_doc):
    ids = world.add_contacts(120)
    launch(store, demo_doc)
    # a previous run enqueued two messages then died before moving the journeys on
    pre = tick(store, world, LONDON_9AM - dt.timedelta(hours=1))
    assert pre.admitted == 0
    Ledger(store).enqueue(
        [
            LedgerKey(
                "spring_data_enrollment", "invite", c, "email", 20260302, "A", f"{c}@example.edu"
            )
            for c in ids[:2]
        ],
        now=LONDON_9AM,
    )
    tick(store, world, LONDON_9AM)
    final = ledger_frame(store)
    assert final["ledger_id"].is_unique
    assert (final["contact_id"].value_counts() == 1).all()


def test_consent_and_suppression_at_send_time(store, world, demo_doc):
    from delivery.suppression import suppress

    ok = world.add_contacts(100)
    no_consent = world.add_contacts(10, has_email_consent=False)
    launch(store, demo_doc)
    with store.begin() as conn:  # unsubscribed after the warehouse was built
        suppress(
            conn,
            store,
            channel="email",
            address=f"{ok[0]}@EXAMPLE.edu",
            reason="unsubscribe",
            source="test",
            now=LONDON_9AM,
        )
    report = tick(store, world, LONDON_9AM)
    sent = set(ledger_frame(store)["contact_id"])
    assert not sent & set(no_consent) and ok[0] not in sent
    assert (
        report.skipped.get("no email consent", 0)
        + report.skipped.get("email suppressed (ops store)", 0)
        >= 1
    )


def test_frequency_cap_across_campaigns_defers(store, world, demo_doc):
    ids = world.add_contacts(120)
    launch(store, demo_doc)
    earlier = [T(2026, 2, 25, 10), T(2026, 2, 27, 10), T(2026, 3, 1, 10)]
    for i, at in enumerate(earlier):
        Ledger(store).enqueue([LedgerKey("other", f"s{i}", ids[0], "email", 1)], now=at)
    report = tick(store, world, LONDON_9AM)
    assert report.deferred >= 1
    row = journeys(store).set_index("contact_id").loc[ids[0]]
    if row["variant_id"] != "holdout":
        # third most recent send (25 Feb 10:00) + 7 days = 4 March 10:00 UTC, inside 08-20 London
        assert (row["node_id"], row["due_at"]) == ("invite", T(2026, 3, 4, 10, 0))
        assert ids[0] not in set(
            ledger_frame(store).query("campaign_id == 'spring_data_enrollment'")["contact_id"]
        )


def test_small_audience_without_split_runs(store, world, demo_doc):
    world.add_contacts(1)
    nodes = demo_doc["workflow"]["nodes"]
    nodes[0]["next"] = "invite"
    demo_doc["workflow"]["nodes"] = [n for n in nodes if n["id"] != "subject_test"]
    demo_doc["content"][0].pop("variants")
    launch(store, demo_doc, audience_size=1)
    assert tick(store, world, LONDON_9AM).enqueued == 1


def test_empty_audience_is_a_no_op(store, world, demo_doc):
    launch(store, demo_doc)
    report = tick(store, world, LONDON_9AM)
    assert (report.admitted, report.enqueued, report.batches) == (0, 0, 0)


@pytest.mark.parametrize(
    ("local_now", "sent_now"),
    [(T(2026, 7, 1, 20, 59, 59), True), (T(2026, 7, 1, 21, 0, 0), False)],
)
def test_sms_step_at_20_59_59_sends_and_at_21_00_waits_for_8_am(
    store, world, demo_doc, local_now, sent_now
):
    """An SMS step in London summer time (BST, UTC+1): 20:59:59 local is inside the window,
    21:00:00 is quiet hours -> released at 08:00 local (07:00 UTC) the next morning, once."""
    world.add_contacts(120, timezone="Europe/London", since=T(2026, 7, 1, 12))
    nodes = {n["id"]: n for n in demo_doc["workflow"]["nodes"]}
    nodes["start"]["trigger"] = {"kind": "segment_entry", "segment": "new_leads_no_application_14d"}
    nodes["start"]["next"] = "sms_reminder"
    demo_doc["workflow"]["nodes"] = [nodes[k] for k in ("start", "sms_reminder", "done")]
    demo_doc["channels"] = ["sms"]
    demo_doc["content"] = [c for c in demo_doc["content"] if c["channel"] == "sms"]
    demo_doc["end_at"] = "2026-08-01T00:00:00Z"
    launch(store, demo_doc, audience_size=120, now=T(2026, 6, 30))
    utc_now = local_now - dt.timedelta(hours=1)
    report = tick(store, world, utc_now)
    assert report.admitted == 120
    sent = ledger_frame(store)
    if sent_now:
        assert len(sent) == 120 and report.deferred == 0
        return
    assert len(sent) == 0 and report.deferred == 120
    assert set(journeys(store)["due_at"]) == {T(2026, 7, 2, 7, 0)}  # 08:00 BST
    assert tick(store, world, T(2026, 7, 2, 6, 59, 59)).enqueued == 0
    assert tick(store, world, T(2026, 7, 2, 7, 0)).enqueued == 120
    assert tick(store, world, T(2026, 7, 2, 7, 5)).enqueued == 0
    assert ledger_frame(store)["contact_id"].is_unique


def test_a_crash_after_the_first_batch_loses_no_admitted_contact(
    store, world, demo_doc, monkeypatch
):
    from delivery.journeys import engine

    world.add_contacts(250)
    launch(store, demo_doc, audience_size=250)

    def killed(self):
        raise RuntimeError("process killed after the first batch")

    with monkeypatch.context() as patch:
        patch.setattr(engine._Tick, "due_batch", killed)
        with pytest.raises(RuntimeError, match="killed"):
            tick(store, world, LONDON_9AM, batch_size=100)
    # the whole admission was committed with the first batch: 100 moved on, 150 parked, due
    state = journeys(store)
    assert len(state) == 250
    assert (state["node_id"] == "subject_test").sum() == 150
    assert 0 < len(ledger_frame(store)) <= 100
    tick(store, world, LONDON_9AM + dt.timedelta(minutes=1), batch_size=100)
    final = ledger_frame(store)
    expected = journeys(store).query("variant_id != 'holdout'")
    assert final["ledger_id"].is_unique and set(final["contact_id"]) == set(expected["contact_id"])
