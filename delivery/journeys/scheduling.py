"""Which campaign steps are due: what the scheduler sensor asks on every tick.

Set-based over the ops store: one grouped query over ``journey_state`` for every running
campaign, plus the entry schedules evaluated per time zone (a "09:00 local" entry is due in a
zone once that zone reaches 09:00). Each due step becomes one :class:`DueStep` whose
:attr:`~DueStep.run_key` is stable for the same work, so a tick replayed after a crash asks for
the same run and Dagster starts it only once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from delivery.campaigns.models import Campaign
from delivery.campaigns.rules import resolve_zones, utc_naive
from delivery.campaigns.tables import campaign_versions, campaigns
from delivery.campaigns.tables import journey_state as J
from delivery.journeys.nodes import schedule_fires
from delivery.journeys.sources import WarehouseSource
from delivery.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, order=True)
class DueStep:
    """One step of one campaign with work to do."""

    due_at: dt.datetime
    campaign_id: str
    organisation: str
    step_id: str
    occurrence: int
    #: ``journey`` (contacts due at a node: re-run while still due), ``entry`` (a schedule
    #: fire) or ``start`` (a scheduled campaign reaching its start): done once they succeed
    kind: str = field(default="journey", compare=False)

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
                out.append(DueStep(spec.start_at, cid, org, "start", 0, "start"))
            continue
        entry = next(n for n in spec.workflow.nodes if n.type == "entry")
        if entry.trigger.kind == "schedule":
            fires = schedule_fires(
                entry.trigger, sorted({*zone_list, spec.organisation_timezone}), now, spec.start_at
            )
            for occurrence, fire in sorted(set(fires.values())):
                out.append(DueStep(fire, cid, org, entry.id, occurrence, "entry"))
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


@dataclass(frozen=True)
class PendingWork:
    """A campaign with messages to move that no journey step may ask for.

    ``channels`` have claimable ``pending`` rows (not held, not deferred past ``now``): they
    need a dispatch. ``unknown`` rows (not waiting for an operator's decision) need their
    provider's records: the step job reconciles before it dispatches.
    """

    campaign_id: str
    organisation: str
    status: str
    channels: tuple[str, ...]
    unknown: int


def pending_work(store: Store, now: dt.datetime) -> list[PendingWork]:
    """Campaigns whose ledger rows need a run: what the dispatch sensor asks on every tick.

    Pending rows are dispatched only for ``running`` campaigns (a paused one waits for resume);
    ``unknown`` rows are reconciled whatever the status. Set-based: two grouped queries.
    """
    from delivery.store.schema import ledger_decisions as D
    from delivery.store.schema import send_ledger as L

    now = utc_naive(now)
    with store.engine.connect() as conn:
        active = {
            cid: (org, status)
            for cid, org, status in conn.execute(
                sa.select(
                    campaigns.c.campaign_id, campaigns.c.organisation, campaigns.c.status
                ).where(campaigns.c.status.in_(("running", "paused")))
            ).all()
        }
        if not active:
            return []
        ready = conn.execute(
            sa.select(L.c.campaign_id, L.c.channel)
            .where(
                L.c.campaign_id.in_(sorted(active)),
                L.c.state == "pending",
                L.c.held_reason.is_(None),
                sa.or_(L.c.not_before.is_(None), L.c.not_before <= now),
            )
            .group_by(L.c.campaign_id, L.c.channel)
        ).all()
        unknown = conn.execute(
            sa.select(L.c.campaign_id, sa.func.count())
            .outerjoin(D, sa.and_(D.c.ledger_id == L.c.ledger_id, D.c.decision.is_(None)))
            .where(
                L.c.campaign_id.in_(sorted(active)),
                L.c.state == "unknown",
                D.c.ledger_id.is_(None),
            )
            .group_by(L.c.campaign_id)
        ).all()
    channels: dict[str, list[str]] = {}
    for cid, channel in ready:
        if active[cid][1] == "running":
            channels.setdefault(cid, []).append(channel)
    unknown_by = dict(unknown)
    return [
        PendingWork(
            cid,
            active[cid][0],
            active[cid][1],
            tuple(sorted(channels.get(cid, ()))),
            int(unknown_by.get(cid, 0)),
        )
        for cid in sorted(set(channels) | set(unknown_by))
    ]


@dataclass(frozen=True)
class SendHours:
    """Each contact's local hour for a "best send time" step, and where it came from.

    ``used`` is ``model`` (the send-time model, promoted), ``baseline`` (each contact's most
    common engagement hour: the model failed its promotion gate or was never evaluated) or
    ``none`` (no send-time table: the step goes at once). ``notice`` says why, in words, whenever
    the model was not used.
    """

    hours: pd.DataFrame  # contact_id, best_local_hour
    used: str
    model_version: str | None = None
    notice: str | None = None


def best_send_hours(source: WarehouseSource, contact_ids: pd.Series) -> SendHours:
    """Best local hours for ``contact_ids``, never from a model that failed its promotion gate.

    The ``send_time_recommendations`` table carries the model's hour, the per-contact baseline
    hour and ``is_promoted`` (the ``beats_baseline`` verdict of the run that wrote it). A model
    that did not beat the baseline is not used silently: the baseline's hours are returned and
    :attr:`SendHours.notice` says so (also logged as a warning).
    """
    rows = source.send_time_rows(contact_ids)
    if rows is None:
        return SendHours(
            pd.DataFrame({"contact_id": [], "best_local_hour": []}),
            "none",
            notice="send_time_recommendations is not built: best-send-time steps go at once",
        )
    if rows.empty:  # built, but none of these contacts has a row: nothing to choose from
        return SendHours(rows[["contact_id", "best_local_hour"]], "model")
    version = rows["model_version"].dropna()
    version_text = str(version.iloc[0]) if len(version) else None
    promoted = rows["is_promoted"].dropna()
    if len(promoted) and bool(promoted.astype(bool).all()):
        return SendHours(rows[["contact_id", "best_local_hour"]], "model", version_text)
    why = "failed its promotion gate" if len(promoted) else "was never evaluated"
    notice = (
        f"send-time model {version_text or '(unversioned)'} {why}: not used; best-send-time "
        "steps use each contact's most common engagement hour (baseline)"
    )
    log.warning(notice)
    hours = rows[["contact_id", "baseline_local_hour"]].rename(
        columns={"baseline_local_hour": "best_local_hour"}
    )
    return SendHours(hours, "baseline", version_text, notice)
