"""The compliance checklist of a campaign, computed from its file and its sends.

:func:`checklist` is pure: a campaign (the validated file) and :class:`CampaignFacts` (what its
sends and approvals show, gathered by :func:`gather_facts`) give one :class:`CheckItem` per
requirement:

- ``consent:<channel>`` -- no message left for an address suppressed, or whose latest consent
  event was a revocation, before the message was sent (the lawful basis for each channel is
  consent; legitimate interest is not used for marketing sends);
- ``email_footer`` -- every email carries a one-click unsubscribe link and the sender's postal
  address (the renderer adds both when the sender has them; CAN-SPAM, PECR);
- ``sms_opt_out`` -- every SMS text (each locale and variant) tells how to opt out (``STOP``);
- ``quiet_hours:email`` -- the file limits emails to a daily window; ``quiet_hours:sms`` -- no
  SMS left outside 08:00-21:00 in the organisation's zone (per-recipient quiet hours are also
  enforced at send time by ``delivery.campaigns.rules``);
- ``approval`` -- an audience above the approval threshold has an approval of the version sent.

Statuses: ``pass``, ``fail``, ``warn`` (allowed but worth a look) and ``n/a``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from delivery.campaigns.lifecycle import CampaignRecord
from delivery.campaigns.models import Campaign
from delivery.campaigns.rules import needs_approval
from delivery.campaigns.tables import campaign_approvals
from delivery.store import Store
from delivery.store.schema import consent_events, send_ledger, suppressions

SENT_STATES = ("sending", "submitted", "delivered", "bounced", "unknown")
SMS_HOURS = (8, 21)  # local send hours allowed for SMS (TCPA: 8 am to 9 pm)
_STOP = re.compile(r"\bSTOP\b")


@dataclass(frozen=True)
class CheckItem:
    """One line of the checklist."""

    item: str
    status: str
    detail: str


@dataclass(frozen=True)
class CampaignFacts:
    """What the ops store shows of a campaign's sends and approvals."""

    audience_size: int | None
    current_version: int
    approved_versions: frozenset[int] = frozenset()
    sent: dict[str, int] = field(default_factory=dict)
    sent_to_suppressed: dict[str, int] = field(default_factory=dict)
    sent_after_revocation: dict[str, int] = field(default_factory=dict)
    sms_outside_hours: int = 0
    postal_address: str = ""
    unsubscribe_configured: bool = False


def _sms_texts(campaign: Campaign) -> list[tuple[str, str]]:
    out = []
    for template in campaign.content:
        if template.channel != "sms":
            continue
        for locale, text in template.locales.items():
            out.append((f"{template.id}/{locale}", text.body))
        for variant, overrides in template.variants.items():
            for locale, text in overrides.items():
                if text.body is not None:
                    out.append((f"{template.id}/{variant}/{locale}", text.body))
    return out


def checklist(campaign: Campaign, facts: CampaignFacts) -> list[CheckItem]:
    """The campaign's compliance checklist (see the module docstring for the items)."""
    items = []
    for channel in campaign.channels:
        if channel not in ("email", "sms"):
            continue
        bad = facts.sent_to_suppressed.get(channel, 0) + facts.sent_after_revocation.get(channel, 0)
        sent = facts.sent.get(channel, 0)
        items.append(
            CheckItem(
                f"consent:{channel}",
                "fail" if bad else "pass",
                f"{bad} of {sent} {channel} message(s) went to an address that had opted out "
                "or was suppressed"
                if bad
                else f"{sent} {channel} message(s) sent, all with consent at send time",
            )
        )
    if "email" in campaign.channels:
        missing = [
            what
            for what, ok in (
                ("postal address", bool(facts.postal_address.strip())),
                ("unsubscribe link", facts.unsubscribe_configured),
            )
            if not ok
        ]
        items.append(
            CheckItem(
                "email_footer",
                "fail" if missing else "pass",
                f"the sender has no {' and no '.join(missing)}"
                if missing
                else "every email carries the postal address and a one-click unsubscribe link",
            )
        )
        window = campaign.rules.email_window
        items.append(
            CheckItem(
                "quiet_hours:email",
                "pass" if window else "warn",
                f"emails leave between {window.start} and {window.end} local time"
                if window
                else "no email_window in the file: emails may leave at any hour",
            )
        )
    if "sms" in campaign.channels:
        lacking = [name for name, body in _sms_texts(campaign) if not _STOP.search(body)]
        items.append(
            CheckItem(
                "sms_opt_out",
                "fail" if lacking else "pass",
                f"no 'STOP' opt-out wording in {', '.join(lacking)}"
                if lacking
                else "every SMS text says how to opt out (STOP)",
            )
        )
        late = facts.sms_outside_hours
        items.append(
            CheckItem(
                "quiet_hours:sms",
                "fail" if late else "pass",
                f"{late} SMS left outside {SMS_HOURS[0]:02d}:00-{SMS_HOURS[1]:02d}:00 "
                f"({campaign.organisation_timezone})"
                if late
                else f"no SMS outside {SMS_HOURS[0]:02d}:00-{SMS_HOURS[1]:02d}:00",
            )
        )
    size = facts.audience_size or 0
    if not needs_approval(size):
        items.append(CheckItem("approval", "n/a", f"audience of {size} needs no approval"))
    else:
        ok = facts.current_version in facts.approved_versions
        items.append(
            CheckItem(
                "approval",
                "pass" if ok else "fail",
                f"version {facts.current_version} approved for {size} contacts"
                if ok
                else f"version {facts.current_version} reaches {size} contacts without approval",
            )
        )
    return items


