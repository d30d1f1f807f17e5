"""Every documented provider error, code by code, through the official SDKs against the fakes.

Each case makes the fake answer one code in the provider's real wire format and checks what
dispatch did with the batch: retried and sent everything once, held or stopped the provider
(nothing failed for good), split the request, deferred, suppressed or failed that one message.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from delivery import breaker
from delivery.dispatch import DispatchPolicy, dispatch
from delivery.ledger import Ledger, LedgerKey
from delivery.messages import SmsMessage
from delivery.providers.codes import (
    SENDGRID_HTTP,
    SMTP_REPLIES,
    TWILIO_CODES,
    Action,
    markdown_tables,
)
from delivery.providers.sendgrid import SendGridProvider
from delivery.providers.smtp import SmtpProvider
from delivery.providers.twilio import TwilioProvider
from delivery.suppression import suppression_list
from tests.delivery.conftest import NOW, email_keys, plain_email
from tests.fakes.http import Fault
from tests.fakes.sendgrid import FakeSendGrid
from tests.fakes.smtp import FakeSmtp
from tests.fakes.twilio import ERRORS, FakeTwilio

POLICY = DispatchPolicy(
    lease=dt.timedelta(seconds=30), max_attempts=3, backoff_initial=0.0, backoff_max=0.0, jitter=0.0
)
NUMBERS = ["+447911123456", "+447911123457", "+34612345678", "+4915112345678"]


def _dispatch(store, provider, render=plain_email, *, now=NOW, policy=POLICY):
    """Dispatch without sleeping; return the report and the alerts raised."""
    alerts: list[str] = []
    report = dispatch(
        store,
        provider,
        render=render,
        now=now,
        policy=policy,
        sleep=lambda s: None,
        alert=alerts.append,
    )
    return report, alerts


def _states(store) -> dict[str, str]:
    return {r.ledger_id: r.state for r in Ledger(store).rows()}


def _suppressed(store) -> set[str]:
    return {address for _, address in suppression_list(store)}


def _breaker(store, name: str) -> str:
    return {h.provider: h.status for h in breaker.status(store)}.get(name, "closed")


def test_the_readme_shows_the_tables_the_code_uses():
    readme = (Path(__file__).resolve().parents[2] / "delivery" / "README.md").read_text()
    assert markdown_tables() in readme


# -- SendGrid ------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(SENDGRID_HTTP))
def test_sendgrid_status(sqlite_store, status):
    rule = SENDGRID_HTTP[status]
    keys = email_keys(4)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    with FakeSendGrid() as fake:
        payload = {"invalid_to": [1]} if status == 400 else None
        fake.inject(Fault("status", status=status, seconds=0.01, payload=payload))
        report, alerts = _dispatch(sqlite_store, SendGridProvider(fake.api_key, host=fake.url))
        states = _states(sqlite_store)
        sent = fake.counts()
    assert all(n == 1 for n in sent.values())  # never twice
    if rule.action is Action.RETRY:  # retried: everything sent once, provider still open
        assert set(states.values()) == {"submitted"} and len(sent) == 4
        assert _breaker(sqlite_store, "sendgrid:default") == "closed" and not alerts
    elif rule.action is Action.SPLIT:  # 413: two halves, each accepted
        assert set(states.values()) == {"submitted"} and report.requests == 1
        assert fake.requests == 3
    elif rule.action is Action.FAIL:  # 400 naming personalization 1's address
        assert states[keys[1].ledger_id] == "failed" and len(sent) == 3
        assert _suppressed(sqlite_store) == {keys[1].to_address}
    else:  # hold / stop: nothing failed for good, everything back to pending, an alert
        assert set(states.values()) == {"pending"} and not sent
        expected = "stopped" if rule.action is Action.STOP else "open"
        assert _breaker(sqlite_store, "sendgrid:default") == expected and alerts
        assert fake.requests == 1  # neither a hold nor a stop is retried in place


def test_sendgrid_400_on_a_shared_field_fails_that_request_only(sqlite_store):
    keys = email_keys(3)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    with FakeSendGrid() as fake:
        fake.inject(Fault("status", status=400, payload={"field": "from.email"}))
        report, _ = _dispatch(sqlite_store, SendGridProvider(fake.api_key, host=fake.url))
    assert report.failed == 3 and not _suppressed(sqlite_store)
    assert all("SendGrid 400" in r.last_error for r in Ledger(sqlite_store).rows())


def test_sendgrid_413_splits_until_each_request_fits_and_a_lone_giant_fails_alone(sqlite_store):
    keys = email_keys(8)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    giant = keys[5].ledger_id

    def render(row):
        m = plain_email(row)
        if row.ledger_id == giant:  # over the substitution limit: sent alone, inline, too big
            return type(m)(**{**m.__dict__, "html": "<p>" + "x" * 40_000 + "</p>"})
        return m

    with FakeSendGrid(max_body_bytes=6_000) as fake:
        report, _ = _dispatch(sqlite_store, SendGridProvider(fake.api_key, host=fake.url), render)
        sent = fake.counts()
    states = _states(sqlite_store)
    assert states.pop(giant) == "failed" and "413" in Ledger(sqlite_store).get(giant).last_error
    assert set(states.values()) == {"submitted"} and sent == {k: 1 for k in states}


# -- Twilio --------------------------------------------------------------------------------------

REST_CODES = sorted(c for c in TWILIO_CODES if c in ERRORS)


def test_the_twilio_fake_knows_every_rest_code_of_the_table():
    assert set(REST_CODES) == {c for c in TWILIO_CODES if c < 30000}


def _sms_render(row):
    return SmsMessage(
        ledger_id=row.ledger_id,
        to=row.to_address,
        body=f"Hi {row.contact_id}",
        status_callback=f"https://hooks.example.edu/twilio/status?ledger_id={row.ledger_id}",
    )


@pytest.mark.parametrize("code", REST_CODES)
def test_twilio_error_code(sqlite_store, code):
    rule = TWILIO_CODES[code]
    keys = [
        LedgerKey("cmp_0002", "sms1", f"c_{i:07d}", "sms", to_address=n)
        for i, n in enumerate(NUMBERS)
    ]
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    with FakeTwilio() as fake:
        # the 2nd request (ledger order) gets the code, in Twilio's JSON error body
        fake.inject(Fault("none"), Fault("status", payload={"code": code}))
        provider = TwilioProvider(
            fake.account_sid, fake.auth_token, from_number="+15005550006", base_url=fake.url
        )
        _, alerts = _dispatch(sqlite_store, provider, render=_sms_render)
        sent = fake.counts()
    assert_second_sms_handled(
        sqlite_store, keys, rule, sent=len(sent), alerts=alerts, error=f"Twilio {code}",
        provider="twilio:default",
    )  # fmt: skip


def assert_second_sms_handled(store, keys, rule, *, sent, alerts, error, provider) -> None:
    """What dispatch must have done when the 2nd of four SMS got an answer of ``rule``."""
    states = [_states(store)[k.ledger_id] for k in keys]
    if rule.action is Action.RETRY:
        assert states == ["submitted"] * 4 and sent == 4
    elif rule.action in (Action.SUPPRESS, Action.FAIL):  # that message alone
        assert states == ["submitted", "failed", "submitted", "submitted"]
        assert _suppressed(store) == ({NUMBERS[1]} if rule.action is Action.SUPPRESS else set())
        assert error in Ledger(store).get(keys[1].ledger_id).last_error
    else:
        assert states == ["submitted", "pending", "pending", "pending"] and alerts
        expected = "stopped" if rule.action is Action.STOP else "open"
        assert _breaker(store, provider) == expected


# -- SMTP ----------------------------------------------------------------------------------------

SMTP_TEXT = {
    421: "421 4.3.2 Service not available, closing transmission channel",
    450: "450 4.2.0 Mailbox busy, greylisted: try again later",
    451: "451 4.3.0 Local error in processing",
    452: "452 4.5.3 Too many recipients",
    550: "550 5.1.1 Mailbox unavailable",
    551: "551 5.1.6 User not local",
    552: "552 5.3.4 Message size exceeds fixed maximum message size",
    553: "553 5.1.3 Mailbox name not allowed",
    554: "554 5.7.1 Transaction failed: rejected by policy",
}


@pytest.fixture
def smtp_fake(tmp_path):
    with FakeSmtp(tmp_path) as server:
        yield server


def _smtp(server, **kw) -> SmtpProvider:
    return SmtpProvider(
        "127.0.0.1",
        server.port,
        username=server.user,
        password=server.password,
        ssl_context=server.client_tls(),
        timeout=5,
        **kw,
    )


@pytest.mark.parametrize("code", sorted(SMTP_TEXT))
@pytest.mark.parametrize("stage", ["rcpt", "data"])
def test_smtp_reply_to_one_recipient(sqlite_store, smtp_fake, code, stage):
    keys = email_keys(4)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    bad = keys[1]
    smtp_fake.replies[(stage, bad.to_address)] = SMTP_TEXT[code]
    report, alerts = _dispatch(sqlite_store, _smtp(smtp_fake))
    states = _states(sqlite_store)
    others = {states[k.ledger_id] for k in keys if k is not bad}
    action = SMTP_REPLIES[code].action
    if code == 421:  # the server closes the session: held after retries, the rest waits
        assert (
            states[bad.ledger_id] == "pending" and _breaker(sqlite_store, "smtp:default") == "open"
        )
        assert alerts and states[keys[0].ledger_id] == "submitted"
        return
    assert others == {"submitted"}  # the rest of the batch went on
    if action is Action.DEFER:  # back to pending for a later run, with the reason
        row = Ledger(sqlite_store).get(bad.ledger_id)
        assert row.state == "pending" and f"SMTP {code}" in row.last_error
        assert report.released == 1
    else:
        assert states[bad.ledger_id] == "failed"
        suppressed = action is Action.SUPPRESS and stage == "rcpt"
        assert _suppressed(sqlite_store) == ({bad.to_address} if suppressed else set())
    assert bad.ledger_id not in smtp_fake.counts()


@pytest.mark.parametrize(
    "reply", ["530 5.7.0 Authentication required", "534 5.7.9 Mechanism too weak", None]
)
def test_smtp_auth_refusals_stop_the_provider(sqlite_store, smtp_fake, reply):
    Ledger(sqlite_store).enqueue(email_keys(2), now=NOW)
    smtp_fake.auth_reply = reply  # None: aiosmtpd's own 535
    provider = SmtpProvider(
        "127.0.0.1",
        smtp_fake.port,
        username=smtp_fake.user,
        password="wrong",
        ssl_context=smtp_fake.client_tls(),
        timeout=5,
    )
    _, alerts = _dispatch(sqlite_store, provider)
    assert _breaker(sqlite_store, "smtp:default") == "stopped" and alerts
    assert set(_states(sqlite_store).values()) == {"pending"}


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("451 4.3.0 try later", "open"), ("553 5.7.1 Sender address rejected", "open")],
)
def test_smtp_mail_from_refusal_holds_the_provider(sqlite_store, smtp_fake, reply, expected):
    Ledger(sqlite_store).enqueue(email_keys(2), now=NOW)
    smtp_fake.replies[("mail", "*")] = reply
    _, alerts = _dispatch(sqlite_store, _smtp(smtp_fake))
    assert _breaker(sqlite_store, "smtp:default") == expected and alerts
    assert set(_states(sqlite_store).values()) == {"pending"}
    assert "553" in alerts[0] or "451" in alerts[0]


# -- Twilio status callbacks (the message has left; its ErrorCode arrives later) ----------------

CALLBACK_CODES = sorted(c for c in TWILIO_CODES if c >= 30000 or c == 21610)


@pytest.mark.parametrize("code", CALLBACK_CODES)
def test_twilio_callback_error_code(sqlite_store, tmp_path, code):
    """Posted, signed, in Twilio's form format to the webhooks app: the message fails; the
    number is suppressed only for ``suppress`` codes; nothing is ever resent."""
    from starlette.testclient import TestClient

    from delivery.providers.sandbox import SandboxProvider
    from delivery.webhooks.app import create_app
    from tests.delivery.conftest import plain_sms
    from tests.delivery.test_webhooks import BASE, TWILIO_TOKEN, _twilio_post

    key = LedgerKey("cmp_0002", "sms1", "c_1", "sms", to_address=NUMBERS[0])
    Ledger(sqlite_store).enqueue([key], now=NOW)
    dispatch(
        sqlite_store, SandboxProvider(tmp_path / "sbx", channel="sms"), render=plain_sms, now=NOW
    )
    app = create_app(
        sqlite_store,
        tmp_path / "landing",
        unsubscribe_secret="x" * 16,
        public_base_url=BASE,
        twilio_auth_token=TWILIO_TOKEN,
    )
    params = {
        "MessageSid": "SM" + "c" * 32,
        "MessageStatus": "undelivered",
        "ErrorCode": str(code),
        "AccountSid": "AC" + "b" * 32,
        "To": NUMBERS[0],
        "From": "+447000000000",
        "ApiVersion": "2010-04-01",
    }
    client = TestClient(app, base_url=BASE)
    assert (
        _twilio_post(client, f"/twilio/status?ledger_id={key.ledger_id}", params).status_code == 204
    )
    row = Ledger(sqlite_store).get(key.ledger_id)
    assert row.state == "failed" and row.last_error == f"Twilio {code}"
    suppressed = TWILIO_CODES[code].action is Action.SUPPRESS
    assert _suppressed(sqlite_store) == ({NUMBERS[0]} if suppressed else set())
