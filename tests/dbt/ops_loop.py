"""The tiny business plus one campaign run by EnrollFlow, landed and ingested as production does.

``build_loop`` takes the tiny business's raw warehouse, runs an EnrollFlow campaign in a real ops
store (SQLite or Postgres) through the lifecycle and the ledger (``tests/ingest/ops_store_rows``),
exports the ops store to the landing zone, writes the provider events for those messages in
SendGrid's Event Webhook format -- with duplicated POSTs and an open arriving before its
delivery -- and a few enrollments in the LMS export format, ingests the new day partitions with
the ordinary loader, and builds dbt. Every expected figure is computed from what was written here.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from delivery.ledger import Ledger, LedgerKey
from delivery.store import Store
from delivery.webhooks.effects import apply_twilio_status
from enrollflow.ingest import ingest_source
from enrollflow.ingest.ops_export import export_ops_store
from simulator.reference import TWILIO_STATUS_URL
from tests.ingest.ops_store_rows import LEASE, Filled, campaign_doc, fill_ops_store, unsubscribe

CAMPAIGN = "spring_loop"
N_CONTACTS = 40


@dataclass
class Loop:
    """What was written, so tests can reconcile the marts against it."""

    filled: Filled
    now: dt.datetime
    landing: Path
    sms_ids: list[str] = field(default_factory=list)
    delivered: set[str] = field(default_factory=set)
    opened: set[str] = field(default_factory=set)
    clicked: set[str] = field(default_factory=set)
    bounced: set[str] = field(default_factory=set)
    unsubscribed: set[str] = field(default_factory=set)
    enrolled: dict[str, str] = field(default_factory=dict)  # contact -> enrollment id
    # privacy: who changed preferences in the preference centre, who objected to what
    preferences: str = ""
    objected: dict[str, str] = field(default_factory=dict)  # scope -> contact

    @property
    def day(self) -> dt.date:
        return self.now.date()

    @property
    def message_ids(self) -> list[str]:
        """Every message the campaign handed to a provider (emails, then SMS reminders)."""
        return [*self.filled.ledger_ids, *self.sms_ids]


def _iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=None).isoformat() + "Z"


def _write_jsonl(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def crm_contacts(con) -> list[tuple[str, str]]:
    """(contact_id, lower-cased email) of the first contacts with a valid email."""
    return con.execute(
        "SELECT contact_id, lower(trim(email)) FROM raw_crm__contacts "
        "WHERE email LIKE '%_@_%._%' QUALIFY row_number() OVER (PARTITION BY contact_id "
        "ORDER BY updated_at DESC) = 1 ORDER BY contact_id LIMIT ?",
        [N_CONTACTS],
    ).fetchall()


def run_campaign(store: Store, contacts: list[tuple[str, str]], now: dt.datetime) -> Filled:
    """Apply (KPI target 0.5), approve and send the campaign to ``contacts``."""
    ids = [c for c, _ in contacts]
    doc = campaign_doc(CAMPAIGN, now - dt.timedelta(days=1), kpis={"target_conversion_rate": 0.5})
    return fill_ops_store(store, now, ids, campaign_id=CAMPAIGN, addresses=dict(contacts), doc=doc)


def write_provider_events(loop: Loop) -> None:
    """SendGrid POSTs for the campaign's messages: duplicates and out-of-order on purpose."""
    ids = loop.filled.ledger_ids
    contact = {lid: lid.split(":")[2] for lid in ids}
    email = loop.filled.addresses
    base = loop.now + dt.timedelta(minutes=10)

    def event(lid: str, kind: str, minutes: int, n: int, **extra) -> dict:
        c = contact[lid]
        return {
            "email": email[c],
            "timestamp": int((base + dt.timedelta(minutes=minutes)).timestamp()),
            "event": kind,
            "sg_event_id": f"ev-{kind}-{n}",
            "sg_message_id": f"sg-{ids.index(lid)}.filter",
            "ledger_id": lid,
            "campaign_id": CAMPAIGN,
            "contact_id": c,
            **extra,
        }

    delivered = ids[:-2]
    loop.delivered = set(delivered)
    loop.bounced = set(ids[-2:])
    loop.opened = set(delivered[:12])
    loop.clicked = set(delivered[:5])
    loop.unsubscribed = {delivered[0]}
    first_post = [
        event(lid, "open", 30, i) for i, lid in enumerate(delivered[:12])
    ]  # before delivery
    first_post += [
        event(lid, "click", 31, i, url="https://example.edu/c")
        for i, lid in enumerate(delivered[:5])
    ]
    second_post = [event(lid, "delivered", 1, i) for i, lid in enumerate(delivered)]
    second_post += [
        event(lid, "bounce", 1, i, type="bounce", reason="550") for i, lid in enumerate(ids[-2:])
    ]
    second_post += [event(delivered[0], "unsubscribe", 40, 0)]
    # a second open of the same message, and a repeat of the whole first POST (SendGrid retries)
    third_post = [event(delivered[0], "open", 50, 100)]
    received = loop.now + dt.timedelta(hours=1)
    posts = [
        {"received_at": _iso(received), "events": first_post},
        {"received_at": _iso(received + dt.timedelta(minutes=1)), "events": second_post},
        {"received_at": _iso(received + dt.timedelta(minutes=2)), "events": first_post},
        {"received_at": _iso(received + dt.timedelta(minutes=3)), "events": third_post},
    ]
    _write_jsonl(loop.landing / "sendgrid" / loop.day.isoformat() / "events.jsonl", posts)


