"""Every rule re-checked where the message leaves, through the sensors and the step job.

A message waits between enqueue and dispatch (here: its provider is held when the step runs);
meanwhile consent is withdrawn, a STOP arrives in another phone format, night falls or the
budget runs out. Production (the sensors and the step job, nothing else) must then apply the
rules as they are *when the message leaves*. SQLite and the real Postgres.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading

import dagster as dg
import duckdb
import pytest
from starlette.testclient import TestClient

from delivery import breaker
from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from delivery.journeys.demo import DEMO_SENDER
from delivery.journeys.render import dispatch_campaign
from delivery.journeys.sources import WarehouseSource
from delivery.ledger import Ledger, LedgerKey
from delivery.rendering.compliance import make_unsubscribe_token
from delivery.store import open_store
from delivery.suppression import record_consent, suppress
from orchestration.defs.delivery.providers import SandboxEmailResource
from privacy.consent import ConsentRecord, record
from privacy.web import DEFAULT_TOPICS, create_privacy_app
from tests.journeys.conftest import _DEMO, World, launch
from tests.orchestration.send_path import Production, ledger, outbox_counts, sandbox_resources

CID = "spring_data_enrollment"


def sms_campaign(local_time: str, once_on: str, *, body: str | None = None, budget=500) -> dict:
    """The demo campaign reduced to one SMS at ``local_time`` on ``once_on``."""
    doc = copy.deepcopy(_DEMO)
    doc["channels"] = ["sms"]
    doc["budget"] = {"amount": budget, "currency": "EUR", "cost_per_message": {"sms": 0.04}}
    doc["content"] = [c for c in doc["content"] if c["id"] == "reminder_sms"]
    if body:
        doc["content"][0]["locales"] = {"en": {"body": body}}
    doc["workflow"]["nodes"] = [
        {
            "id": "start",
            "type": "entry",
            "trigger": {"kind": "schedule", "once_on": once_on, "local_time": local_time},
            "next": "text",
        },
        {
            "id": "text",
            "type": "send",
            "channel": "sms",
            "template": "reminder_sms",
            "next": "done",
        },
        {"id": "done", "type": "exit"},
    ]
    return doc


@pytest.fixture
def setup(store, tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse.duckdb"
    outbox = tmp_path / "outbox"
    with dg.instance_for_test() as instance:
        prod = Production(instance, sandbox_resources(store.url, warehouse, outbox), monkeypatch)
        yield store, warehouse, outbox, prod


def _states(store) -> dict[str, str]:
    rows = ledger(store)
    return dict(zip(rows["contact_id"], rows["state"], strict=True))


def test_consent_withdrawn_and_stop_in_any_format_after_enqueue_are_not_sent(setup):
    store, warehouse, outbox, prod = setup
    world = World(str(warehouse))
    ids = world.add_contacts(20, timezone="Europe/London")
    # the CRM stores some numbers with spaces, a 00 prefix or a trunk (0)
    world.conn.execute(
        "UPDATE dim_contacts SET phone = '+44 7911 000001' WHERE contact_id = 'c_0000001'"
    )
    world.conn.execute(
        "UPDATE dim_contacts SET phone = '0044 (0)7911-000002' WHERE contact_id = 'c_0000002'"
    )
    world.conn.close()
    nine = dt.datetime(2026, 3, 2, 9, 0)
    launch(store, sms_campaign("09:00", "2026-03-02"), audience_size=20)
    breaker.record_failure(
        store, "sandbox:sms", now=nine, reason="503", cooldown=dt.timedelta(minutes=30)
    )
    prod.settle(nine)
    assert set(_states(store).values()) == {"pending"}  # enqueued, waiting for the provider
    with store.begin() as conn:
        # STOP replies come from Twilio in E.164, whatever the CRM's format
        suppress(
            conn,
            store,
            channel="sms",
            address="+447911000001",
            reason="sms_stop",
            source="twilio",
            now=nine,
        )
        suppress(
            conn,
            store,
            channel="sms",
            address="+447911000002",
            reason="sms_stop",
            source="twilio",
            now=nine,
        )
        # a withdrawal recorded in the ops store, in yet another format
        record_consent(
            conn,
            store,
            channel="sms",
            address="+44 (0)7911 000003",
            status="revoked",
            source="crm",
            now=nine,
        )
    # and a withdrawal the warehouse learned after the enqueue
    con = duckdb.connect(str(warehouse))
    con.execute("UPDATE dim_contacts SET has_sms_consent = false WHERE contact_id = 'c_0000004'")
    con.close()
    prod.settle(nine + dt.timedelta(minutes=31))
    states = _states(store)
    blocked = {"c_0000001", "c_0000002", "c_0000003", "c_0000004"}
    assert {c: states[c] for c in blocked} == dict.fromkeys(blocked, "skipped")
    assert {states[c] for c in ids if c not in blocked} == {"submitted"}
    rows = ledger(store).set_index("contact_id")
    assert "suppressed" in rows.loc["c_0000001", "last_error"]
    assert "consent withdrawn" in rows.loc["c_0000003", "last_error"]
    assert "no sms consent (warehouse)" in rows.loc["c_0000004", "last_error"]
    sent = outbox_counts(outbox)
    assert not any(rows.loc[c, "ledger_id"] in sent for c in blocked)
    assert sum(sent.values()) == len(ids) - len(blocked)


FOOTER_SECRET = "footer-secret"


def _held_sms_step(store, warehouse, prod, doc: dict, n: int) -> tuple[list[str], dt.datetime]:
    """``n`` London contacts, the SMS campaign ``doc`` enqueued at 09:00 with its provider held
    for 30 minutes (every message pending)."""
    world = World(str(warehouse))
    ids = world.add_contacts(n, timezone="Europe/London")
    world.conn.close()
    nine = dt.datetime(2026, 3, 2, 9, 0)
    launch(store, doc, audience_size=n)
    breaker.record_failure(
        store, "sandbox:sms", now=nine, reason="503", cooldown=dt.timedelta(minutes=30)
    )
    prod.settle(nine)
    assert set(_states(store).values()) == {"pending"}
    return ids, nine


def _preference_centre(store, now: dt.datetime):
    """What the message's footer links to: ``save(contact, topics)`` posts the page."""
    app = create_privacy_app(
        store, store.keys, unsubscribe_secret=FOOTER_SECRET,
        public_base_url="https://hooks.example.edu", topics=DEFAULT_TOPICS, wording_version="p-1",
        clock=lambda: now.replace(tzinfo=dt.UTC),
    )  # fmt: skip
    client = TestClient(app)
    ledger_ids = ledger(store).set_index("contact_id")["ledger_id"]

    def save(contact: str, topics: list[str]) -> None:
        token = make_unsubscribe_token(
            FOOTER_SECRET, ledger_id=ledger_ids[contact], channel="sms",
            address=f"+447911{contact[-6:]}",
        )  # fmt: skip
        r = client.post(f"/preferences?token={token}", data={"topic": topics})
        assert r.status_code == 200, r.text

    return save


