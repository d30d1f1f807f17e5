"""Which campaign steps are due: what the scheduler sensor asks on every tick.

Set-based over the ops store: one grouped query over ``journey_state`` for every running
campaign, plus the entry schedules evaluated per time zone (a "09:00 local" entry is due in a
zone once that zone reaches 09:00). Each due step becomes one :class:`DueStep` whose
:attr:`~DueStep.run_key` is stable for the same work, so a tick replayed after a crash asks for
the same run and Dagster starts it only once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from delivery.campaigns.models import Campaign
from delivery.campaigns.rules import resolve_zones, utc_naive
from delivery.campaigns.tables import campaign_versions, campaigns
from delivery.campaigns.tables import journey_state as J
from delivery.journeys.nodes import schedule_fires
from delivery.store import Store


@dataclass(frozen=True, order=True)
class DueStep:
    """One step of one campaign with work to do."""

    due_at: dt.datetime
    campaign_id: str
    organisation: str
    step_id: str
    occurrence: int

    @property
    def run_key(self) -> str:
        """``<campaign>:<step>:<occurrence>:<due minute>``: same work, same key."""
        return f"{self.campaign_id}:{self.step_id}:{self.occurrence}:{self.due_at:%Y%m%dT%H%M}"


def _specs(store: Store, statuses: tuple[str, ...]) -> list[tuple[str, str, str, Campaign]]:
    stmt = (
        sa.select(
            campaigns.c.campaign_id,
            campaigns.c.organisation,
            campaigns.c.status,
            campaign_versions.c.spec_json,
        )
        .join(
            campaign_versions,
            sa.and_(
                campaign_versions.c.campaign_id == campaigns.c.campaign_id,
                campaign_versions.c.version == campaigns.c.current_version,
            ),
        )
        .where(campaigns.c.status.in_(statuses))
        .order_by(campaigns.c.campaign_id)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return [
        (cid, org, status, Campaign.model_validate_json(spec)) for cid, org, status, spec in rows
    ]


def due_steps(store: Store, zones: Iterable[str], now: dt.datetime) -> list[DueStep]:
    """Every due step of every running (or due-to-start) campaign, earliest first.

    Parameters
    ----------
    store : Store
        The ops store.
    zones : iterable of str
        Time zones present among contacts (the organisation zones are added).
    now : datetime.datetime
        The tick's instant (UTC).

    Returns
    -------
    list of DueStep
        Journey steps with contacts due (one per campaign, step and occurrence, at the earliest
        due time), entry schedules whose local time has come in some zone (one per zone fire),
        and scheduled campaigns whose start has come (step ``start``).
    """
    now = utc_naive(now)
    specs = _specs(store, ("running", "scheduled"))
    out: list[DueStep] = []
    orgs = {cid: org for cid, org, _s, _c in specs}
    running = [cid for cid, _o, status, _c in specs if status == "running"]
    if running:
        stmt = (
            sa.select(J.c.campaign_id, J.c.node_id, J.c.occurrence, sa.func.min(J.c.due_at))
            .where(J.c.campaign_id.in_(running), J.c.status == "active", J.c.due_at <= now)
            .group_by(J.c.campaign_id, J.c.node_id, J.c.occurrence)
        )
        with store.engine.connect() as conn:
            for cid, node, occurrence, due in conn.execute(stmt).all():
                out.append(DueStep(due, cid, orgs[cid], node, occurrence))
    zone_list = sorted(set(resolve_zones(pd.Series(list(zones), dtype=object), "UTC")))
    for cid, org, status, spec in specs:
        if status == "scheduled":
            if spec.start_at <= now:
                out.append(DueStep(spec.start_at, cid, org, "start", 0))
            continue
        entry = next(n for n in spec.workflow.nodes if n.type == "entry")
        if entry.trigger.kind == "schedule":
            fires = schedule_fires(
                entry.trigger, sorted({*zone_list, spec.organisation_timezone}), now, spec.start_at
            )
            for occurrence, fire in sorted(set(fires.values())):
                out.append(DueStep(fire, cid, org, entry.id, occurrence))
    return sorted(out)


def event_campaigns(store: Store) -> list[tuple[str, str, str]]:
    """Running campaigns that react to behaviour: ``[(campaign_id, organisation, entry id)]``.

    A campaign reacts when its entry is an event trigger, when it waits for an event, or when
    it exits on conversion -- newly ingested activity can move its contacts.
    """
    out = []
    for cid, org, _status, spec in _specs(store, ("running",)):
        entry = next(n for n in spec.workflow.nodes if n.type == "entry")
        waits = any(n.type == "wait" and n.until_event for n in spec.workflow.nodes)
        if entry.trigger.kind == "event" or waits or spec.exit_on:
            out.append((cid, org, entry.id))
    return out
