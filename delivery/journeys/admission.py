"""Admission of a journey tick: who enters a campaign now (see :mod:`delivery.journeys.engine`).

Contacts come from the entry node's trigger (schedule zone by zone, segment entry, behavioural
event), once per ``(campaign, contact, occurrence)``; the approved audience bounds them (past it
the campaign pauses for re-approval) and this period's global holdout is recorded as exited
journeys instead of entering. :class:`Admission` is a part of the engine's tick (``_Tick``),
which supplies the store, source, spec, ``now``, report and :meth:`enter`.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from delivery.campaigns import lifecycle
from delivery.campaigns.models import parse_duration
from delivery.campaigns.rules import APPROVAL_THRESHOLD, member_mask, resolve_zones
from delivery.campaigns.tables import campaign_approvals
from delivery.campaigns.tables import journey_state as J
from delivery.holdout import GLOBAL_HOLDOUT_VARIANT
from delivery.journeys import bulk
from delivery.journeys import nodes as N
from privacy.objections import exclude_objectors

#: journey_state columns a tick sets, its key, and what an insert writes
JOURNEY_COLUMNS = ("node_id", "status", "due_at", "variant_id", "waiting_since", "exit_reason")
JOURNEY_KEYS = ("campaign_id", "contact_id", "occurrence")
INSERT_COLUMNS = (*JOURNEY_KEYS, *JOURNEY_COLUMNS, "entered_at", "updated_at")


class Admission:
    """Admitting contacts (a part of the engine's tick)."""

    def admit(self) -> pd.DataFrame:
        """Admit new contacts; return the admitted rows due now (not yet written)."""
        nothing = pd.DataFrame()
        entry = next(n for n in self.spec.workflow.nodes if n.type == "entry")
        trigger = entry.trigger
        if trigger.kind == "schedule":
            # cheap test first: has the scheduled local time come in any zone at all?
            known = resolve_zones(
                pd.Series(self.source.zones(), dtype=object), self.spec.organisation_timezone
            )
            zones = sorted({*known, self.spec.organisation_timezone})
            if not N.schedule_fires(trigger, zones, self.now, self.spec.start_at):
                return nothing
        audience = self.source.audience(
            self.spec.audience.segments, self.spec.audience.exclude_segments, self.now
        )
        audience = exclude_objectors(self.store, audience)  # privacy: Art. 21 objections
        if trigger.kind == "schedule":
            contacts = self.contacts_for(audience)
            contacts["zone"] = self.zones(contacts)
            fires = N.schedule_fires(
                trigger, sorted(contacts["zone"].unique()), self.now, self.spec.start_at
            )
            contacts = contacts[contacts["zone"].isin(fires)]
            new = contacts[["contact_id"]].assign(
                occurrence=contacts["zone"].map(lambda z: fires[z][0]).astype(int)
            )
        elif trigger.kind == "segment_entry":
            entered = self.source.entries(trigger.segment, self.spec.start_at, self.now)
            new = pd.DataFrame(
                {"contact_id": entered[member_mask(entered, set(audience))], "occurrence": 1}
            )
        else:
            types = [trigger.event] + ([trigger.without] if trigger.without else [])
            events = self.source.activity(types, self.spec.start_at, self.now)
            within = parse_duration(trigger.within) if trigger.within else None
            hits = N.event_entries(events, trigger.event, trigger.without, within, self.now)
            hits = hits[member_mask(hits["contact_id"], set(audience))]
            new = pd.DataFrame({"contact_id": hits["contact_id"], "occurrence": 1})
        if new.empty:
            return nothing
        with self.store.engine.connect() as conn:
            existing = pd.DataFrame(
                conn.execute(
                    sa.select(J.c.contact_id, J.c.occurrence).where(
                        J.c.campaign_id == self.cid,
                        J.c.occurrence.in_(sorted(set(new["occurrence"].tolist()))),
                    )
                ).all(),
                columns=["contact_id", "occurrence"],
            )
        new = new.merge(existing, how="left", indicator=True)
        new = new[new["_merge"] == "left_only"].drop(columns="_merge").reset_index(drop=True)
        new = self.within_approval(new)
        new = self.hold_out_globally(new, entry.id)
        if new.empty:
            return nothing
        placed = self.enter(new, pd.Series(entry.next, index=new.index))
        placed = placed.assign(
            campaign_id=self.cid, variant_id=None, entered_at=self.now, updated_at=self.now
        )
        self.report.admitted += len(placed)
        due = (placed["status"] == "active") & (pd.to_datetime(placed["due_at"]) <= self.now)
        self.park(placed[~due])
        return placed[due].reset_index(drop=True)

    def hold_out_globally(self, new: pd.DataFrame, entry_id: str) -> pd.DataFrame:
        """Record this period's global-holdout contacts as journeys that ended at the entry
        (variant ``global_holdout``: the warehouse's evidence of who was held out) and
        return the rest."""
        held = self.global_holdout.members(new["contact_id"], self.now).to_numpy(dtype=bool)
        if not held.any():
            return new
        rows = new[held].assign(
            campaign_id=self.cid,
            node_id=entry_id,
            status="exited",
            due_at=None,
            variant_id=GLOBAL_HOLDOUT_VARIANT,
            waiting_since=None,
            exit_reason=self.global_holdout.reason(self.now),
            entered_at=self.now,
        )
        self.park(rows)
        self.report.held_out += int(held.sum())
        return new[~held].reset_index(drop=True)

    def within_approval(self, new: pd.DataFrame) -> pd.DataFrame:
        """The part of ``new`` the approval covers: the campaign's distinct contacts may not
        exceed the audience approved for its current version (1000 without an approval).
        Past it, the rest is not admitted and :attr:`pause_reason` asks for re-approval."""
        if new.empty:
            return new
        with self.store.engine.connect() as conn:
            admitted = conn.execute(
                sa.select(sa.func.count(sa.distinct(J.c.contact_id))).where(
                    J.c.campaign_id == self.cid
                )
            ).scalar_one()
            approved = conn.execute(
                sa.select(sa.func.max(campaign_approvals.c.audience_size)).where(
                    campaign_approvals.c.campaign_id == self.cid,
                    campaign_approvals.c.version == self.record.current_version,
                )
            ).scalar()
            if admitted + new["contact_id"].nunique() <= APPROVAL_THRESHOLD:
                return new  # below the threshold: no approval needed (cheap common case)
            # contacts of ``new`` the campaign already holds: none before its first admission
            # (``admitted`` stays true while this tick runs: a tick holds the campaign's lock,
            # delivery.journeys.engine.advance_campaign, so no other tick admits meanwhile)
            known = set()
            if admitted:
                known = set(
                    conn.execute(
                        sa.select(J.c.contact_id)
                        .where(
                            J.c.campaign_id == self.cid,
                            bulk.among(conn, J.c.contact_id, new["contact_id"].unique().tolist()),
                        )
                        .distinct()
                    ).scalars()
                )
        limit = max(APPROVAL_THRESHOLD, approved or 0)
        room = max(limit - admitted, 0)
        if new["contact_id"].nunique() - len(known) <= room:
            return new
        fresh = sorted(set(new["contact_id"]) - known)
        allowed = known | set(fresh[:room])
        self.pause_reason = (
            f"{lifecycle.APPROVAL_HOLD}: the audience grew to {admitted + len(fresh)} contacts, "
            f"above the {limit} approved for version {self.record.current_version}; "
            f"{len(fresh) - room} not admitted. Re-approve to continue: "
            f"enrollflow campaign approve {self.cid} --by <approver>"
        )
        self.report.alerts.append(f"campaign {self.cid!r} held: {self.pause_reason}")
        return new[member_mask(new["contact_id"], allowed)].reset_index(drop=True)

    def park(self, rows: pd.DataFrame) -> None:
        """Insert admitted journey rows as they are (not due yet, or left for the next tick)."""
        if rows.empty:
            return
        with self.store.begin() as conn:
            bulk.insert_ignore(conn, J, rows.assign(updated_at=self.now), INSERT_COLUMNS)