def _crm_grant(store, contact: str, when: dt.datetime) -> None:
    """A CRM consent grant as the ``consent_ledger`` asset imports it (topic ``marketing``)."""
    rec = ConsentRecord(
        channel="sms", topic="marketing", status="granted", source="import",
        address=f"+447911{contact[-6:]}", occurred_at=when, contact_id=contact,
        wording_version="crm:call_centre", external_id=f"crm:ce_{contact}_{when:%H%M}",
    )  # fmt: skip
    with store.begin() as conn:
        record(conn, store.keys, rec, now=when)


def _only_blocked_skipped(store, outbox, ids: list[str], blocked: dict[str, str]) -> None:
    """The contacts of ``blocked`` were skipped for that reason; every other one was sent."""
    states = _states(store)
    assert {c: states[c] for c in blocked} == dict.fromkeys(blocked, "skipped")
    assert {states[c] for c in ids if c not in blocked} == {"submitted"}
    rows = ledger(store).set_index("contact_id")
    for contact, why in blocked.items():
        assert why in rows.loc[contact, "last_error"], contact
    sent = outbox_counts(outbox)
    assert not any(rows.loc[c, "ledger_id"] in sent for c in blocked)
    assert sum(sent.values()) == len(ids) - len(blocked)


def test_every_topic_withdrawn_in_the_preference_centre_after_enqueue_is_not_sent(setup):
    """A campaign without a topic: a person who unticks every topic of the preference centre
    gets none of its messages; one who keeps a topic still does, and so does one who ticks a
    topic again."""
    store, warehouse, outbox, prod = setup
    ids, nine = _held_sms_step(store, warehouse, prod, sms_campaign("09:00", "2026-03-02"), 10)
    save = _preference_centre(store, nine)
    save("c_0000001", ["newsletter", "events"])
    save("c_0000001", [])  # then unticks both
    save("c_0000002", [])  # first visit: saves with nothing ticked
    save("c_0000003", ["newsletter", "events"])
    save("c_0000003", ["events"])  # keeps one topic
    save("c_0000004", [])
    save("c_0000004", ["newsletter"])  # changes their mind
    # the CRM's consent import grants "marketing" (not a topic of the centre): one granted
    # before the person unticked everything keeps nothing open; one recorded after (they
    # consented again on the phone) does
    _crm_grant(store, "c_0000005", nine - dt.timedelta(days=30))
    save("c_0000005", [])
    save("c_0000006", [])
    _crm_grant(store, "c_0000006", nine + dt.timedelta(minutes=5))
    prod.settle(nine + dt.timedelta(minutes=31))
    why = "every consent topic withdrawn"
    blocked = {"c_0000001": why, "c_0000002": why, "c_0000005": why}
    _only_blocked_skipped(store, outbox, ids, blocked)


