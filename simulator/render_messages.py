"""Render the send ledger, SendGrid Event Webhook POSTs and Twilio callbacks as landing streams."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from simulator import email as em
from simulator import reference as ref
from simulator.clock import DAY, Period
from simulator.ids import mix64
from simulator.landing import Stream, compact
from simulator.render_crm import arrival_day
from simulator.sql import list_literal

Table = dict[str, np.ndarray]

SG_MESSAGE_SUFFIX = ".filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC2CA-9.0"
SG_EVENTS = (
    "processed",
    "dropped",
    "deferred",
    "delivered",
    "bounce",
    "open",
    "click",
    "spamreport",
    "unsubscribe",
    "group_unsubscribe",
)
DUPLICATE_SHARE = 0.025
LATE_SHARE = 0.03
POST_WINDOW_SECONDS = 20
POST_MAX_EVENTS = 500
ASM_GROUP_BY_TYPE = (101, 102, 103, 104)
SENDING_IP = "149.72.154.232"
TWILIO_STATUSES = ("queued", "sent", "delivered", "undelivered", "failed")


def course_slugs() -> list[str]:
    """URL slug of each course (same order as the catalogue)."""
    from simulator.catalogue import NEW_COURSE_TITLE

    titles = [t for row in ref.COURSE_TITLES for t in row] + [NEW_COURSE_TITLE]
    return [
        "".join(ch if ch.isalnum() else "-" for ch in t.lower()).replace("--", "-") for t in titles
    ]


def ledger_stream(
    email: Table, sms: Table, addresses: tuple[pa.Array, pa.Array], period: Period
) -> Stream:
    """One ledger row per message handed to a provider (email and SMS), on its send day."""
    emails, phones = addresses
    cols = {}
    for key in ("campaign", "step", "contact", "channel", "variant", "sent_at", "uid"):
        cols[key] = np.concatenate([email[key], sms[key]])
    to = pa.concat_arrays(
        [pc.take(emails, pa.array(email["contact"])), pc.take(phones, pa.array(sms["contact"]))]
    )
    order = np.lexsort((cols["uid"], cols["sent_at"]))
    table = pa.table(
        {
            "day": arrival_day(cols["sent_at"][order], period),
            **{k: v[order] for k, v in cols.items()},
            "to_address": to.take(pa.array(order)),
        }
    )
    sql = """concat('{"ledger_id":"', ledger_id(campaign, step, contact + 1, channel_name(channel)),
        '","campaign_id":"', campaign_id(campaign), '","step_id":"s', step, '","variant_id":"', variant_id(campaign, variant),
        '","contact_id":"', contact_id(contact + 1), '","channel":"', channel_name(channel), '","occurrence":1,"to_address":"',
        to_address, '","sent_at":"', iso(sent_at), '","provider":"', CASE WHEN channel = 0 THEN 'sendgrid' ELSE 'twilio' END,
        '","provider_message_id":"', CASE WHEN channel = 0 THEN hex16(uid) ELSE 'SM' || hex16(uid) || hex16(~uid) END,
        '","cost_amount":', CASE WHEN channel = 0 THEN '0.001' ELSE '0.0079' END, ',"state":"submitted"}', chr(10))"""
    return Stream(table, sql)


def _sendgrid_events(e: Table) -> Table:
    """Expand email outcomes into one row per SendGrid event (before duplication)."""
    drops = e["status"] >= em.DROP_INVALID
    parts = []

    def add(
        mask: np.ndarray, code: int, ts: np.ndarray, attempt: int = 0, machine: bool = False
    ) -> None:
        idx = np.flatnonzero(mask)
        parts.append(
            (
                idx,
                np.full(len(idx), code),
                ts[idx],
                np.full(len(idx), attempt),
                np.full(len(idx), machine),
            )
        )

    sent = e["sent_at"]
    add(~drops, 0, sent + 1)
    add(drops, 1, sent + 1)
    add(e["deferrals"] >= 1, 2, sent + 300)
    add(e["deferrals"] >= 2, 2, sent + 1200, attempt=1)
    add(e["status"] == em.DELIVERED, 3, e["delivered_at"])
    add((e["status"] == em.BOUNCED) | (e["status"] == em.BLOCKED), 4, sent + 4)
    add(e["open_at"] >= 0, 5, e["open_at"])
    add(e["reopen_at"] >= 0, 5, e["reopen_at"])
    add(e["machine_open_at"] >= 0, 5, e["machine_open_at"], machine=True)
    add(e["click_at"] >= 0, 6, e["click_at"])
    add(e["spam_at"] >= 0, 7, e["spam_at"])
    add((e["unsub_at"] >= 0) & ~e["group_unsub"], 8, e["unsub_at"])
    add((e["unsub_at"] >= 0) & e["group_unsub"], 9, e["unsub_at"])
    names = ("send", "ev", "ts", "attempt", "machine")
    return {name: np.concatenate([p[i] for p in parts]) for i, name in enumerate(names)}


def sendgrid_stream(
    rng: np.random.Generator,
    e: Table,
    emails: pa.Array,
    campaigns: Table,
    period: Period,
    salt: int,
) -> Stream:
    """SendGrid Event Webhook POST batches: retried duplicates, late and out-of-order arrival."""
    ev = _sendgrid_events(e)
    n = len(ev["ev"])
    ev["uid"] = mix64(np.arange(n), salt)
    dup = np.flatnonzero(rng.random(n) < DUPLICATE_SHARE)
    ev = {k: np.concatenate([v, v[dup]]) for k, v in ev.items()}
    is_dup = np.concatenate([np.zeros(n, bool), np.ones(len(dup), bool)])
    m = len(is_dup)
    delay = rng.lognormal(np.log(20), 1.0, m).astype(np.int64)
    late = rng.random(m) < LATE_SHARE
    delay = np.where(late, rng.integers(600, 8 * 3600, m), delay)
    delay = np.where(is_dup, rng.integers(300, 6 * 3600, m), delay)
    received = ev["ts"] + delay
    keep = received < period.end
    ev = {k: v[keep] for k, v in ev.items()}
    received, is_dup = received[keep], is_dup[keep]
    window = received // POST_WINDOW_SECONDS
    shuffle = mix64(ev["uid"] ^ is_dup.astype(np.uint64), salt + 1)
    order = np.lexsort((shuffle, window))
    window = window[order]
    first_in_window = np.searchsorted(window, window, side="left")
    post = window * 100_000 + (np.arange(len(window)) - first_in_window) // POST_MAX_EVENTS
    starts = np.ones(len(post), bool)
    starts[1:] = post[1:] != post[:-1]
    ends = np.ones(len(post), bool)
    ends[:-1] = post[1:] != post[:-1]
    s = ev["send"][order]
    k = e["campaign"][s]
    post_received = (window + 1) * POST_WINDOW_SECONDS - 1
    table = compact(
        {
            "day": (post_received - period.start) // DAY,
            "first": starts,
            "last": ends,
            "post_at": post_received,
            "ev": ev["ev"][order],
            "ts": ev["ts"][order],
            "uid": ev["uid"][order],
            "msg": e["uid"][s],
            "email": pc.take(emails, pa.array(e["contact"][s])),
            "k": k,
            "step": e["step"][s],
            "cid": e["contact"][s] + 1,
            "variant": e["variant"][s],
            "ctype": campaigns["type"][k],
            "category": campaigns["category"][k],
            "attempt": ev["attempt"][order] + 1,
            "machine": ev["machine"][order],
            "status": e["status"][s],
        },
        narrow=("ev", "status", "ctype", "step", "attempt", "variant", "category"),
    )
    slugs = list_literal(course_slugs())
    ua = list_literal(ref.USER_AGENTS)
    reasons = list_literal(em.DROP_REASONS)
    sql = f"""concat(
      CASE WHEN first THEN '{{"received_at":"' || iso(post_at) || '","events":[' ELSE '' END,
      '{{"email":"', email, '","timestamp":', ts, ',"event":"', {list_literal(SG_EVENTS)}[ev + 1],
      '","sg_event_id":"', hex16(uid), '","sg_message_id":"', hex16(msg), '{SG_MESSAGE_SUFFIX}"',
      CASE WHEN ev <= 4 THEN ',"smtp-id":"<' || hex16(msg) || '@ismtpd0001p1iad2.sendgrid.net>"' END,
      ',"category":["', campaign_type(ctype), '","', campaign_id(k), '"]',
      CASE WHEN ev IN (2, 3, 4) THEN ',"ip":"{SENDING_IP}"' END,
      CASE WHEN ev = 3 THEN ',"response":"250 2.0.0 OK"' END,
      CASE WHEN ev = 2 THEN ',"response":"451 4.7.1 Please try again later","attempt":"' || attempt || '"' END,
      CASE WHEN ev = 1 THEN ',"reason":"' || {reasons}[status + 1] || '"' END,
      CASE WHEN ev = 4 AND status = {em.BOUNCED} THEN ',"reason":"550 5.1.1 The email account that you tried to reach does not exist.","status":"5.1.1","type":"bounce"' END,
      CASE WHEN ev = 4 AND status = {em.BLOCKED} THEN ',"reason":"550 5.7.1 Message rejected due to local policy","status":"5.7.1","type":"blocked"' END,
      CASE WHEN ev = 5 AND machine THEN ',"sg_machine_open":true,"useragent":"{ref.MACHINE_OPEN_USER_AGENT}","ip":"17.58.' || (cid % 250) || '.' || (cid % 199 + 1) || '"' END,
      CASE WHEN (ev = 5 AND NOT machine) OR ev IN (6, 9) THEN
        CASE WHEN ev = 5 THEN ',"sg_machine_open":false' ELSE '' END || ',"useragent":"' || {ua}[(cid % 3) + 1]
        || '","ip":"' || (cid * 7 % 223 + 1) || '.' || (cid * 13 % 256) || '.' || (cid * 31 % 256) || '.' || (cid * 17 % 254 + 1) || '"' END,
      CASE WHEN ev = 6 THEN ',"url":"{ref.SITE}/courses/' || {slugs}[category * 5 + (k * 7 + cid - 1) % 5 + 1]
        || '?utm_source=enrollflow&utm_medium=email&utm_campaign=' || campaign_id(k) || '&utm_content=' || variant_id(k, variant) || '","url_offset":{{"index":0,"type":"html"}}' END,
      ',"asm_group_id":', {list_literal([str(g) for g in ASM_GROUP_BY_TYPE])}[ctype + 1],
      ',"ledger_id":"', ledger_id(k, step, cid, 'email'), '","campaign_id":"', campaign_id(k),
      '","contact_id":"', contact_id(cid), '","variant_id":"', variant_id(k, variant), '"}}',
      CASE WHEN last THEN ']}}' || chr(10) ELSE ',' END)"""
    return Stream(table, sql)


def twilio_stream(
    rng: np.random.Generator, s: Table, phones: pa.Array, period: Period, salt: int
) -> Stream:
    """Twilio status callbacks (queued, sent, final status) and inbound STOP/START/HELP/free text."""
    parts = []  # (sms row, kind 0 status / 1 inbound, code, ts)

    def add(mask: np.ndarray, kind: int, code: np.ndarray | int, ts: np.ndarray) -> None:
        idx = np.flatnonzero(mask)
        parts.append(
            (idx, np.full(len(idx), kind), np.broadcast_to(code, len(s["status"]))[idx], ts[idx])
        )

    n = len(s["status"])
    add(np.ones(n, bool), 0, 0, s["sent_at"])
    add(s["error_code"] != 21610, 0, 1, s["sent_cb_at"])
    add(np.ones(n, bool), 0, s["status"] + 2, s["final_at"])
    for code, col in enumerate(("stop_at", "start_at", "help_at", "text_at")):
        add(s[col] >= 0, 1, code, s[col])
    row = np.concatenate([p[0] for p in parts])
    kind = np.concatenate([p[1] for p in parts])
    code = np.concatenate([p[2] for p in parts])
    at = np.concatenate([p[3] for p in parts]) + rng.integers(0, 3, len(row))
    keep = at < period.end
    row, kind, code, at = row[keep], kind[keep], code[keep], at[keep]
    order = np.lexsort((code, kind, row, at))
    row, kind, code, at = row[order], kind[order], code[order], at[order]
    table = pa.table(
        {
            "day": (at - period.start) // DAY,
            "kind": kind,
            "code": code,
            "moment": at,
            "msg": s["uid"][row],
            "inbound": mix64(np.arange(len(row)), salt),
            "error": s["error_code"][row],
            "k": s["campaign"][row],
            "cid": s["contact"][row] + 1,
            "to": pc.take(phones, pa.array(s["contact"][row])),
            "variant": rng.integers(0, 4, len(row)),
        }
    )
    bodies = ("STOP", "START", "HELP", "Is this course available online?")
    stop_words, start_words = (
        list_literal(["STOP", "Stop", "stop", "UNSUBSCRIBE"]),
        list_literal(["START", "Start", "UNSTOP", "start"]),
    )
    status_sql = f"""concat('{{"received_at":"', iso(moment), '","url":"{ref.TWILIO_STATUS_URL}', ledger_id(k, 1, cid, 'sms'),
        '","kind":"status","params":{{"MessageSid":"SM', hex16(msg), hex16(~msg), '","MessageStatus":"',
        {list_literal(TWILIO_STATUSES)}[code + 1], '","SmsSid":"SM', hex16(msg), hex16(~msg), '","SmsStatus":"',
        {list_literal(TWILIO_STATUSES)}[code + 1], '","AccountSid":"{ref.TWILIO_ACCOUNT_SID}","From":"{ref.TWILIO_FROM}","To":"',
        "to", '","ApiVersion":"2010-04-01"', CASE WHEN code >= 3 THEN ',"ErrorCode":"' || error || '"' END,
        CASE WHEN code IN (2, 3) THEN ',"RawDlrDoneDate":"' || strftime(make_timestamp(moment * 1000000), '%y%m%d%H%M') || '"' END, '}}}}', chr(10))"""
    inbound_sql = f"""concat('{{"received_at":"', iso(moment), '","url":"{ref.TWILIO_INBOUND_URL}","kind":"inbound","params":{{"MessageSid":"SM',
        hex16(inbound), hex16(~inbound), '","From":"', "to", '","To":"{ref.TWILIO_FROM}","Body":"',
        CASE code WHEN 0 THEN {stop_words}[variant + 1] WHEN 1 THEN {start_words}[variant + 1] ELSE {list_literal(bodies)}[code + 1] END,
        '"', CASE WHEN code <= 2 THEN ',"OptOutType":"' || {list_literal(bodies[:3])}[code + 1] || '"' END,
        ',"AccountSid":"{ref.TWILIO_ACCOUNT_SID}","NumSegments":"1","NumMedia":"0"}}}}', chr(10))"""
    sql = f"CASE WHEN kind = 0 THEN {status_sql} ELSE {inbound_sql} END"
    return Stream(table, sql)


SMS_RECLICK_SHARE = 0.15  # a clicked SMS's link clicked again later (a second click, same message)
SMS_CLICK_RETRY_SHARE = 0.02  # a click POST Twilio retries (the same event again)


def twilio_clicks_stream(
    rng: np.random.Generator, s: Table, phones: pa.Array, campaigns: Table, period: Period
) -> Stream:
    """Twilio link shortening click events as the webhooks app lands them (``clicks.jsonl``).

    Every clicked SMS (``click_at``) clicks its course link once; some click it again later and
    some click POSTs are retried by Twilio (the same event arriving twice), so the marts' once per
    event and once per message counting has something to do. The link is the course page the
    SMS's web session lands on (:func:`simulator.sessions.message_landing_course`).
    """
    first = np.flatnonzero(s["click_at"] >= 0)
    again = first[rng.random(len(first)) < SMS_RECLICK_SHARE]
    row = np.concatenate([first, again])
    at = np.concatenate(
        [s["click_at"][first], s["click_at"][again] + rng.exponential(2 * 3600, len(again)).astype(np.int64) + 30]
    )  # fmt: skip
    retried = rng.random(len(row)) < SMS_CLICK_RETRY_SHARE
    row = np.concatenate([row, row[retried]])
    at = np.concatenate([at, at[retried]])
    delay = np.concatenate(
        [rng.integers(1, 5, int(len(row) - retried.sum())), rng.integers(300, 3600, int(retried.sum()))]
    )  # fmt: skip
    received = at + delay
    keep = received < period.end
    row, at, received = row[keep], at[keep], received[keep]
    order = np.lexsort((row, received))
    row, at, received = row[order], at[order], received[order]
    k = s["campaign"][row]
    table = pa.table(
        {
            "day": (received - period.start) // DAY,
            "received": received,
            "moment": at,
            "msg": s["uid"][row],
            "k": k,
            "category": campaigns["category"][k],
            "cid": s["contact"][row] + 1,
            "to": pc.take(phones, pa.array(s["contact"][row])),
        }
    )
    slugs = list_literal(course_slugs())
    ua = list_literal(ref.USER_AGENTS)
    sql = f"""concat('{{"received_at":"', iso(received), '","url":"{ref.TWILIO_CLICKS_URL}","kind":"click","event":{{',
        '"event_type":"click","sms_sid":"SM', hex16(msg), hex16(~msg), '","to":"', "to", '","from":"{ref.TWILIO_FROM}",',
        '"link":"{ref.SITE}/courses/', {slugs}[category * 5 + (k * 7 + cid - 1) % 5 + 1],
        '?utm_source=enrollflow&utm_medium=sms&utm_campaign=', campaign_id(k), '",',
        '"click_time":"', strftime(make_timestamp(moment * 1000000), '%Y-%m-%dT%H:%M:%S.000Z'),
        '","messaging_service_sid":"{ref.TWILIO_MESSAGING_SERVICE_SID}","account_sid":"{ref.TWILIO_ACCOUNT_SID}",',
        '"user_agent":"', {ua}[(cid % 3) + 1], '"}}}}', chr(10))"""
    return Stream(table, sql)
