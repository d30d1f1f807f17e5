"""The campaign step job sends through the provider chosen by ENROLLFLOW_* settings: SendGrid and
Twilio through their SDKs against the local fakes, SMTP against aiosmtpd, sandbox by default."""

from __future__ import annotations

import copy
import datetime as dt

import dagster as dg
import pytest

from delivery import breaker
from delivery.providers.sandbox import outbox_records
from delivery.store import open_store
from orchestration.defs.delivery.jobs import campaign_step_job
from orchestration.defs.delivery.providers import (
    ProviderSettings,
    SandboxEmailResource,
    SandboxSmsResource,
    email_resource,
    sms_resource,
)
from orchestration.defs.delivery.resources import OpsStoreResource, sender_resource
from orchestration.resources import WarehouseResource
from tests.fakes.blackhole import BlackHole
from tests.fakes.sendgrid import FakeSendGrid
from tests.fakes.smtp import FakeSmtp
from tests.fakes.twilio import FakeTwilio
from tests.journeys.conftest import _DEMO, World, launch
from tests.journeys.test_engine import ledger_frame

LONDON_9AM = dt.datetime(2026, 3, 2, 9, 0)
SMS_DUE = LONDON_9AM + dt.timedelta(hours=48)  # the reminder to non-openers
ALL_PROVIDER_VARS = [
    "ENROLLFLOW_EMAIL_PROVIDER",
    "ENROLLFLOW_SMS_PROVIDER",
    "ENROLLFLOW_SENDGRID_API_KEY",
    "ENROLLFLOW_SENDGRID_HOST",
    "ENROLLFLOW_SMTP_HOST",
    "ENROLLFLOW_SMTP_PORT",
    "ENROLLFLOW_SMTP_USERNAME",
    "ENROLLFLOW_SMTP_PASSWORD",
    "ENROLLFLOW_SMTP_CA_FILE",
    "ENROLLFLOW_TWILIO_ACCOUNT_SID",
    "ENROLLFLOW_TWILIO_AUTH_TOKEN",
    "ENROLLFLOW_TWILIO_MESSAGING_SERVICE_SID",
    "ENROLLFLOW_TWILIO_FROM",
    "ENROLLFLOW_TWILIO_BASE_URL",
    "ENROLLFLOW_UNSUBSCRIBE_SECRET",
    "ENROLLFLOW_SENDGRID_RATE",
    "ENROLLFLOW_SENDGRID_TIMEOUT",
]


HOSTILE_EMAILS = ["learner@example.edu, boss@example.edu", "learner@example.edu\r\nBcc: x@y.edu"]


@pytest.fixture
def env(tmp_path, monkeypatch, request):
    for name in ALL_PROVIDER_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ENROLLFLOW_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ENROLLFLOW_TWILIO_RATE", "1000")  # the default 10/s would slow the tests
    warehouse = tmp_path / "warehouse.duckdb"
    world = World(str(warehouse))
    world.add_contacts(120, timezone="Europe/London")
    if "hostile" in request.node.name:  # contacts whose CRM email is not one recipient
        for email in HOSTILE_EMAILS:
            world.add_contacts(1, timezone="Europe/London", email=email)
    world.conn.close()
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    store = open_store(url, create=True)
    launch(store, copy.deepcopy(_DEMO), audience_size=120)
    yield {"store": store, "url": url, "warehouse": warehouse, "tmp": tmp_path}
    store.dispose()


def _resources(env) -> dict:
    """The resources as the Definitions build them from the environment."""
    return {
        "ops_store": OpsStoreResource(url=env["url"]),
        "warehouse": WarehouseResource(path=str(env["warehouse"])),
        "delivery": sender_resource(),
        "email": email_resource(),
        "sms": sms_resource(),
    }


def _step(env, now: dt.datetime) -> dg.ExecuteInProcessResult:
    with dg.instance_for_test() as instance:
        return campaign_step_job.execute_in_process(
            run_config={
                "ops": {
                    "advance_campaign_step": {
                        "config": {"campaign_id": "spring_data_enrollment", "now": now.isoformat()}
                    }
                }
            },
            instance=instance,
            resources=_resources(env),
        )


