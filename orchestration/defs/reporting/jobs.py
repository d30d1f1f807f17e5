"""The weekly report (job + schedule) and when alerts are evaluated (job, schedule, sensor).

- ``weekly_report_job`` renders the report of one period from the warehouse (read-only), keeps
  its HTML and PDF under ``data/reports/`` and emails it (the PDF attached) to ``ENROLLFLOW_REPORT_RECIPIENTS``
  and to the studio's users who subscribed on their account page (active ones; each address once)
  through the configured email provider and the send ledger: ledger key
  (``enrollflow.report``, ``weekly-<period>``, recipient), so a second run, a retry or a replayed
  tick sends nothing again.
- ``weekly_report_schedule``: Mondays 07:00 UTC, the ISO week before (``run_key`` = the week).
- ``alerts_job`` materialises ``alerts``: hourly (``alerts_schedule``, for provider holds) and
  after every successful ``warehouse_job`` run (``alerts_after_warehouse``).
"""

# no `from __future__ import annotations`: Dagster reads the Config annotation at runtime
import datetime as dt
from pathlib import Path

import dagster as dg

from delivery.identity import subscriptions
from enrollflow.snapshot import open_reader
from orchestration.defs.delivery.providers import EmailProviderResource
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.pipeline import warehouse_job
from orchestration.defs.reporting.assets import alerts
from orchestration.defs.reporting.resources import ReportingResource
from orchestration.resources import WarehouseResource
from reports.build import build_report, write_report
from reports.mail import REPORT_CAMPAIGN, Mail, pdf_attachment, send_once
from reports.period import parse_period


class WeeklyReportConfig(dg.Config):
    """``now`` (ISO, UTC; default wall clock) and ``period`` (default: the ISO week before ``now``)."""

    now: str | None = None
    period: str | None = None


def previous_week(now: dt.datetime) -> str:
    """``2026-W06`` for any instant of ISO week 7."""
    year, week, _ = (now.date() - dt.timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


@dg.op
def send_weekly_report(
    context: dg.OpExecutionContext,
    config: WeeklyReportConfig,
    warehouse: WarehouseResource,
    ops_store: OpsStoreResource,
    email: EmailProviderResource,
    reporting: ReportingResource,
) -> dict:
    """Render the report, keep HTML and PDF, email it once to the configured list."""
    now = (
        dt.datetime.fromisoformat(config.now).replace(tzinfo=None)
        if config.now
        else dt.datetime.now(dt.UTC).replace(tzinfo=None)
    )
    period = parse_period(config.period or previous_week(now), now)
    with open_reader(warehouse.path) as con:  # the published snapshot when there is one
        content = build_report(con, now=now, period=period)
    written = write_report(content, Path(reporting.reports_dir))
    submitted = 0
    with ops_store.open() as store:
        recipients = subscriptions.recipients(reporting.report_recipients, store, "weekly")
        if recipients:
            files = (pdf_attachment(written.pdf_path),) if written.pdf_path else ()
            if not files:
                context.log.warning("no PDF was rendered: the report is emailed without it")
            title = f"{content.title} · {period.describe()}"
            report = send_once(
                store,
                email.provider(),
                campaign_id=REPORT_CAMPAIGN,
                step_id=f"weekly-{period.slug}",
                recipients=recipients,
                mail=Mail(title, written.html, written.text, files),
                sender=reporting.sender(),
                now=now,
            )
            submitted = report.submitted
            for alert in report.alerts:
                context.log.warning(alert)
        else:
            context.log.info(
                "ENROLLFLOW_REPORT_RECIPIENTS is empty and nobody subscribed in the studio: "
                "the report was written, not emailed"
            )
    context.add_output_metadata(
        {
            "period": period.describe(),
            "html": written.html_path.name,
            "pdf": written.pdf_path.name if written.pdf_path else "",
            "recipients": len(recipients),
            "emails_submitted": submitted,
        }
    )
    return {"period": period.slug, "submitted": submitted}


@dg.job(
    description="Render the marketer's report (HTML + PDF) and email it once to the list.",
    tags={"enrollflow/domain": "reporting"},
)
def weekly_report_job() -> None:
    send_weekly_report()


@dg.schedule(
    job=weekly_report_job,
    cron_schedule="0 7 * * 1",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Mondays 07:00 UTC: last ISO week's report to ENROLLFLOW_REPORT_RECIPIENTS.",
)
def weekly_report_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    tick = context.scheduled_execution_time.astimezone(dt.UTC).replace(tzinfo=None)
    week = previous_week(tick)
    return dg.RunRequest(
        run_key=f"weekly-report-{week}",
        run_config={
            "ops": {"send_weekly_report": {"config": {"now": tick.isoformat(), "period": week}}}
        },
        tags={"enrollflow/report": week},
    )


alerts_job = dg.define_asset_job(
    "alerts_job",
    selection=dg.AssetSelection.assets(alerts),
    description="Evaluate the alert rules, update the alerts table, deliver openings/resolutions.",
    tags={"enrollflow/domain": "reporting"},
)

alerts_schedule = dg.ScheduleDefinition(
    name="alerts_schedule",
    job=alerts_job,
    cron_schedule="15 * * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Hourly alerts tick (providers can be held at any time).",
)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[warehouse_job],
    request_job=alerts_job,
    name="alerts_after_warehouse",
    description="Evaluate the alerts as soon as the warehouse has been rebuilt.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def alerts_after_warehouse(context: dg.RunStatusSensorContext):
    return dg.RunRequest(run_key=f"alerts-after-{context.dagster_run.run_id}")
