"""Where the campaign step job sends: email and SMS provider resources chosen by settings.

``ENROLLFLOW_EMAIL_PROVIDER`` = ``sandbox`` (default) | ``sendgrid`` | ``mandrill`` | ``smtp`` and
``ENROLLFLOW_SMS_PROVIDER`` = ``sandbox`` (default) | ``twilio`` | ``sns`` pick the resource bound to the
stable keys ``email`` and ``sms``. Secrets are ``dg.EnvVar`` fields, resolved when a run starts
(never stored in the run's config): a missing one fails the run naming the variable.

| variable | used by | meaning |
|---|---|---|
| ``ENROLLFLOW_SENDGRID_API_KEY`` (secret) | sendgrid | API key |
| ``ENROLLFLOW_SENDGRID_HOST`` | sendgrid | API base URL (default ``https://api.sendgrid.com``) |
| ``ENROLLFLOW_MANDRILL_API_KEY`` (secret) | mandrill | Mailchimp Transactional API key |
| ``ENROLLFLOW_MANDRILL_HOST``, ``ENROLLFLOW_MANDRILL_SUBACCOUNT`` | mandrill | API base URL (default ``https://mandrillapp.com/api/1.3``); subaccount |
| ``ENROLLFLOW_SMTP_HOST``, ``ENROLLFLOW_SMTP_PORT`` | smtp | server (port default 587, STARTTLS) |
| ``ENROLLFLOW_SMTP_USERNAME``, ``ENROLLFLOW_SMTP_PASSWORD`` (secret) | smtp | AUTH |
| ``ENROLLFLOW_SMTP_CA_FILE`` | smtp | CA bundle to trust (private relay); default: system CAs |
| ``ENROLLFLOW_TWILIO_ACCOUNT_SID``, ``ENROLLFLOW_TWILIO_AUTH_TOKEN`` (secret) | twilio | account |
| ``ENROLLFLOW_TWILIO_MESSAGING_SERVICE_SID`` or ``ENROLLFLOW_TWILIO_FROM`` | twilio | sender |
| ``ENROLLFLOW_TWILIO_BASE_URL`` | twilio | API base URL (default Twilio's) |
| ``ENROLLFLOW_SNS_REGION`` (+ the AWS SDK's credentials: ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` or a role) | sns | AWS SNS account |
| ``ENROLLFLOW_SNS_SENDER_ID``, ``ENROLLFLOW_SNS_ORIGINATION_NUMBER`` | sns | sender where the country needs one |
| ``ENROLLFLOW_SNS_ENDPOINT_URL`` | sns | API endpoint (default AWS's for the region) |
| ``ENROLLFLOW_PUBLIC_BASE_URL`` | all | the webhooks app (unsubscribe links, SMS status callbacks) |
| ``ENROLLFLOW_UNSUBSCRIBE_SECRET`` (secret) | all | signs unsubscribe links; required with a real provider |
| ``ENROLLFLOW_TRACKED_HOSTS`` + ``ENROLLFLOW_TRACKING_KEY`` (secret) | all | links to these hosts (the school's sites, comma-separated) carry ``eft`` + UTM (``delivery.rendering.links``) |
| ``ENROLLFLOW_SENDGRID_RATE``, ``ENROLLFLOW_MANDRILL_RATE``, ``ENROLLFLOW_SMTP_RATE``, ``ENROLLFLOW_TWILIO_RATE``, ``ENROLLFLOW_SNS_RATE`` | each | messages per second for the account, shared by all runs (default 500, 50, 20, 10, 20) |
| ``ENROLLFLOW_SENDGRID_TIMEOUT``, ``ENROLLFLOW_MANDRILL_TIMEOUT``, ``ENROLLFLOW_SMTP_TIMEOUT``, ``ENROLLFLOW_TWILIO_TIMEOUT`` | each | seconds per request (default 10) |

Every real provider resource paces sends with a :class:`~delivery.ratelimit.SharedBucket` of its
``rate`` (burst: one second of it) kept in the ops store, handed to dispatch by the step job
(``bucket(store, provider)``): every run and process sending through one account shares it, so
several campaigns at once stay under the account's rate together. A request never carries more
messages than one burst.
"""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Literal

import dagster as dg
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from delivery.providers.base import Provider
from delivery.ratelimit import SharedBucket
from delivery.store import Store
from enrollflow.settings import get_settings


