"""Twilio through the official SDK against the local fake: callbacks, opt-outs, failures."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from delivery import breaker
from delivery.dispatch import DispatchPolicy, dispatch
from delivery.ledger import Ledger, LedgerKey
from delivery.providers.twilio import TwilioProvider
from delivery.reconcile import reconcile_unknown
from delivery.rendering.bind import render_fn
from delivery.rendering.sms import SmsRenderer
from delivery.rendering.templates import TemplateSet
from delivery.suppression import suppression_list
from tests.delivery.conftest import NOW
from tests.fakes.http import Fault
from tests.fakes.twilio import FakeTwilio

POLICY = DispatchPolicy(max_attempts=2, backoff_initial=0.01, backoff_max=0.02, jitter=0.0)
NUMBERS = ["+447911123456", "+447911123457", "+34612345678", "+4915112345678"]


@pytest.fixture
def fake_twilio():
    with FakeTwilio() as fake:
        yield fake


def _provider(fake, *, token=None, timeout=2.0, **kw) -> TwilioProvider:
    return TwilioProvider(
        fake.account_sid,
        token or fake.auth_token,
        messaging_service_sid="MG" + "0" * 32,
        base_url=fake.url,
        timeout=timeout,
        **kw,
    )


def _enqueue(store, numbers=NUMBERS) -> list[LedgerKey]:
    keys = [
        LedgerKey("cmp_0002", "sms1", f"c_{i:07d}", "sms", to_address=n)
        for i, n in enumerate(numbers)
    ]
    Ledger(store).enqueue(keys, now=NOW)
    return keys


def _render():
    ts = TemplateSet(
        "reminder",
        {
            "en": {"sms": "Hi {{ first_name }}, classes start Monday. Reply STOP to opt out"},
            "es": {"sms": "Hola {{ first_name }}, las clases empiezan el lunes. STOP para baja"},
        },
    )
    renderer = SmsRenderer(ts, status_callback_base="https://hooks.example.edu")
    contacts = {
        f"c_{i:07d}": {"first_name": f"N{i}", "locale": "es" if i == 2 else "en"} for i in range(9)
    }
    return render_fn(renderer, contacts)


def _send(store, provider, **kw):
    return dispatch(
        store, provider, render=_render(), now=NOW, policy=POLICY, sleep=lambda s: None, **kw
    )


def test_sms_carry_the_ledger_id_in_the_status_callback(sqlite_store, fake_twilio):
    keys = _enqueue(sqlite_store)
    report = _send(sqlite_store, _provider(fake_twilio))
    assert report.submitted == 4 and report.requests == 1
    assert fake_twilio.counts() == {k.ledger_id: 1 for k in keys}
    rec = fake_twilio.by_ledger_id(keys[2].ledger_id)[0]
    assert rec["body"].startswith("Hola N2")
    assert rec["messaging_service_sid"] == "MG" + "0" * 32 and rec["from"] is None
    query = parse_qs(urlsplit(rec["status_callback"]).query)
    assert query == {"ledger_id": [keys[2].ledger_id]}
    assert Ledger(sqlite_store).get(keys[2].ledger_id).provider_message_id == rec["sid"]


def test_stopped_and_invalid_numbers_fail_and_are_suppressed(sqlite_store, fake_twilio):
    fake_twilio.stopped.add(NUMBERS[1])
    keys = _enqueue(sqlite_store, [*NUMBERS[:2], "+1555"])
    report = _send(sqlite_store, _provider(fake_twilio))
    assert (report.submitted, report.failed) == (1, 2)
    ledger = Ledger(sqlite_store)
    assert ledger.get(keys[1].ledger_id).last_error.startswith("Twilio 21610: Attempt to send")
    assert "not a valid number" in ledger.get(keys[2].ledger_id).last_error  # caught at render
    assert suppression_list(sqlite_store) == {("sms", NUMBERS[1]): "provider_rejected"}


def test_20003_stops_twilio_after_one_request(sqlite_store, fake_twilio):
    _enqueue(sqlite_store)
    report = _send(sqlite_store, _provider(fake_twilio, token="wrong-token-xyz"))
    assert fake_twilio.requests == 1 and report.hold.status == "stopped"
    assert "20003" in report.hold.reason and "wrong-token" not in report.hold.reason
    assert Ledger(sqlite_store).counts() == {"pending": 4}


def test_20429_then_success_sends_each_once(sqlite_store, fake_twilio):
    keys = _enqueue(sqlite_store)
    fake_twilio.inject(Fault("status", status=429))
    report = _send(sqlite_store, _provider(fake_twilio))
    assert report.rate_limited == 1 and report.submitted == 4
    assert fake_twilio.counts() == {k.ledger_id: 1 for k in keys}


def test_midway_outage_keeps_what_was_accepted_and_holds_the_rest(sqlite_store, fake_twilio):
    keys = _enqueue(sqlite_store)
    fake_twilio.inject(Fault("none"), Fault("status", status=503), Fault("status", status=503))
    report = _send(sqlite_store, _provider(fake_twilio))
    assert report.submitted == 1 and report.released == 3 and report.hold.status == "open"
    states = {r.ledger_id: r.state for r in Ledger(sqlite_store).rows()}
    assert states[keys[0].ledger_id] == "submitted"
    later = NOW + dt.timedelta(minutes=5)
    assert breaker.check(sqlite_store, "twilio:default", now=later) is None
    resumed = dispatch(
        sqlite_store, _provider(fake_twilio), render=_render(), now=later, policy=POLICY
    )
    assert resumed.submitted == 3
    assert fake_twilio.counts() == {k.ledger_id: 1 for k in keys}


def test_read_timeout_is_unknown_and_reconciled_by_body_hash(sqlite_store, fake_twilio):
    keys = _enqueue(sqlite_store, NUMBERS[:2])
    fake_twilio.inject(Fault("accept_then_hang", seconds=1.2))
    report = _send(sqlite_store, _provider(fake_twilio, timeout=0.3))
    # the first message timed out (unknown) and the provider is held: the second waits
    assert (report.unknown, report.submitted, report.released) == (1, 0, 1)
    assert report.hold is not None and report.hold.status == "open" and report.alerts
    later = NOW + dt.timedelta(minutes=1)
    rec = reconcile_unknown(
        sqlite_store, _provider(fake_twilio), now=later, not_found_after=dt.timedelta(0)
    )
    assert (rec.found, rec.requeued) == (1, 0)
    row = Ledger(sqlite_store).get(keys[0].ledger_id)
    assert (
        row.state == "submitted"
        and row.provider_message_id == fake_twilio.by_ledger_id(keys[0].ledger_id)[0]["sid"]
    )
    # after the cooldown the breaker's probe (one message) succeeds and closes it
    resumed = dispatch(
        sqlite_store,
        _provider(fake_twilio),
        render=_render(),
        now=later + dt.timedelta(minutes=1),
        sleep=lambda s: None,
    )
    assert resumed.submitted == 1 and resumed.hold is None
    assert fake_twilio.counts() == {k.ledger_id: 1 for k in keys}


def test_from_number_instead_of_messaging_service(sqlite_store, fake_twilio):
    keys = _enqueue(sqlite_store, NUMBERS[:1])
    provider = TwilioProvider(
        fake_twilio.account_sid,
        fake_twilio.auth_token,
        from_number="+447000000001",
        base_url=fake_twilio.url,
    )
    assert _send(sqlite_store, provider).submitted == 1
    rec = fake_twilio.by_ledger_id(keys[0].ledger_id)[0]
    assert (rec["from"], rec["messaging_service_sid"]) == ("+447000000001", None)
    with pytest.raises(ValueError, match="messaging_service_sid or from_number"):
        TwilioProvider(fake_twilio.account_sid, fake_twilio.auth_token)
