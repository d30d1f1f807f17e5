"""The campaign step job: advance one campaign's journeys (rules, variants, ledger enqueue),
then reconcile each provider's ``unknown`` rows and dispatch the campaign's pending rows (every
rule re-checked in the claim's transaction).

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
from delivery.journeys import completion
from delivery.journeys.engine import advance_campaign
from delivery.journeys.render import dispatch_campaign
from delivery.journeys.sources import WarehouseSource
from delivery.providers.base import ProviderError
from delivery.reconcile import reconcile_unknown
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
    delivery: SenderResource,
) -> dict:
    """Advance the campaign once; the report goes to the run's metadata (with each split's
    held / routed counts, decision or bandit shares)."""
    now = (
        dt.datetime.fromisoformat(config.now)
        if config.now
        else dt.datetime.now(dt.UTC).replace(tzinfo=None)
    )
    with ops_store.open() as store, warehouse.reader() as conn:
        report = advance_campaign(
            store,
            WarehouseSource(conn),
            config.campaign_id,
            now=now,
            global_holdout=delivery.global_holdout(),
        )
    for alert in report.alerts:
        context.log.warning(alert)
    if report.stopped:
        context.log.info(f"tick stopped: {report.stopped}")
    context.add_output_metadata(
        {
            "admitted": report.admitted,
            "enqueued": report.enqueued,
            "deferred": report.deferred,
            "exited": report.exited,
            "held_out": report.held_out,
            "splits": dg.MetadataValue.json(report.splits),
            "status": report.status,
            "stopped": report.stopped or "",
        }
    )
    return {**report.as_dict(), "now": now.isoformat() if config.now else None}


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
    """Reconcile each provider's unknown rows, then send the campaign's pending ledger rows
    through the providers, exactly once each, every rule re-checked at the claim."""
    pinned = step_report.get("now")
    now = (
        dt.datetime.fromisoformat(pinned)
        if pinned
        else dt.datetime.now(dt.UTC).replace(tzinfo=None)
    )
    with ops_store.open() as store, warehouse.reader() as conn:
        spec = get_campaign(store, step_report["campaign_id"]).spec
        totals: dict[str, int | str] = {}
        for resource in (email, sms):
            provider = resource.provider()
            _reconcile(context, store, provider, now)
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
                links=delivery.links(now),
                alert=context.log.warning,
                bucket=resource.bucket(store, provider),  # the account's rate, shared by all runs
                global_holdout=delivery.global_holdout(),
            )
            totals[f"{provider.channel}_provider"] = provider.name
            for name in ("submitted", "failed", "skipped", "deferred", "held", "unknown"):
                totals[f"{provider.channel}_{name}"] = getattr(report, name)
        # the last messages often leave after the last tick: complete the campaign (or close
        # it at its end) once nothing of it is in flight
        totals["campaign_status"] = completion.settle(store, spec, now=now)
    context.add_output_metadata({**totals, "enqueued_by_step": step_report.get("enqueued", 0)})


def _reconcile(context: dg.OpExecutionContext, store, provider, now: dt.datetime) -> None:
    """Resolve the provider's ``unknown`` rows from its records (bulk); SMTP's go to the
    operator's decision queue. A provider that cannot answer now is retried next run."""
    try:
        report = reconcile_unknown(store, provider, now=now)
    except ProviderError as exc:
        context.log.warning(f"{provider.name}: reconciliation postponed ({exc})")
        return
    if report.queued_for_decision:
        context.log.warning(
            f"{provider.name}: {report.queued_for_decision} message(s) with an unknown outcome "
            "that the provider cannot look up wait for an operator: enrollflow ops status, then "
            "enrollflow ops decide resend|abandon LEDGER_ID --by USER"
        )
    if report.found or report.requeued:
        context.log.info(
            f"{provider.name}: reconciled {report.found} found, {report.requeued} requeued"
        )


@dg.job(
    description="Advance one campaign's journeys (rules, variants, ledger), then dispatch them.",
    tags={"enrollflow/domain": "delivery"},
)
def campaign_step_job() -> None:
    dispatch_campaign_messages(advance_campaign_step())
