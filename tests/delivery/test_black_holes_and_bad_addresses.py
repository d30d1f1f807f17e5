"""Providers that take the connection and never answer; addresses that are not one recipient."""

from __future__ import annotations

import datetime as dt

import pytest

from delivery import breaker
from delivery.dispatch import DispatchPolicy
from delivery.ledger import Ledger, LedgerKey
from delivery.messages import EmailMessage, Rejected
from delivery.providers.sendgrid import SendGridProvider
from delivery.providers.smtp import SmtpProvider
from delivery.providers.twilio import TwilioProvider
from delivery.rendering.bind import render_fn
from delivery.rendering.email import EmailRenderer
from delivery.rendering.templates import TemplateSet
from tests.delivery.conftest import NOW, email_keys, plain_email
from tests.delivery.test_provider_error_codes import _dispatch, _sms_render
from tests.delivery.test_rendering import SENDER
from tests.fakes.blackhole import BlackHole
from tests.fakes.sendgrid import FakeSendGrid
from tests.fakes.smtp import FakeSmtp

POLICY = DispatchPolicy(max_attempts=2, backoff_initial=0.0, backoff_max=0.0, jitter=0.0)
HOSTILE = [
    "ana@example.edu\r\nBcc: everyone@example.edu",
    "ana@example.edu\nX-Injected: 1",
    "ana@example.edu, boss@example.edu",
    "ana@example.edu; boss@example.edu",
    "Ana <ana@example.edu>",
]


def _run(store, provider, *, now=NOW, render=plain_email):
    return _dispatch(store, provider, render, now=now, policy=POLICY)


@pytest.mark.parametrize(
    "store_name", ["sqlite_store", pytest.param("pg_store", marks=pytest.mark.postgres)]
)
def test_a_black_holed_sendgrid_opens_the_breaker_instead_of_draining_into_unknown(
    request, store_name
):
    store = request.getfixturevalue(store_name)
    keys = email_keys(25)
    Ledger(store).enqueue(keys, now=NOW)
    with BlackHole() as hole:
        provider = SendGridProvider("SG.test-key", host=hole.url, timeout=0.3)
        provider.max_batch = 10
        report, alerts = _run(store, provider)
        assert (report.unknown, report.submitted) == (10, 0)  # the one request that left
        assert report.hold is not None and report.hold.status == "open"
        assert alerts and "no answer" in alerts[0]
        assert Ledger(store).counts() == {"unknown": 10, "pending": 15}
        # after the cooldown the probe is ONE message; still silent: one more unknown, held longer
        later = report.hold.retry_at + dt.timedelta(seconds=1)
        probe, _ = _run(store, provider, now=later)
        assert (probe.claimed, probe.unknown) == (1, 1) and probe.hold.retry_at > later
        assert hole.connections == 2
    with FakeSendGrid() as fake:  # the provider answers again: the probe closes the breaker
        back = SendGridProvider(fake.api_key, host=fake.url)
        back.max_batch = 10
        done, _ = _run(store, back, now=probe.hold.retry_at + dt.timedelta(seconds=1))
        assert done.submitted == 14 and done.hold is None
    assert breaker.check(store, "sendgrid:default", now=NOW + dt.timedelta(hours=2)) is None


def test_a_black_holed_twilio_holds_after_one_message(sqlite_store):
    keys = [
        LedgerKey("c", "s", f"c_{i}", "sms", to_address=f"+4479111234{i:02d}") for i in range(5)
    ]
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    with BlackHole() as hole:
        provider = TwilioProvider(
            "AC" + "0" * 32, "tok", from_number="+15005550006", base_url=hole.url, timeout=0.3
        )
        report, alerts = _run(sqlite_store, provider, render=_sms_render)
    assert (report.unknown, report.released) == (1, 4) and alerts
    assert report.hold is not None and report.hold.status == "open"


def test_a_black_holed_smtp_server_is_an_outage_with_no_unknowns(sqlite_store):
    """The greeting never comes: nothing was sent, so nothing is unknown; held after retries."""
    Ledger(sqlite_store).enqueue(email_keys(3), now=NOW)
    with BlackHole() as hole:
        report, alerts = _run(sqlite_store, SmtpProvider("127.0.0.1", hole.port, timeout=0.3))
    assert report.unknown == 0 and report.released == 3 and alerts
    assert report.hold is not None and report.hold.status == "open"
    assert Ledger(sqlite_store).counts() == {"pending": 3}


def _with_hostile(store) -> tuple[list[LedgerKey], list[LedgerKey]]:
    good = email_keys(3)
    bad = [
        LedgerKey("cmp_0001", "s1", f"c_bad{i}", "email", to_address=a)
        for i, a in enumerate(HOSTILE)
    ]
    Ledger(store).enqueue([*good, *bad], now=NOW)
    return good, bad


def test_hostile_addresses_fail_alone_at_render_and_the_batch_goes_on(sqlite_store):
    good, bad = _with_hostile(sqlite_store)
    ts = TemplateSet("t", {"en": {"subject": "Hi", "html": "<p>Hello</p>"}})
    contacts = {k.contact_id: {"locale": "en"} for k in [*good, *bad]}
    render = render_fn(EmailRenderer(ts, SENDER), contacts)
    with FakeSendGrid() as fake:
        report, _ = _run(sqlite_store, SendGridProvider(fake.api_key, host=fake.url), render=render)
        accepted = list(fake.accepted)
    assert (report.submitted, report.failed) == (3, len(HOSTILE))
    assert sorted(a["to"] for a in accepted) == sorted(k.to_address for k in good)
    for k in bad:
        row = Ledger(sqlite_store).get(k.ledger_id)
        assert row.state == "failed" and "email address" in row.last_error
        assert "boss@" not in row.last_error and "ana@" not in row.last_error  # no PII echoed


@pytest.mark.parametrize("kind", ["sendgrid", "smtp"])
def test_hostile_addresses_fail_alone_inside_the_providers(sqlite_store, tmp_path, kind):
    """Even with a render that lets them through, each provider fails them one by one."""
    good, bad = _with_hostile(sqlite_store)
    if kind == "sendgrid":
        with FakeSendGrid() as fake:
            report, _ = _run(sqlite_store, SendGridProvider(fake.api_key, host=fake.url))
            recipients = [[a["to"]] for a in fake.accepted]
    else:
        with FakeSmtp(tmp_path) as server:
            provider = SmtpProvider(
                "127.0.0.1",
                server.port,
                username=server.user,
                password=server.password,
                ssl_context=server.client_tls(),
            )
            report, _ = _run(sqlite_store, provider)
            recipients = [m.envelope_rcpt_tos for m in server.received]
    assert (report.submitted, report.failed) == (3, len(HOSTILE))
    assert sorted(recipients) == sorted([k.to_address] for k in good)  # one recipient each


def test_a_message_object_with_a_comma_never_reaches_two_smtp_recipients(tmp_path):
    """Belt and braces: the SMTP envelope is explicit, never parsed from the To header."""
    message = EmailMessage(
        ledger_id="c:s:x:email:1",
        to="a@example.edu, b@example.edu",
        from_email="admissions@example.edu",
        from_name="Admissions",
        subject="Hi",
        html="<p>Hi</p>",
        text="Hi",
    )
    with FakeSmtp(tmp_path) as server:
        provider = SmtpProvider(
            "127.0.0.1",
            server.port,
            username=server.user,
            password=server.password,
            ssl_context=server.client_tls(),
        )
        out = provider.send([message])
    assert isinstance(out[message.ledger_id], Rejected) and server.received == []