def send_sms_reminders(store: Store, loop: Loop, n: int = 4) -> None:
    """``n`` non-openers get the SMS reminder through the ledger (Twilio accepts each); Twilio's
    status callbacks land -- ``delivered`` before ``sent``, repeated, one ``undelivered`` -- and
    the webhooks' own effect moves the ledger rows as the app would."""
    contacts = [lid.split(":")[2] for lid in loop.filled.ledger_ids if lid not in loop.opened][:n]
    phones = {c: f"+4477009{i:05d}" for i, c in enumerate(contacts)}
    ledger = Ledger(store)
    keys = [
        LedgerKey(CAMPAIGN, "reminder", c, "sms", 1, loop.filled.variants[c], phones[c])
        for c in contacts
    ]
    at = loop.now + dt.timedelta(minutes=20)
    ledger.enqueue(keys, now=at)
    ids = [r.ledger_id for r in ledger.claim(owner="t", now=at, lease=LEASE, channel="sms")]
    ledger.mark_sending(ids, owner="t", now=at, lease=LEASE, provider="twilio")
    sids = {lid: f"SM{i:032d}" for i, lid in enumerate(ids)}
    ledger.mark_submitted(sids, owner="t", now=at)
    loop.sms_ids = sorted(ids)
    undelivered = loop.sms_ids[-1]
    loop.delivered |= set(loop.sms_ids[:-1])
    loop.bounced |= {undelivered}
    callbacks = []
    for minutes, lid in enumerate(loop.sms_ids):
        final = "undelivered" if lid == undelivered else "delivered"
        for status in (final, final, "sent"):  # the final status first, and twice
            params = {
                "MessageSid": sids[lid], "MessageStatus": status, "SmsSid": sids[lid],
                "SmsStatus": status, "AccountSid": "AC" + "0" * 32, "From": "+15005550006",
                "To": phones[lid.split(":")[2]], "ApiVersion": "2010-04-01",
                **({"ErrorCode": "30003"} if status == "undelivered" else {}),
            }  # fmt: skip
            received = at + dt.timedelta(minutes=5 + minutes)
            callbacks.append(
                {
                    "received_at": _iso(received),
                    "url": f"{TWILIO_STATUS_URL}{quote(lid, safe='')}",
                    "kind": "status",
                    "params": params,
                }
            )
            apply_twilio_status(store, params, ledger_id=lid, now=received)
    _write_jsonl(loop.landing / "twilio" / loop.day.isoformat() / "callbacks.jsonl", callbacks)


def write_enrollments(loop: Loop, n: int = 2) -> None:
    """``n`` of the clickers enroll a few hours after the send (LMS export format)."""
    records = []
    for i, lid in enumerate(sorted(loop.clicked)[:n]):
        contact = lid.split(":")[2]
        enrollment_id = f"enr_loop_{i}"
        loop.enrolled[contact] = enrollment_id
        records.append(
            {
                "enrollment_id": enrollment_id,
                "type": "enrollment",
                "contact_id": contact,
                "course_id": "crs_001",
                "occurred_at": _iso(loop.now + dt.timedelta(hours=3, minutes=i)),
                "amount": 900.0,
                "currency": "EUR",
            }
        )
    _write_jsonl(loop.landing / "lms" / loop.day.isoformat() / "enrollments.jsonl", records)


def export_and_ingest(store: Store, con, loop: Loop, at: dt.datetime) -> None:
    """Export the ops store into the landing zone and ingest the loop's day of every source."""
    export_ops_store(store, loop.landing, at)
    for source in ("ops", "sendgrid", "twilio", "lms"):
        ingest_source(con, loop.landing, source, loop.day, at.date(), at)


def start_loop(store: Store, con, landing: Path, now: dt.datetime) -> Loop:
    """Run the campaign, land its events and enrollments, unsubscribe one recipient, ingest."""
    contacts = crm_contacts(con)
    filled = run_campaign(store, contacts, now)
    loop = Loop(filled, now, landing)
    write_provider_events(loop)
    send_sms_reminders(store, loop)
    write_enrollments(loop)
    first = sorted(loop.unsubscribed)[0]
    contact = first.split(":")[2]
    unsubscribe(store, first, filled.addresses[contact], now + dt.timedelta(hours=1))
    record_privacy(store, loop, now + dt.timedelta(hours=1))
    export_and_ingest(store, con, loop, now + dt.timedelta(hours=2))
    return loop


def record_privacy(store: Store, loop: Loop, at: dt.datetime) -> None:
    """A preference-centre grant then withdrawal (with its wording and IP), a CRM import copy of
    the same person's consent, and one objection per scope -- written by the privacy code."""
    from privacy.consent import ConsentRecord, record
    from privacy.objections import record_objection

    contacts = sorted(loop.filled.addresses)
    loop.preferences = contacts[1]
    address = loop.filled.addresses[loop.preferences]
    with store.begin() as conn:
        for minutes, status in ((0, "granted"), (20, "withdrawn")):
            when = at + dt.timedelta(minutes=minutes)
            record(conn, store.keys, ConsentRecord(
                "email", "newsletter", status, "preference_centre", address, when,
                contact_id=loop.preferences, wording_version="preferences-v1",
                ip="198.51.100.7", user_agent="Mozilla/5.0"), now=when)  # fmt: skip
        record(conn, store.keys, ConsentRecord(
            "email", "marketing", "granted", "import", address, at - dt.timedelta(days=3),
            contact_id=loop.preferences, wording_version="crm:signup_form",
            external_id="crm:loop-1"), now=at)  # fmt: skip
        for scope, contact in zip(("marketing", "sell_share"), contacts[2:4], strict=True):
            record_objection(conn, contact_id=contact, scope=scope, source="admin", now=at)
            loop.objected[scope] = contact


def copy_raw(raw: Path, to: Path) -> Path:
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(raw, to)
    return to
