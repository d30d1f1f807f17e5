"""Retention purge and request-deadline alert as Dagster assets (bodies call ``privacy/``).

- ``retention_purge``: deletes or de-identifies what is past the retention policy; what it did
  is in its metadata. Run daily by ``retention_schedule`` (``retention_job``).
- ``privacy_request_log``: open / overdue / completed rights requests; its check
  ``privacy_requests_on_time`` fails (severity ERROR) when a request is past its legal due date.

Both take ``now`` from run config (empty: the current time), so tests drive them with a clock.
"""

# No `from __future__ import annotations`: Dagster reads the context/resource annotations at runtime.

import datetime as dt
from pathlib import Path

import dagster as dg

from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.privacy.resources import PrivacyKeysResource
from orchestration.resources import LandingResource, WarehouseResource
from privacy.consent_import import import_crm_consent
from privacy.requests import list_requests, overdue
from privacy.retention import RetentionPolicy, purge

OWNERS = ["team:data-platform"]
# the ingest assets' WAREHOUSE_POOL (not imported: ingest imports this package's tombstones)
WAREHOUSE_POOL = "duckdb_warehouse"


class ClockConfig(dg.Config):
    """``now`` as ISO-8601 UTC (empty: the current time)."""

    now: str = ""

    def moment(self) -> dt.datetime:
        if not self.now:
            return dt.datetime.now(dt.UTC)
        moment = dt.datetime.fromisoformat(self.now)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class RetentionConfig(ClockConfig):
    """The retention policy, in days (defaults: campaign data 5 years, provider PII 90 days)."""

    campaign_data_days: int = RetentionPolicy.campaign_data_days
    provider_payload_days: int = RetentionPolicy.provider_payload_days
    ledger_address_days: int = RetentionPolicy.ledger_address_days


@dg.asset(
    group_name="privacy",
    kinds={"python", "duckdb"},
    owners=OWNERS,
    pool=WAREHOUSE_POOL,
    description=(
        "Retention purge: deletes ledger rows, journey state and closed requests older than the "
        "campaign-data period (5 years), deletes SendGrid/Twilio landing day folders and nulls "
        "personal columns of raw provider rows and finished ledger addresses older than the "
        "provider-payload period (90 days). Metadata: what it did per place."
    ),
)
def retention_purge(
    config: RetentionConfig,
    ops_store: OpsStoreResource,
    warehouse: WarehouseResource,
    landing: LandingResource,
) -> dg.MaterializeResult:
    policy = RetentionPolicy(
        campaign_data_days=config.campaign_data_days,
        provider_payload_days=config.provider_payload_days,
        ledger_address_days=config.ledger_address_days,
    )
    now = config.moment()
    with ops_store.open() as store:
        done = purge(
            policy, store=store, landing=landing.root, warehouse=Path(warehouse.path), now=now,
            postgres_url=warehouse.postgres_url if warehouse.is_postgres else None,
            postgres_raw_schema=warehouse.raw_schema,
        )  # fmt: skip
    metadata = {
        f"{place}.{what}": dg.MetadataValue.int(int(n))
        for place, counts in done.items()
        for what, n in counts.items()
    }
    metadata["now"] = dg.MetadataValue.text(now.isoformat())
    metadata["policy_days"] = dg.MetadataValue.json(policy.__dict__)
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    group_name="privacy",
    kinds={"python"},
    owners=OWNERS,
    description=(
        "The log of rights requests (access, erasure, objection, do-not-sell) with their legal "
        "due dates (GDPR 30 days, CCPA 45): counts by status and the overdue ones."
    ),
)
def privacy_request_log(config: ClockConfig, ops_store: OpsStoreResource) -> dg.MaterializeResult:
    now = config.moment()
    with ops_store.open() as store:
        requests = list_requests(store)
        late = overdue(store, now=now)
    by_status: dict[str, int] = {}
    for r in requests:
        by_status[r.status] = by_status.get(r.status, 0) + 1
    return dg.MaterializeResult(
        metadata={
            "open": dg.MetadataValue.int(by_status.get("open", 0)),
            "completed": dg.MetadataValue.int(by_status.get("completed", 0)),
            "overdue": dg.MetadataValue.int(len(late)),
            "dagster/row_count": dg.MetadataValue.int(len(requests)),
        }
    )


@dg.asset_check(
    asset=privacy_request_log,
    description="Every open rights request is within its legal due date (GDPR 30 d, CCPA 45 d).",
)
def privacy_requests_on_time(
    config: ClockConfig, ops_store: OpsStoreResource
) -> dg.AssetCheckResult:
    now = config.moment()
    with ops_store.open() as store:
        late = overdue(store, now=now)
    return dg.AssetCheckResult(
        passed=not late,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{len(late)} request(s) past their legal due date: answer them now "
            "(`enrollflow privacy requests --overdue`)"
            if late
            else "no request is overdue"
        ),
        metadata={
            "overdue": dg.MetadataValue.int(len(late)),
            "requests": dg.MetadataValue.json(
                [
                    {
                        "request_id": r.request_id,
                        "kind": r.kind,
                        "regime": r.regime,
                        "due_at": r.due_at.isoformat(),
                        "days_overdue": r.days_overdue(now),
                    }
                    for r in late
                ]
            ),
        },
    )


@dg.asset(
    group_name="privacy",
    kinds={"python"},
    owners=OWNERS,
    deps=[dg.AssetKey("raw_crm__consent_events"), dg.AssetKey("raw_crm__contacts")],
    description=(
        "The ops store's consent ledger: every grant and withdrawal with its provenance. This "
        "asset imports the CRM's consent events (source `import`, the CRM's own source and "
        "event id kept; re-imports add nothing); the preference centre, double opt-in and SMS "
        "keywords append to it directly. Addresses (in the send path's canonical form: E.164 "
        "phones, lower-case emails), IPs and user agents are AES-256-GCM encrypted; a phone "
        "that is no valid number is counted `unaddressable`, not imported."
    ),
)
def consent_ledger(
    ops_store: OpsStoreResource, warehouse: WarehouseResource, privacy_keys: PrivacyKeysResource
) -> dg.MaterializeResult:
    with ops_store.open() as store:
        counts = import_crm_consent(
            store, privacy_keys.keyring(), Path(warehouse.path), now=dt.datetime.now(dt.UTC)
        )
    return dg.MaterializeResult(metadata={k: dg.MetadataValue.int(v) for k, v in counts.items()})


retention_job = dg.define_asset_job(
    "retention_job",
    selection=dg.AssetSelection.assets(retention_purge, privacy_request_log, consent_ledger),
    description="Retention purge, request-deadline check and CRM consent import (daily).",
)

retention_schedule = dg.ScheduleDefinition(
    name="retention_schedule",
    job=retention_job,
    cron_schedule="30 3 * * *",
    execution_timezone="UTC",
    description="Retention purge, request-deadline check and CRM consent import, 03:30 UTC.",
)
