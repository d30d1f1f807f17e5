"""The demo campaign, end to end against the sandbox providers (what ``make demo`` runs).

``run_demo_campaign`` applies ``delivery/campaigns/examples/spring_enrollment.yml`` (re-dated to
start at ``now``), approves and launches it, then runs the engine hour by hour over four
simulated days: the 09:00-local invitation leaves zone by zone with a subject-line A/B test,
non-openers get an SMS reminder after 48 h, and contacts who enroll exit. Every message goes
through the ledger and the sandbox providers (files under ``out_dir/outbox``).

The sandbox produces no engagement, so opens and enrollments after the send are *simulated*
(deterministic per contact, with a planted uplift for variant B) and reported as such.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import sqlalchemy as sa
import yaml

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import NotFoundError
from delivery.campaigns.graph import to_mermaid
from delivery.campaigns.rules import needs_approval, utc_naive
from delivery.campaigns.tables import journey_state
from delivery.campaigns.validation import validate_campaign
from delivery.journeys.engine import advance_campaign
from delivery.journeys.nodes import unit_hash
from delivery.journeys.render import dispatch_campaign
from delivery.journeys.scheduling import due_steps
from delivery.journeys.sources import WarehouseSource
from delivery.ledger import Ledger
from delivery.providers.sandbox import SandboxProvider
from delivery.rendering.email import Sender
from delivery.store import open_store
from delivery.store.schema import send_ledger

DEMO_FILE = Path(__file__).resolve().parents[1] / "campaigns" / "examples" / "spring_enrollment.yml"
DEMO_SENDER = Sender(
    from_email="admissions@northbridge.example.edu",
    from_name="Northbridge Academy",
    organisation="Northbridge Academy",
    postal_address="1 College Road, Leeds LS1 1AA, United Kingdom",
    unsubscribe_base_url="http://127.0.0.1:8000",
    unsubscribe_secret="demo-only-secret",
)
#: Planted truth of the simulated engagement: open probability per variant, enroll after open.
OPEN_RATE = {"A": 0.30, "B": 0.38}
ENROLL_RATE_AFTER_OPEN = 0.08


class SimulatedEngagement:
    """A :class:`WarehouseSource` plus simulated opens/enrollments for the demo's messages."""

    def __init__(self, base: WarehouseSource) -> None:
        self.base = base
        self.extra = pd.DataFrame(
            {
                "contact_id": pd.Series(dtype=str),
                "activity_type": pd.Series(dtype=str),
                "occurred_at": pd.Series(dtype="datetime64[us]"),
            }
        )
        self._seen: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)

    def activity(self, types, since, until) -> pd.DataFrame:
        """Warehouse activity plus the simulated events, within ``(since, until]``."""
        extra = self.extra[
            self.extra["activity_type"].isin(list(types))
            & (self.extra["occurred_at"] > pd.Timestamp(since))
            & (self.extra["occurred_at"] <= pd.Timestamp(until))
        ]
        base = self.base.activity(types, since, until)
        return (
            pd.concat([base, extra], ignore_index=True)
            if len(base)
            else extra.reset_index(drop=True)
        )

    def new_activity(self, since: dt.datetime, until: dt.datetime) -> bool:
        """Whether simulated activity happened in ``(since, until]``."""
        at = self.extra["occurred_at"]
        return bool(((at > pd.Timestamp(since)) & (at <= pd.Timestamp(until))).any())

    def simulate(self, sent: pd.DataFrame) -> None:
        """Plant opens (by variant) and some enrollments for newly submitted emails."""
        new = sent[~sent["ledger_id"].isin(self._seen)]
        if new.empty:
            return
        self._seen.update(new["ledger_id"])
        u = unit_hash(new["contact_id"], "demo-open")
        rate = new["variant_id"].map(OPEN_RATE).fillna(0.3).to_numpy()
        opened = new[u < rate]
        delay = unit_hash(opened["contact_id"], "demo-delay") * 10 + 1
        open_at = pd.to_datetime(opened["submitted_at"]) + pd.to_timedelta(delay, unit="h")
        enrolls = unit_hash(opened["contact_id"], "demo-enroll") < ENROLL_RATE_AFTER_OPEN
        events = [
            pd.DataFrame(
                {
                    "contact_id": opened["contact_id"],
                    "activity_type": "opened",
                    "occurred_at": open_at,
                }
            ),
            pd.DataFrame(
                {
                    "contact_id": opened.loc[enrolls, "contact_id"],
                    "activity_type": "enrolled",
                    "occurred_at": open_at[enrolls] + pd.Timedelta(hours=20),
                }
            ),
        ]
        self.extra = pd.concat([self.extra, *events], ignore_index=True)


