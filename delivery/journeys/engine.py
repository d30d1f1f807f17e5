"""The journey engine: advance every contact of a running campaign in set-based batches.

One call of :func:`advance_campaign` is one *tick* for one campaign:

1. lifecycle housekeeping (``scheduled`` -> ``running`` at ``start_at``; ``completed`` at
   ``end_at``);
2. wake-ups: automatic exit of contacts who converted (``exit_on``), early release of contacts
   waiting for an event (the activity is read first; journey rows only for contacts with some);
3. admission from the entry node (schedule zone by zone, segment entry, behavioural event),
   idempotent per ``(campaign, contact, occurrence)``. Admitted contacts due at once are not
   written and read back: the first batch is *inserted* in its final state with its ledger
   rows, and the rest of the admission is inserted as admitted in that same transaction (those
   not due yet are inserted at once);
4. batches of the due set (``status = active AND due_at <= now``): each batch is split by node
   and each node's rule is applied to its whole group at once; sends are written to the
   delivery ledger as ``pending`` rows (same keys and states as ``Ledger.enqueue``,
   insert-or-ignore per ledger key) in the same transaction that moves the journeys on --
   providers are never called here; :func:`delivery.dispatch.dispatch` sends them. Before
   every batch the campaign status is re-read (a pause takes effect before the next batch
   leaves) and the step time limit is checked (the tick stops cleanly; the rest stays due and
   the next tick resumes it, without gaps or duplicates).

Budget, consent, suppression, quiet hours and the frequency cap are checked here (nothing is
enqueued for a contact who cannot receive it) *and again at dispatch*, in the claim's
transaction (:mod:`delivery.send_check`): the budget is charged there, per message (per billed
segment for SMS), so what fits is sent and the rest is held without pausing the campaign.

Splits (:mod:`delivery.journeys.splits`): fixed weights by hash, a held-back share that waits on
the split until the sequential readout picks a winner (audited), or Thompson-sampling shares per
batch. The global holdout (:mod:`delivery.holdout`) is applied at admission: held-out contacts
are recorded as exited journeys and never enter.

Approval: the contacts admitted over the campaign's life may not exceed the audience approved
for its current version (or 1000 without an approval); admission stops there and the campaign
pauses with reason ``approval: ...`` until ``enrollflow campaign approve`` (which resumes it).
A campaign completes only when nothing of it is in flight (no pending, claimed, sending or
unknown ledger row); at ``end_at`` what never left is skipped (``campaign ended ...``).

One tick of a campaign runs at a time: a tick holds the campaign's store-wide lock
(:func:`delivery.store.locks.named_lock`, an advisory lock on Postgres, a file lock on SQLite)
from before it reads the campaign until it returns. A second tick -- a replayed sensor tick on a
second daemon, a run re-launched while the first still runs, ``enrollflow campaign tick`` beside
the scheduler -- waits for it (up to the step time limit) and then sees what the first one
admitted and enqueued; without the lock both would admit and route the same contacts at once.
Dagster's per-campaign run limit (``deploy/dagster.yaml``) keeps that rare, not impossible.

The tick's parts: admission (:mod:`delivery.journeys.admission`), send nodes and their ledger
rows (:mod:`delivery.journeys.sending`), splits (:mod:`delivery.journeys.splits`), set-based
reads and writes (:mod:`delivery.journeys.bulk`); this module holds the loop, the journey moves
and the other node types.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from delivery.campaigns import lifecycle
from delivery.campaigns.models import Campaign
from delivery.campaigns.rules import (
    member_mask,
    resolve_zones,
    utc_naive,
)
from delivery.campaigns.tables import campaigns
from delivery.campaigns.tables import journey_state as J
from delivery.holdout import GlobalHoldout
from delivery.journeys import bulk, completion
from delivery.journeys import nodes as N
from delivery.journeys.admission import INSERT_COLUMNS, JOURNEY_COLUMNS, JOURNEY_KEYS, Admission
from delivery.journeys.completion import ENGINE_ACTOR
from delivery.journeys.scheduling import best_send_hours
from delivery.journeys.sending import LEDGER_COLUMNS, Sending
from delivery.journeys.sources import WarehouseSource
from delivery.journeys.splits import Splits
from delivery.store import Store
from delivery.store.locks import named_lock
from delivery.store.schema import send_ledger as L


@dataclass
class TickReport:
    """What one :func:`advance_campaign` call did."""

    campaign_id: str
    status: str
    admitted: int = 0
    #: contacts of this period's global holdout not admitted (recorded as exited journeys)
    held_out: int = 0
    batches: int = 0
    processed: dict[str, int] = field(default_factory=dict)
    enqueued: int = 0
    deferred: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    exited: int = 0
    completed: int = 0
    stopped: str | None = None
    alerts: list[str] = field(default_factory=list)
    #: per split node: held / routed counts, a decision, a bandit's shares
    splits: dict[str, dict[str, object]] = field(default_factory=dict)
    #: where "best send time" hours came from: model, baseline (model not promoted) or none
    send_time: str | None = None

    def as_dict(self) -> dict[str, object]:
        """Plain-dict form (Dagster metadata, CLI)."""
        return dict(self.__dict__)


class _Tick(Admission, Sending):
    def __init__(
        self,
        store: Store,
        source: WarehouseSource,
        campaign_id: str,
        now: dt.datetime,
        batch_size: int,
        clock: Callable[[], float],
        time_limit: float | None,
        global_holdout: GlobalHoldout | None = None,
    ) -> None:
        self.store = store
        self.global_holdout = global_holdout or GlobalHoldout()
        self.source = source
        self.now = utc_naive(now)
        self.batch_size = batch_size
        self.clock = clock
        self.record = lifecycle.get_campaign(store, campaign_id)
        self.spec: Campaign = self.record.spec
        self.cid = campaign_id
        self.report = TickReport(campaign_id, self.record.status)
        self.time_limit = time_limit or self.spec.workflow.step_time_limit_seconds
        self.pause_reason: str | None = None
        #: ledger rows staged in this batch, written with the journey moves
        self.uncommitted: list[pd.DataFrame] = []
        exits = [n.id for n in self.spec.workflow.nodes if n.type == "exit"]
        self.splits = Splits(
            store, source, campaign_id, self.now, self.enter, exits[0] if exits else ""
        )

    # -- helpers ----------------------------------------------------------------------------
    def node(self, node_id: str):
        return self.spec.workflow.node(node_id)

    def zones(self, contacts: pd.DataFrame) -> pd.Series:
        return resolve_zones(contacts["timezone"], self.spec.organisation_timezone)

    def contacts_for(self, ids: pd.Series, extra: tuple[str, ...] = ()) -> pd.DataFrame:
        contacts = self.source.contacts(ids, extra)
        return ids.to_frame("contact_id").merge(contacts, on="contact_id", how="left")

    def write_moves(
        self,
        moves: pd.DataFrame,
        ledger: pd.DataFrame | None = None,
        *,
        admitted_rest: pd.DataFrame | None = None,
    ) -> None:
        """Move journey rows (keyed by contact and occurrence) and, in the same transaction,
        enqueue ``ledger`` rows: a message is committed exactly when its journey moves on.
        With ``admitted_rest`` (not None) the moves are rows just admitted: they are inserted in
        their final state instead of updated, and ``admitted_rest`` is inserted as admitted."""
        rest_empty = admitted_rest is None or admitted_rest.empty
        if moves.empty and (ledger is None or ledger.empty) and rest_empty:
            return
        frame = moves.assign(updated_at=self.now, campaign_id=self.cid)
        with self.store.begin() as conn:
            if ledger is not None and not ledger.empty:
                bulk.insert_ignore(conn, L, ledger, LEDGER_COLUMNS)
            if admitted_rest is None:
                bulk.update_by_key(conn, J, frame, JOURNEY_KEYS, [*JOURNEY_COLUMNS, "updated_at"])
                return
            bulk.insert_ignore(conn, J, frame, INSERT_COLUMNS)
            if not rest_empty:
                rest = admitted_rest.assign(updated_at=self.now)
                bulk.insert_ignore(conn, J, rest, INSERT_COLUMNS)

    # -- entering nodes ----------------------------------------------------------------------
    def enter(
        self, rows: pd.DataFrame, targets: pd.Series, contacts: pd.DataFrame | None = None
    ) -> pd.DataFrame:
        """Move ``rows`` into ``targets`` (node ids), setting due times per node type."""
        out = rows.copy()
        out["node_id"] = targets.values
        out["status"] = "active"
        out["due_at"] = pd.Timestamp(self.now)
        out["waiting_since"] = None
        out["exit_reason"] = None
        for target, idx in out.groupby("node_id").groups.items():
            node = self.node(target)
            if node.type == "exit":
                out.loc[idx, ["status", "due_at", "exit_reason"]] = [
                    "completed",
                    None,
                    f"exit node {target}",
                ]
            elif node.type == "wait" or (node.type == "send" and node.best_send_time):
                group = out.loc[idx]
                info = contacts if contacts is not None else self.contacts_for(group["contact_id"])
                info = group[["contact_id"]].merge(info, on="contact_id", how="left")
                zones = self.zones(info)
                zones.index = idx
                if node.type == "wait":
                    out.loc[idx, "due_at"] = N.wait_due(node, self.now, zones).values
                    if node.until_event:
                        out.loc[idx, "waiting_since"] = pd.Timestamp(self.now)
                else:
                    chosen = best_send_hours(self.source, group["contact_id"])
                    self.report.send_time = chosen.used
                    if chosen.notice and chosen.notice not in self.report.alerts:
                        self.report.alerts.append(chosen.notice)
                    hours = group[["contact_id"]].merge(chosen.hours, on="contact_id", how="left")[
                        "best_local_hour"
                    ]
                    hours.index = idx
                    out.loc[idx, "due_at"] = N.best_hour_due(self.now, zones, hours).values
        return out

    # -- wake-ups ----------------------------------------------------------------------------
    def wake(self) -> None:
        waits = [n for n in self.spec.workflow.nodes if n.type == "wait" and n.until_event]
        types = list(dict.fromkeys([*self.spec.exit_on, *(n.until_event for n in waits)]))
        if not types:
            return
        active_filter = (J.c.campaign_id == self.cid, J.c.status == "active")
        with self.store.engine.connect() as conn:
            first = conn.execute(sa.select(sa.func.min(J.c.entered_at)).where(*active_filter))
            first = first.scalar_one()
        if first is None:
            return
        events = self.source.activity(types, first - dt.timedelta(seconds=1), self.now)
        if events.empty:
            return
        # only the journeys of contacts with some activity are read
        with self.store.engine.connect() as conn:
            active = bulk.select_frame(
                conn,
                J,
                *active_filter,
                bulk.among(conn, J.c.contact_id, events["contact_id"].unique().tolist()),
            )
        events = events[member_mask(events["contact_id"], set(active["contact_id"]))]
        if events.empty:
            return
        latest = events.groupby(["contact_id", "activity_type"], as_index=False)[
            "occurred_at"
        ].max()
        joined = active.merge(latest, on="contact_id")
        converted = joined[
            joined["activity_type"].isin(self.spec.exit_on)
            & (joined["occurred_at"] > joined["entered_at"])
        ]
        converted = converted.drop_duplicates(["contact_id", "occurrence"])
        if not converted.empty:
            moves = converted[["contact_id", "occurrence", "variant_id"]].assign(
                node_id=converted["node_id"],
                status="exited",
                due_at=None,
                waiting_since=None,
                exit_reason="converted: " + converted["activity_type"],
            )
            self.write_moves(moves)
            self.report.exited += len(moves)
        done = set(zip(converted["contact_id"], converted["occurrence"], strict=True))
        for node in waits:
            hit = joined[
                (joined["node_id"] == node.id)
                & (joined["activity_type"] == node.until_event)
                & (joined["occurred_at"] > joined["waiting_since"])
            ]
            hit = hit[
                [
                    (c, o) not in done
                    for c, o in zip(hit["contact_id"], hit["occurrence"], strict=True)
                ]
            ]
            hit = hit.drop_duplicates(["contact_id", "occurrence"])
            if not hit.empty:
                cols = ["contact_id", "occurrence", "variant_id", "entered_at"]
                self.write_moves(
                    self.enter(
                        hit[cols].reset_index(drop=True),
                        pd.Series(node.next, index=range(len(hit))),
                    )
                )

    # -- the due loop ------------------------------------------------------------------------
    def due_batch(self) -> pd.DataFrame:
        with self.store.engine.connect() as conn:
            return bulk.select_frame(
                conn,
                J,
                J.c.campaign_id == self.cid,
                J.c.status == "active",
                J.c.due_at <= self.now,
                order_by=(J.c.due_at, J.c.contact_id, J.c.occurrence),
                limit=self.batch_size,
            )

    def current_status(self) -> str:
        with self.store.engine.connect() as conn:
            return conn.execute(
                sa.select(campaigns.c.status).where(campaigns.c.campaign_id == self.cid)
            ).scalar_one()

    def run(self) -> TickReport:
        started = self.clock()
        if self.housekeeping() or self.record.status != "running":
            self.report.status = self.record.status
            return self.report
        self.wake()
        fresh = self.admit()
        if self.pause_reason:  # the audience outgrew its approval: hold before sending more
            lifecycle.pause(
                self.store, self.cid, actor=ENGINE_ACTOR, now=self.now, reason=self.pause_reason
            )
        while True:
            status = self.current_status()
            if status != "running":
                self.report.stopped = f"campaign {status}"
                break
            if self.clock() - started > self.time_limit:
                self.report.stopped = (
                    f"step time limit {self.time_limit:g}s reached; resumes next tick"
                )
                break
            if not fresh.empty:
                # admitted this tick: the first batch is inserted in its final state, and the
                # rest of the admission parked in the same transaction (nothing admitted is
                # only in memory after it); later batches read the parked rows back
                batch, rest = fresh.iloc[: self.batch_size], fresh.iloc[self.batch_size :]
                self.report.batches += 1
                self.process(batch.reset_index(drop=True), admitted_rest=rest)
                fresh = fresh.iloc[:0]
                continue
            batch = self.due_batch()
            if batch.empty:
                break
            self.report.batches += 1
            if self.process(batch) == 0:
                break
        self.park(fresh)  # stopped before the first batch: the admission waits, due
        self.report.splits = self.splits.report
        self.report.status = self.current_status()
        self.finish_if_done()
        return self.report

    def housekeeping(self) -> bool:
        """Start at ``start_at``; at ``end_at`` close what never left and complete once nothing
        is in flight. Returns whether the campaign has ended (nothing more moves)."""
        status = self.record.status
        if status == "scheduled" and self.spec.start_at <= self.now:
            lifecycle.set_status(self.store, self.cid, "start", actor=ENGINE_ACTOR, now=self.now)
        ended = bool(self.spec.end_at and self.spec.end_at <= self.now)
        if status in ("running", "paused", "scheduled") and ended:
            if status == "scheduled":
                lifecycle.set_status(
                    self.store, self.cid, "start", actor=ENGINE_ACTOR, now=self.now
                )
            left = completion.close_at_end(self.store, self.cid, now=self.now)
            if left:
                self.report.stopped = (
                    f"end_at reached; completes once its {left} in-flight message(s) are resolved"
                )
        self.record = lifecycle.get_campaign(self.store, self.cid)
        return ended

    def finish_if_done(self) -> None:
        """A once-scheduled campaign completes when every zone has fired, no journey is active
        and nothing is in flight (:func:`delivery.journeys.completion.finish_if_done`)."""
        if self.report.status == "running" and completion.finish_if_done(
            self.store, self.spec, now=self.now
        ):
            self.report.status = "completed"

    # -- node handlers (each returns how many rows changed) -----------------------------------
    def process(self, batch: pd.DataFrame, *, admitted_rest: pd.DataFrame | None = None) -> int:
        """Run a batch through its nodes in memory -- rows reaching an instant node move on at
        once -- then write every final journey row and ledger row in one transaction.

        With ``admitted_rest`` the batch was admitted this tick (never written): it is inserted,
        and ``admitted_rest`` parked, in that same transaction."""
        finals: list[pd.DataFrame] = []
        pending = batch
        while not pending.empty:
            carry = []
            for node_id, group in pending.groupby("node_id"):
                group = group.reset_index(drop=True)
                self.report.processed[node_id] = self.report.processed.get(node_id, 0) + len(group)
                moved = self.handle(self.node(node_id), group)
                again = (
                    (moved["status"] == "active")
                    & (moved["node_id"] != node_id)
                    & (pd.to_datetime(moved["due_at"]) <= self.now)
                )
                finals.append(moved[~again])
                carry.append(moved[again])
            pending = pd.concat(carry, ignore_index=True)
        moves = pd.concat(finals, ignore_index=True)
        ledger = pd.concat(self.uncommitted, ignore_index=True) if self.uncommitted else None
        self.write_moves(moves, ledger, admitted_rest=admitted_rest)
        self.uncommitted = []
        self.report.completed += int((moves["status"] == "completed").sum())
        return len(moves)

    def handle(self, node, group: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``group`` after ``node`` (send nodes also stage ledger rows)."""
        if node.type == "split":
            moved = self.splits.handle(node, group)
        elif node.type == "branch":
            moved = self.enter(group, self.branch_targets(node, group))
        elif node.type == "wait":
            # due at a wait = its duration/time passed, or an until_event timed out
            target = node.on_timeout if node.until_event else node.next
            moved = self.enter(group, pd.Series(target, index=group.index))
        elif node.type == "send" and node.channel == "social":
            # a post is a broadcast, published once per account by the social publisher
            # (delivery/social/campaigns.py): the journey moves on without a message
            moved = self.enter(group, pd.Series(node.next, index=group.index))
        elif node.type == "send":
            moved = self.send(node, group)
        elif node.type == "exit":
            moved = group.assign(
                status="completed",
                due_at=None,
                waiting_since=None,
                exit_reason=f"exit node {node.id}",
            )
        else:  # entry nodes are never a current node
            raise AssertionError(f"journey row parked on entry node {node.id}")
        return moved

    def branch_targets(self, node, group: pd.DataFrame) -> pd.Series:
        cond = node.condition
        if cond.kind == "attribute":
            contacts = self.contacts_for(group["contact_id"], (cond.field,))
            mask = N.attribute_mask(contacts, cond).values
        elif cond.kind == "segment":
            members = self.source.members(cond.segment, group["contact_id"], self.now)
            mask = member_mask(group["contact_id"], members).values
        else:
            sent = self.sent_at(cond.since_node, group)
            events = self.source.activity(
                [cond.event], group["entered_at"].min() - dt.timedelta(seconds=1), self.now
            )
            latest = events.groupby("contact_id", as_index=False)["occurred_at"].max()
            after = group[["contact_id"]].merge(latest, on="contact_id", how="left")["occurred_at"]
            after = pd.to_datetime(after).set_axis(group.index)
            mask = (after.notna() & sent.notna() & (after > sent)).values
        return pd.Series(mask, index=group.index).map({True: node.if_true, False: node.if_false})


