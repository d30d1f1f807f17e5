"""A lab for split nodes: the real journey engine and the real readout against planted rates.

:func:`run_split_lab` runs one campaign (entry on segment entry -> a split -> one email) for
``batches`` days: each day a new batch of contacts enters, the engine (:func:`advance_campaign`)
assigns and enqueues them, every message's outcome is drawn from the planted per-variant rate,
the marts the readout reads are written (``fct_sends``, ``fct_experiment_assignments``,
``fct_contact_activity``) and ``experiment_results`` is rebuilt by
:func:`ml.runs.experiments.run_experiments` -- which a bandit split reads for the next batch.
Regret is expected regret against the planted best arm (the allocation's cost, not the coin
flips). The tests and ``bench/bench_experiments.py`` (``bandit_split``) use it; the planted
truth comes from the simulator's engagement model (:data:`simulator.engagement.VARIANT_OPEN_MULT`).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import sqlalchemy as sa

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from delivery.journeys.engine import advance_campaign
from delivery.journeys.sources import WarehouseSource
from delivery.store import Store
from delivery.store.schema import send_ledger

SEGMENT = "lab_entrants"
LAB_DOC = {
    "campaign_id": "split_lab",
    "name": "Split lab",
    "type": "nurture",
    "organisation": "lab",
    "owner": "lab",
    "budget": {"amount": 100000, "currency": "EUR", "cost_per_message": {"email": 0.001}},
    "start_at": "2026-03-01T00:00:00Z",
    "organisation_timezone": "Europe/London",
    "channels": ["email"],
    "audience": {"segments": [SEGMENT]},
    "content": [
        {
            "id": "mail",
            "channel": "email",
            "default_locale": "en",
            "locales": {"en": {"subject": "Hello {{ first_name }}", "body": "<p>Hi</p>"}},
        }
    ],
    "workflow": {
        "nodes": [
            {"id": "start", "type": "entry",
             "trigger": {"kind": "segment_entry", "segment": SEGMENT}, "next": "split"},
            {"id": "split", "type": "split", "variants": [], "next": None},
            {"id": "send", "type": "send", "channel": "email", "template": "mail", "next": "done"},
            {"id": "done", "type": "exit"},
        ]
    },
}  # fmt: skip


@dataclass(frozen=True)
class LabRun:
    """Contacts per arm over the run, per batch shares, and the expected regret."""

    contacts: dict[str, int]
    shares_by_batch: list[dict[str, float]]
    regret: float
    best_arm: str


def lab_campaign(mode: str, rates: dict[str, float], metric: str) -> dict:
    """The lab's campaign document with a split over ``rates``' arms (equal weights)."""
    doc = copy.deepcopy(LAB_DOC)
    split = doc["workflow"]["nodes"][1]
    split.pop("next")
    split.update(
        variants=[{"id": v, "weight": 1, "next": "send"} for v in rates],
        mode=mode,
        bandit_metric=metric,
    )
    return doc


def _warehouse(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """create or replace table dim_contacts (contact_id varchar, first_name varchar,
           email varchar, phone varchar, timezone varchar, locale varchar,
           has_email_consent boolean, has_sms_consent boolean, is_email_suppressed boolean,
           is_sms_suppressed boolean)"""
    )
    con.execute(
        """create or replace table segment_memberships (segment_name varchar, contact_id varchar,
           valid_from timestamp, valid_to timestamp)"""
    )
    con.execute(
        """create or replace table fct_contact_activity (contact_id varchar,
           activity_type varchar, occurred_at timestamp)"""
    )
    con.execute(
        "create or replace table stg_lms__enrollments (contact_id varchar, "
        "occurred_at timestamp, revenue_amount double, is_refund boolean)"
    )
    con.execute(
        "create or replace table stg_marketing__campaigns as select 'split_lab' as campaign_id, "
        "14 as conversion_window_days, '[]' as variants"
    )


def _append(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("_rows", frame)
    try:
        exists = con.execute(
            "select count(*) from information_schema.tables where table_name = ?", [table]
        ).fetchone()[0]
        verb = f"insert into {table} by name" if exists else f"create table {table} as"
        con.execute(f"{verb} select * from _rows")
    finally:
        con.unregister("_rows")


def run_split_lab(
    store: Store,
    con: duckdb.DuckDBPyConnection,
    *,
    mode: str,
    rates: dict[str, float],
    batches: int,
    batch_size: int,
    seed: int,
    metric: str = "open_rate",
    start: dt.datetime = dt.datetime(2026, 3, 2, 10, 0),
) -> LabRun:
    """Run the lab campaign (see the module docstring) on an empty ``store`` and warehouse."""
    from delivery.content.review import approve_campaign_content
    from ml.runs.experiments import run_experiments  # ml builds on delivery: import late
    from ml.warehouse_io import write_table

    _warehouse(con)
    campaign = validate_campaign(lab_campaign(mode, rates, metric), "split_lab")
    total = batches * batch_size
    lifecycle.apply_campaign(store, campaign, actor="lab", now=start)
    lifecycle.grant_role(store, "lab_approver", "approver", email="a@x.edu", actor="lab", now=start)
    # over 1,000 contacts the launch rule wants the content approved too (not by its author)
    approve_campaign_content(store, campaign, author="lab", approver="lab_approver", now=start)
    lifecycle.approve(
        store, campaign.campaign_id, approver="lab_approver", audience_size=total, now=start
    )
    lifecycle.launch(store, campaign.campaign_id, actor="lab", audience_size=total, now=start)
    rng = np.random.default_rng(seed)
    column = {"open_rate": "opened_at", "click_rate": "clicked_at"}[metric]
    activity = {"open_rate": "opened", "click_rate": "clicked"}[metric]
    shares: list[dict[str, float]] = []
    for batch in range(batches):
        now = start + dt.timedelta(days=batch)
        ids = [f"lab_{batch:03d}_{i:06d}" for i in range(batch_size)]
        _append(con, "dim_contacts", pd.DataFrame({
            "contact_id": ids, "first_name": "Ana", "email": [f"{c}@example.edu" for c in ids],
            "phone": None, "timezone": "Europe/London", "locale": "en",
            "has_email_consent": True, "has_sms_consent": False,
            "is_email_suppressed": False, "is_sms_suppressed": False,
        }))  # fmt: skip
        _append(con, "segment_memberships", pd.DataFrame({
            "segment_name": SEGMENT, "contact_id": ids,
            "valid_from": now - dt.timedelta(minutes=5), "valid_to": pd.NaT,
        }))  # fmt: skip
        report = advance_campaign(store, WarehouseSource(con), campaign.campaign_id, now=now)
        split = report.splits.get("split", {})
        shares.append(dict(split.get("shares", {})))
        with store.engine.connect() as conn:
            sent = pd.DataFrame(
                conn.execute(
                    sa.select(send_ledger.c.contact_id, send_ledger.c.variant_id).where(
                        send_ledger.c.created_at == now
                    )
                ).all(),
                columns=["contact_id", "variant_id"],
            )
        hit = rng.random(len(sent)) < sent["variant_id"].map(rates).to_numpy(dtype=float)
        at = pd.Timestamp(now)
        event_at = pd.Series(np.where(hit, at + pd.Timedelta(hours=1), pd.NaT))
        _append(con, "fct_sends", pd.DataFrame({
            "campaign_id": campaign.campaign_id, "contact_id": sent["contact_id"],
            "variant_id": sent["variant_id"], "channel": "email", "sent_at": at,
            "is_delivered": True, "opened_at": event_at if column == "opened_at" else pd.NaT,
            "clicked_at": event_at if column == "clicked_at" else pd.NaT,
            "cost_amount": 0.001, "conversions": 0,
        }))  # fmt: skip
        _append(con, "fct_experiment_assignments", pd.DataFrame({
            "contact_id": sent["contact_id"], "campaign_id": campaign.campaign_id,
            "split_node_id": "split", "variant": sent["variant_id"], "assigned_at": at,
            "campaign_source": "enrollflow",
        }))  # fmt: skip
        _append(con, "fct_contact_activity", pd.DataFrame({
            "contact_id": sent.loc[hit, "contact_id"], "activity_type": activity,
            "occurred_at": at + pd.Timedelta(hours=1),
        }))  # fmt: skip
        readout = run_experiments(con, now + dt.timedelta(hours=12), specs=[campaign])
        if not readout.results.empty:
            write_table(con, "experiment_results", readout.results)
    counts = con.execute(
        "select variant_id, count(*) from fct_sends group by 1 order by 1"
    ).fetchall()
    contacts = {str(v): int(n) for v, n in counts}
    best = max(rates, key=rates.get)
    regret = float(sum((rates[best] - rates[v]) * n for v, n in contacts.items()))
    return LabRun(contacts, shares, regret, best)


def describe(run: LabRun) -> str:
    """One line for logs and benchmark details."""
    return json.dumps({"contacts": run.contacts, "regret": round(run.regret, 1)})