def demo_document(now: dt.datetime) -> dict:
    """The demo file re-dated: starts at ``now``, the invitation fires the next local day."""
    doc = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    doc["start_at"] = now.isoformat()
    doc["end_at"] = (now + dt.timedelta(days=30)).isoformat()
    entry = doc["workflow"]["nodes"][0]
    entry["trigger"]["once_on"] = (now + dt.timedelta(days=1)).date().isoformat()
    return doc


def run_demo_campaign(
    store_url: str,
    warehouse_path: str | Path,
    now: dt.datetime,
    out_dir: str | Path,
    *,
    days: int = 4,
) -> dict[str, Any]:
    """Run the demo campaign end to end against the sandbox providers.

    Parameters
    ----------
    store_url : str
        Ops store URL (migrated to head if needed).
    warehouse_path : str or Path
        DuckDB warehouse with the marts and ``segment_memberships`` (opened read-only).
    now : datetime.datetime
        Simulated now (UTC): the campaign starts here.
    out_dir : str or Path
        Where the sandbox outbox, the workflow graph and ``campaign_summary.json`` go.
    days : int
        Simulated days to run, ticking hourly.

    Returns
    -------
    dict
        Audience, messages per channel and variant, simulated opens per variant, exits, spend,
        final status and file paths (also written to ``out_dir/campaign_summary.json``).
    """
    now = utc_naive(now).replace(minute=0, second=0, microsecond=0)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    campaign = validate_campaign(demo_document(now), str(DEMO_FILE))
    cid = campaign.campaign_id
    store = open_store(store_url, create=True)  # the demo is a fresh start: it may create
    conn = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        source = SimulatedEngagement(WarehouseSource(conn))
        audience = len(
            source.audience(campaign.audience.segments, campaign.audience.exclude_segments, now)
        )
        if _already_launched(store, cid):
            pass  # a re-run continues the same campaign: the ledger keeps every send unique
        else:
            _apply_and_launch(store, campaign, audience, now)
        providers = [
            SandboxProvider(out / "outbox" / "email", channel="email", account="demo-email"),
            SandboxProvider(out / "outbox" / "sms", channel="sms", account="demo-sms"),
        ]
        alerts: list[str] = []
        zones = source.zones()
        started: set[str] = set()
        for hour in range(days * 24 + 1):
            moment = now + dt.timedelta(hours=hour)
            # what the Dagster sensors do: run a step when one is due (once per run_key) or
            # when new activity arrived since the previous tick
            keys = {s.run_key for s in due_steps(store, zones, moment) if s.campaign_id == cid}
            if not (keys - started) and not source.new_activity(
                moment - dt.timedelta(hours=1), moment
            ):
                continue
            started |= keys
            report = advance_campaign(store, source, cid, now=moment)
            alerts += report.alerts
            if not Ledger(store).counts(campaign_id=cid).get("pending"):
                continue
            for provider in providers:
                dispatch_campaign(
                    store,
                    source,
                    campaign,
                    provider,
                    sender=DEMO_SENDER,
                    status_callback_base="http://127.0.0.1:8000",
                    now=moment,
                )
            source.simulate(_submitted_emails(store, cid))
        summary = _summary(store, source, cid, audience, out, alerts)
    finally:
        conn.close()
        store.dispose()
    (out / "campaign_graph.mmd").write_text(to_mermaid(campaign), encoding="utf-8")
    (out / "campaign_summary.json").write_text(
        json.dumps(summary, indent=2, default=str), encoding="utf-8"
    )
    return summary