def test_a_campaign_of_a_topic_is_not_sent_to_who_withdrew_that_topic(setup):
    store, warehouse, outbox, prod = setup
    doc = sms_campaign("09:00", "2026-03-02") | {"topic": "events"}
    ids, nine = _held_sms_step(store, warehouse, prod, doc, 10)
    save = _preference_centre(store, nine)
    save("c_0000001", ["newsletter"])  # events withdrawn, the newsletter kept
    save("c_0000002", ["events"])  # keeps this campaign's topic
    save("c_0000003", ["events"])
    save("c_0000003", ["course_updates"])  # then swaps it for another
    prod.settle(nine + dt.timedelta(minutes=31))
    why = "topic 'events' withdrawn"
    _only_blocked_skipped(store, outbox, ids, {"c_0000001": why, "c_0000003": why})


def test_sms_released_at_night_waits_for_the_window_across_dst(setup):
    """Released at 03:05 on the night New York springs forward: sent at 08:00 EDT, not before
    (and not at 08:00 EST, an hour late)."""
    store, warehouse, outbox, prod = setup
    world = World(str(warehouse))
    world.add_contacts(10, timezone="America/New_York")
    world.conn.close()
    evening = dt.datetime(2026, 3, 8, 1, 30)  # 20:30 EST on 7 March
    launch(store, sms_campaign("20:30", "2026-03-07"), audience_size=10)
    breaker.record_failure(
        store, "sandbox:sms", now=evening, reason="503", cooldown=dt.timedelta(hours=5, minutes=30)
    )
    prod.settle(evening)
    night = dt.datetime(2026, 3, 8, 7, 5)  # 03:05 EDT: the hold is over, the window is not
    prod.settle(night)
    rows = ledger(store)
    assert set(rows["state"]) == {"pending"}
    assert set(rows["not_before"]) == {dt.datetime(2026, 3, 8, 12, 0)}  # 08:00 EDT
    assert "quiet hours" in rows["last_error"].iloc[0]
    assert prod.tick(dt.datetime(2026, 3, 8, 11, 59)) == []  # nothing to do before 08:00
    prod.settle(dt.datetime(2026, 3, 8, 12, 0))
    assert set(ledger(store)["state"]) == {"submitted"}
    assert sum(outbox_counts(outbox).values()) == 10


