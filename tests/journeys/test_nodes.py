"""Each node type and trigger, through the engine, plus the pure helpers against references."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from delivery.campaigns.models import SplitNode, WaitNode
from delivery.journeys import nodes as N
from delivery.journeys.engine import advance_campaign
from tests.journeys.conftest import launch
from tests.journeys.test_engine import journeys, ledger_frame

T = dt.datetime
START = T(2026, 3, 2, 9, 0)


def _doc(demo_doc, nodes, trigger=None, content=None, **extra):
    demo_doc["workflow"]["nodes"] = nodes
    if content is not None:
        demo_doc["content"] = content
    else:
        demo_doc["content"][0].pop("variants", None)
    demo_doc.update(extra)
    return demo_doc


def _entry(next_id, trigger=None):
    return {
        "id": "start",
        "type": "entry",
        "next": next_id,
        "trigger": trigger or {"kind": "schedule", "once_on": "2026-03-02", "local_time": "09:00"},
    }


SEND = {
    "id": "mail",
    "type": "send",
    "channel": "email",
    "template": "invite_email",
    "next": "done",
}
EXIT = {"id": "done", "type": "exit"}


def test_split_matches_weights_chi_square():
    ids = pd.Series([f"c_{i:07d}" for i in range(20_000)])
    node = SplitNode.model_validate(
        {
            "id": "s",
            "type": "split",
            "holdout": 0.1,
            "variants": [
                {"id": "A", "weight": 1, "next": "x"},
                {"id": "B", "weight": 2, "next": "x"},
                {"id": "C", "weight": 1, "next": "x"},
            ],
        }
    )
    got = N.assign_variants(ids, "cmp", node)
    counts = got.value_counts().reindex(["holdout", "A", "B", "C"]).to_numpy()
    expected = 20_000 * np.array([0.1, 0.225, 0.45, 0.225])
    assert stats.chisquare(counts, expected).pvalue > 0.001
    # deterministic, and independent across campaigns
    assert got.equals(N.assign_variants(ids, "cmp", node))
    other = N.assign_variants(ids, "other", node)
    assert 0.3 < (other == got).mean() < 0.45  # ~ sum of squared shares = 0.32


def test_wait_until_local_time_is_per_zone_and_dst_aware():
    node = WaitNode.model_validate(
        {"id": "w", "type": "wait", "until_local_time": "09:00", "next": "x"}
    )
    zones = pd.Series(["Europe/London", "America/New_York"])
    # Saturday 28 March 2026 12:00 UTC; London's next 09:00 is Sunday 29 March, already BST
    due = N.wait_due(node, T(2026, 3, 28, 12), zones)
    assert list(due) == [pd.Timestamp(2026, 3, 29, 8), pd.Timestamp(2026, 3, 28, 13)]


def test_wait_duration_then_continue(store, world, demo_doc):
    world.add_contacts(3)
    launch(
        store,
        _doc(
            demo_doc,
            [
                _entry("pause"),
                {"id": "pause", "type": "wait", "duration": "2d", "next": "mail"},
                SEND,
                EXIT,
            ],
        ),
        audience_size=3,
    )
    advance_campaign(store, world.source, "spring_data_enrollment", now=START)
    assert ledger_frame(store).empty
    assert set(journeys(store)["due_at"]) == {T(2026, 3, 4, 9)}
    advance_campaign(store, world.source, "spring_data_enrollment", now=T(2026, 3, 4, 9))
    assert len(ledger_frame(store)) == 3
    assert set(journeys(store)["status"]) == {"completed"}


def test_wait_until_event_or_timeout(store, world, demo_doc):
    ids = world.add_contacts(4)
    content = demo_doc["content"]
    content[0].pop("variants")
    nodes = [
        _entry("await_click"),
        {
            "id": "await_click",
            "type": "wait",
            "until_event": "clicked",
            "timeout": "3d",
            "on_timeout": "sms",
            "next": "done",
        },
        {"id": "sms", "type": "send", "channel": "sms", "template": "reminder_sms", "next": "done"},
        EXIT,
    ]
    launch(store, _doc(demo_doc, nodes, content=content), audience_size=4)
    advance_campaign(store, world.source, "spring_data_enrollment", now=START)
    world.act("clicked", ids[:2], START + dt.timedelta(hours=5))
    advance_campaign(
        store, world.source, "spring_data_enrollment", now=START + dt.timedelta(hours=6)
    )
    state = journeys(store).set_index("contact_id")
    assert list(state.loc[ids, "status"]) == ["completed", "completed", "active", "active"]
    advance_campaign(
        store, world.source, "spring_data_enrollment", now=START + dt.timedelta(days=3)
    )
    assert sorted(ledger_frame(store)["contact_id"]) == ids[2:]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"kind": "attribute", "field": "age_band", "op": "in", "value": ["18-24"]}, [0, 1]),
        ({"kind": "attribute", "field": "enrollments_count", "op": "gte", "value": 1}, [2]),
        ({"kind": "segment", "segment": "vip"}, [3]),
    ],
)
def test_branch_conditions(store, world, demo_doc, condition, expected):
    ids = (
        world.add_contacts(2, age_band="18-24")
        + world.add_contacts(1, enrollments_count=2)
        + world.add_contacts(1)
    )
    world.join("vip", [ids[3]], T(2026, 1, 1))
    nodes = [
        _entry("check"),
        {
            "id": "check",
            "type": "branch",
            "condition": condition,
            "if_true": "mail",
            "if_false": "done",
        },
        SEND,
        EXIT,
    ]
    launch(store, _doc(demo_doc, nodes), audience_size=4)
    advance_campaign(store, world.source, "spring_data_enrollment", now=START)
    assert sorted(ledger_frame(store)["contact_id"]) == [ids[i] for i in expected]


def test_best_send_time_uses_the_model_when_known(store, world, demo_doc):
    ids = world.add_contacts(2, timezone="Europe/Berlin")
    world.recommend({ids[0]: 18})
    send = {**SEND, "best_send_time": True}
    launch(store, _doc(demo_doc, [_entry("mail"), send, EXIT]), audience_size=2)
    advance_campaign(
        store, world.source, "spring_data_enrollment", now=T(2026, 3, 2, 8)
    )  # 09:00 CET
    assert list(ledger_frame(store)["contact_id"]) == [ids[1]]  # no recommendation: now
    assert journeys(store).set_index("contact_id").loc[ids[0], "due_at"] == T(
        2026, 3, 2, 17
    )  # 18:00 CET
    advance_campaign(store, world.source, "spring_data_enrollment", now=T(2026, 3, 2, 17))
    assert sorted(ledger_frame(store)["contact_id"]) == ids


def test_best_send_time_falls_back_when_the_model_is_not_promoted(store, world, demo_doc):
    ids = world.add_contacts(2, timezone="Europe/Berlin")
    world.recommend({ids[0]: 18, ids[1]: 20}, promoted=False)  # lost to the global best hour
    assert world.source.send_time_model() == "not promoted"
    send = {**SEND, "best_send_time": True}
    launch(store, _doc(demo_doc, [_entry("mail"), send, EXIT]), audience_size=2)
    advance_campaign(store, world.source, "spring_data_enrollment", now=T(2026, 3, 2, 8))
    assert sorted(ledger_frame(store)["contact_id"]) == sorted(ids)  # both at the step's time


def test_behavioural_trigger_fires_once_per_contact(store, world, demo_doc):
    ids = world.add_contacts(4)
    trigger = {
        "kind": "event",
        "event": "visited_course_page",
        "without": "applied",
        "within": "2d",
    }
    launch(store, _doc(demo_doc, [_entry("mail", trigger), SEND, EXIT]), audience_size=4)
    world.act("visited_course_page", ids[:3], T(2026, 3, 2, 10))
    world.act("visited_course_page", ids[:1], T(2026, 3, 2, 11))  # a second visit
    world.act("applied", [ids[1]], T(2026, 3, 3, 10))  # applied within 2 days: no follow-up
    world.act("applied", [ids[2]], T(2026, 3, 5, 10))  # applied after 3 days: too late to matter
    early = advance_campaign(store, world.source, "spring_data_enrollment", now=T(2026, 3, 4, 9))
    assert early.admitted == 0  # the 2 days have not passed yet
    advance_campaign(store, world.source, "spring_data_enrollment", now=T(2026, 3, 4, 12))
    world.act("visited_course_page", ids[:1], T(2026, 3, 10, 10))  # visits again later
    again = advance_campaign(store, world.source, "spring_data_enrollment", now=T(2026, 3, 13, 12))
    assert again.admitted == 0
    sent = ledger_frame(store)
    assert sorted(sent["contact_id"]) == [ids[0], ids[2]] and set(sent["occurrence"]) == {1}


def test_segment_entry_trigger_admits_only_new_entrants(store, world, demo_doc):
    before = world.add_contacts(2, segment="new_leads_no_application_14d", since=T(2026, 1, 1))
    after = world.add_contacts(2, segment="new_leads_no_application_14d", since=T(2026, 3, 2, 6))
    trigger = {"kind": "segment_entry", "segment": "new_leads_no_application_14d"}
    launch(store, _doc(demo_doc, [_entry("mail", trigger), SEND, EXIT]), audience_size=4)
    advance_campaign(store, world.source, "spring_data_enrollment", now=START)
    assert sorted(ledger_frame(store)["contact_id"]) == after
    assert not set(before) & set(ledger_frame(store)["contact_id"])


def test_recurring_cron_read_in_local_time(store, world, demo_doc):
    world.add_contacts(2, timezone="America/New_York")
    trigger = {"kind": "schedule", "cron": "30 8 * * 1"}  # Mondays 08:30 local
    launch(store, _doc(demo_doc, [_entry("mail", trigger), SEND, EXIT]), audience_size=2)
    # Monday 9 March 2026, first Monday after New York switched to EDT: 08:30 EDT = 12:30 UTC
    assert (
        advance_campaign(
            store, world.source, "spring_data_enrollment", now=T(2026, 3, 9, 12, 29)
        ).admitted
        == 0
    )
    assert (
        advance_campaign(
            store, world.source, "spring_data_enrollment", now=T(2026, 3, 9, 12, 30)
        ).admitted
        == 2
    )
    assert (
        advance_campaign(
            store, world.source, "spring_data_enrollment", now=T(2026, 3, 16, 12, 30)
        ).admitted
        == 2
    )
    assert sorted(set(journeys(store)["occurrence"])) == [20260309, 20260316]


def test_event_entries_reference_case():
    events = pd.DataFrame(
        {
            "contact_id": ["a", "a", "b", "b", "c"],
            "activity_type": [
                "visited_course_page",
                "applied",
                "visited_course_page",
                "applied",
                "visited_course_page",
            ],
            "occurred_at": [
                T(2026, 3, 1),
                T(2026, 3, 2),
                T(2026, 3, 1),
                T(2026, 3, 4),
                T(2026, 3, 1, 12),
            ],
        }
    )
    got = N.event_entries(
        events, "visited_course_page", "applied", dt.timedelta(days=2), T(2026, 3, 10)
    )
    assert got.to_dict("records") == [
        {"contact_id": "b", "triggered_at": pd.Timestamp(2026, 3, 3)},
        {"contact_id": "c", "triggered_at": pd.Timestamp(2026, 3, 3, 12)},
    ]
