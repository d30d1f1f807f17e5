"""DataFrames shaped like the marts, read straight from a simulated landing zone.

The ML tests that check recovery of the simulator's planted truth use these, so they do not depend
on the ingest + dbt chain (tested elsewhere); the columns are the marts' (docs/data-contract.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

_EVENT_TYPES = {"spamreport": "complaint", "group_unsubscribe": "unsubscribe"}


def _lines(landing: Path, source: str, name: str):
    for path in sorted((landing / source).glob(f"*/{name}.jsonl*")):
        opener = __import__("gzip").open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)


def message_events(landing: Path) -> pd.DataFrame:
    """SendGrid events as ``fct_message_events`` rows (de-duplicated on ``sg_event_id``)."""
    rows = [
        {
            "event_id": e["sg_event_id"],
            "message_id": e.get("ledger_id"),
            "contact_id": e.get("contact_id"),
            "campaign_id": e.get("campaign_id"),
            "event_type": _EVENT_TYPES.get(e["event"], e["event"]),
            "event_at": pd.Timestamp(e["timestamp"], unit="s"),
            "is_machine_open": bool(e.get("sg_machine_open", False)),
        }
        for post in _lines(landing, "sendgrid", "events")
        for e in post["events"]
    ]
    return pd.DataFrame(rows).drop_duplicates("event_id")


def contacts(landing: Path) -> pd.DataFrame:
    """Latest CRM record per contact as ``dim_contacts`` rows (``timezone``, ``created_at``...)."""
    frame = pd.DataFrame(list(_lines(landing, "crm", "contacts")))
    frame = frame.sort_values("updated_at").drop_duplicates("contact_id", keep="last")
    for col in ("created_at", "updated_at"):
        frame[col] = pd.to_datetime(frame[col]).dt.tz_localize(None)
    return frame.reset_index(drop=True)


def enrollments(landing: Path) -> pd.DataFrame:
    """Enrollments and refunds as ``stg_lms__enrollments`` rows."""
    frame = pd.DataFrame(list(_lines(landing, "lms", "enrollments")))
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"]).dt.tz_localize(None)
    frame["is_refund"] = frame["type"] == "refund"
    frame["revenue_amount"] = frame["amount"].where(~frame["is_refund"], -frame["amount"])
    return frame


def campaign_members(landing: Path) -> pd.DataFrame:
    """The CRM's campaign-member export as ``stg_marketing__campaign_members`` rows, with each
    campaign's ``conversion_window_days`` (from its definition)."""
    frame = pd.DataFrame(list(_lines(landing, "marketing", "campaign_members")))
    frame["added_at"] = pd.to_datetime(frame["added_at"]).dt.tz_localize(None)
    frame["is_holdout"] = frame["member_status"] == "holdout"
    campaigns = pd.DataFrame(list(_lines(landing, "marketing", "campaigns")))
    return frame.merge(campaigns[["campaign_id", "conversion_window_days"]], on="campaign_id")
