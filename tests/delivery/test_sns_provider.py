"""AWS SNS SMS through boto3: moto's server mode on 127.0.0.1 for sending, and a wire-format fake
answering every documented error code, through dispatch (the same ledger, rules and breaker)."""

from __future__ import annotations

import socket

import pytest

from delivery.ledger import Ledger, LedgerKey
from delivery.providers.base import LookupNotSupported
from delivery.providers.codes import SNS_ERRORS, Action
from delivery.providers.sns import SnsSmsProvider
from orchestration.defs.delivery.providers import ProviderSettings, SnsSmsResource, sms_resource
from tests.delivery.conftest import NOW
from tests.delivery.test_provider_error_codes import (
    NUMBERS,
    _breaker,
    _dispatch,
    _sms_render,
    _states,
    assert_second_sms_handled,
)
from tests.fakes.http import Fault
from tests.fakes.sns import FakeSns

REGION = "eu-west-1"


def _keys(store, campaign: str = "cmp_0003") -> list[LedgerKey]:
    keys = [
        LedgerKey(campaign, "sms1", f"c_{i:07d}", "sms", to_address=n)
        for i, n in enumerate(NUMBERS)
    ]
    Ledger(store).enqueue(keys, now=NOW)
    return keys


@pytest.fixture
def moto_sns(monkeypatch):
    from moto.server import ThreadedMotoServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _moto_messages() -> dict[str, tuple[str, str]]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    return dict(sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages)


def test_the_resource_sends_each_message_once_through_moto(sqlite_store, moto_sns):
    resource = sms_resource(
        ProviderSettings(sms_provider="sns", sns_region=REGION, sns_endpoint_url=moto_sns)
    )
    assert isinstance(resource, SnsSmsResource)
    keys = _keys(sqlite_store)
    report, alerts = _dispatch(sqlite_store, resource.provider(), render=_sms_render)
    assert alerts == []
    assert set(_states(sqlite_store).values()) == {"submitted"}
    published = _moto_messages()
    assert sorted(to for to, _ in published.values()) == sorted(NUMBERS)
    rows = {r.ledger_id: r for r in Ledger(sqlite_store).rows()}
    assert {rows[k.ledger_id].provider_message_id for k in keys} == set(published)
    # a second dispatch finds nothing to send: each key left once
    _dispatch(sqlite_store, resource.provider(), render=_sms_render)
    assert len(_moto_messages()) == 4


def test_unknown_sns_messages_cannot_be_looked_up(moto_sns):
    provider = SnsSmsProvider(REGION, endpoint_url=moto_sns)
    with pytest.raises(LookupNotSupported, match="ops decide"):
        provider.lookup([])


CASES = [(code, "") for code in SNS_ERRORS] + [
    ("InvalidParameter", "Invalid parameter: PhoneNumber Reason: +447911123457 is not valid"),
    ("InvalidParameter", "Invalid parameter: the number has opted out"),
]
STATUS = {Action.RETRY: 500, Action.STOP: 403, Action.HOLD: 404}


@pytest.mark.parametrize(("code", "message"), CASES)
def test_sns_error_code(sqlite_store, code, message):
    from delivery.providers.codes import sns_rule

    rule = sns_rule(code, 400, message)
    status = 429 if "Throttl" in code else STATUS.get(rule.action, 400)
    keys = _keys(sqlite_store)
    with FakeSns() as fake:
        # the 2nd request (ledger order) gets the error, as AWS Query XML
        fake.inject(Fault("none"), Fault("status", status=status,
                                         payload={"code": code, "message": message or code}))  # fmt: skip
        provider = SnsSmsProvider(
            REGION,
            endpoint_url=fake.url,
            access_key_id=FakeSns.access_key,
            secret_access_key=FakeSns.secret_key,
        )
        _, alerts = _dispatch(sqlite_store, provider, render=_sms_render)
        sent = len(fake.accepted)
    assert_second_sms_handled(
        sqlite_store, keys, rule, sent=sent, alerts=alerts, error=f"SNS {code}",
        provider="sns:default",
    )  # fmt: skip


def test_a_silent_sns_endpoint_marks_that_message_unknown_and_holds(sqlite_store):
    keys = _keys(sqlite_store)
    with FakeSns() as fake:
        fake.inject(Fault("none"), Fault("hang", seconds=3))
        provider = SnsSmsProvider(
            REGION,
            endpoint_url=fake.url,
            access_key_id=FakeSns.access_key,
            secret_access_key=FakeSns.secret_key,
            timeout=1.0,
        )
        _, alerts = _dispatch(sqlite_store, provider, render=_sms_render)
    states = [_states(sqlite_store)[k.ledger_id] for k in keys]
    assert states[0] == "submitted" and states[1] == "unknown"
    assert set(states[2:]) == {"pending"} and alerts
    assert _breaker(sqlite_store, "sns:default") == "open"


def test_the_secret_key_is_never_in_repr_or_errors(sqlite_store):
    with FakeSns() as fake:
        provider = SnsSmsProvider(
            REGION, endpoint_url=fake.url, access_key_id="AKIAWRONG", secret_access_key="s3cr3t-key"
        )
        _keys(sqlite_store)
        _, alerts = _dispatch(sqlite_store, provider, render=_sms_render)
    assert "s3cr3t" not in repr(provider) and not any("s3cr3t" in a for a in alerts)
    assert _breaker(sqlite_store, "sns:default") == "stopped"