def advance_campaign(
    store: Store,
    source: WarehouseSource,
    campaign_id: str,
    *,
    now: dt.datetime,
    batch_size: int = 20_000,
    clock: Callable[[], float] = time.monotonic,
    time_limit_seconds: float | None = None,
    global_holdout: GlobalHoldout | None = None,
) -> TickReport:
    """Run one tick of a campaign's journeys (see the module docstring).

    Parameters
    ----------
    store : Store
        The ops store (campaigns, journey state, ledger).
    source : WarehouseSource
        Audiences, contact attributes, activity and send times.
    campaign_id : str
    now : datetime.datetime
        The tick's instant (UTC).
    batch_size : int
        Journey rows per batch; pause and the time limit are checked between batches.
    clock : callable
        Monotonic seconds (injectable for tests of the time limit).
    time_limit_seconds : float, optional
        Overrides the campaign's ``workflow.step_time_limit_seconds``.
    global_holdout : GlobalHoldout, optional
        This period's global holdout: its contacts are not admitted (:mod:`delivery.holdout`).

    Returns
    -------
    TickReport
        With ``stopped`` saying so when another tick of the campaign held it for the whole
        time limit (this one then moved nothing).
    """
    record = lifecycle.get_campaign(store, campaign_id)
    wait = time_limit_seconds or record.spec.workflow.step_time_limit_seconds
    with named_lock(store, step_lock_name(campaign_id), wait=wait) as held:
        if not held:
            report = TickReport(campaign_id, record.status)
            report.stopped = (
                f"another tick of campaign {campaign_id!r} held it for {wait:g}s; "
                "this one moved nothing (the next tick continues)"
            )
            return report
        return _Tick(
            store, source, campaign_id, now, batch_size, clock, time_limit_seconds, global_holdout
        ).run()


def step_lock_name(campaign_id: str) -> str:
    """The store-wide lock one tick of ``campaign_id`` holds (:mod:`delivery.store.locks`)."""
    return f"campaign-step:{campaign_id}"
