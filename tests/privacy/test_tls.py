"""The webhooks app over HTTPS with a self-signed certificate: TLS 1.3 served, TLS 1.2 refused."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time

import pytest
import uvicorn

from delivery.webhooks.app import create_app
from privacy.transport import uvicorn_tls_options
from tests.fakes.smtp import self_signed_cert


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def https_server(tmp_path, store, *, tls13_only: bool = True):
    certfile, keyfile = self_signed_cert(tmp_path)
    app = create_app(
        store,
        tmp_path / "landing",
        unsubscribe_secret="s",
        public_base_url="https://localhost",
        allow_unauthenticated=True,
    )
    port = _free_port()
    options = uvicorn_tls_options(certfile, keyfile)
    if not tls13_only:  # the baseline: uvicorn's own context with the same certificate
        del options["ssl_context_factory"]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started
    try:
        yield port, certfile
    finally:
        server.should_exit = True
        thread.join(10)


def _client_context(certfile, version: ssl.TLSVersion) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(certfile))
    ctx.minimum_version = ctx.maximum_version = version
    return ctx


def _get(port: int, ctx: ssl.SSLContext) -> tuple[str, bytes]:
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        tls.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := tls.recv(4096):
            data += chunk
        return tls.version(), data


def test_tls13_is_served_and_tls12_refused(tmp_path, sqlite_store):
    with https_server(tmp_path, sqlite_store) as (port, certfile):
        version, response = _get(port, _client_context(certfile, ssl.TLSVersion.TLSv1_3))
        assert version == "TLSv1.3" and response.startswith(b"HTTP/1.1 200")
        assert response.endswith(b"ok")
        with pytest.raises(ssl.SSLError):  # the server ends the handshake
            _get(port, _client_context(certfile, ssl.TLSVersion.TLSv1_2))
    # the same client and certificate succeed against uvicorn's default context: the refusal
    # above is the TLS 1.3 minimum, not the test's client
    with https_server(tmp_path, sqlite_store, tls13_only=False) as (port, certfile):
        version, response = _get(port, _client_context(certfile, ssl.TLSVersion.TLSv1_2))
        assert version == "TLSv1.2" and response.startswith(b"HTTP/1.1 200")


def test_tls_options_are_empty_without_a_certificate_and_check_files(tmp_path):
    assert uvicorn_tls_options(None, None) == {}
    with pytest.raises(FileNotFoundError, match="cert.pem"):
        uvicorn_tls_options(tmp_path / "cert.pem", None)
    with pytest.raises(ValueError, match="without a certificate"):
        uvicorn_tls_options(None, tmp_path / "key.pem")
