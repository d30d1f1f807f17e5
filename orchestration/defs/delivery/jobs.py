"""The campaign step job: advance one campaign's journeys (rules, variants, ledger enqueue).

Runs are requested by the sensors with tags ``enrollflow/campaign``, ``enrollflow/organisation``,
``enrollflow/step`` (filterable in the UI). Concurrency: the op runs in pool ``campaign_steps``
and production's ``deploy/dagster.yaml`` (QueuedRunCoordinator) limits runs to one per campaign
with::

    concurrency:
      runs:
        tag_concurrency_limits:
          - key: enrollflow/campaign
            value: {applyLimitPerUniqueValue: true}
            limit: 1
"""

# no `from __future__ import annotations`: Dagster reads the Config annotation at runtime
import datetime as dt

import dagster as dg

from delivery.campaigns.lifecycle import get_campaign
from delivery.journeys.engine import advance_campaign
from delivery.journeys.render import dispatch_campaign
from delivery.journeys.sources import WarehouseSource
from orchestration.defs.delivery.providers import EmailProviderResource, SmsProviderResource
from orchestration.defs.delivery.resources import OpsStoreResource, SenderResource
from orchestration.resources import WarehouseResource

CAMPAIGN_TAG = "enrollflow/campaign"
ORGANISATION_TAG = "enrollflow/organisation"
STEP_TAG = "enrollflow/step"
POOL = "campaign_steps"


class CampaignStepConfig(dg.Config):
    """Which campaign to advance; ``now`` (ISO, UTC) pins the tick's instant (else wall clock)."""

    campaign_id: str
    step_id: str = ""
    occurrence: int = 0
    now: str | None = None


@dg.op(pool=POOL)
def advance_campaign_step(
    context: dg.OpExecutionContext,
    config: CampaignStepConfig,
    ops_store: OpsStoreResource,
    warehouse: WarehouseResource,
) -> dict:
    """Advance the campaign once; the report goes to the run's metadata."""
    now = (
        dt.datetime.fromisoformat(config.now)
        if config.now
        else dt.datetime.now(dt.UTC).replace(tzinfo=None)
    )
    with ops_store.open() as store, warehouse.connect(read_only=True) as conn:
        report = advance_campaign(store, WarehouseSource(conn), config.campaign_id, now=now)
    for alert in report.alerts:
        context.log.warning(alert)
    context.add_output_metadata(
        {
            "admitted": report.admitted,
            "enqueued": report.enqueued,
            "deferred": report.deferred,
            "exited": report.exited,
            "status": report.status,
            "stopped": report.stopped or "",
        }
    )
    # a pinned tick (replays, tests, the demo) dispatches at the same instant
    return {**report.as_dict(), "now": config.now}


@dg.op(pool=POOL)
def dispatch_campaign_messages(
    context: dg.OpExecutionContext,
    step_report: dict,
    ops_store: OpsStoreResource,
    warehouse: WarehouseResource,
    delivery: SenderResource,
    email: EmailProviderResource,
    sms: SmsProviderResource,
) -> None:
    """Send the campaign's pending ledger rows through the providers, exactly once each."""
    now = (
        dt.datetime.fromisoformat(step_report["now"])
        if step_report.get("now")
        else dt.datetime.now(dt.UTC).replace(tzinfo=None)
    )
    with ops_store.open() as store, warehouse.connect(read_only=True) as conn:
        spec = get_campaign(store, step_report["campaign_id"]).spec
        totals: dict[str, int | str] = {}
        for resource in (email, sms):
            provider = resource.provider()
            if provider.channel not in spec.channels:
                continue
            report = dispatch_campaign(
                store,
                WarehouseSource(conn),
                spec,
                provider,
                sender=delivery.sender(),
                status_callback_base=delivery.public_base_url,
                now=now,
                alert=context.log.warning,
                bucket=resource.bucket(store, provider),  # the account's rate, shared by all runs
            )
            totals[f"{provider.channel}_provider"] = provider.name
            totals[f"{provider.channel}_submitted"] = report.submitted
            totals[f"{provider.channel}_failed"] = report.failed
    context.add_output_metadata({**totals, "enqueued_by_step": step_report.get("enqueued", 0)})


@dg.job(
    description="Advance one campaign's journeys (rules, variants, ledger), then dispatch them.",
    tags={"enrollflow/domain": "delivery"},
)
def campaign_step_job() -> None:
    dispatch_campaign_messages(advance_campaign_step())
