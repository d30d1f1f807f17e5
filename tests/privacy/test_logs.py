"""No personal data or secret in any log line, at DEBUG, across a send and the webhooks app.

The tiny business's contacts are emailed and texted through the real dispatcher (sandbox
provider); the webhooks app runs under a real uvicorn server (access log on) and receives a
SendGrid event batch with the shared token, a Twilio STOP and a one-click unsubscribe; an
erasure runs. Every record logged by any logger is formatted and searched for every contact's
email and phone and for each configured secret.
"""

from __future__ import annotations

import threading
import time

import httpx
import pytest
import uvicorn

from delivery.store import open_store
from delivery.webhooks.app import create_app
from privacy.erasure import Places, erase_person
from privacy.logredact import redacting_log_config
from tests.privacy.conftest import NOW, pick_subject
from tests.privacy.test_erasure import SECRET, _crm, _send_and_interact
from tests.privacy.test_tls import _free_port

SENDGRID_TOKEN = "sg-shared-token-do-not-log"


def _leaks(lines: list[str], needles: list[str]) -> list[tuple[str, str]]:
    return [(n, line[:200]) for line in lines for n in needles if n.lower() in line.lower()]


def test_no_contact_address_or_secret_is_logged(business_copy, keys, capfd):
    copy = business_copy
    subject = pick_subject(copy.landing, copy.warehouse)
    store = open_store(f"sqlite:///{copy.data / 'ops.sqlite'}")
    app = create_app(
        store, copy.landing, unsubscribe_secret=SECRET,
        public_base_url="http://127.0.0.1", sendgrid_token=SENDGRID_TOKEN,
    )  # fmt: skip
    port = _free_port()
    # what `enrollflow ops webhooks` runs: uvicorn with the redacting logging config, at DEBUG
    log_config = redacting_log_config([SECRET, SENDGRID_TOKEN], level="DEBUG")
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="debug", log_config=log_config)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        outbox, _ = _send_and_interact(copy, store, subject)  # dispatch + webhooks, logging on
        base = f"http://127.0.0.1:{port}"
        event = {"email": subject.email, "timestamp": int(NOW.timestamp()), "event": "open",
                 "sg_event_id": "ev-log-1", "sg_message_id": "m-log-1.x"}  # fmt: skip
        r = httpx.post(f"{base}/sendgrid/events?token={SENDGRID_TOKEN}", json=[event])
        assert r.status_code == 200
        r = httpx.post(f"{base}/sendgrid/events?token=wrong", json=[event])
        assert r.status_code == 403
        r = httpx.post(
            f"{base}/twilio/inbound",
            data={"MessageSid": "SMx", "From": subject.phone, "Body": "STOP"},
        )
        assert r.status_code == 200
    finally:
        server.should_exit = True
        thread.join(10)
    erase_person(subject.contact_id, Places(store, copy.landing, copy.warehouse, outbox), keys,
                 now=NOW, actor="dpo")  # fmt: skip
    store.dispose()

    out, err = capfd.readouterr()
    lines = (out + err).splitlines()
    crm = _crm(copy.landing)
    needles = [SECRET, SENDGRID_TOKEN, keys.hash_key.hex(), subject.email, subject.phone]
    needles += [v for r in crm.values() for v in (r["email"], r["phone"]) if v]
    # the server and the app did log: access lines and debug lines are there to search
    assert sum('"POST /sendgrid/events' in line for line in lines) == 2, lines[:20]
    assert any("DEBUG" in line for line in lines)
    leaks = _leaks(lines, needles)
    if leaks:
        pytest.fail(f"{len(leaks)} log line(s) carry personal data or secrets, e.g. {leaks[:3]}")


def test_redacting_filter_keeps_formatting_and_removes_what_it_must():
    import logging

    from privacy.logredact import RedactingFilter, redact

    text = "to Ana.Q@Example.edu +447700900123 /unsubscribe?token=abc.def&x=1 key=S3CRET! sk-live"
    assert redact(text, ["sk-live"]) == (
        "to [email] [phone] /unsubscribe?token=[redacted]&x=1 key=[redacted] [secret]"
    )
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/preferences?token=abc", "1.1", 200), None,
    )  # fmt: skip
    assert RedactingFilter().filter(record)
    assert record.getMessage() == '127.0.0.1:5 - "GET /preferences?token=[redacted] HTTP/1.1" 200'
