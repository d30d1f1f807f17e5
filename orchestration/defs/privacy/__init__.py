"""Privacy domain: retention purge (job + daily schedule), request-deadline alert, compliance."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.privacy.assets import (
    consent_ledger,
    privacy_request_log,
    privacy_requests_on_time,
    retention_job,
    retention_purge,
    retention_schedule,
)
from orchestration.defs.privacy.compliance import campaign_compliance
from orchestration.defs.privacy.resources import privacy_keys_resource

defs = dg.Definitions(
    assets=[retention_purge, privacy_request_log, campaign_compliance, consent_ledger],
    asset_checks=[privacy_requests_on_time],
    jobs=[retention_job],
    schedules=[retention_schedule],
    resources={"privacy_keys": privacy_keys_resource()},
)
