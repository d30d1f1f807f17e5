"""Render a campaign's ledger rows with the delivery renderers, and dispatch them.

A campaign file's templates (per channel, locale and A/B variant) become
:class:`~delivery.rendering.templates.TemplateSet` objects; a ledger row's ``step_id`` names
the send node (so the template) and its ``variant_id`` the variant. Messages leave only through
:func:`delivery.dispatch.dispatch` (exactly once per ledger key), in chunks: the campaign's status
is read before each chunk, and every rule is re-checked in each claim's transaction
(:mod:`delivery.send_check`), so a pause takes effect before the next batch leaves and the rest
stays ``pending`` until resume (nothing skipped, nothing sent twice).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa

from delivery.campaigns.lifecycle import get_campaign
from delivery.campaigns.models import Campaign
from delivery.campaigns.templates import template_context, template_sets
from delivery.dispatch import DispatchReport, dispatch
from delivery.holdout import GlobalHoldout
from delivery.journeys.sources import WarehouseSource
from delivery.ledger import LedgerRow
from delivery.messages import Message, RenderError
from delivery.providers.base import Provider
from delivery.rendering.bind import render_fn
from delivery.rendering.email import EmailRenderer, Sender
from delivery.rendering.links import LinkDecorator
from delivery.rendering.sms import SmsRenderer
from delivery.send_check import CampaignSendCheck
from delivery.store import Store
from delivery.store.schema import send_ledger as L


class CampaignRenderer:
    """Render any ledger row of one campaign (``render(row, contact)``)."""

    def __init__(
        self,
        campaign: Campaign,
        sender: Sender,
        status_callback_base: str,
        links: LinkDecorator | None = None,
    ) -> None:
        self.campaign = campaign
        self.links = links
        self.sets = template_sets(campaign)
        self.sender = sender
        self.status_callback_base = status_callback_base
        self._renderers: dict[tuple[str, str | None], Any] = {}
        #: (send node id, variant id) -> its renderer (the workflow's node lookup is a scan)
        self._by_step: dict[tuple[str, str | None], Any] = {}

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
        renderer = self._by_step.get((row.step_id, row.variant_id))
        if renderer is None:
            try:
                node = self.campaign.workflow.node(row.step_id)
            except KeyError:
                raise RenderError(
                    f"ledger row {row.ledger_id}: step {row.step_id!r} is not a node of "
                    f"campaign {self.campaign.campaign_id!r}"
                ) from None
            renderer = self._renderer(node.template, row.variant_id)
            self._by_step[(row.step_id, row.variant_id)] = renderer
        contact = template_context(contact, self.campaign.name)  # what validation rendered
        message = renderer.render(row, contact)
        return message if self.links is None else self.links.message(message, row)


def dispatch_campaign(
    store: Store,
    source: WarehouseSource,
    campaign: Campaign,
    provider: Provider,
    *,
    sender: Sender,
    status_callback_base: str,
    now: dt.datetime,
    chunk: int = 1000,
    checked: bool = True,
    global_holdout: GlobalHoldout | None = None,
    links: LinkDecorator | None = None,
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
    chunk : int
        Rows per :func:`~delivery.dispatch.dispatch` call; the campaign status is checked
        before each (a paused or archived campaign sends nothing more).
    checked : bool
        Re-apply every rule at dispatch, in each claim's transaction
        (:class:`delivery.send_check.CampaignSendCheck`; default). ``False`` only for the
        benchmark's baseline.
    global_holdout : GlobalHoldout, optional
        This period's global holdout (its contacts' rows are skipped; :mod:`delivery.holdout`).
    links : LinkDecorator, optional
        Adds ``eft`` + UTM to links to the school's site (:mod:`delivery.rendering.links`).
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
        CampaignRenderer(campaign, sender, status_callback_base, links), records
    )
    gate = CampaignSendCheck(campaign, records, render, global_holdout) if checked else None
    total = DispatchReport()
    started = time.monotonic()
    while get_campaign(store, campaign.campaign_id).status not in HELD_STATUSES:
        elapsed = dt.timedelta(seconds=time.monotonic() - started)
        report = dispatch(
            store,
            provider,
            render=render,
            now=now + elapsed,
            limit=chunk,
            campaign_id=campaign.campaign_id,
            gate=gate,
            **dispatch_kw,
        )
        _add(total, report)
        moved = (
            report.submitted
            + report.failed
            + report.skipped
            + report.unknown
            + report.deferred
            + report.held
        )
        if report.claimed < chunk or report.hold is not None or moved == 0:
            break
    if total.held:
        text = (
            f"campaign {campaign.campaign_id!r}: {total.held} {provider.channel} message(s) held "
            f"by the budget ({campaign.budget.amount:g} {campaign.budget.currency}); the rest "
            "was sent. Raise the budget (enrollflow campaign apply) or resume to re-check"
        )
        total.alerts.append(text)
        alert = dispatch_kw.get("alert")
        if alert is not None:
            alert(text)
    return total


#: Statuses whose pending messages wait (resume sends them).
HELD_STATUSES = ("paused", "archived")


def _add(total: DispatchReport, report: DispatchReport) -> None:
    for name in (
        "claimed",
        "submitted",
        "failed",
        "skipped",
        "unknown",
        "released",
        "deferred",
        "held",
    ):
        setattr(total, name, getattr(total, name) + getattr(report, name))
    total.requests += report.requests
    total.rate_limited += report.rate_limited
    total.hold = report.hold or total.hold
    total.alerts.extend(report.alerts)
