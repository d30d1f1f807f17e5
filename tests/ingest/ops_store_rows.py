"""A small ops store filled through the production APIs, for the ops-store export tests.

``fill_ops_store`` applies the demo campaign (re-dated and re-targeted to the caller's contacts),
puts contacts through its split (variants A/B and the holdout) into ``journey_state``, enqueues and
sends their invitations through the ledger's own state machine, and records consent, suppressions
and audit rows the way the webhooks app does.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import yaml

from delivery.campaigns import lifecycle
from delivery.campaigns.tables import journey_state
from delivery.campaigns.validation import parse_campaign
from delivery.identity.emails import sealed_email
from delivery.journeys.nodes import assign_variants
from delivery.ledger import Ledger, LedgerKey
from delivery.store import Store
from delivery.store.schema import user_roles, users
from delivery.webhooks.effects import apply_unsubscribe

EXAMPLES = Path(__file__).resolve().parents[2] / "delivery" / "campaigns" / "examples"
DEMO_DOC = yaml.safe_load((EXAMPLES / "spring_enrollment.yml").read_text())
LEASE = dt.timedelta(minutes=5)


def campaign_doc(campaign_id: str, start: dt.datetime, **overrides) -> dict:
    """The demo campaign as ``campaign_id`` starting at ``start`` (UTC), with ``overrides``.

    ``overrides`` are merged one level deep (``kpis={...}`` updates the KPIs, ``budget={...}``
    the budget), so a test can change one KPI as a marketer edits the file.
    """
    doc = copy.deepcopy(DEMO_DOC)
    doc["campaign_id"] = campaign_id
    doc["start_at"] = start.replace(tzinfo=dt.UTC).isoformat()
    doc["end_at"] = (start + dt.timedelta(days=30)).replace(tzinfo=dt.UTC).isoformat()
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = value
    return doc


def apply_doc(store: Store, doc: dict, now: dt.datetime) -> int:
    """Apply a campaign document as ``maria.lopez`` would; returns the current version."""
    return lifecycle.apply_campaign(
        store, parse_campaign(doc, "test.yml"), actor="maria.lopez", now=now, source="test.yml"
    )


def _grant_approver(store: Store, now: dt.datetime) -> None:
    with store.begin() as conn:
        if conn.execute(
            sa.select(users.c.user_id).where(users.c.user_id == "ana.approver")
        ).first():
            return
        conn.execute(
            users.insert().values(
                user_id="ana.approver",
                **sealed_email(store.keys, "ana@example.edu"),
                display_name="Ana",
                created_at=now,
            )  # fmt: skip
        )
        conn.execute(user_roles.insert().values(user_id="ana.approver", role="approver"))


@dataclass(frozen=True)
class Filled:
    """What ``fill_ops_store`` wrote: the campaign, its contacts' variants and the ledger ids."""

    campaign_id: str
    variants: dict[str, str]
    ledger_ids: list[str]
    addresses: dict[str, str]


def fill_ops_store(
    store: Store,
    now: dt.datetime,
    contacts: Sequence[str],
    *,
    campaign_id: str = "spring_loop",
    addresses: dict[str, str] | None = None,
    doc: dict | None = None,
) -> Filled:
    """Apply (``doc``, default the demo file), approve a campaign; split ``contacts``; send the
    non-holdout ones an email.

    Every sent row ends ``submitted`` with a provider message id (what SendGrid's acceptance
    records). Returns what a test needs to reconcile the warehouse against.
    """
    doc = doc or campaign_doc(campaign_id, now - dt.timedelta(days=1))
    apply_doc(store, doc, now)
    _grant_approver(store, now)
    lifecycle.approve(
        store, campaign_id, approver="ana.approver", audience_size=len(contacts), now=now
    )
    split = parse_campaign(doc).workflow.node("subject_test")
    variants = dict(
        zip(contacts, assign_variants(pd.Series(list(contacts)), campaign_id, split), strict=True)
    )
    addresses = addresses or {c: f"{c}@example.edu" for c in contacts}
    with store.begin() as conn:
        conn.execute(
            journey_state.insert(),
            [
                {
                    "campaign_id": campaign_id,
                    "contact_id": c,
                    "occurrence": 1,
                    "node_id": "invite" if v != "holdout" else "done",
                    "status": "active" if v != "holdout" else "exited",
                    "variant_id": v,
                    "entered_at": now,
                    "updated_at": now,
                    "exit_reason": "holdout" if v == "holdout" else None,
                }
                for c, v in variants.items()
            ],
        )
    ledger = Ledger(store)
    keys = [
        LedgerKey(campaign_id, "invite", c, "email", 1, v, addresses[c])
        for c, v in variants.items()
        if v != "holdout"
    ]
    ledger.enqueue(keys, now=now)
    claimed = ledger.claim(owner="t", now=now, lease=LEASE, campaign_id=campaign_id)
    ids = [r.ledger_id for r in claimed]
    ledger.mark_sending(
        ids,
        owner="t",
        now=now,
        lease=LEASE,
        provider="sendgrid",
        content_sha256={i: "ab" * 32 for i in ids},
    )
    ledger.mark_submitted({i: f"sg-{n}" for n, i in enumerate(ids)}, owner="t", now=now)
    return Filled(campaign_id, variants, sorted(ids), addresses)


def unsubscribe(store: Store, ledger_id: str, address: str, now: dt.datetime) -> bool:
    """What the webhooks app does for a one-click unsubscribe (consent revoked, address
    suppressed, audited, one transaction): :func:`delivery.webhooks.effects.apply_unsubscribe`."""
    return apply_unsubscribe(store, ledger_id=ledger_id, channel="email", address=address, now=now)
