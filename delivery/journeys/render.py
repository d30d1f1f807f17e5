"""Render a campaign's ledger rows with the delivery renderers, and dispatch them.

A campaign file's templates (per channel, locale and A/B variant) become
:class:`~delivery.rendering.templates.TemplateSet` objects; a ledger row's ``step_id`` names
the send node (so the template) and its ``variant_id`` the variant. Messages leave only through
:func:`delivery.dispatch.dispatch` (exactly once per ledger key).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa

from delivery.campaigns.models import Campaign
from delivery.campaigns.templates import template_sets
from delivery.dispatch import DispatchReport, dispatch
from delivery.journeys.sources import WarehouseSource
from delivery.ledger import LedgerRow
from delivery.messages import Message, RenderError
from delivery.providers.base import Provider
from delivery.rendering.bind import render_fn
from delivery.rendering.email import EmailRenderer, Sender
from delivery.rendering.sms import SmsRenderer
from delivery.store import Store
from delivery.store.schema import send_ledger as L


class CampaignRenderer:
    """Render any ledger row of one campaign (``render(row, contact)``)."""

    def __init__(self, campaign: Campaign, sender: Sender, status_callback_base: str) -> None:
        self.campaign = campaign
        self.sets = template_sets(campaign)
        self.sender = sender
        self.status_callback_base = status_callback_base
        self._renderers: dict[tuple[str, str | None], Any] = {}

    def _renderer(self, template_id: str, variant: str | None):
        key = (template_id, variant if (template_id, variant) in self.sets else None)
        if key not in self._renderers:
            tset = self.sets[key]
            if self.campaign.template(template_id).channel == "email":
                self._renderers[key] = EmailRenderer(
                    tset, self.sender, categories=(self.campaign.campaign_id, self.campaign.type)
                )
            else:
                self._renderers[key] = SmsRenderer(
                    tset, status_callback_base=self.status_callback_base
                )
        return self._renderers[key]

    def render(self, row: LedgerRow, contact: Mapping[str, Any]) -> Message:
        """Render ``row`` (its step names the send node) for ``contact``."""
        try:
            node = self.campaign.workflow.node(row.step_id)
        except KeyError:
            raise RenderError(
                f"ledger row {row.ledger_id}: step {row.step_id!r} is not a node of "
                f"campaign {self.campaign.campaign_id!r}"
            ) from None
        contact = {**contact, "campaign_name": self.campaign.name}
        return self._renderer(node.template, row.variant_id).render(row, contact)


def dispatch_campaign(
    store: Store,
    source: WarehouseSource,
    campaign: Campaign,
    provider: Provider,
    *,
    sender: Sender,
    status_callback_base: str,
    now: dt.datetime,
    **dispatch_kw: Any,
) -> DispatchReport:
    """Dispatch the campaign's pending rows of ``provider.channel`` through ``provider``.

    Parameters
    ----------
    store : Store
    source : WarehouseSource
        Supplies the contacts' personalisation fields (``dim_contacts``).
    campaign : Campaign
    provider : Provider
        Sandbox, SendGrid, SMTP or Twilio (its channel selects the rows).
    sender : Sender
        From, postal address and unsubscribe settings (email).
    status_callback_base : str
        Public base URL of the webhooks app (SMS status callbacks).
    now : datetime.datetime
    **dispatch_kw
        Passed to :func:`delivery.dispatch.dispatch` (policy, bucket, alert, ...).

    Returns
    -------
    DispatchReport
    """
    with store.engine.connect() as conn:
        ids = (
            conn.execute(
                sa.select(L.c.contact_id)
                .where(
                    L.c.campaign_id == campaign.campaign_id,
                    L.c.channel == provider.channel,
                    L.c.state == "pending",
                )
                .distinct()
            )
            .scalars()
            .all()
        )
    contacts = source.contacts(ids).set_index("contact_id", drop=False)
    records = {
        cid: rec for cid, rec in zip(contacts.index, contacts.to_dict("records"), strict=True)
    }
    render: Callable[[LedgerRow], Message] = render_fn(
        CampaignRenderer(campaign, sender, status_callback_base), records
    )
    return dispatch(
        store, provider, render=render, now=now, campaign_id=campaign.campaign_id, **dispatch_kw
    )
