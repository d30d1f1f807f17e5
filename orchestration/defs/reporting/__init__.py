"""Reporting domain: the weekly report schedule, the ``alerts`` asset and when it runs."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.reporting.assets import alerts
from orchestration.defs.reporting.jobs import (
    alerts_after_warehouse,
    alerts_job,
    alerts_schedule,
    weekly_report_job,
    weekly_report_schedule,
)
from orchestration.defs.reporting.resources import reporting_resource

defs = dg.Definitions(
    assets=[alerts],
    jobs=[weekly_report_job, alerts_job],
    schedules=[weekly_report_schedule, alerts_schedule],
    sensors=[alerts_after_warehouse],
    resources={"reporting": reporting_resource()},
)
