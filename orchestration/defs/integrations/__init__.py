"""Analytics sync: campaign touches and enrollments pushed to Mixpanel and GA4, hourly.

Configured by environment variables (unset: the destination is off):

| Variable | Meaning |
|---|---|
| ``ENROLLFLOW_ANALYTICS_ID_KEY`` | secret key of the pseudonymous ids the tools see (required when a destination is on) |
| ``ENROLLFLOW_MIXPANEL_TOKEN``, ``ENROLLFLOW_MIXPANEL_SA_USERNAME``, ``ENROLLFLOW_MIXPANEL_SA_SECRET``, ``ENROLLFLOW_MIXPANEL_PROJECT_ID`` | Mixpanel project and service account |
| ``ENROLLFLOW_MIXPANEL_IMPORT_URL`` | override of ``https://api.mixpanel.com/import`` (EU residency, tests) |
| ``ENROLLFLOW_GA4_MEASUREMENT_ID``, ``ENROLLFLOW_GA4_API_SECRET`` | GA4 data stream |
| ``ENROLLFLOW_GA4_URL`` | override of ``https://www.google-analytics.com/mp/collect`` |
| ``ENROLLFLOW_HUBSPOT_ACCESS_TOKEN`` | HubSpot private-app token (contacts read/write) |
| ``ENROLLFLOW_HUBSPOT_HOST`` | override of ``https://api.hubapi.com`` (tests) |

Both syncs read the marts where they live and keep their cursors beside them
(:meth:`WarehouseResource.workspace`): on DuckDB in the warehouse file; on Postgres
(``ENROLLFLOW_WAREHOUSE=postgres``) the marts they read and their state tables are pulled from the
``analytics`` schema (HubSpot's ``raw_crm__contacts`` from ``raw``) into a scratch workspace, and
the state tables are written back to ``analytics`` after the run (:meth:`WarehouseResource.save`).
"""

# no `from __future__ import annotations`: Dagster reads resource annotations at runtime
import datetime as dt
import os

import dagster as dg

from integrations.analytics import sync_destination
from integrations.analytics.destinations import Ga4Destination, MixpanelDestination
from integrations.analytics.sync import STATE_TABLE as ANALYTICS_STATE
from integrations.crm.hubspot import CrmError, HubSpotCrm
from integrations.crm.sync import PULL_STATE, PUSH_STATE, sync_hubspot
from orchestration.resources import LandingResource, WarehouseResource

GROUP = "integrations"
WAREHOUSE_POOL = "duckdb_warehouse"
#: What each sync reads (marts, and its own state table, kept in the models schema).
ANALYTICS_READS = ("fct_touchpoints", "fct_attribution", "dim_contacts", ANALYTICS_STATE)
HUBSPOT_READS = ("dim_contacts", "segment_memberships", PUSH_STATE, PULL_STATE)
HUBSPOT_RAW_READS = ("raw_crm__contacts",)


class AnalyticsSyncResource(dg.ConfigurableResource):
    """Destinations of the analytics sync; a destination with no credentials is off."""

    id_key: str = ""
    mixpanel_token: str = ""
    mixpanel_username: str = ""
    mixpanel_secret: str = ""
    mixpanel_project_id: str = ""
    mixpanel_import_url: str = ""
    ga4_measurement_id: str = ""
    ga4_api_secret: str = ""
    ga4_url: str = "https://www.google-analytics.com/mp/collect"

    def destinations(self) -> list:
        out = []
        if self.mixpanel_token:
            out.append(
                MixpanelDestination(
                    self.mixpanel_token,
                    username=self.mixpanel_username,
                    secret=self.mixpanel_secret,
                    project_id=self.mixpanel_project_id,
                    import_url=self.mixpanel_import_url or None,
                )
            )
        if self.ga4_measurement_id:
            out.append(
                Ga4Destination(self.ga4_measurement_id, self.ga4_api_secret, url=self.ga4_url)
            )
        if out and not self.id_key:
            raise dg.Failure("set ENROLLFLOW_ANALYTICS_ID_KEY before turning on an analytics sync")
        return out


def analytics_resource_from_env(environ=os.environ) -> AnalyticsSyncResource:
    """The resource from the ``ENROLLFLOW_*`` variables of the table above."""
    e = environ.get
    return AnalyticsSyncResource(
        id_key=e("ENROLLFLOW_ANALYTICS_ID_KEY", ""),
        mixpanel_token=e("ENROLLFLOW_MIXPANEL_TOKEN", ""),
        mixpanel_username=e("ENROLLFLOW_MIXPANEL_SA_USERNAME", ""),
        mixpanel_secret=e("ENROLLFLOW_MIXPANEL_SA_SECRET", ""),
        mixpanel_project_id=e("ENROLLFLOW_MIXPANEL_PROJECT_ID", ""),
        mixpanel_import_url=e("ENROLLFLOW_MIXPANEL_IMPORT_URL", ""),
        ga4_measurement_id=e("ENROLLFLOW_GA4_MEASUREMENT_ID", ""),
        ga4_api_secret=e("ENROLLFLOW_GA4_API_SECRET", ""),
        ga4_url=e("ENROLLFLOW_GA4_URL", "https://www.google-analytics.com/mp/collect"),
    )


class AnalyticsSyncConfig(dg.Config):
    """``now`` (ISO, UTC) pins the run's clock (tests, replays); default: the current time."""

    now: str = ""


