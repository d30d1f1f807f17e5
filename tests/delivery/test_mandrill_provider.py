"""Mailchimp Transactional (Mandrill) through the official SDK against the local fake.

The same contract as SendGrid: ledger states, the error taxonomy (``MANDRILL_ERRORS``,
``MANDRILL_REJECTS``), holds, and ``unknown`` rows reconciled from Mandrill's search, never resent.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from collections.abc import Iterator

import pytest

from delivery import breaker
from delivery.dispatch import dispatch
from delivery.ledger import Ledger
from delivery.providers.codes import MANDRILL_ERRORS, MANDRILL_REJECTS, Action
from delivery.providers.mandrill import MandrillProvider
from delivery.reconcile import reconcile_unknown
from delivery.store.schema import suppressions
from tests.delivery.conftest import NOW, email_keys, plain_email
from tests.delivery.sealed import opened_rows
from tests.delivery.test_sendgrid_provider import FAST, Sleeps
from tests.fakes.http import Fault
from tests.fakes.mandrill import FakeMandrill

KEY = "md-test-key"


@pytest.fixture
def fake_mandrill() -> Iterator[FakeMandrill]:
    with FakeMandrill(KEY) as fake:
        yield fake


def _provider(fake, *, key: str = KEY, timeout: float = 2.0) -> MandrillProvider:
    return MandrillProvider(key, host=fake.url + "/api/1.3", timeout=timeout)


def _send(store, provider, *, now=NOW, **kw):
    return dispatch(store, provider, render=plain_email, now=now, policy=FAST, sleep=Sleeps(), **kw)


def test_each_message_goes_once_with_its_ledger_metadata(sqlite_store, fake_mandrill):
    keys = email_keys(5)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    fake_mandrill.queued.add(keys[4].to_address)  # queued is accepted too
    report = _send(sqlite_store, _provider(fake_mandrill))
    assert report.submitted == 5 and report.failed == 0
    assert set(fake_mandrill.counts().values()) == {1} and len(fake_mandrill.counts()) == 5
    rec = fake_mandrill.by_ledger_id(keys[1].ledger_id)[0]
    assert rec["metadata"] == {
        "ledger_id": keys[1].ledger_id,
        "campaign_id": "cmp_0001",
        "contact_id": keys[1].contact_id,
    }
    assert rec["email"] == keys[1].to_address and rec["html"] == f"<p>Hi {keys[1].contact_id}</p>"
    row = Ledger(sqlite_store).get(keys[1].ledger_id)
    assert (row.state, row.provider, row.provider_message_id) == (
        "submitted",
        "mandrill",
        rec["_id"],
    )


@pytest.mark.parametrize("reason", sorted(MANDRILL_REJECTS))
def test_each_reject_reason_does_what_the_table_says(sqlite_store, fake_mandrill, reason):
    keys = email_keys(2)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    bad = keys[0]
    fake_mandrill.rejects[bad.to_address] = reason
    report = _send(sqlite_store, _provider(fake_mandrill))
    rule = MANDRILL_REJECTS[reason]
    row = Ledger(sqlite_store).get(bad.ledger_id)
    suppressed = [r["address"] for r in opened_rows(sqlite_store, suppressions)]
    if rule.action is Action.HOLD:  # the account's sender or domain: nothing more goes
        assert report.hold is not None and reason in report.hold.reason
        assert row.state == "pending"
    else:
        assert row.state == "failed" and reason in row.last_error
        assert report.submitted == 1
        assert suppressed == ([bad.to_address] if rule.action is Action.SUPPRESS else [])


def test_an_invalid_address_is_answered_invalid_and_suppressed(sqlite_store, fake_mandrill):
    keys = email_keys(1)
    Ledger(sqlite_store).enqueue(keys, now=NOW)

    def render(row):
        msg = plain_email(row)
        return type(msg)(**{**msg.__dict__, "to": "learner-at-example.edu"})

    report = dispatch(
        sqlite_store, _provider(fake_mandrill), render=render, now=NOW, policy=FAST, sleep=Sleeps()
    )
    assert report.failed == 1 and fake_mandrill.requests == 0  # refused before any request


@pytest.mark.parametrize("name", ["Invalid_Key", "PaymentRequired", "Unknown_Subaccount"])
def test_account_errors_stop_the_provider_and_never_log_the_key(
    sqlite_store, fake_mandrill, caplog, name
):
    Ledger(sqlite_store).enqueue(email_keys(4), now=NOW)
    caplog.set_level(logging.DEBUG)
    fake_mandrill.inject(Fault("status", status=500, payload={"name": name}))
    alerts: list[str] = []
    report = _send(sqlite_store, _provider(fake_mandrill), alert=alerts.append)
    assert MANDRILL_ERRORS[name].action is Action.STOP
    assert report.hold.status == "stopped" and name in report.hold.reason
    assert fake_mandrill.requests == 1 and Ledger(sqlite_store).counts() == {"pending": 4}
    assert KEY not in caplog.text + " ".join(alerts) + repr(_provider(fake_mandrill))


def test_a_wrong_key_is_refused_by_the_fake_as_mandrill_does(sqlite_store, fake_mandrill):
    Ledger(sqlite_store).enqueue(email_keys(2), now=NOW)
    report = _send(sqlite_store, _provider(fake_mandrill, key="md-wrong"))
    assert report.hold.status == "stopped" and "Invalid_Key" in report.hold.reason


def test_a_validation_error_fails_that_message_alone(sqlite_store, fake_mandrill):
    keys = email_keys(3)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    fake_mandrill.inject(Fault("status", status=500, payload={"name": "ValidationError"}))
    report = _send(sqlite_store, _provider(fake_mandrill))
    assert (report.failed, report.submitted) == (1, 2)
    failed = [k for k in keys if Ledger(sqlite_store).get(k.ledger_id).state == "failed"]
    assert (
        len(failed) == 1
        and "ValidationError" in Ledger(sqlite_store).get(failed[0].ledger_id).last_error
    )


@pytest.mark.parametrize(
    "fault",
    [
        Fault("status", status=500, payload={"name": "GeneralError"}),
        Fault("status", status=502),
        Fault("status", status=503),
    ],
    ids=["GeneralError", "502-nginx", "503"],
)
def test_server_errors_back_off_hold_and_resume_without_duplicates(
    sqlite_store, fake_mandrill, fault
):
    Ledger(sqlite_store).enqueue(email_keys(3), now=NOW)
    fake_mandrill.inject(fault, fault, fault)
    report = _send(sqlite_store, _provider(fake_mandrill))
    assert report.submitted == 0 and report.hold is not None and report.hold.status == "open"
    assert Ledger(sqlite_store).counts() == {"pending": 3}
    later = _send(sqlite_store, _provider(fake_mandrill), now=NOW + dt.timedelta(minutes=2))
    assert later.submitted == 3 and set(fake_mandrill.counts().values()) == {1}
    assert breaker.check(sqlite_store, "mandrill:default", now=NOW) is None


def test_429_is_rate_limited_and_retried(sqlite_store, fake_mandrill):
    Ledger(sqlite_store).enqueue(email_keys(2), now=NOW)
    fake_mandrill.inject(Fault("status", status=429))
    report = _send(sqlite_store, _provider(fake_mandrill))
    assert report.rate_limited == 1 and report.submitted == 2


def test_connection_refused_is_an_outage_not_an_unknown(sqlite_store):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    Ledger(sqlite_store).enqueue(email_keys(2), now=NOW)
    provider = MandrillProvider(KEY, host=f"http://127.0.0.1:{port}/api/1.3", timeout=1.0)
    report = _send(sqlite_store, provider)
    assert report.unknown == 0 and report.released == 2 and "unreachable" in report.hold.reason


def test_a_timeout_after_acceptance_is_unknown_then_reconciled_not_resent(
    sqlite_store, fake_mandrill
):
    keys = email_keys(3)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    fake_mandrill.inject(Fault("accept_then_hang", seconds=1.5))
    report = _send(sqlite_store, _provider(fake_mandrill, timeout=0.3))
    # the first message is unknown; the breaker holds the provider (a black hole), the rest wait
    assert report.unknown == 1 and report.submitted == 0
    rec = reconcile_unknown(
        sqlite_store, _provider(fake_mandrill), now=NOW, not_found_after=dt.timedelta(0)
    )
    assert (rec.found, rec.requeued) == (1, 0) and fake_mandrill.searches == 1
    unknown = next(k for k in keys if fake_mandrill.by_ledger_id(k.ledger_id))
    row = Ledger(sqlite_store).get(unknown.ledger_id)
    assert row.state == "submitted"
    assert row.provider_message_id == fake_mandrill.by_ledger_id(unknown.ledger_id)[0]["_id"]
    later = _send(sqlite_store, _provider(fake_mandrill), now=NOW + dt.timedelta(hours=1))
    assert later.submitted == 2 and set(fake_mandrill.counts().values()) == {1}


def test_a_dropped_connection_is_unknown_and_requeued_only_when_search_misses(
    sqlite_store, fake_mandrill
):
    keys = email_keys(1)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    fake_mandrill.inject(Fault("refuse"))  # closed with no answer; nothing kept
    assert _send(sqlite_store, _provider(fake_mandrill)).unknown == 1
    rec = reconcile_unknown(
        sqlite_store,
        _provider(fake_mandrill),
        now=NOW + dt.timedelta(minutes=1),
        not_found_after=dt.timedelta(0),
    )
    assert (rec.found, rec.requeued) == (0, 1)
    later = _send(sqlite_store, _provider(fake_mandrill), now=NOW + dt.timedelta(hours=1))
    assert later.submitted == 1 and fake_mandrill.counts() == {keys[0].ledger_id: 1}


def test_every_request_has_a_connect_and_read_timeout(fake_mandrill):
    provider = _provider(fake_mandrill, timeout=7.0)
    assert provider._client.api_client.timeout == (5.0, 7.0)
