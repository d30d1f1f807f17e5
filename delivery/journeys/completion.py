"""When a campaign is finished: completed only when nothing of it is in flight.

Called by the engine's tick and, after each dispatch, by the campaign step job (the last
messages of a campaign often leave after its last tick: a provider hold, a pause, quiet hours).

- :func:`in_flight`: ledger rows not terminal yet (pending, claimed, sending, unknown);
- :func:`close_at_end`: at ``end_at``, what never left is skipped (``campaign ended ...``) and
  the campaign completes once nothing else is in flight;
- :func:`finish_if_done`: a once-scheduled campaign completes when every zone has fired, no
  journey is active and nothing is in flight.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from delivery.campaigns import lifecycle
from delivery.campaigns.models import Campaign
from delivery.campaigns.rules import utc_naive
from delivery.campaigns.tables import journey_state as J
from delivery.journeys.nodes import SCHEDULE_CATCH_UP
from delivery.ledger import IN_FLIGHT_STATES
from delivery.send_check import ENDED
from delivery.store import Store
from delivery.store.schema import send_ledger as L

ENGINE_ACTOR = "journey-engine"


def in_flight(store: Store, campaign_id: str) -> int:
    """Ledger rows of the campaign not in a terminal state yet."""
    with store.engine.connect() as conn:
        return conn.execute(
            sa.select(sa.func.count()).where(
                L.c.campaign_id == campaign_id, L.c.state.in_(IN_FLIGHT_STATES)
            )
        ).scalar_one()


def close_at_end(store: Store, campaign_id: str, *, now: dt.datetime) -> int:
    """Skip the campaign's messages that never left and complete it if nothing else is in
    flight. Returns how many rows are still in flight (claimed, sending, unknown)."""
    now = utc_naive(now)
    with store.begin() as conn:
        conn.execute(
            L.update()
            .where(L.c.campaign_id == campaign_id, L.c.state == "pending")
            .values(state="skipped", last_error=ENDED, completed_at=now, updated_at=now)
        )
    left = in_flight(store, campaign_id)
    if left == 0 and lifecycle.get_campaign(store, campaign_id).status in ("running", "paused"):
        lifecycle.set_status(
            store, campaign_id, "complete", actor=ENGINE_ACTOR, now=now, reason="end_at reached"
        )
    return left


def finish_if_done(store: Store, spec: Campaign, *, now: dt.datetime) -> bool:
    """Complete a running once-scheduled campaign whose journeys and messages are all done.

    Returns
    -------
    bool
        Whether it completed now.
    """
    now = utc_naive(now)
    entry = next(n for n in spec.workflow.nodes if n.type == "entry")
    if entry.trigger.kind != "schedule" or not entry.trigger.once_on:
        return False
    last_fire = dt.datetime.combine(entry.trigger.once_on, dt.time(23, 59)) + dt.timedelta(hours=14)
    if now < last_fire + SCHEDULE_CATCH_UP:
        return False
    with store.engine.connect() as conn:
        active = conn.execute(
            sa.select(sa.func.count()).where(
                J.c.campaign_id == spec.campaign_id, J.c.status == "active"
            )
        ).scalar_one()
    if active or in_flight(store, spec.campaign_id):
        return False
    if lifecycle.get_campaign(store, spec.campaign_id).status != "running":
        return False
    lifecycle.set_status(
        store,
        spec.campaign_id,
        "complete",
        actor=ENGINE_ACTOR,
        now=now,
        reason="all journeys finished and every message resolved",
    )
    return True


def settle(store: Store, spec: Campaign, *, now: dt.datetime) -> str:
    """After a dispatch: close the campaign if it has ended or is finished. Returns its status."""
    now = utc_naive(now)
    status = lifecycle.get_campaign(store, spec.campaign_id).status
    if status in ("running", "paused") and spec.end_at is not None and spec.end_at <= now:
        close_at_end(store, spec.campaign_id, now=now)
    elif status == "running":
        finish_if_done(store, spec, now=now)
    return lifecycle.get_campaign(store, spec.campaign_id).status