def _sent(env, channel: str):
    rows = ledger_frame(env["store"])
    return rows[rows["channel"] == channel]


def test_default_is_the_sandbox(env):
    assert isinstance(email_resource(), SandboxEmailResource)
    assert isinstance(sms_resource(), SandboxSmsResource)
    assert _step(env, LONDON_9AM).success
    emails = _sent(env, "email")
    assert len(emails) > 0 and set(emails["provider"]) == {"sandbox"}
    assert len(list(outbox_records(env["tmp"] / "outbox" / "email"))) == len(emails)


def test_sendgrid_and_twilio_through_their_sdks(env, monkeypatch):
    with FakeSendGrid() as sendgrid, FakeTwilio() as twilio:
        monkeypatch.setenv("ENROLLFLOW_EMAIL_PROVIDER", "sendgrid")
        monkeypatch.setenv("ENROLLFLOW_SENDGRID_HOST", sendgrid.url)
        monkeypatch.setenv("ENROLLFLOW_SENDGRID_API_KEY", sendgrid.api_key)
        monkeypatch.setenv("ENROLLFLOW_SMS_PROVIDER", "twilio")
        monkeypatch.setenv("ENROLLFLOW_TWILIO_BASE_URL", twilio.url)
        monkeypatch.setenv("ENROLLFLOW_TWILIO_ACCOUNT_SID", twilio.account_sid)
        monkeypatch.setenv("ENROLLFLOW_TWILIO_AUTH_TOKEN", twilio.auth_token)
        monkeypatch.setenv("ENROLLFLOW_TWILIO_MESSAGING_SERVICE_SID", "MG" + "0" * 32)
        monkeypatch.setenv("ENROLLFLOW_UNSUBSCRIBE_SECRET", "prod-signing-secret")

        assert _step(env, LONDON_9AM).success
        emails = _sent(env, "email")
        assert len(emails) > 0 and set(emails["state"]) == {"submitted"}
        assert set(emails["provider"]) == {"sendgrid"}
        assert sendgrid.counts() == {lid: 1 for lid in emails["ledger_id"]}  # each exactly once

        assert _step(env, SMS_DUE).success  # nobody opened: every emailed contact gets the SMS
        sms = _sent(env, "sms")
        assert set(sms["contact_id"]) == set(emails["contact_id"])
        assert set(sms["state"]) == {"submitted"} and set(sms["provider"]) == {"twilio"}
        assert twilio.counts() == {lid: 1 for lid in sms["ledger_id"]}
        # a replayed run sends nothing more
        assert _step(env, SMS_DUE).success
        assert sum(sendgrid.counts().values()) == len(emails)
        assert sum(twilio.counts().values()) == len(sms)


