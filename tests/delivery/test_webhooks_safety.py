"""The webhooks app exposed to the internet: forgeries, replays, poison batches, oversize chunked
bodies, and logs with no secrets or personal data (a real uvicorn server where it matters)."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import logging
import socket
import threading
import time
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from starlette.testclient import TestClient
from twilio.request_validator import RequestValidator

from delivery.rendering.compliance import make_unsubscribe_token
from delivery.store.schema import suppressions
from delivery.webhooks.app import InsecureConfiguration, create_app
from delivery.webhooks.logs import install_filters, uvicorn_log_config
from tests.delivery.test_webhooks import BASE, SG_TOKEN, TWILIO_TOKEN, _rows, ticking

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
ADDRESS = "ana.lopez@example.edu"
NUMBER = "+447911123456"
UNSUB_SECRET = "unsubscribe-signing-secret"


def _app(store, landing, **kw):
    kw.setdefault("clock", ticking(NOW))
    return create_app(store, landing, unsubscribe_secret=UNSUB_SECRET, public_base_url=BASE, **kw)


def _event(kind: str, at: int, n: int = 0, **extra) -> dict:
    return {
        "email": ADDRESS,
        "timestamp": at,
        "event": kind,
        "sg_event_id": f"ev{kind}{n}",
        "sg_message_id": f"m{n}.filter",
        **extra,
    }


def _suppressed(store) -> set[tuple[str, str]]:
    return {(r["channel"], r["address"]) for r in _rows(store, suppressions)}


# -- authentication ---------------------------------------------------------------------------


def test_an_app_with_no_credentials_refuses_to_start(sqlite_store, tmp_path):
    with pytest.raises(InsecureConfiguration, match="--insecure-dev"):
        _app(sqlite_store, tmp_path)


def test_the_development_flag_serves_unauthenticated_and_warns_loudly(
    sqlite_store, tmp_path, caplog
):
    with caplog.at_level(logging.WARNING):
        client = TestClient(_app(sqlite_store, tmp_path, allow_unauthenticated=True), base_url=BASE)
    assert "UNAUTHENTICATED WEBHOOKS" in caplog.text and "/sendgrid/*" in caplog.text
    assert client.post("/sendgrid/events", json=[]).status_code == 200


def test_a_route_without_credentials_is_disabled_and_forgeries_change_nothing(
    sqlite_store, tmp_path
):
    """Only Twilio is configured: a forged SendGrid spam report cannot suppress anyone."""
    client = TestClient(_app(sqlite_store, tmp_path, twilio_auth_token=TWILIO_TOKEN), base_url=BASE)
    r = client.post("/sendgrid/events", json=[_event("spamreport", 1772452800)])
    assert r.status_code == 403 and "not configured" in r.text
    forged_stop = client.post(
        "/twilio/inbound",
        content=urlencode({"MessageSid": "SM1", "From": NUMBER, "Body": "STOP"}),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": "forged",
        },
    )
    assert forged_stop.status_code == 403
    assert _suppressed(sqlite_store) == set() and not (tmp_path / "sendgrid").exists()


# -- replays and ordering ---------------------------------------------------------------------


def _signed(store, landing, *, now: dt.datetime):
    key = ec.generate_private_key(ec.SECP256R1())
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    client = TestClient(
        _app(store, landing, sendgrid_public_key=base64.b64encode(der).decode(), clock=lambda: now),
        base_url=BASE,
    )

    def post(events: list[dict], signed_at: int):
        body = json.dumps(events).encode()
        ts = str(signed_at)
        sig = base64.b64encode(key.sign(ts.encode() + body, ec.ECDSA(hashes.SHA256()))).decode()
        return client.post(
            "/sendgrid/events",
            content=body,
            headers={
                "content-type": "application/json",
                "X-Twilio-Email-Event-Webhook-Signature": sig,
                "X-Twilio-Email-Event-Webhook-Timestamp": ts,
            },
        )

    return post


def test_old_validly_signed_sendgrid_requests_are_refused(sqlite_store, tmp_path):
    post = _signed(sqlite_store, tmp_path, now=NOW)
    now = int(NOW.timestamp())
    event = [_event("spamreport", now - 30)]
    year_old = post(event, now - 365 * 86400)
    assert year_old.status_code == 403 and "replayed or delayed" in year_old.text
    assert post(event, now + 3600).status_code == 403  # from the future, too
    assert _suppressed(sqlite_store) == set()
    assert post(event, now - 120).status_code == 200  # within the tolerance
    assert _suppressed(sqlite_store) == {("email", ADDRESS)}


def test_sendgrid_consent_decisions_follow_event_time_not_arrival(sqlite_store, tmp_path):
    client = TestClient(_app(sqlite_store, tmp_path, sendgrid_token=SG_TOKEN), base_url=BASE)
    url = f"/sendgrid/events?token={SG_TOKEN}"
    t = 1772452800
    client.post(url, json=[_event("group_resubscribe", t + 300, 1)])  # arrives first
    client.post(url, json=[_event("group_unsubscribe", t + 200, 2)])  # older: changes nothing
    assert _suppressed(sqlite_store) == set()
    client.post(url, json=[_event("group_unsubscribe", t + 400, 3)])
    assert _suppressed(sqlite_store) == {("email", ADDRESS)}
    client.post(url, json=[_event("group_resubscribe", t + 300, 1)])  # a retry of the old one
    assert _suppressed(sqlite_store) == {("email", ADDRESS)}
    client.post(url, json=[_event("group_resubscribe", t + 500, 4)])
    assert _suppressed(sqlite_store) == set()


def _twilio(client, params):
    url = f"{BASE}/twilio/inbound"
    return client.post(
        "/twilio/inbound",
        content=urlencode(params),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": RequestValidator(TWILIO_TOKEN).compute_signature(url, params),
        },
    )


@pytest.mark.parametrize(
    "store_name", ["sqlite_store", pytest.param("pg_store", marks=pytest.mark.postgres)]
)
def test_a_replayed_or_retried_start_cannot_undo_a_later_stop(request, store_name, tmp_path):
    store = request.getfixturevalue(store_name)
    client = TestClient(_app(store, tmp_path, twilio_auth_token=TWILIO_TOKEN), base_url=BASE)
    start = {"MessageSid": "SM" + "1" * 32, "From": NUMBER, "Body": "START"}
    stop = {"MessageSid": "SM" + "2" * 32, "From": NUMBER, "Body": "STOP"}
    assert _twilio(client, start).status_code == 200
    assert _twilio(client, stop).status_code == 200
    assert _suppressed(store) == {("sms", NUMBER)}
    for _ in range(3):  # the signed START captured and replayed, or retried by Twilio
        assert _twilio(client, start).status_code == 200
    assert _suppressed(store) == {("sms", NUMBER)}
    # a new START from the recipient still works
    assert _twilio(client, {**start, "MessageSid": "SM" + "3" * 32}).status_code == 200
    assert _suppressed(store) == set()


# -- poison batches ----------------------------------------------------------------------------


def test_a_poison_event_is_rejected_alone_and_the_spam_report_still_applies(sqlite_store, tmp_path):
    client = TestClient(_app(sqlite_store, tmp_path, sendgrid_token=SG_TOKEN), base_url=BASE)
    t = 1772452800
    batch = [
        "not an object",
        {**_event("open", t, 1), "timestamp": "yesterday"},
        {**_event("bounce", t, 2), "email": "x@example.edu\r\nBcc: y@example.edu"},
        {**_event("delivered", t, 3), "ledger_id": {"$ne": None}},
        _event("spamreport", t, 4),
    ]
    url = f"/sendgrid/events?token={SG_TOKEN}"
    r = client.post(url, json=batch)
    assert r.status_code == 200 and r.json()["applied"] == 1
    reasons = r.json()["rejected"]
    assert [x.split(":")[0] for x in reasons] == ["event 0", "event 1", "event 2", "event 3"]
    assert _suppressed(sqlite_store) == {("email", ADDRESS)}
    landed = (tmp_path / "webhook_rejects").glob("*/sendgrid.jsonl")
    assert len(next(landed).read_text().splitlines()) == 4
    # SendGrid retries nothing (2xx); a retry anyway applies nothing twice
    again = client.post(url, json=batch)
    assert again.status_code == 200 and again.json()["opt_outs"] == 0


# -- a real server: chunked bodies and logs ----------------------------------------------------


class _Counted:
    """ASGI wrapper counting the body bytes the app pulled from the server, message by message."""

    def __init__(self, app):
        self.app, self.pulled, self.messages = app, 0, []

    async def __call__(self, scope, receive, send):
        async def counted():
            message = await receive()
            self.messages.append(len(message.get("body", b"")))
            self.pulled += self.messages[-1]
            return message

        await self.app(scope, counted, send)


class _Server:
    def __init__(self, app, **config):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, lifespan="off", **config)
        )

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


LIMIT = 64 * 1024


def test_an_oversize_chunked_body_is_refused_while_it_streams(sqlite_store, tmp_path):
    app = _Counted(_app(sqlite_store, tmp_path, sendgrid_token=SG_TOKEN, max_body_bytes=LIMIT))
    chunk = b"[" + b" " * (16 * 1024 - 1)

    async def endless():
        for _ in range(64 * 1024):  # up to 1 GiB if the server kept reading
            yield chunk
            await asyncio.sleep(0)

    async def post():
        async with httpx.AsyncClient(timeout=20) as c:
            try:
                return await c.post(
                    f"http://127.0.0.1:{server.port}/sendgrid/events?token={SG_TOKEN}",
                    content=endless(),
                )
            except httpx.HTTPError as exc:  # the server may close while we still write
                return exc

    with _Server(app, log_level="warning") as server:
        result = asyncio.run(post())
    if isinstance(result, httpx.Response):
        assert result.status_code == 413
    # stopped at the limit, not at the end: the app pulled no message after the one that
    # crossed it. (A byte bound of "the limit plus one 64 KiB socket read" failed once on a busy
    # machine: uvicorn buffers what arrives while the app is slow and hands it over in one
    # larger message, here 64 KiB + 128 KiB.)
    assert sum(app.messages[:-1]) <= LIMIT < app.pulled
    assert app.pulled < 64 * LIMIT  # nowhere near the 1 GiB the client would have sent
    assert not (tmp_path / "sendgrid").exists()


def test_a_declared_oversize_body_is_refused_before_reading(sqlite_store, tmp_path):
    app = _Counted(_app(sqlite_store, tmp_path, sendgrid_token=SG_TOKEN, max_body_bytes=LIMIT))
    client = TestClient(app, base_url=BASE)
    r = client.post(f"/sendgrid/events?token={SG_TOKEN}", content=b"[" + b" " * LIMIT + b"]")
    assert r.status_code == 413 and app.pulled == 0


def test_no_secret_token_or_personal_data_in_any_log_line(
    sqlite_store, tmp_path, capsys, caplog, restore_logging
):
    unsub = make_unsubscribe_token(
        UNSUB_SECRET, ledger_id="cmp:s1:c_1:email:1", channel="email", address=ADDRESS
    )
    app = _app(sqlite_store, tmp_path, sendgrid_token=SG_TOKEN, twilio_auth_token=TWILIO_TOKEN)
    install_filters()
    caplog.set_level(logging.DEBUG)
    with _Server(app, log_config=uvicorn_log_config(), access_log=True) as server:
        base = f"http://127.0.0.1:{server.port}"
        with httpx.Client(base_url=base) as c:
            assert c.get("/unsubscribe", params={"token": unsub}).status_code == 200
            assert c.post("/unsubscribe", params={"token": unsub}).status_code == 200
            bad = [{**_event("spamreport", 1772452800), "timestamp": "x"}]
            assert (
                c.post("/sendgrid/events", params={"token": SG_TOKEN}, json=bad).status_code == 200
            )
            assert (
                c.post("/sendgrid/events", params={"token": "guess-" + SG_TOKEN}).status_code == 403
            )
            forged = {"MessageSid": "SM1", "From": NUMBER, "Body": "STOP"}
            assert c.post("/twilio/inbound", data=forged).status_code == 403
    out = capsys.readouterr()
    server_records = [  # the test's own HTTP client (httpx) logs its URLs: not the server's
        f"{r.name} {r.getMessage()}"
        for r in caplog.records
        if not r.name.startswith(("httpx", "httpcore"))
    ]
    text = "\n".join([out.out, out.err, *server_records])
    assert "POST /sendgrid/events" in text and "GET /unsubscribe" in text  # the log is there
    for secret in (SG_TOKEN, unsub, ADDRESS, NUMBER, TWILIO_TOKEN, UNSUB_SECRET):
        assert secret not in text, secret


def test_the_webhooks_command_refuses_to_serve_without_credentials(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from enrollflow.cli import app as cli

    for name in (
        "ENROLLFLOW_TWILIO_AUTH_TOKEN",
        "ENROLLFLOW_SENDGRID_WEBHOOK_PUBLIC_KEY",
        "ENROLLFLOW_SENDGRID_WEBHOOK_TOKEN",
        "ENROLLFLOW_WEBHOOKS_INSECURE_DEV",
    ):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["ops", "migrate", "--store", url]).exit_code == 0
    r = runner.invoke(
        cli,
        ["ops", "webhooks", "--public-url", BASE, "--store", url],
        env={"ENROLLFLOW_UNSUBSCRIBE_SECRET": UNSUB_SECRET, "COLUMNS": "200"},
    )
    assert r.exit_code != 0 and "no webhook route is authenticated" in r.output
