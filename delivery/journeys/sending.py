"""Send nodes of a journey tick: rules, the cap, sealed recipients, pending ledger rows.

A send node's group is decided as a whole (:func:`delivery.campaigns.rules.decide`: consent,
suppression -- the warehouse flags and the ops store's list, consent events and privacy
tombstones by keyed hash, each distinct address hashed once --, quiet hours, the
3-per-7-days cap read from the ledger), and the messages to send are staged as ``pending`` ledger
rows (recipient sealed, keys as :func:`delivery.ledger.ledger_id_for`) that the engine writes in
the transaction that moves the journeys on. :class:`Sending` is a part of the engine's tick
(``_Tick``), which supplies the store, source, spec, ``now``, report, ``uncommitted`` and
:meth:`enter`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from delivery.campaigns.rules import RuleContext, decide, member_mask, parse_window
from delivery.journeys import bulk
from delivery.journeys.splits import ledger_variant
from delivery.ledger import ledger_id_for, seal_addresses
from delivery.store.schema import send_ledger as L
from delivery.suppression import blocked_hashes, normalise_address

#: Ledger states that never left and never will (not charged, not counted by the cap).
UNSENT_STATES = ("skipped",)
LEDGER_COLUMNS = (
    "ledger_id",
    "campaign_id",
    "step_id",
    "contact_id",
    "channel",
    "occurrence",
    "variant_id",
    "to_address_enc",  # sealed recipient + keyed hash (delivery.ledger.seal_addresses)
    "to_address_hash",
    "state",
    "attempts",
    "created_at",
    "updated_at",
)


class Sending:
    """Send nodes and the ledger reads they need (a part of the engine's tick)."""

    def sent_at(self, step_id: str, group: pd.DataFrame) -> pd.Series:
        """When each contact's message of ``step_id`` was committed (NaT if none or skipped)."""
        with self.store.engine.connect() as conn:
            rows = pd.DataFrame(
                conn.execute(
                    sa.select(L.c.contact_id, L.c.occurrence, L.c.created_at).where(
                        L.c.campaign_id == self.cid,
                        L.c.step_id == step_id,
                        L.c.state.not_in(UNSENT_STATES),
                    )
                ).all(),
                columns=["contact_id", "occurrence", "created_at"],
            )
        merged = group[["contact_id", "occurrence"]].merge(rows, how="left")
        return pd.to_datetime(merged["created_at"]).set_axis(group.index)

    def send(self, node, group: pd.DataFrame) -> pd.DataFrame:
        channel = node.channel
        contacts = self.contacts_for(group["contact_id"])
        address_col = "email" if channel == "email" else "phone"
        due = pd.DataFrame(
            {
                "contact_id": group["contact_id"],
                "timezone": contacts["timezone"].values,
                "address": contacts[address_col].values,
                "has_consent": contacts[f"has_{channel}_consent"].values,
                "is_suppressed": contacts[f"is_{channel}_suppressed"].values,
            },
            index=group.index,
        )
        with self.store.engine.connect() as conn:
            recent = self.recent_emails(conn, group["contact_id"].unique().tolist())
            already = pd.DataFrame(
                conn.execute(
                    sa.select(L.c.contact_id, L.c.occurrence).where(
                        L.c.campaign_id == self.cid, L.c.step_id == node.id, L.c.channel == channel
                    )
                ).all(),
                columns=["contact_id", "occurrence"],
            )
        # messages already committed for this key (a re-run after a crash) just move on
        key = group["contact_id"] + ":" + group["occurrence"].astype(str)
        done_keys = set(already["contact_id"] + ":" + already["occurrence"].astype(str))
        committed = member_mask(key, done_keys)
        recent = recent[~member_mask(recent["contact_id"], set(group.loc[committed, "contact_id"]))]
        staged = [f for f in self.uncommitted if len(f) and f["channel"].iloc[0] == "email"]
        if staged:  # emails staged earlier in this batch count towards the cap too
            recent = pd.concat(
                [
                    recent,
                    *(
                        f[["contact_id", "created_at"]].rename(columns={"created_at": "sent_at"})
                        for f in staged
                    ),
                ],
                ignore_index=True,
            )
        # the one canonical form (E.164 phones, lower-cased emails) that suppressions, consent
        # events, STOP handling and the dispatch-time check compare on
        raw = due["address"].astype(object)
        present = raw.notna() & (raw.astype(str).str.strip() != "")
        canonical = {a: normalise_address(channel, str(a)) for a in pd.unique(raw[present])}
        normalised = raw.map(canonical).where(present, None).astype("string")
        # suppressed (or erased) in the ops store since the warehouse was built: by keyed hash,
        # each distinct address hashed once (the ledger rows below store the same hashes)
        hashes = {c: self.store.keys.hash("address", c) for c in set(canonical.values())}
        with self.store.engine.connect() as conn:
            blocked = blocked_hashes(conn, channel, hashes.values(), topic=self.spec.topic)
        suppressed = {c for c, h in hashes.items() if h in blocked}
        ctx = RuleContext(
            channel,
            self.now,
            self.spec.organisation_timezone,
            parse_window(self.spec.rules.email_window) if channel == "email" else None,
            self.spec.rules.frequency_cap_action,
        )
        decided = decide(due.assign(address=normalised), ctx, recent, suppressed)
        decided.loc[committed, ["decision", "reason"]] = ["committed", ""]
        to_send = decided.index[decided["decision"] == "send"]
        picked = group.loc[to_send]
        ledger = self.ledger_rows(node, picked, normalised[to_send], hashes)
        self.report.enqueued += len(ledger)
        moving = decided.index[decided["decision"].isin(["send", "committed", "skip"])]
        for reason, n in (
            decided.loc[decided["decision"] == "skip", "reason"].value_counts().items()
        ):
            self.report.skipped[reason] = self.report.skipped.get(reason, 0) + int(n)
        deferred = decided.index[decided["decision"] == "defer"]
        self.report.deferred += len(deferred)
        moved = self.enter(
            group.loc[moving],
            pd.Series(node.next, index=moving),
            contacts.set_index(group.index).loc[moving],
        )
        waiting = group.loc[deferred].assign(due_at=decided.loc[deferred, "release_at"].values)
        if len(ledger):
            self.uncommitted.append(ledger)
        return pd.concat([f for f in (moved, waiting) if len(f)] or [moved], ignore_index=True)

    def recent_emails(self, conn: sa.Connection, contact_ids: list[str]) -> pd.DataFrame:
        """Emails committed to ``contact_ids`` in the last 7 days, any campaign (the cap's input)."""
        rows = conn.execute(
            sa.select(L.c.contact_id, sa.type_coerce(L.c.created_at, sa.String)).where(
                bulk.among(conn, L.c.contact_id, contact_ids),
                L.c.channel == "email",
                L.c.created_at > self.now - dt.timedelta(days=7),
                L.c.state.not_in(UNSENT_STATES),
            )
        ).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=["contact_id", "sent_at"])
        frame["sent_at"] = pd.to_datetime(frame["sent_at"], format="ISO8601")
        return frame

    def ledger_rows(
        self, node, picked: pd.DataFrame, addresses: pd.Series, hashes: dict[str, str]
    ) -> pd.DataFrame:
        """Pending ledger rows for ``picked`` (keys as :func:`delivery.ledger.ledger_id_for`)."""
        contact = picked["contact_id"].astype(str).tolist()
        bad = [c for c in contact if ":" in c or c == ""]
        if bad:
            ledger_id_for(self.cid, node.id, bad[0], node.channel, 1)  # raises, naming it
        occurrence = picked["occurrence"].astype(int).tolist()
        # the ids of delivery.ledger.ledger_id_for, one f-string each (no pandas string ops)
        head, channel = f"{self.cid}:{node.id}:", node.channel
        ledger_id = [f"{head}{c}:{channel}:{o}" for c, o in zip(contact, occurrence, strict=True)]
        sealed, hashed = seal_addresses(self.store, channel, addresses.astype(object), hashes)

        def strings(values: list) -> pd.Series:  # as the driver takes them: no Arrow round trip
            return pd.Series(values, index=picked.index, dtype=object)

        return pd.DataFrame(
            {
                "ledger_id": strings(ledger_id),
                "campaign_id": self.cid,
                "step_id": node.id,
                "contact_id": strings(contact),
                "channel": channel,
                "occurrence": pd.Series(occurrence, index=picked.index, dtype="int64"),
                "variant_id": ledger_variant(picked["variant_id"]),
                "to_address_enc": strings(sealed),
                "to_address_hash": strings(hashed),
                "state": "pending",
                "attempts": 0,
                "created_at": self.now,
                "updated_at": self.now,
            }
        )