def gather_facts(
    store: Store,
    record: CampaignRecord,
    *,
    postal_address: str,
    unsubscribe_configured: bool,
) -> CampaignFacts:
    """Read the campaign's sends, the opt-outs before each, and its approvals."""
    cid = record.campaign_id
    zone = ZoneInfo(record.spec.organisation_timezone)
    with store.engine.connect() as conn:
        sends = conn.execute(
            sa.select(
                send_ledger.c.channel, send_ledger.c.to_address_hash, send_ledger.c.sending_at
            )
            .where(send_ledger.c.campaign_id == cid, send_ledger.c.state.in_(SENT_STATES))
            .where(send_ledger.c.sending_at.is_not(None))
        ).all()
        # keyed hashes of the canonical addresses: matched without opening one
        addresses = sorted({a for _, a, _ in sends if a})
        suppressed: dict[tuple[str, str], dt.datetime] = {}
        history: dict[tuple[str, str], list[tuple[dt.datetime, str]]] = defaultdict(list)
        for i in range(0, len(addresses), 500):
            chunk = addresses[i : i + 500]
            for ch, addr, at in conn.execute(
                sa.select(
                    suppressions.c.channel, suppressions.c.address_hash, suppressions.c.created_at
                ).where(suppressions.c.address_hash.in_(chunk))
            ):
                suppressed[(ch, addr)] = at
            for ch, addr, at, status in conn.execute(
                sa.select(
                    consent_events.c.channel,
                    consent_events.c.address_hash,
                    consent_events.c.occurred_at,
                    consent_events.c.status,
                ).where(consent_events.c.address_hash.in_(chunk))
            ):
                history[(ch, addr)].append((at, status))
        approved = frozenset(
            conn.execute(
                sa.select(campaign_approvals.c.version).where(
                    campaign_approvals.c.campaign_id == cid
                )
            ).scalars()
        )
    sent: dict[str, int] = defaultdict(int)
    to_suppressed: dict[str, int] = defaultdict(int)
    after_revocation: dict[str, int] = defaultdict(int)
    sms_late = 0
    for channel, address, at in sends:
        sent[channel] += 1
        key = (channel, address)
        if key in suppressed and suppressed[key] < at:
            to_suppressed[channel] += 1
        else:
            before = [e for e in history.get(key, []) if e[0] < at]
            if before and max(before)[1] == "revoked":
                after_revocation[channel] += 1
        if channel == "sms":
            local = at.replace(tzinfo=dt.UTC).astimezone(zone)
            sms_late += not (SMS_HOURS[0] <= local.hour < SMS_HOURS[1])
    return CampaignFacts(
        audience_size=record.audience_size,
        current_version=record.current_version,
        approved_versions=approved,
        sent=dict(sent),
        sent_to_suppressed=dict(to_suppressed),
        sent_after_revocation=dict(after_revocation),
        sms_outside_hours=sms_late,
        postal_address=postal_address,
        unsubscribe_configured=unsubscribe_configured,
    )