class ProviderSettings(BaseSettings):
    """The non-secret provider settings (``ENROLLFLOW_`` prefix); secrets stay ``EnvVar``s."""

    model_config = SettingsConfigDict(env_prefix="ENROLLFLOW_", extra="ignore")

    email_provider: Literal["sandbox", "sendgrid", "mandrill", "smtp"] = "sandbox"
    sms_provider: Literal["sandbox", "twilio", "sns"] = "sandbox"
    sendgrid_host: str = "https://api.sendgrid.com"
    mandrill_host: str = "https://mandrillapp.com/api/1.3"
    mandrill_subaccount: str | None = None
    mandrill_rate: float = Field(50.0, gt=0, allow_inf_nan=False)
    mandrill_timeout: float = Field(10.0, gt=0, le=120, allow_inf_nan=False)
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_ca_file: str | None = None
    twilio_messaging_service_sid: str | None = None
    twilio_from: str | None = None
    twilio_base_url: str | None = None
    sns_region: str | None = None
    sns_endpoint_url: str | None = None
    sns_sender_id: str | None = None
    sns_origination_number: str | None = None
    sns_rate: float = Field(20.0, gt=0, allow_inf_nan=False)
    sns_timeout: float = Field(10.0, gt=0, le=120, allow_inf_nan=False)
    public_base_url: str = "http://127.0.0.1:8000"
    tracked_hosts: str = ""  # comma-separated hosts of the school's sites (eft link decoration)
    sendgrid_rate: float = Field(500.0, gt=0, allow_inf_nan=False)
    smtp_rate: float = Field(20.0, gt=0, allow_inf_nan=False)
    twilio_rate: float = Field(10.0, gt=0, allow_inf_nan=False)
    sendgrid_timeout: float = Field(10.0, gt=0, le=120, allow_inf_nan=False)
    smtp_timeout: float = Field(10.0, gt=0, le=120, allow_inf_nan=False)
    twilio_timeout: float = Field(10.0, gt=0, le=120, allow_inf_nan=False)


class _Paced(dg.ConfigurableResource):
    """A provider resource with a send rate: ``bucket()`` paces the run, batches fit one burst.

    ``rate=None`` (the sandbox) sends unpaced.
    """

    rate: float | None = None

    def bucket(self, store: Store, provider: Provider) -> SharedBucket | None:
        """The account's token bucket of ``rate`` messages/s (one second of burst), kept in the
        ops store and shared by every run sending through ``provider``'s account; ``None``
        without a rate."""
        return SharedBucket(store, provider.name, self.rate) if self.rate else None

    def _paced(self, provider: Provider) -> Provider:
        if self.rate:
            provider.max_batch = max(1, min(provider.max_batch, int(self.rate)))
        return provider

    def provider(self) -> Provider:  # pragma: no cover - abstract
        raise NotImplementedError


class EmailProviderResource(_Paced):
    """Base of the ``email`` resources: ``provider()`` returns the delivery provider."""


class SmsProviderResource(_Paced):
    """Base of the ``sms`` resources: ``provider()`` returns the delivery provider."""


def _sandbox(outbox_dir: str, channel: str) -> Provider:
    from delivery.providers.sandbox import SandboxProvider

    return SandboxProvider(Path(outbox_dir) / channel, channel=channel, account=channel)


class SandboxEmailResource(EmailProviderResource):
    """Emails written as files under ``<outbox_dir>/email`` (demo, tests)."""

    outbox_dir: str

    def provider(self) -> Provider:
        return _sandbox(self.outbox_dir, "email")


class SandboxSmsResource(SmsProviderResource):
    """SMS written as files under ``<outbox_dir>/sms`` (demo, tests)."""

    outbox_dir: str

    def provider(self) -> Provider:
        return _sandbox(self.outbox_dir, "sms")


class SendGridEmailResource(EmailProviderResource):
    """SendGrid v3 Mail Send through the official SDK."""

    api_key: str
    host: str = "https://api.sendgrid.com"
    account: str = "default"
    timeout: float = 10.0

    def provider(self) -> Provider:
        from delivery.providers.sendgrid import SendGridProvider

        return self._paced(
            SendGridProvider(
                self.api_key, account=self.account, host=self.host, timeout=self.timeout
            )
        )


class MandrillEmailResource(EmailProviderResource):
    """Mailchimp Transactional (Mandrill) messages/send through the official SDK."""

    api_key: str
    host: str = "https://mandrillapp.com/api/1.3"
    subaccount: str | None = None
    account: str = "default"
    timeout: float = 10.0

    def provider(self) -> Provider:
        from delivery.providers.mandrill import MandrillProvider

        return self._paced(
            MandrillProvider(
                self.api_key,
                host=self.host,
                timeout=self.timeout,
                account=self.account,
                subaccount=self.subaccount,
            )
        )


