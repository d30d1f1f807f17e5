"""The ``alerts`` asset: evaluate the alert rules, keep the de-duplicated ``alerts`` table, notify."""

# no `from __future__ import annotations`: Dagster reads the Config annotation at runtime
import datetime as dt

import dagster as dg

from delivery import breaker
from delivery.social.work import reauth_needed
from orchestration.defs.delivery.providers import EmailProviderResource
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.reporting.resources import ReportingResource
from orchestration.resources import WarehouseResource
from reports.alerts.rules import ProviderState, SocialAccountState
from reports.alerts.run import run_alerts
from reports.alerts.state import COLUMNS
from reports.alerts.state import TABLE as ALERTS_TABLE

GROUP = "reporting"
READS = [
    "fct_campaign_performance",
    "fct_budget_pacing",
    "fct_deliverability",
    "fct_sends",
    "stg_marketing__campaigns",
    "campaign_success_scores",
]


class AlertsConfig(dg.Config):
    """``now`` (ISO, UTC) pins the tick's instant (default: wall clock)."""

    now: str | None = None


def _now(text: str | None) -> dt.datetime:
    if text:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dg.asset(
    name="alerts",
    group_name=GROUP,
    kinds={"duckdb", "python"},
    deps=[dg.AssetKey(k) for k in READS],
    description=(
        "Performance, budget, deliverability, experiment, provider and model alerts, one row per "
        "occurrence: opened the first tick a rule fires (campaign below its own KPI target or its "
        "predicted interval; budget exhausted or running out within 3 days; bounce rate > 2 % or "
        "complaints > 0.1 % over 7 days; sample-ratio mismatch in an A/B test; a provider held or "
        "stopped by the circuit breaker; a social account whose token died; a model that failed its promotion check), kept open "
        "without repeating while it holds, resolved when it stops. Openings and resolutions are "
        "emailed once through the send ledger and posted to the Slack-format webhook."
    ),
    metadata={
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(c, description=c.replace("_", " ")) for c in COLUMNS]
        )
    },
)
def alerts(
    context: dg.AssetExecutionContext,
    config: AlertsConfig,
    warehouse: WarehouseResource,
    ops_store: OpsStoreResource,
    email: EmailProviderResource,
    reporting: ReportingResource,
) -> dg.MaterializeResult:
    now = _now(config.now)
    with ops_store.open() as store:
        states = [
            ProviderState(h.provider, h.status, h.reason, h.retry_at) for h in breaker.status(store)
        ]
        social = [SocialAccountState(*row) for row in reauth_needed(store)]
        notifiers = reporting.notifiers(store, email.provider())
        # the previous alerts and the marts (on Postgres: its alerts, the published snapshot)
        with warehouse.workspace([ALERTS_TABLE], published=True) as con:
            run = run_alerts(
                con, now, provider_states=states, notifiers=notifiers, social_states=social
            )
            warehouse.save(con, ALERTS_TABLE)
    for failure in run.failures:
        context.log.warning(f"alert delivery failed (retried next tick): {failure}")
    open_rows = run.table[run.table["status"] == "open"]
    preview = (
        open_rows[["severity", "rule", "subject", "message"]].to_markdown(index=False)
        if not open_rows.empty
        else "no open alert"
    )
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(run.table),
            "open": len(open_rows),
            "opened": run.opened,
            "resolved": run.resolved,
            "notified": run.delivered,
            "delivery_failures": "; ".join(run.failures) or "none",
            "open_alerts": dg.MetadataValue.md(preview),
        }
    )
