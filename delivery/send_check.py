"""The dispatch-time check: every rule re-applied where the message leaves.

A message can wait hours between enqueue and dispatch (quiet hours, a pause, a provider hold).
:class:`CampaignSendCheck` re-decides each candidate row *inside the claim's transaction*
(:meth:`delivery.ledger.Ledger.claim_checked`), in this order:

1. the campaign is ``running`` (otherwise the row waits untouched) and has not ended (skipped);
   a contact in this period's global holdout (:mod:`delivery.holdout`) is skipped;
2. consent and suppression (after the ledger's own erasure check: a row whose contact id or
   address hash is a privacy tombstone is skipped before any rule, see
   :meth:`delivery.ledger.Ledger.claim_checked`): the warehouse flags (``has_<channel>_consent``,
   ``is_<channel>_suppressed``) and the ops store -- the suppression list and the latest consent
   event -- on the keyed hash of the **canonical** address
   (:func:`delivery.suppression.normalise_address`; the address itself stays sealed), so a
   STOP received from ``+447911123456`` blocks a row addressed to ``07911 123456``;
3. quiet hours in the recipient's IANA zone (SMS 08:00-21:00, email per the campaign's
   ``email_window``; unknown zone -> the organisation's): a closed window defers the row to its
   next opening (DST-safe, :func:`delivery.campaigns.rules.window_open_at`);
4. the frequency cap (3 emails per contact per rolling 7 days, across campaigns): counted from
   the ledger rows that hold a slot (:data:`~delivery.ledger.RESERVING_STATES`); the claim
   itself is the reservation, and checked claims are serialised (a Postgres advisory lock; the
   SQLite write lock), so two campaigns dispatching at once cannot both take a contact's last
   slot. Over the cap: deferred to the first slot that frees (or skipped, per the campaign);
5. rendering (a render error fails that message only);
6. the budget: each message costs ``cost_per_message[channel]`` -- per billed segment for SMS
   (GSM-7 / UCS-2, :func:`delivery.rendering.sms.segment_count`); what fits is sent, the rest
   is *held* (``held_reason = budget``) until a new campaign version or ``campaign resume``
   lifts the hold. The campaign keeps running: the messages that fit are never blocked. What
   the campaign's social posts cost (X's per-post price, ``delivery/social/limits.py``) counts
   as spent too.

Public API: :class:`CampaignSendCheck`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import sqlalchemy as sa

from delivery.campaigns.models import Campaign
from delivery.campaigns.rules import (
    FREQUENCY_CAP,
    FREQUENCY_WINDOW,
    SMS_WINDOW,
    parse_window,
    window_open_at,
)
from delivery.campaigns.tables import campaigns
from delivery.counters import spent_amounts
from delivery.holdout import GlobalHoldout
from delivery.ledger import RESERVING_STATES, LedgerRow, Verdict
from delivery.messages import Message, RenderError, SmsMessage
from delivery.rendering.sms import segment_count
from delivery.social.ledger import SPENDING_STATES
from delivery.social.tables import social_posts
from delivery.store import to_utc_naive
from delivery.store.schema import send_ledger as L
from delivery.suppression import blocked_hashes

ENDED = "campaign ended before this message was sent"
BUDGET_HOLD = "budget"


@functools.lru_cache(maxsize=1024)
def _zone(name: Any, fallback: str) -> str:
    if not name or not isinstance(name, str):
        return fallback
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback
    return name


def message_cost(campaign: Campaign, channel: str, message: Message) -> float:
    """What one message costs: ``cost_per_message[channel]``, per billed segment for SMS."""
    unit = float(campaign.budget.cost_per_message.get(channel, 0.0))
    if isinstance(message, SmsMessage):
        return unit * max(1, segment_count(message.body))
    return unit


class CampaignSendCheck:
    """The dispatch-time check of one campaign's rows (a ``gate`` for ``claim_checked``).

    Parameters
    ----------
    campaign : Campaign
        The campaign's current spec (windows, cap action, budget, end).
    contacts : mapping
        ``contact_id -> dim_contacts row`` (timezone, consent and suppression flags) as the
        warehouse holds them now.
    render : callable
        ``render(row) -> Message``; rendered messages are kept in :attr:`messages` for the
        dispatcher (each message is rendered once).
    global_holdout : GlobalHoldout, optional
        Contacts held out of every campaign this period are skipped (:mod:`delivery.holdout`).
    """

    def __init__(
        self,
        campaign: Campaign,
        contacts: Mapping[str, Mapping[str, Any]],
        render: Callable[[LedgerRow], Message],
        global_holdout: GlobalHoldout | None = None,
    ) -> None:
        self.campaign = campaign
        self.contacts = contacts
        self.render = render
        self.global_holdout = global_holdout or GlobalHoldout()
        self.messages: dict[str, Message] = {}

    def __call__(
        self, conn: sa.Connection, rows: list[LedgerRow], now: dt.datetime
    ) -> dict[str, Verdict]:
        """Decide every row of ``rows`` (see the module docstring); run in the claim's
        transaction."""
        now = to_utc_naive(now)
        spec = self.campaign
        status = conn.execute(
            sa.select(campaigns.c.status).where(campaigns.c.campaign_id == spec.campaign_id)
        ).scalar()
        if status != "running":
            return {}
        if spec.end_at is not None and spec.end_at <= now:
            return {r.ledger_id: Verdict("skip", ENDED) for r in rows}
        verdicts: dict[str, Verdict] = {}
        rows = self._held_out(rows, now, verdicts)
        live = self._consent(conn, rows, verdicts)
        live = self._quiet_hours(live, now, verdicts)
        slots = self._reservations(conn, live, now)
        spent = self._spent(conn) if any(spec.budget.cost_per_message.values()) else 0.0
        remaining = float(spec.budget.amount) - spent
        window = self._window("email")
        for r in live:
            taken = slots.get(r.contact_id) if r.channel == "email" else None
            if taken is not None and len(taken) >= FREQUENCY_CAP:
                verdicts[r.ledger_id] = self._capped(r, taken, window)
                continue
            try:
                message = self.render(r)
            except RenderError as exc:
                verdicts[r.ledger_id] = Verdict("fail", f"render: {exc}")
                continue
            cost = message_cost(spec, r.channel, message)
            if cost > remaining + 1e-9:
                verdicts[r.ledger_id] = Verdict(
                    "hold",
                    f"{BUDGET_HOLD}: {spec.budget.amount:g} {spec.budget.currency} would be "
                    f"exceeded (left {max(remaining, 0):.4g}, this message {cost:.4g}); raise "
                    "the budget (apply a new version) or resume to re-check",
                )
                continue
            remaining -= cost
            if taken is not None:
                taken.append(now)
            self.messages[r.ledger_id] = message
            verdicts[r.ledger_id] = Verdict("send", cost=cost)
        return verdicts

    # -- the rules ---------------------------------------------------------------------------
    def _held_out(
        self, rows: list[LedgerRow], now: dt.datetime, verdicts: dict[str, Verdict]
    ) -> list[LedgerRow]:
        """Skip the rows of contacts in this period's global holdout."""
        if not self.global_holdout.active or not rows:
            return rows
        held = self.global_holdout.members(pd.Series([r.contact_id for r in rows]), now)
        reason = self.global_holdout.reason(now)
        live = []
        for r, is_held in zip(rows, held.tolist(), strict=True):
            if is_held:
                verdicts[r.ledger_id] = Verdict("skip", reason)
            else:
                live.append(r)
        return live

    def _consent(
        self, conn: sa.Connection, rows: list[LedgerRow], verdicts: dict[str, Verdict]
    ) -> list[LedgerRow]:
        by_channel: dict[str, list[str]] = defaultdict(list)
        for r in rows:
            if r.to_address_hash:
                by_channel[r.channel].append(r.to_address_hash)
        # keyed hashes only: the addresses stay sealed until the message is rendered
        topic = self.campaign.topic
        blocked = {
            ch: blocked_hashes(conn, ch, hashes, topic=topic) for ch, hashes in by_channel.items()
        }
        live = []
        for r in rows:
            ch = r.channel
            contact = self.contacts.get(r.contact_id)
            if not r.to_address_hash:
                reason = f"no {ch} address"
            elif contact is None:
                reason = "contact no longer in the warehouse"
            elif not _truthy(contact.get(f"has_{ch}_consent")):
                reason = f"no {ch} consent (warehouse)"
            elif _truthy(contact.get(f"is_{ch}_suppressed")):
                reason = f"{ch} suppressed (warehouse)"
            else:
                reason = blocked[ch].get(r.to_address_hash)
            if reason:
                verdicts[r.ledger_id] = Verdict("skip", reason)
            else:
                live.append(r)
        return live

    def _window(self, channel: str) -> tuple[dt.time, dt.time] | None:
        if channel == "sms":
            return SMS_WINDOW
        return parse_window(self.campaign.rules.email_window)

    def _zone_of(self, row: LedgerRow) -> str:
        contact = self.contacts.get(row.contact_id) or {}
        return _zone(contact.get("timezone"), self.campaign.organisation_timezone)

    def _quiet_hours(
        self, rows: list[LedgerRow], now: dt.datetime, verdicts: dict[str, Verdict]
    ) -> list[LedgerRow]:
        live = []
        for r in rows:
            zone = self._zone_of(r)
            opens = window_open_at(now, zone, self._window(r.channel))
            if opens > now:
                verdicts[r.ledger_id] = Verdict(
                    "defer", f"quiet hours in the recipient's zone ({zone})", until=opens
                )
            else:
                live.append(r)
        return live

    def _reservations(
        self, conn: sa.Connection, rows: list[LedgerRow], now: dt.datetime
    ) -> dict[str, list[dt.datetime]]:
        """Each email contact's cap slots taken in the last 7 days (any campaign)."""
        contacts = sorted({r.contact_id for r in rows if r.channel == "email"})
        slots: dict[str, list[dt.datetime]] = {c: [] for c in contacts}
        taken_at = sa.func.coalesce(L.c.reserved_at, L.c.sending_at)
        for i in range(0, len(contacts), 500):
            chunk = contacts[i : i + 500]
            for contact_id, at in conn.execute(
                sa.select(L.c.contact_id, taken_at).where(
                    L.c.contact_id.in_(chunk),
                    L.c.channel == "email",
                    L.c.state.in_(RESERVING_STATES),
                    taken_at > now - FREQUENCY_WINDOW,
                )
            ).all():
                slots[contact_id].append(at)
        return slots

    def _capped(
        self, row: LedgerRow, taken: list[dt.datetime], window: tuple[dt.time, dt.time] | None
    ) -> Verdict:
        reason = f"frequency cap: {FREQUENCY_CAP} emails in 7 days"
        if self.campaign.rules.frequency_cap_action == "skip":
            return Verdict("skip", reason)
        frees = sorted(taken, reverse=True)[FREQUENCY_CAP - 1] + FREQUENCY_WINDOW
        return Verdict("defer", reason, until=window_open_at(frees, self._zone_of(row), window))

    def _spent(self, conn: sa.Connection) -> float:
        """What the campaign's messages that left (or may have) cost so far -- the ``spent``
        counter the ledger's triggers keep in step with every claim and outcome
        (:mod:`delivery.counters`), read in the claim's transaction -- plus what its social
        posts cost (X's per-post price, ``delivery/social/limits.py``)."""
        cid = self.campaign.campaign_id
        posts = conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(social_posts.c.cost_amount), 0.0)).where(
                social_posts.c.campaign_id == cid, social_posts.c.state.in_(SPENDING_STATES)
            )
        ).scalar_one()
        return spent_amounts(conn, [cid]).get(cid, 0.0) + float(posts)


def _truthy(value: Any) -> bool:
    try:
        return bool(value) and value == value  # NaN / None are not consent
    except (TypeError, ValueError):
        return False
