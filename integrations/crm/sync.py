"""Two-way contact sync between the warehouse and HubSpot, incremental and idempotent.

Ownership (the conflict rule; also in integrations/README.md):

- **EnrollFlow owns what it computes** — segment membership, engagement, enrollments, its own opt-out
  — and pushes them as ``enrollflow_*`` properties. HubSpot never overwrites them here.
- **HubSpot owns the contact attributes people edit there** — first and last name, phone — which are
  pulled into the landing zone as a CRM export (``crm/<day>/contacts-hubspot.jsonl``), so they flow
  through ingest and dbt like any CRM change. A change in both places: the newer
  ``lastmodifieddate`` of HubSpot lands after EnrollFlow's own record and wins for those attributes.
- **Opting out is the most restrictive rule, both ways**: an opt-out in HubSpot
  (``hs_email_optout``) lands as a revoked email consent event; EnrollFlow's unsubscribes and
  suppressions are pushed as ``enrollflow_email_opt_out``.
- Contacts who objected to their data being shared (``dim_contacts.has_objected_to_tracking``, when
  the warehouse has it) are never pushed.

Incremental: a contact is pushed only when the hash of what would be pushed changed
(``hubspot_push_state``); HubSpot changes are pulled after a cursor on ``lastmodifieddate``
(``hubspot_pull_state``), and a pulled contact whose HubSpot-owned attributes equal the warehouse's
(typically the echo of our own push) lands nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from delivery.webhooks.landing import LandingWriter
from integrations.analytics.events import OBJECTION_COLUMN
from integrations.crm.hubspot import HubSpotCrm

PUSH_STATE = "hubspot_push_state"
PULL_STATE = "hubspot_pull_state"
OWNED_BY_HUBSPOT = {"firstname": "first_name", "lastname": "last_name", "phone": "phone"}
PULLED = (
    "email",
    "enrollflow_contact_id",
    "hs_email_optout",
    "lastmodifieddate",
    *OWNED_BY_HUBSPOT,
)
LANDING_CONTACTS = "contacts-hubspot.jsonl"
LANDING_CONSENT = "consent-hubspot.jsonl"


@dataclass(frozen=True)
class CrmSyncReport:
    pushed: int
    unchanged: int
    pulled: int
    landed_contacts: int
    landed_opt_outs: int


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns where table_name = ?", [table]
        ).fetchall()
    }


def outgoing(con: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    """The HubSpot properties of every contact EnrollFlow may push (with an email)."""
    objection = (
        f" and not coalesce(c.{OBJECTION_COLUMN}, false)"
        if OBJECTION_COLUMN in _columns(con, "dim_contacts")
        else ""
    )
    has_segments = bool(_columns(con, "segment_memberships"))
    segments = (
        "(select string_agg(segment_name, ';' order by segment_name) from segment_memberships s "
        "where s.contact_id = c.contact_id and s.valid_to is null)"
        if has_segments
        else "null"
    )
    rows = con.execute(
        f"""
        select c.contact_id, c.email, c.first_name, c.last_name, c.phone,
               coalesce(c.opens_30d, 0), coalesce(c.clicks_30d, 0),
               coalesce(c.enrollments_count, 0), c.last_engaged_at,
               coalesce(c.is_unsubscribed, false) or coalesce(c.is_email_suppressed, false),
               {segments}
        from dim_contacts c
        where c.email is not null{objection}
        order by c.contact_id
        """
    ).fetchall()
    return [
        {
            "email": email,
            "firstname": first or "",
            "lastname": last or "",
            "phone": phone or "",
            "enrollflow_contact_id": cid,
            "enrollflow_segments": segs or "",
            "enrollflow_opens_30d": str(opens),
            "enrollflow_clicks_30d": str(clicks),
            "enrollflow_enrollments": str(enrollments),
            "enrollflow_last_engaged_at": engaged.isoformat() if engaged else "",
            "enrollflow_email_opt_out": "true" if opted_out else "false",
        }
        for cid, email, first, last, phone, opens, clicks, enrollments, engaged, opted_out, segs in rows
    ]


def _digest(record: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()


def latest_crm_records(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Each contact's latest ``raw_crm__contacts`` record, as the landing file would carry it."""
    columns = [c for c in _columns(con, "raw_crm__contacts") if not c.startswith("_")]
    if not columns:
        return {}
    select = ", ".join(f'"{c}"' for c in columns)
    rows = con.execute(
        f"select {select} from raw_crm__contacts "
        "qualify row_number() over (partition by contact_id order by updated_at desc) = 1"
    ).fetchall()
    out = {}
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        for key, value in record.items():
            if isinstance(value, dt.datetime):
                record[key] = value.replace(microsecond=0).isoformat() + "Z"
            elif key == "interests" and isinstance(value, str):
                record[key] = json.loads(value)
        out[record["contact_id"]] = record
    return out