class SmtpEmailResource(EmailProviderResource):
    """An SMTP relay (STARTTLS required, AUTH when a username is set)."""

    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    ca_file: str | None = None
    account: str = "default"
    timeout: float = 10.0

    def provider(self) -> Provider:
        from delivery.providers.smtp import SmtpProvider

        context = ssl.create_default_context(cafile=self.ca_file) if self.ca_file else None
        return self._paced(
            SmtpProvider(
                self.host,
                self.port,
                username=self.username,
                password=self.password,
                ssl_context=context,
                timeout=self.timeout,
                account=self.account,
            )
        )


class TwilioSmsResource(SmsProviderResource):
    """Twilio Messages through the official SDK."""

    account_sid: str
    auth_token: str
    messaging_service_sid: str | None = None
    from_number: str | None = None
    base_url: str | None = None
    account: str = "default"
    timeout: float = 10.0

    def provider(self) -> Provider:
        from delivery.providers.twilio import TwilioProvider

        return self._paced(
            TwilioProvider(
                self.account_sid,
                self.auth_token,
                messaging_service_sid=self.messaging_service_sid,
                from_number=self.from_number,
                base_url=self.base_url,
                timeout=self.timeout,
                account=self.account,
            )
        )


class SnsSmsResource(SmsProviderResource):
    """AWS SNS Publish to phone numbers through boto3 (credentials: the AWS SDK's chain)."""

    region: str
    endpoint_url: str | None = None
    sender_id: str | None = None
    origination_number: str | None = None
    account: str = "default"
    timeout: float = 10.0

    def provider(self) -> Provider:
        from delivery.providers.sns import SnsSmsProvider

        return self._paced(
            SnsSmsProvider(
                self.region,
                endpoint_url=self.endpoint_url,
                sender_id=self.sender_id,
                origination_number=self.origination_number,
                timeout=self.timeout,
                account=self.account,
            )
        )


def _outbox() -> str:
    return str((get_settings().data_dir / "outbox").resolve())


def email_resource(settings: ProviderSettings | None = None) -> EmailProviderResource:
    """The ``email`` resource selected by ``ENROLLFLOW_EMAIL_PROVIDER``."""
    s = settings or ProviderSettings()
    if s.email_provider == "sendgrid":
        return SendGridEmailResource(
            api_key=dg.EnvVar("ENROLLFLOW_SENDGRID_API_KEY"),
            host=s.sendgrid_host,
            rate=s.sendgrid_rate,
            timeout=s.sendgrid_timeout,
        )
    if s.email_provider == "mandrill":
        return MandrillEmailResource(
            api_key=dg.EnvVar("ENROLLFLOW_MANDRILL_API_KEY"),
            host=s.mandrill_host,
            subaccount=s.mandrill_subaccount,
            rate=s.mandrill_rate,
            timeout=s.mandrill_timeout,
        )
    if s.email_provider == "smtp":
        return SmtpEmailResource(
            host=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username,
            password=dg.EnvVar("ENROLLFLOW_SMTP_PASSWORD") if s.smtp_username else None,
            ca_file=s.smtp_ca_file,
            rate=s.smtp_rate,
            timeout=s.smtp_timeout,
        )
    return SandboxEmailResource(outbox_dir=_outbox())


def sms_resource(settings: ProviderSettings | None = None) -> SmsProviderResource:
    """The ``sms`` resource selected by ``ENROLLFLOW_SMS_PROVIDER``."""
    s = settings or ProviderSettings()
    if s.sms_provider == "twilio":
        if not (s.twilio_messaging_service_sid or s.twilio_from):
            raise ValueError(
                "ENROLLFLOW_SMS_PROVIDER=twilio needs ENROLLFLOW_TWILIO_MESSAGING_SERVICE_SID "
                "or ENROLLFLOW_TWILIO_FROM (the sender)"
            )
        return TwilioSmsResource(
            account_sid=dg.EnvVar("ENROLLFLOW_TWILIO_ACCOUNT_SID"),
            auth_token=dg.EnvVar("ENROLLFLOW_TWILIO_AUTH_TOKEN"),
            messaging_service_sid=s.twilio_messaging_service_sid,
            from_number=s.twilio_from,
            base_url=s.twilio_base_url,
            rate=s.twilio_rate,
            timeout=s.twilio_timeout,
        )
    if s.sms_provider == "sns":
        if not s.sns_region:
            raise ValueError("ENROLLFLOW_SMS_PROVIDER=sns needs ENROLLFLOW_SNS_REGION")
        return SnsSmsResource(
            region=s.sns_region,
            endpoint_url=s.sns_endpoint_url,
            sender_id=s.sns_sender_id,
            origination_number=s.sns_origination_number,
            rate=s.sns_rate,
            timeout=s.sns_timeout,
        )
    return SandboxSmsResource(outbox_dir=_outbox())
