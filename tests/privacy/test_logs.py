"""No personal data or secret in any log line, at DEBUG, across a send and the webhooks app.

The webhooks app runs under a real uvicorn server with the logging ``enrollflow ops webhooks``
sets up (``delivery.webhooks.logs``), the root logger at DEBUG on stderr as an operator would;
the tiny business's contacts are emailed and texted through the real dispatcher (sandbox
provider), the app receives a SendGrid batch with the shared token (and a forged one), a Twilio
STOP and a one-click unsubscribe, and an erasure runs. Every line written is searched for every
contact's email and phone and for each configured secret.
"""

from __future__ import annotations

import logging
import threading
import time

import httpx
import pytest
import uvicorn

from delivery.store import open_store
from delivery.webhooks.app import create_app
from delivery.webhooks.logs import install_filters, uvicorn_log_config
from privacy.erasure import Places, erase_person
from tests.privacy.conftest import NOW, pick_subject
from tests.privacy.test_erasure import SECRET, _crm, _send_and_interact
from tests.privacy.test_tls import _free_port

SENDGRID_TOKEN = "sg-shared-token-do-not-log"


def _leaks(lines: list[str], needles: list[str]) -> list[tuple[str, str]]:
    return [(n, line[:200]) for line in lines for n in needles if n.lower() in line.lower()]


def test_no_contact_address_or_secret_is_logged(business_copy, keys, capfd, restore_logging):
    copy = business_copy
    subject = pick_subject(copy.landing, copy.warehouse)
    store = open_store(f"sqlite:///{copy.data / 'ops.sqlite'}", create=True)
    app = create_app(
        store, copy.landing, unsubscribe_secret=SECRET, public_base_url="http://127.0.0.1",
        sendgrid_token=SENDGRID_TOKEN, allow_unauthenticated=True,
    )  # fmt: skip
    port = _free_port()
    # what `enrollflow ops webhooks` runs (its log config and filters), everything at DEBUG
    install_filters()
    log_config = uvicorn_log_config()
    log_config["root"] = {"handlers": ["default"], "level": "DEBUG"}
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="debug", log_config=log_config)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    # the test's own HTTP client (httpx, not part of EnrollFlow) logs the URLs it calls
    logging.getLogger("httpx").setLevel(logging.WARNING)
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