def push(con: duckdb.DuckDBPyConnection, crm: HubSpotCrm, *, now: dt.datetime) -> tuple[int, int]:
    """Upsert the contacts whose pushed properties changed; returns (pushed, unchanged)."""
    con.execute(
        f"create table if not exists {PUSH_STATE} (contact_id varchar primary key, "
        "digest varchar, pushed_at timestamp)"
    )
    known = dict(con.execute(f"select contact_id, digest from {PUSH_STATE}").fetchall())
    records = outgoing(con)
    changed = [r for r in records if known.get(r["enrollflow_contact_id"]) != _digest(r)]
    for start in range(0, len(changed), 100):  # state follows each accepted batch
        batch = changed[start : start + 100]
        crm.upsert_contacts(batch)
        ids = [r["enrollflow_contact_id"] for r in batch]
        # delete + insert, not "insert or replace": a state table pulled into a Postgres
        # warehouse's workspace has no primary key
        con.execute(f"delete from {PUSH_STATE} where contact_id = any(?)", [ids])
        con.executemany(
            f"insert into {PUSH_STATE} values (?, ?, ?)",
            [(r["enrollflow_contact_id"], _digest(r), now) for r in batch],
        )
    return len(changed), len(records) - len(changed)


def pull(
    con: duckdb.DuckDBPyConnection, crm: HubSpotCrm, landing: Path, *, now: dt.datetime
) -> tuple[int, int, int]:
    """Land HubSpot's changes since the cursor; returns (pulled, contacts landed, opt-outs landed)."""
    con.execute(
        f"create table if not exists {PULL_STATE} (id integer primary key, cursor_ms bigint)"
    )
    row = con.execute(f"select cursor_ms from {PULL_STATE} where id = 1").fetchone()
    cursor = row[0] if row else 0
    current = latest_crm_records(con)
    writer = LandingWriter(landing)
    stamp = now.replace(tzinfo=dt.UTC)
    pulled = contacts = opt_outs = 0
    for contact in crm.changed_since(cursor, PULLED):
        pulled += 1
        props = contact.properties
        cid = props.get("enrollflow_contact_id") or f"hs_{contact.hubspot_id}"
        changed_at = contact.updated_at.replace(microsecond=0).isoformat() + "Z"
        theirs = {ours: props.get(field) or None for field, ours in OWNED_BY_HUBSPOT.items()}
        ours = current.get(cid, {})
        if cid not in current or any(theirs[k] != ours.get(k) for k in theirs):
            # the CRM record as it stands, with HubSpot's attributes over it: a later record
            # replaces the contact's row downstream, so nothing else may be lost
            record = {**ours, "contact_id": cid, **theirs, "updated_at": changed_at}
            record.setdefault("email", props.get("email"))
            record.setdefault("lead_source", "partner")
            record.setdefault("created_at", changed_at)
            writer.append("crm", LANDING_CONTACTS, record, received_at=stamp)
            contacts += 1
        if (props.get("hs_email_optout") or "").lower() == "true":
            writer.append(
                "crm",
                LANDING_CONSENT,
                {"consent_event_id": f"hs_optout_{contact.hubspot_id}_{changed_at}",
                 "contact_id": cid, "channel": "email", "status": "revoked",
                 "occurred_at": changed_at, "source": "import"},
                received_at=stamp,
            )  # fmt: skip
            opt_outs += 1
        last_ms = int(contact.updated_at.replace(tzinfo=dt.UTC).timestamp() * 1000)
        cursor = max(cursor, last_ms)
        con.execute(f"delete from {PULL_STATE} where id = 1")
        con.execute(f"insert into {PULL_STATE} values (1, ?)", [cursor])
    return pulled, contacts, opt_outs


def sync_hubspot(
    con: duckdb.DuckDBPyConnection, crm: HubSpotCrm, landing: Path, *, now: dt.datetime
) -> CrmSyncReport:
    """Pull HubSpot's changes into the landing zone, then push EnrollFlow's changes."""
    pulled, landed, opt_outs = pull(con, crm, landing, now=now)
    pushed, unchanged = push(con, crm, now=now)
    return CrmSyncReport(pushed, unchanged, pulled, landed, opt_outs)
