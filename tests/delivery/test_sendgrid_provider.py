"""SendGrid through the official SDK against the local fake: batching, and every failure scenario."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import socket

import sqlalchemy as sa

from delivery import breaker
from delivery.dispatch import DispatchPolicy, dispatch
from delivery.ledger import Ledger, LedgerKey
from delivery.messages import RenderError
from delivery.providers.sendgrid import SendGridProvider
from delivery.reconcile import reconcile_unknown
from delivery.rendering.bind import render_fn
from delivery.rendering.email import EmailRenderer
from delivery.rendering.templates import TemplateSet
from delivery.store.schema import audit_log
from delivery.suppression import suppression_list
from tests.delivery.conftest import NOW, email_keys, plain_email
from tests.delivery.test_rendering import SENDER
from tests.fakes.http import Fault

KEY = "SG.test-key"
FAST = DispatchPolicy(
    lease=dt.timedelta(seconds=30),
    max_attempts=3,
    backoff_initial=0.01,
    backoff_max=0.04,
    jitter=0.01,
    breaker_cooldown=dt.timedelta(minutes=1),
)


class Sleeps(list):
    """Records requested sleeps instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _provider(fake, *, key: str = KEY, timeout: float = 2.0) -> SendGridProvider:
    return SendGridProvider(key, host=fake.url, timeout=timeout)


def _send(store, provider, *, now=NOW, policy=FAST, sleep=None, **kw):
    return dispatch(
        store,
        provider,
        render=plain_email,
        now=now,
        policy=policy,
        sleep=Sleeps() if sleep is None else sleep,
        **kw,
    )


def _audit_actions(store) -> list[str]:
    with store.engine.connect() as conn:
        return list(
            conn.execute(sa.select(audit_log.c.action).order_by(audit_log.c.audit_id)).scalars()
        )


