"""Privacy domain: the retention purge (job + daily schedule) and the request-deadline alert."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.privacy.assets import (
    privacy_request_log,
    privacy_requests_on_time,
    retention_job,
    retention_purge,
    retention_schedule,
)

defs = dg.Definitions(
    assets=[retention_purge, privacy_request_log],
    asset_checks=[privacy_requests_on_time],
    jobs=[retention_job],
    schedules=[retention_schedule],
)