def test_smtp_through_aiosmtpd(env, monkeypatch):
    with FakeSmtp(env["tmp"]) as server:
        monkeypatch.setenv("ENROLLFLOW_EMAIL_PROVIDER", "smtp")
        monkeypatch.setenv("ENROLLFLOW_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("ENROLLFLOW_SMTP_PORT", str(server.port))
        monkeypatch.setenv("ENROLLFLOW_SMTP_USERNAME", server.user)
        monkeypatch.setenv("ENROLLFLOW_SMTP_PASSWORD", server.password)
        monkeypatch.setenv("ENROLLFLOW_SMTP_CA_FILE", str(server.cert))
        monkeypatch.setenv("ENROLLFLOW_UNSUBSCRIBE_SECRET", "prod-signing-secret")
        assert _step(env, LONDON_9AM).success
    emails = _sent(env, "email")
    assert len(emails) > 0 and set(emails["provider"]) == {"smtp"}
    assert server.counts() == {lid: 1 for lid in emails["ledger_id"]}


def test_a_missing_secret_fails_the_run_naming_the_variable(env, monkeypatch):
    monkeypatch.setenv("ENROLLFLOW_EMAIL_PROVIDER", "sendgrid")
    monkeypatch.setenv("ENROLLFLOW_UNSUBSCRIBE_SECRET", "prod-signing-secret")
    with pytest.raises(dg.DagsterInvalidConfigError, match="ENROLLFLOW_SENDGRID_API_KEY"):
        _step(env, LONDON_9AM)
    assert len(ledger_frame(env["store"])) == 0  # refused before the step ran


def test_bad_provider_names_are_refused_with_the_choices(monkeypatch):
    monkeypatch.setenv("ENROLLFLOW_EMAIL_PROVIDER", "mailchimp")
    with pytest.raises(ValueError, match="sandbox.*sendgrid.*smtp"):
        ProviderSettings()
    monkeypatch.setenv("ENROLLFLOW_EMAIL_PROVIDER", "sandbox")
    monkeypatch.setenv("ENROLLFLOW_SMS_PROVIDER", "twilio")
    with pytest.raises(ValueError, match="ENROLLFLOW_TWILIO_MESSAGING_SERVICE_SID"):
        sms_resource()


def _sendgrid_env(monkeypatch, host: str, **extra: str) -> None:
    monkeypatch.setenv("ENROLLFLOW_EMAIL_PROVIDER", "sendgrid")
    monkeypatch.setenv("ENROLLFLOW_SENDGRID_HOST", host)
    monkeypatch.setenv("ENROLLFLOW_SENDGRID_API_KEY", "SG.test-key")
    monkeypatch.setenv("ENROLLFLOW_UNSUBSCRIBE_SECRET", "prod-signing-secret")
    for name, value in extra.items():
        monkeypatch.setenv(name, value)


def test_the_step_job_paces_sends_with_the_accounts_token_bucket(env, monkeypatch):
    """The account allows a burst of 60 messages: the job's bucket (60/s, batches of 60) keeps
    it under, so SendGrid never answers 429. Unpaced (the rate at 1000/s), one batch of
    everything never fits the burst; batches sent back to back would be 429'd too.

    The account refills a batch in 0.1 s and the job waits 1 s between batches, so a batch may
    reach the fake up to 0.9 s late before the next one is refused: arrival times are measured
    in a thread of this busy test process. With a 0.4 s refill a first batch that arrived 0.6 s
    late was 429'd once in a full run; with 0.8 s, once in three."""
    with FakeSendGrid(cap=600, burst=60) as sendgrid:
        _sendgrid_env(monkeypatch, sendgrid.url, ENROLLFLOW_SENDGRID_RATE="60")
        assert _step(env, LONDON_9AM).success
        emails = _sent(env, "email")
        assert len(emails) > 60 and set(emails["state"]) == {"submitted"}
        assert sendgrid.rate_limited == 0 and sendgrid.mail_sends >= 2
        assert sendgrid.counts() == {lid: 1 for lid in emails["ledger_id"]}


def test_a_black_holed_provider_holds_and_alerts_through_the_job(env, monkeypatch, caplog):
    with BlackHole() as hole:
        _sendgrid_env(
            monkeypatch,
            hole.url,
            ENROLLFLOW_SENDGRID_RATE="20",
            ENROLLFLOW_SENDGRID_TIMEOUT="0.3",
        )
        result = _step(env, LONDON_9AM)
    assert result.success
    states = _sent(env, "email")["state"].value_counts().to_dict()
    assert states.get("unknown") == 20 and states.get("pending", 0) > 0  # one batch, not all
    holds = {h.provider: h for h in breaker.status(env["store"])}
    assert holds["sendgrid:default"].status == "open"
    assert "gave no answer" in holds["sendgrid:default"].reason
    assert "sendgrid:default held until" in caplog.text  # the run's alert


def test_a_hostile_address_fails_alone_through_the_job(env, monkeypatch):
    with FakeSendGrid() as sendgrid:
        _sendgrid_env(monkeypatch, sendgrid.url)
        assert _step(env, LONDON_9AM).success
        recipients = [a["to"] for a in sendgrid.accepted]
    emails = _sent(env, "email")
    is_hostile = emails["contact_id"].isin(["c_0000120", "c_0000121"])  # added after the 120
    hostile = emails[is_hostile]
    assert len(hostile) <= 2 and set(hostile["state"]) <= {"failed", "skipped"}
    good = emails[~is_hostile]
    assert len(good) > 0 and set(good["state"]) == {"submitted"}
    assert sorted(recipients) == sorted(good["to_address"])  # one recipient per message
    assert not any("boss@" in r or "\n" in r for r in recipients)