def test_batches_of_at_most_1000_personalizations_with_rendered_content(
    sqlite_store, fake_sendgrid
):
    keys = email_keys(2100)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    ts = TemplateSet(
        "welcome",
        {"en": {"subject": "Hi {{ first_name }}", "html": "<p>Hello {{ first_name }}</p>"}},
    )
    renderer = EmailRenderer(ts, SENDER, categories=("cmp_0001", "enrollment"), asm_group_id=4242)
    contacts = {k.contact_id: {"first_name": f"N{k.contact_id[-4:]}", "locale": "en"} for k in keys}
    report = dispatch(
        sqlite_store, _provider(fake_sendgrid), render=render_fn(renderer, contacts), now=NOW
    )
    assert (report.claimed, report.submitted, report.requests) == (2100, 2100, 3), report
    assert fake_sendgrid.mail_sends == 3
    counts = fake_sendgrid.counts()
    assert len(counts) == 2100 and set(counts.values()) == {1}
    rec = fake_sendgrid.by_ledger_id(keys[1234].ledger_id)[0]
    assert rec["to"] == keys[1234].to_address
    assert rec["subject"] == "Hi N1234" and "<p>Hello N1234</p>" in rec["html"]
    assert "Hello N1234" in rec["text"] and SENDER.postal_address in rec["text"]
    assert rec["custom_args"] == {
        "ledger_id": keys[1234].ledger_id,
        "campaign_id": "cmp_0001",
        "contact_id": keys[1234].contact_id,
    }
    assert rec["categories"] == ["cmp_0001", "enrollment"] and rec["asm"] == {"group_id": 4242}
    assert rec["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert rec["headers"]["List-Unsubscribe"].startswith("<https://hooks.example.edu/unsubscribe?")
    assert Ledger(sqlite_store).counts() == {"submitted": 2100}


def test_a_message_over_the_substitution_limit_goes_alone_with_inline_content(
    sqlite_store, fake_sendgrid
):
    keys = email_keys(3)
    Ledger(sqlite_store).enqueue(keys, now=NOW)

    def render(row):
        msg = plain_email(row)
        if row.contact_id == keys[1].contact_id:
            return type(msg)(**{**msg.__dict__, "html": "<p>" + "long words " * 2000 + "</p>"})
        return msg

    report = dispatch(sqlite_store, _provider(fake_sendgrid), render=render, now=NOW)
    assert report.submitted == 3 and fake_sendgrid.mail_sends == 2  # the fake 400s >10kB subs
    assert fake_sendgrid.by_ledger_id(keys[1].ledger_id)[0]["html"].count("long words") == 2000


def test_invalid_address_fails_that_message_suppresses_it_and_sends_the_rest(
    sqlite_store, fake_sendgrid
):
    keys = email_keys(4)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    bad = keys[2]
    # SendGrid refuses the third personalization's address (its real 400 body names the field)
    fake_sendgrid.inject(Fault("status", status=400, payload={"invalid_to": [2]}), Fault("none"))
    report = _send(sqlite_store, _provider(fake_sendgrid))
    assert (report.submitted, report.failed) == (3, 1)
    assert bad.ledger_id not in fake_sendgrid.counts()
    row = Ledger(sqlite_store).get(bad.ledger_id)
    assert row.state == "failed" and "valid address" in row.last_error
    assert suppression_list(sqlite_store) == {("email", bad.to_address): "provider_rejected"}
    # the next campaign to this address is skipped at send time
    again = LedgerKey("cmp_0002", "s1", bad.contact_id, "email", to_address=bad.to_address.upper())
    Ledger(sqlite_store).enqueue([again], now=NOW)
    assert _send(sqlite_store, _provider(fake_sendgrid)).skipped == 1
    assert Ledger(sqlite_store).get(again.ledger_id).last_error == "suppressed"


def test_429_waits_for_the_reset_header_then_sends_everything_once(sqlite_store, fake_sendgrid):
    Ledger(sqlite_store).enqueue(email_keys(6), now=NOW)
    fake_sendgrid.inject(Fault("status", status=429, seconds=3))
    sleeps = Sleeps()
    report = _send(sqlite_store, _provider(fake_sendgrid), sleep=sleeps)
    assert report.rate_limited == 1 and report.submitted == 6 and report.hold is None
    assert len(sleeps) == 1 and 1.5 < sleeps[0] <= 4.0  # X-RateLimit-Reset is ~3 s ahead
    assert set(fake_sendgrid.counts().values()) == {1}


def test_outage_backs_off_holds_with_a_reason_and_resumes(sqlite_store, fake_sendgrid):
    Ledger(sqlite_store).enqueue(email_keys(5), now=NOW)
    fake_sendgrid.inject(*[Fault("status", status=503)] * 3)
    alerts: list[str] = []
    sleeps = Sleeps()
    report = _send(sqlite_store, _provider(fake_sendgrid), sleep=sleeps, alert=alerts.append)
    assert report.requests == 3 and report.submitted == 0 and report.released == 5
    assert len(sleeps) == 2 and all(0.01 <= s <= 0.05 for s in sleeps)  # backoff + jitter
    hold = breaker.check(sqlite_store, "sendgrid:default", now=NOW)
    assert hold is not None and hold.status == "open" and "503" in hold.reason
    assert alerts and "held until" in alerts[0]
    assert Ledger(sqlite_store).counts() == {"pending": 5}  # nothing lost

    # still held a moment later: no request at all
    held = _send(sqlite_store, _provider(fake_sendgrid), now=NOW + dt.timedelta(seconds=30))
    assert held.requests == 0 and held.hold is not None
    # after the cooldown the probe goes through and the breaker closes
    resumed = _send(sqlite_store, _provider(fake_sendgrid), now=NOW + dt.timedelta(minutes=2))
    assert resumed.submitted == 5 and resumed.hold is None
    assert breaker.check(sqlite_store, "sendgrid:default", now=NOW) is None
    assert set(fake_sendgrid.counts().values()) == {1}
    assert _audit_actions(sqlite_store) == ["provider_held", "provider_resumed"]


def test_connection_refused_is_an_outage_not_an_unknown(sqlite_store):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again at the end of the block: nothing listens
    Ledger(sqlite_store).enqueue(email_keys(2), now=NOW)
    provider = SendGridProvider(KEY, host=f"http://127.0.0.1:{port}", timeout=1.0)
    report = _send(sqlite_store, provider)
    assert report.unknown == 0 and report.released == 2
    assert "unreachable" in report.hold.reason


def test_auth_failure_stops_the_provider_at_once_and_never_logs_the_key(
    sqlite_store, fake_sendgrid, caplog
):
    wrong_key = "SG.wrong-secret-0123456789"
    Ledger(sqlite_store).enqueue(email_keys(8), now=NOW)
    alerts: list[str] = []
    caplog.set_level(logging.DEBUG)
    provider = _provider(fake_sendgrid, key=wrong_key)
    report = _send(sqlite_store, provider, alert=alerts.append)
    assert fake_sendgrid.requests == 1  # no retry storm
    assert report.hold.status == "stopped" and "401" in report.hold.reason
    assert alerts == [f"sendgrid:default stopped: {report.hold.reason}"]
    assert Ledger(sqlite_store).counts() == {"pending": 8}
    # stays stopped (no probe) until an operator resumes it
    later = _send(sqlite_store, provider, now=NOW + dt.timedelta(days=1))
    assert later.requests == 0
    breaker.resume(sqlite_store, "sendgrid:default", now=NOW, actor="ops@academy")
    assert _send(sqlite_store, _provider(fake_sendgrid)).submitted == 8

    with sqlite_store.engine.connect() as conn:
        audit = json.dumps(
            [dict(r) for r in conn.execute(sa.select(audit_log)).mappings()], default=str
        )
    everything = " ".join(
        [caplog.text, repr(provider), str(report.as_dict()), str(later.as_dict()), audit, *alerts]
    )
    assert wrong_key not in everything and "wrong-secret" not in everything


def test_silent_provider_times_out_as_unknown_then_is_reconciled_not_resent(
    sqlite_store, fake_sendgrid
):
    """The request arrives, the provider accepts it but answers too late: never send it twice."""
    keys = email_keys(3)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    fake_sendgrid.inject(Fault("accept_then_hang", seconds=1.5))
    report = _send(sqlite_store, _provider(fake_sendgrid, timeout=0.3))
    assert report.unknown == 3 and report.submitted == 0
    assert Ledger(sqlite_store).counts() == {"unknown": 3}
    rec = reconcile_unknown(
        sqlite_store, _provider(fake_sendgrid), now=NOW, not_found_after=dt.timedelta(0)
    )
    assert (rec.found, rec.requeued) == (3, 0)
    assert _send(sqlite_store, _provider(fake_sendgrid)).claimed == 0
    assert set(fake_sendgrid.counts().values()) == {1}
    x_id = fake_sendgrid.by_ledger_id(keys[0].ledger_id)[0]["x_message_id"]
    assert Ledger(sqlite_store).get(keys[0].ledger_id).provider_message_id == x_id


def test_dropped_connection_is_unknown_and_requeued_only_after_lookup_misses(
    sqlite_store, fake_sendgrid
):
    keys = email_keys(2)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    fake_sendgrid.inject(Fault("refuse"))  # the connection closes with no answer, nothing kept
    assert _send(sqlite_store, _provider(fake_sendgrid)).unknown == 2
    later = NOW + dt.timedelta(minutes=1)
    rec = reconcile_unknown(
        sqlite_store, _provider(fake_sendgrid), now=later, not_found_after=dt.timedelta(0)
    )
    assert (rec.found, rec.requeued) == (0, 2)
    assert _send(sqlite_store, _provider(fake_sendgrid)).submitted == 2
    assert fake_sendgrid.counts() == {k.ledger_id: 1 for k in keys}


def test_render_errors_and_send_time_rules_close_rows_without_sending(sqlite_store, fake_sendgrid):
    keys = email_keys(4)
    Ledger(sqlite_store).enqueue(keys, now=NOW)

    def render(row):
        if row.contact_id == keys[0].contact_id:
            raise RenderError("template welcome/en/subject: 'first_name' is undefined")
        return plain_email(row)

    def check(row):
        return "quiet hours" if row.contact_id == keys[1].contact_id else None

    report = dispatch(sqlite_store, _provider(fake_sendgrid), render=render, check=check, now=NOW)
    assert (report.failed, report.skipped, report.submitted) == (1, 1, 2)
    ledger = Ledger(sqlite_store)
    assert ledger.get(keys[0].ledger_id).last_error.startswith("render: template welcome")
    assert ledger.get(keys[1].ledger_id).state == "skipped"
    assert sorted(fake_sendgrid.counts()) == sorted(k.ledger_id for k in keys[2:])


def test_every_request_has_a_timeout(fake_sendgrid):
    provider = _provider(fake_sendgrid, timeout=4.5)
    assert provider._client.client.timeout == 4.5
    assert provider._client.client.mail.send.timeout == 4.5


def test_attachments_travel_base64_in_the_request_and_split_the_batch(sqlite_store, fake_sendgrid):
    from delivery.messages import Attachment

    keys = email_keys(3)
    Ledger(sqlite_store).enqueue(keys, now=NOW)
    pdf = Attachment("report.pdf", "application/pdf", b"%PDF-1.7 fake report")

    def render(row):
        msg = plain_email(row)
        if row.contact_id == keys[0].contact_id:  # one message without the file
            return msg
        return type(msg)(**{**msg.__dict__, "attachments": (pdf,)})

    report = dispatch(sqlite_store, _provider(fake_sendgrid), render=render, now=NOW)
    assert report.submitted == 3 and fake_sendgrid.mail_sends == 2  # with and without the file
    assert fake_sendgrid.by_ledger_id(keys[0].ledger_id)[0]["attachments"] == []
    (sent,) = fake_sendgrid.by_ledger_id(keys[2].ledger_id)[0]["attachments"]
    assert sent["filename"] == "report.pdf" and sent["type"] == "application/pdf"
    assert sent["disposition"] == "attachment"
    assert base64.b64decode(sent["content"]) == pdf.content


def test_attachment_names_types_and_sizes_are_checked():
    import pytest

    from delivery.messages import MAX_ATTACHMENT_BYTES, Attachment

    for bad in ("", "../etc/passwd", "a\\b.pdf", "x\n.pdf"):
        with pytest.raises(ValueError, match="plain file name"):
            Attachment(bad, "application/pdf", b"x")
    with pytest.raises(ValueError, match="type/subtype"):
        Attachment("r.pdf", "pdf", b"x")
    with pytest.raises(ValueError, match="at most"):
        Attachment("r.pdf", "application/pdf", b"x" * (MAX_ATTACHMENT_BYTES + 1))