def _already_launched(store, cid: str) -> bool:
    try:
        return lifecycle.get_campaign(store, cid).status not in ("draft", "approved")
    except NotFoundError:
        return False


def _apply_and_launch(store, campaign, audience: int, now: dt.datetime) -> None:
    cid = campaign.campaign_id
    lifecycle.apply_campaign(store, campaign, actor="demo.marketer", now=now, source=str(DEMO_FILE))
    if needs_approval(audience):
        lifecycle.grant_role(
            store,
            "demo.approver",
            "approver",
            email="approver@example.edu",
            actor="demo.admin",
            now=now,
        )
        lifecycle.approve(store, cid, approver="demo.approver", audience_size=audience, now=now)
    lifecycle.launch(store, cid, actor="demo.marketer", audience_size=audience, now=now)


def _submitted_emails(store, cid: str) -> pd.DataFrame:
    L = send_ledger
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(L.c.ledger_id, L.c.contact_id, L.c.variant_id, L.c.submitted_at).where(
                L.c.campaign_id == cid, L.c.channel == "email", L.c.state == "submitted"
            )
        ).all()
    return pd.DataFrame(rows, columns=["ledger_id", "contact_id", "variant_id", "submitted_at"])


def _summary(
    store, source: SimulatedEngagement, cid: str, audience: int, out: Path, alerts: list[str]
) -> dict[str, Any]:
    with store.engine.connect() as conn:
        sent = pd.DataFrame(
            conn.execute(
                sa.select(
                    send_ledger.c.channel,
                    send_ledger.c.variant_id,
                    send_ledger.c.state,
                    send_ledger.c.contact_id,
                ).where(send_ledger.c.campaign_id == cid)
            ).all(),
            columns=["channel", "variant_id", "state", "contact_id"],
        )
        journeys = pd.DataFrame(
            conn.execute(
                sa.select(
                    journey_state.c.status, journey_state.c.exit_reason, journey_state.c.variant_id
                ).where(journey_state.c.campaign_id == cid)
            ).all(),
            columns=["status", "exit_reason", "variant_id"],
        )
    record = lifecycle.get_campaign(store, cid)
    emails = sent[sent["channel"] == "email"]
    opens = source.extra[source.extra["activity_type"] == "opened"].merge(
        emails[["contact_id", "variant_id"]], on="contact_id"
    )
    per_variant = {
        v: {
            "emails": int((emails["variant_id"] == v).sum()),
            "simulated_opens": int((opens["variant_id"] == v).sum()),
        }
        for v in sorted(emails["variant_id"].dropna().unique())
    }
    costs = record.spec.budget.cost_per_message
    spend = float(
        sum(
            costs.get(ch, 0.0) * n
            for ch, n in sent[sent["state"] != "skipped"]["channel"].value_counts().items()
        )
    )
    return {
        "campaign_id": cid,
        "status": record.status,
        "audience": audience,
        "journeys": int(len(journeys)),
        "holdout": int((journeys["variant_id"] == "holdout").sum()),
        "exited_on_enrollment": int(
            journeys["exit_reason"].fillna("").str.startswith("converted").sum()
        ),
        "messages": {ch: int(n) for ch, n in sent["channel"].value_counts().items()},
        "ledger_states": Ledger(store).counts(campaign_id=cid),
        "variants": per_variant,
        "engagement_note": "opens and enrollments are simulated (the sandbox provider produces none)",
        "spend_amount": round(spend, 4),
        "budget_amount": record.spec.budget.amount,
        "alerts": alerts,
        "outbox": str(out / "outbox"),
        "graph": str(out / "campaign_graph.mmd"),
    }
