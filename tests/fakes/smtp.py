"""A local SMTP server (aiosmtpd) with STARTTLS and AUTH, recording what it accepts."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import socket
import ssl
from email.message import Message
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def self_signed_cert(directory: Path) -> tuple[Path, Path]:
    """Write a self-signed certificate for 127.0.0.1 and its key; return their paths."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class _Handler:
    def __init__(self, server: FakeSmtp) -> None:
        self.server = server

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        reply = self.server.replies.get(("mail", "*"))
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.lower() in self.server.unknown_mailboxes:
            return "550 5.1.1 mailbox unavailable"
        reply = self.server.replies.get(("rcpt", address.lower()))
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        for rcpt in envelope.rcpt_tos:
            reply = self.server.replies.get(("data", rcpt.lower()))
            if reply:
                return reply
        msg = email.message_from_bytes(envelope.content)
        msg.envelope_rcpt_tos = list(envelope.rcpt_tos)  # type: ignore[attr-defined]
        self.server.received.append(msg)
        return "250 2.0.0 queued"


class FakeSmtp:
    """aiosmtpd on 127.0.0.1:<free port>, STARTTLS required, AUTH LOGIN/PLAIN with one user."""

    def __init__(
        self, directory: Path, *, user: str = "mailer", password: str = "smtp-pass-123"
    ) -> None:
        self.user, self.password = user, password
        self.cert, self.key = self_signed_cert(directory)
        self.received: list[Message] = []
        self.unknown_mailboxes: set[str] = set()
        #: scripted replies (RFC 5321 wire text, e.g. "450 4.2.0 greylisted, try later") keyed by
        #: ("mail", "*"), ("rcpt", mailbox) or ("data", mailbox)
        self.replies: dict[tuple[str, str], str] = {}
        #: reply to a failed AUTH (aiosmtpd's default is "535 5.7.8 Authentication credentials
        #: invalid")
        self.auth_reply: str | None = None
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(self.cert, self.key)
        self._controller = Controller(
            _Handler(self),
            hostname="127.0.0.1",
            port=self.port,
            tls_context=tls,
            require_starttls=True,
            auth_required=True,
            auth_require_tls=True,
            authenticator=self._authenticate,
        )

    def _authenticate(self, server, session, envelope, mechanism, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode() == self.user and auth_data.password.decode() == self.password
        )
        if not ok and self.auth_reply:
            return AuthResult(success=False, handled=False, message=self.auth_reply)
        return AuthResult(success=ok, handled=False)

    def client_tls(self) -> ssl.SSLContext:
        """A client context trusting this server's certificate."""
        return ssl.create_default_context(cafile=str(self.cert))

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for m in self.received:
            out[m["X-EnrollFlow-Ledger-Id"]] = out.get(m["X-EnrollFlow-Ledger-Id"], 0) + 1
        return out

    def __enter__(self) -> FakeSmtp:
        self._controller.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._controller.stop()
