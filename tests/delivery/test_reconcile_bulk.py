"""Unknown outcomes reconciled per provider in bulk, and never by an earlier occurrence.

SendGrid's Email Activity is asked one query per chunk of ledger ids; Twilio's message list
once for all rows; a Twilio message can resolve only a row sent after it was created and only
one row. The sends that leave the rows ``unknown`` are real dispatches killed after the
provider accepted them (SQLite and the real Postgres).
"""

from __future__ import annotations

import datetime as dt

import pytest

from delivery.dispatch import DispatchPolicy, dispatch
from delivery.ledger import Ledger, LedgerKey
from delivery.providers.sendgrid import LOOKUP_CHUNK, SendGridProvider
from delivery.providers.twilio import TwilioProvider
from delivery.reconcile import reconcile_unknown
from tests.delivery.conftest import email_keys, plain_email, plain_sms
from tests.fakes.sendgrid import FakeSendGrid
from tests.fakes.twilio import FakeTwilio

POLICY = DispatchPolicy(max_attempts=2, backoff_initial=0.01, backoff_max=0.02, jitter=0.0)


class Killed(BaseException):
    """The sender process dies (not an error dispatch could handle)."""


def _killed_after_accept(store, provider, render, *, now, ledger_ids=None) -> None:
    def fault(point: str) -> None:
        if point == "after_provider_accept":
            raise Killed(point)

    with pytest.raises(Killed):
        dispatch(
            store,
            provider,
            render=render,
            now=now,
            policy=POLICY,
            fault=fault,
            sleep=lambda s: None,
            ledger_ids=ledger_ids,
        )


def test_sendgrid_unknowns_are_looked_up_in_bulk(any_store):
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    keys = email_keys(120)
    # two rows to one recipient cannot be told apart by the activity list: asked one by one
    keys.append(LedgerKey("cmp_0001", "s1", "c_0000000x", "email", to_address=keys[0].to_address))
    Ledger(any_store).enqueue(keys, now=now)
    with FakeSendGrid() as fake:
        provider = SendGridProvider(fake.api_key, host=fake.url, timeout=2.0)
        _killed_after_accept(any_store, provider, plain_email, now=now)
        accepted = fake.counts()
        assert len(accepted) == len(keys)  # one request (up to 1000) left, then death
        before = fake.requests
        report = reconcile_unknown(any_store, provider, now=now + dt.timedelta(minutes=10))
        lookups = fake.requests - before
    assert report.found == len(accepted) and report.requeued == 0
    # one query per chunk of 50 (3), plus one per row sharing a recipient in its chunk (2)
    assert lookups == -(-len(keys) // LOOKUP_CHUNK) + 2 == 5
    for lid in accepted:
        assert Ledger(any_store).get(lid).state == "submitted"


def _twilio(fake) -> TwilioProvider:
    return TwilioProvider(
        fake.account_sid,
        fake.auth_token,
        messaging_service_sid="MG" + "0" * 32,
        base_url=fake.url,
        timeout=2.0,
    )


def test_twilio_unknowns_are_looked_up_with_one_list_request(any_store):
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    numbers = [f"+4479111{i:05d}" for i in range(30)]
    keys = [
        LedgerKey("cmp_0002", "sms1", f"c_{i:07d}", "sms", to_address=n)
        for i, n in enumerate(numbers)
    ]
    Ledger(any_store).enqueue(keys, now=now)
    with FakeTwilio() as fake:
        provider = _twilio(fake)
        _killed_after_accept(any_store, provider, plain_sms, now=now)
        assert len(fake.accepted) == 30  # the batch left (a request each), then death
        before = fake.requests
        report = reconcile_unknown(any_store, provider, now=now + dt.timedelta(minutes=10))
        assert fake.requests - before == 1
    assert report.found == 30
    for key in keys:
        row = Ledger(any_store).get(key.ledger_id)
        assert row.state == "submitted" and row.provider_message_id.startswith("SM")


def test_twilio_never_resolves_a_row_with_an_earlier_occurrence_of_the_same_text(any_store):
    """The same body to the same number went out before (another step, an older campaign).
    A later row that never left must not be taken as sent: not by a message created before
    it was sent (date window), not by a message already proving another row (one sid, one row).
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    number = "+447911200300"
    first = LedgerKey("cmp_0002", "sms1", "c_0000001", "sms", to_address=number)
    Ledger(any_store).enqueue([first], now=now)
    with FakeTwilio() as fake:
        provider = _twilio(fake)
        report = dispatch(
            any_store, provider, render=plain_sms, now=now, policy=POLICY, sleep=lambda s: None
        )
        assert report.submitted == 1
        # the same text again (plain_sms renders "Hi c_0000001"), by another step; the run
        # dies after marking it sending, before the request
        again = LedgerKey("cmp_0002", "sms2", "c_0000001", "sms", to_address=number)
        Ledger(any_store).enqueue([again], now=now)

        def killed(point: str) -> None:
            if point == "after_mark_sending":
                raise Killed(point)

        with pytest.raises(Killed):
            dispatch(any_store, provider, render=plain_sms, now=now, policy=POLICY, fault=killed)
        assert Ledger(any_store).get(again.ledger_id).content_sha256 == (
            Ledger(any_store).get(first.ledger_id).content_sha256
        )
        reconcile_unknown(
            any_store, provider, now=now + dt.timedelta(minutes=10), not_found_after=dt.timedelta(0)
        )
        row = Ledger(any_store).get(again.ledger_id)
        assert row.state == "pending"  # not found: sent again, never "found" as the first one
        # the date window on its own: a row whose send started well after the first message
        # (its ledger record gone from view) is not resolved by it either
        later = LedgerKey("cmp_0003", "sms1", "c_0000001", "sms", to_address=number)
        Ledger(any_store).enqueue([later], now=now)
        with pytest.raises(Killed):
            dispatch(
                any_store,
                provider,
                render=plain_sms,
                now=now + dt.timedelta(minutes=30),
                policy=POLICY,
                fault=killed,
                ledger_ids=[later.ledger_id],
            )
        found = provider.lookup([Ledger(any_store).get(later.ledger_id)])
        assert found == {} and len(fake.accepted) == 1