@dg.asset(
    name="analytics_sync_state",
    group_name=GROUP,
    kinds={"duckdb", "python"},
    owners=["team:data-platform"],
    deps=[
        dg.AssetKey("fct_touchpoints"),
        dg.AssetKey("fct_attribution"),
        dg.AssetKey("dim_contacts"),
    ],
    pool=WAREHOUSE_POOL,
    description=(
        "Cursor per analytics destination (Mixpanel, GA4) after pushing campaign touches and "
        "enrollments of trackable contacts under pseudonymous ids; incremental and idempotent "
        "(integrations/README.md)."
    ),
)
def analytics_sync_state(
    context: dg.AssetExecutionContext,
    config: AnalyticsSyncConfig,
    warehouse: WarehouseResource,
    analytics: AnalyticsSyncResource,
):
    now = _now(config)
    destinations = analytics.destinations()
    if not destinations:
        context.log.info("no analytics destination configured; nothing to sync")
        return dg.MaterializeResult(metadata={"destinations": 0})
    metadata: dict = {"destinations": len(destinations)}
    errors = []
    with warehouse.workspace(ANALYTICS_READS) as con:
        try:
            for destination in destinations:
                report = sync_destination(
                    con, destination, now=now, id_key=analytics.id_key.encode()
                )
                metadata[f"{report.destination}_sent"] = report.sent
                metadata[f"{report.destination}_too_old"] = report.too_old
                metadata[f"{report.destination}_cursor"] = str(report.cursor_at)
                if report.error:
                    errors.append(f"{report.destination}: {report.error}")
        finally:  # the cursors of the accepted batches, even when a destination failed
            _save_state(warehouse, con, [ANALYTICS_STATE])
    if errors:
        raise dg.Failure(
            "analytics sync stopped (the next run resumes after the last accepted batch): "
            + "; ".join(errors),
            metadata=metadata,
        )
    return dg.MaterializeResult(metadata=metadata)


class HubSpotResource(dg.ConfigurableResource):
    """The HubSpot portal of the two-way contact sync; no token: the sync is off."""

    access_token: str = ""
    host: str = "https://api.hubapi.com"

    def crm(self) -> HubSpotCrm | None:
        return HubSpotCrm(self.access_token, host=self.host) if self.access_token else None


def _save_state(warehouse: WarehouseResource, con, tables: list[str]) -> None:
    """Write the sync's state tables that exist in the workspace back to the warehouse."""
    present = {
        r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
    }
    for table in tables:
        if table in present:
            warehouse.save(con, table)


def _now(config: AnalyticsSyncConfig) -> dt.datetime:
    if config.now:
        return dt.datetime.fromisoformat(config.now)
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dg.asset(
    name="hubspot_sync_state",
    group_name=GROUP,
    kinds={"duckdb", "python"},
    owners=["team:data-platform"],
    deps=[dg.AssetKey("dim_contacts"), dg.AssetKey("raw_crm__contacts")],
    pool=WAREHOUSE_POOL,
    description=(
        "Two-way HubSpot contact sync: HubSpot's edits and opt-outs land as a CRM export "
        "(crm/<day>/contacts-hubspot.jsonl, consent-hubspot.jsonl); segments, engagement and "
        "opt-outs are upserted to HubSpot by email when they change (integrations/README.md)."
    ),
)
def hubspot_sync_state(
    context: dg.AssetExecutionContext,
    config: AnalyticsSyncConfig,
    warehouse: WarehouseResource,
    landing: LandingResource,
    hubspot: HubSpotResource,
):
    crm = hubspot.crm()
    if crm is None:
        context.log.info("no HubSpot token configured; nothing to sync")
        return dg.MaterializeResult(metadata={"configured": False})
    with warehouse.workspace(HUBSPOT_READS, raw_reads=HUBSPOT_RAW_READS) as con:
        try:
            report = sync_hubspot(con, crm, landing.root, now=_now(config))
        except CrmError as exc:
            hint = "the next run resumes" if exc.retryable else "fix the token or portal"
            raise dg.Failure(f"HubSpot sync stopped: {exc} ({hint})") from None
        finally:  # what was accepted before a failure stays accepted
            _save_state(warehouse, con, [PUSH_STATE, PULL_STATE])
    return dg.MaterializeResult(
        metadata={
            "configured": True,
            "pushed": report.pushed,
            "unchanged": report.unchanged,
            "pulled": report.pulled,
            "landed_contacts": report.landed_contacts,
            "landed_opt_outs": report.landed_opt_outs,
        }
    )


analytics_sync_job = dg.define_asset_job(
    "analytics_sync_job",
    selection=[analytics_sync_state, hubspot_sync_state],
    description="Push campaign touches and enrollments to the analytics tools; sync HubSpot.",
)

analytics_sync_schedule = dg.ScheduleDefinition(
    name="analytics_sync_hourly",
    job=analytics_sync_job,
    cron_schedule="15 * * * *",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)

defs = dg.Definitions(
    assets=[analytics_sync_state, hubspot_sync_state],
    jobs=[analytics_sync_job],
    schedules=[analytics_sync_schedule],
    resources={
        "analytics": analytics_resource_from_env(),
        "hubspot": HubSpotResource(
            access_token=os.environ.get("ENROLLFLOW_HUBSPOT_ACCESS_TOKEN", ""),
            host=os.environ.get("ENROLLFLOW_HUBSPOT_HOST", "https://api.hubapi.com"),
        ),
    },
)
