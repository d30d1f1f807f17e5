"""Who receives the report and the alerts, and where they are kept (resource key ``reporting``).

| variable | meaning |
|---|---|
| ``ENROLLFLOW_REPORT_RECIPIENTS`` | comma-separated emails that get the weekly report |
| ``ENROLLFLOW_ALERT_RECIPIENTS`` | comma-separated emails that get alert openings and resolutions |
| ``ENROLLFLOW_ALERT_WEBHOOK_URL`` | a Slack incoming-webhook URL (or anything speaking its format) |
| ``ENROLLFLOW_REPORT_FROM_EMAIL`` | sender of both (default ``reports@northbridge.example.edu``) |

The report's HTML and PDF are kept under ``$ENROLLFLOW_DATA_DIR/reports/``.
"""

from __future__ import annotations

import dagster as dg
from pydantic_settings import BaseSettings, SettingsConfigDict

from delivery.identity import subscriptions
from delivery.providers.base import Provider
from delivery.store import Store
from enrollflow.settings import get_settings
from reports.alerts.notify import EmailNotifier, Notifier, SlackWebhookNotifier
from reports.mail import Sender


class ReportingSettings(BaseSettings):
    """The ``ENROLLFLOW_`` variables above."""

    model_config = SettingsConfigDict(env_prefix="ENROLLFLOW_", extra="ignore")

    report_recipients: str = ""
    alert_recipients: str = ""
    alert_webhook_url: str = ""
    report_from_email: str = "reports@northbridge.example.edu"


def _emails(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


class ReportingResource(dg.ConfigurableResource):
    """Recipients, webhook and folder of the report and the alerts."""

    reports_dir: str
    report_recipients: list[str] = []
    alert_recipients: list[str] = []
    alert_webhook_url: str = ""
    from_email: str = "reports@northbridge.example.edu"
    from_name: str = "EnrollFlow reports"

    def sender(self) -> Sender:
        return Sender(self.from_email, self.from_name)

    def notifiers(self, store: Store, email: Provider) -> list[Notifier]:
        """The alert notifiers configured: email through the ledger (to the configured addresses
        and the studio's users subscribed to alerts), the webhook."""
        out: list[Notifier] = []
        recipients = subscriptions.recipients(self.alert_recipients, store, "alerts")
        if recipients:
            out.append(EmailNotifier(store, email, recipients, self.sender()))
        if self.alert_webhook_url:
            out.append(SlackWebhookNotifier(self.alert_webhook_url))
        return out


def reporting_resource(settings: ReportingSettings | None = None) -> ReportingResource:
    """The resource for the current environment."""
    s = settings or ReportingSettings()
    return ReportingResource(
        reports_dir=str((get_settings().data_dir / "reports").resolve()),
        report_recipients=_emails(s.report_recipients),
        alert_recipients=_emails(s.alert_recipients),
        alert_webhook_url=s.alert_webhook_url,
        from_email=s.report_from_email,
    )
