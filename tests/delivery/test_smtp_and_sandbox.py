"""SMTP (STARTTLS + AUTH against a local aiosmtpd server) and the sandbox provider."""

from __future__ import annotations

import pytest

from delivery.dispatch import DispatchPolicy, dispatch
from delivery.ledger import Ledger, LedgerKey
from delivery.providers.base import LookupNotSupported
from delivery.providers.sandbox import SandboxProvider, outbox_records
from delivery.providers.smtp import SmtpProvider
from delivery.reconcile import reconcile_unknown
from tests.delivery.conftest import NOW, email_keys, plain_email
from tests.fakes.smtp import FakeSmtp

POLICY = DispatchPolicy(max_attempts=2, backoff_initial=0.01, backoff_max=0.02, jitter=0.0)


@pytest.fixture
def smtp_server(tmp_path):
    with FakeSmtp(tmp_path) as server:
        yield server


def _smtp(server, **kw) -> SmtpProvider:
    args = {
        "username": server.user,
        "password": server.password,
        "ssl_context": server.client_tls(),
        "timeout": 5.0,
    }
    return SmtpProvider("127.0.0.1", server.port, **{**args, **kw})


def _message_with_headers(row):
    msg = plain_email(row)
    headers = {
        "List-Unsubscribe": "<https://hooks.example.edu/unsubscribe?token=t>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return type(msg)(**{**msg.__dict__, "headers": headers})


def test_smtp_sends_over_starttls_with_auth_and_compliance_headers(sqlite_store, smtp_server):
    keys = email_keys(3)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    report = dispatch(sqlite_store, _smtp(smtp_server), render=_message_with_headers, now=NOW)
    assert report.submitted == 3
    assert smtp_server.counts() == {k.ledger_id: 1 for k in keys}
    msg = smtp_server.received[0]
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["From"] == "Academy <news@academy.example.edu>"
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.get_payload()] == ["text/plain", "text/html"]
    row = Ledger(sqlite_store).get(msg["X-EnrollFlow-Ledger-Id"])
    assert row.provider == "smtp" and row.provider_message_id == msg["Message-ID"]


def test_smtp_refused_mailbox_fails_and_suppresses(sqlite_store, smtp_server):
    keys = email_keys(3)
    smtp_server.unknown_mailboxes.add(keys[1].to_address)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    report = dispatch(sqlite_store, _smtp(smtp_server), render=plain_email, now=NOW)
    assert (report.submitted, report.failed) == (2, 1)
    assert Ledger(sqlite_store).get(keys[1].ledger_id).last_error.startswith("SMTP 550")


def test_smtp_wrong_password_stops_the_provider(sqlite_store, smtp_server):
    Ledger(sqlite_store).enqueue(email_keys(2), now=NOW)
    report = dispatch(
        sqlite_store, _smtp(smtp_server, password="nope-wrong-pw"), render=plain_email, now=NOW
    )
    assert report.hold.status == "stopped" and "535" in report.hold.reason
    assert "nope-wrong-pw" not in report.hold.reason
    assert smtp_server.received == []


def test_smtp_untrusted_certificate_is_an_outage_not_a_send(sqlite_store, smtp_server):
    Ledger(sqlite_store).enqueue(email_keys(1), now=NOW)
    provider = _smtp(smtp_server, ssl_context=None)  # system CAs do not trust the test cert
    report = dispatch(
        sqlite_store, provider, render=plain_email, now=NOW, policy=POLICY, sleep=lambda s: None
    )
    assert report.hold.status == "open" and smtp_server.received == []
    assert Ledger(sqlite_store).counts() == {"pending": 1}


def test_smtp_cannot_reconcile_unknowns(sqlite_store, smtp_server):
    with pytest.raises(LookupNotSupported):
        _smtp(smtp_server).lookup([])
    report = reconcile_unknown(sqlite_store, _smtp(smtp_server), now=NOW)
    assert report.examined == 0


def test_sandbox_writes_each_message_once_and_reconciles_from_its_files(sqlite_store, tmp_path):
    out = tmp_path / "outbox"
    keys = email_keys(3) + [LedgerKey("cmp_0002", "s1", "c_9", "sms", to_address="+447911123456")]
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    provider = SandboxProvider(out)
    report = dispatch(sqlite_store, provider, render=_message_with_headers, now=NOW)
    assert report.submitted == 3  # the sms row belongs to an sms provider
    assert len(list(out.glob("batch-*.jsonl"))) == 1  # one file per batch
    records = {r["ledger_id"]: r for r in outbox_records(out)}
    assert sorted(records) == sorted(k.ledger_id for k in keys[:3])
    first = records[keys[0].ledger_id]
    assert first["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert first["html"].startswith("<p>Hi") and first["channel"] == "email"
    # one X-Message-Id per batch, as SendGrid: the ledger records it for every message
    assert {r["provider_message_id"] for r in records.values()} == {first["provider_message_id"]}
    rows = Ledger(sqlite_store).rows(state="submitted")
    assert provider.lookup(rows) == {r.ledger_id: r.provider_message_id for r in rows}