def test_budget_sends_what_fits_by_billed_segments_and_holds_the_rest(setup):
    store, warehouse, outbox, prod = setup
    world = World(str(warehouse))
    world.add_contacts(20, timezone="Europe/London")
    world.conn.close()
    nine = dt.datetime(2026, 3, 2, 9, 0)
    # UCS-2 (the emoji) and over 70 units: 2 billed segments at 0.04 each
    body = "Hi {{ first_name }} 🎓 applications for the April data analytics course close on Friday at noon."
    doc = sms_campaign("09:00", "2026-03-02", body=body, budget=0.8)
    launch(store, doc, audience_size=20)
    prod.settle(nine)
    rows = ledger(store)
    sent = rows[rows["state"] == "submitted"]
    held = rows[rows["state"] == "pending"]
    assert len(sent) == 10 and len(held) == 10  # 10 x 2 segments x 0.04 = 0.80
    assert sent["cost_amount"].tolist() == pytest.approx([0.08] * 10)
    assert set(held["held_reason"]) == {"budget"}
    # the campaign keeps running: what fitted went, nothing re-pauses on resume
    assert lifecycle.get_campaign(store, CID).status == "running"
    lifecycle.pause(store, CID, actor="maria", now=nine)
    lifecycle.resume(store, CID, actor="maria", now=nine)
    prod.settle(nine + dt.timedelta(minutes=1))
    assert lifecycle.get_campaign(store, CID).status == "running"
    assert (ledger(store)["state"] == "submitted").sum() == 10  # still over: held again
    # the marketer raises the budget: production sends the rest
    doc["budget"]["amount"] = 5
    lifecycle.apply_campaign(store, validate_campaign(doc), actor="maria", now=nine)
    prod.settle(nine + dt.timedelta(minutes=2))
    rows = ledger(store)
    assert set(rows["state"]) == {"submitted"} and rows["cost_amount"].sum() <= 5
    assert sum(outbox_counts(outbox).values()) == 20


def test_two_campaigns_dispatching_at_once_never_give_a_fourth_email(store, tmp_path):
    """Every contact already had 2 emails this week; two campaigns each have one more pending
    and dispatch at the same instant from two threads (own connections): each contact gets
    exactly one more (the cap's 3rd), the other waits for the slot to free."""
    warehouse = tmp_path / "warehouse.duckdb"
    world = World(str(warehouse))
    ids = world.add_contacts(60, timezone="Europe/London")
    world.conn.close()
    now = dt.datetime(2026, 3, 4, 10, 0)
    ledger_ = Ledger(store)
    history = [
        LedgerKey("history", f"s{k}", c, "email", 1, None, f"{c}@example.edu")
        for c in ids
        for k in (1, 2)
    ]
    ledger_.enqueue(history, now=now - dt.timedelta(days=2))
    with store.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE send_ledger SET state = 'submitted', reserved_at = created_at "
            "WHERE campaign_id = 'history'"
        )
    specs = []
    for cid in ("autumn_a", "autumn_b"):
        doc = copy.deepcopy(_DEMO) | {"campaign_id": cid}
        launch(store, doc, audience_size=200)
        specs.append(validate_campaign(doc))
        ledger_.enqueue(
            [LedgerKey(cid, "invite", c, "email", 1, "A", f"{c}@example.edu") for c in ids],
            now=now,
        )
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def dispatch_one(spec) -> None:
        own = open_store(store.url)
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            provider = SandboxEmailResource(outbox_dir=str(tmp_path / "outbox")).provider()
            barrier.wait()
            dispatch_campaign(
                own,
                WarehouseSource(con),
                spec,
                provider,
                sender=DEMO_SENDER,
                status_callback_base="https://h.example.edu",
                now=now,
                chunk=20,
            )
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            con.close()
            own.dispose()

    threads = [threading.Thread(target=dispatch_one, args=(s,)) for s in specs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    rows = ledger(store)
    window = rows[
        rows["state"].isin(["claimed", "sending", "submitted", "delivered", "bounced", "unknown"])
    ]
    per_contact = window.groupby("contact_id").size()
    assert (per_contact == 3).all() and len(per_contact) == len(ids)
    waiting = rows[
        rows["campaign_id"].isin(["autumn_a", "autumn_b"]) & (rows["state"] == "pending")
    ]
    assert len(waiting) == len(ids)  # the other one of each pair: deferred, not lost
    assert set(waiting["not_before"]) == {now - dt.timedelta(days=2) + dt.timedelta(days=7)}
    assert sum(outbox_counts(tmp_path / "outbox").values()) == len(ids)
