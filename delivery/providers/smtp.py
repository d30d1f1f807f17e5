"""Email over plain SMTP (any server), STARTTLS required unless explicitly disabled.

One SMTP session per batch. Each message is ``multipart/alternative`` (text + HTML) with the
RFC 8058 headers, ``Message-ID: <ledger id ...@domain>`` (recorded as the provider message id) and
``X-EnrollFlow-Ledger-Id``. Error mapping:

- connect failure / refused / TLS not offered / 4xx on MAIL FROM: nothing sent for the remaining
  messages (:class:`ProviderUnavailable`; no STARTTLS is :class:`AuthenticationFailed`: a
  configuration error that must stop the provider, not be retried);
- 535 authentication failure: :class:`AuthenticationFailed`;
- recipient refused with 5xx: that message fails (550/551/553: suppressed); 4xx: retry later;
- connection lost or timeout during DATA: :class:`OutcomeUnknown` for that message (SMTP keeps no
  searchable record: ``lookup`` is not supported; an operator resolves those rows).
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
import uuid
from collections.abc import Sequence
from email.message import EmailMessage as MimeMessage
from email.utils import format_datetime, formataddr

from delivery.ledger import LedgerRow
from delivery.messages import Accepted, EmailMessage, Message, Outcome, Rejected
from delivery.providers.base import (
    AuthenticationFailed,
    LookupNotSupported,
    OutcomeUnknown,
    ProviderError,
    ProviderUnavailable,
)
from delivery.providers.redact import register_secret

SUPPRESS_SMTP_CODES = {550, 551, 553}


def build_mime(m: EmailMessage, *, message_id: str) -> MimeMessage:
    """Return the MIME message for ``m`` (text + HTML alternatives, compliance headers)."""
    mime = MimeMessage()
    mime["From"] = formataddr((m.from_name, m.from_email))
    mime["To"] = m.to
    mime["Subject"] = m.subject
    mime["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    mime["Message-ID"] = message_id
    mime["X-EnrollFlow-Ledger-Id"] = m.ledger_id
    if m.reply_to:
        mime["Reply-To"] = m.reply_to
    for name, value in m.headers.items():
        mime[name] = value
    mime.set_content(m.text)
    mime.add_alternative(m.html, subtype="html")
    return mime


class SmtpProvider:
    """Email through an SMTP server.

    Parameters
    ----------
    host, port : str, int
        Server address (587 for submission with STARTTLS).
    username, password : str, optional
        Credentials for AUTH (the password is never logged).
    starttls : bool
        Require STARTTLS (default). Only a local test relay should turn it off.
    ssl_context : ssl.SSLContext, optional
        TLS settings (default: system trust store, hostname checked).
    timeout : float
        Seconds for each socket operation.
    message_id_domain : str
        Right-hand side of generated Message-IDs.
    """

    kind = "smtp"
    channel = "email"
    max_batch = 50

    def __init__(
        self,
        host: str,
        port: int = 587,
        *,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = 10.0,
        message_id_domain: str = "enrollflow.local",
        account: str = "default",
    ) -> None:
        self.name = f"smtp:{account}"
        self.host, self.port = host, port
        self._username, self._password = username, password
        if password:
            register_secret(password)
        self._starttls = starttls
        self._ssl_context = ssl_context or ssl.create_default_context()
        self._timeout = timeout
        self._domain = message_id_domain

    def __repr__(self) -> str:
        return f"SmtpProvider(name={self.name!r}, host={self.host!r}, port={self.port})"

    def _connect(self) -> smtplib.SMTP:
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self._timeout)
        except (OSError, smtplib.SMTPException) as exc:
            raise ProviderUnavailable(f"SMTP {self.host}:{self.port} unreachable: {exc}") from None
        try:
            smtp.ehlo()
            if self._starttls:
                if not smtp.has_extn("starttls"):
                    raise AuthenticationFailed(
                        f"SMTP {self.host}:{self.port} does not offer STARTTLS; refusing to send "
                        "credentials and mail in clear text"
                    )
                smtp.starttls(context=self._ssl_context)
                smtp.ehlo()
            if self._username:
                smtp.login(self._username, self._password or "")
        except smtplib.SMTPAuthenticationError as exc:
            smtp.close()
            raise AuthenticationFailed(f"SMTP authentication failed ({exc.smtp_code})") from None
        except ProviderError:
            smtp.close()
            raise
        except (OSError, smtplib.SMTPException) as exc:
            smtp.close()
            raise ProviderUnavailable(f"SMTP session setup failed: {type(exc).__name__}") from None
        return smtp

    def _send_one(self, smtp: smtplib.SMTP, m: EmailMessage) -> Outcome:
        message_id = f"<{uuid.uuid4().hex}.{m.ledger_id.replace(':', '.')}@{self._domain}>"
        try:
            smtp.send_message(build_mime(m, message_id=message_id))
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            if code >= 500:
                return Rejected(
                    f"SMTP {code}: {text.decode(errors='replace')}",
                    suppress=code in SUPPRESS_SMTP_CODES,
                )
            raise ProviderUnavailable(f"SMTP {code} (temporary) for a recipient") from None
        except smtplib.SMTPSenderRefused as exc:
            raise ProviderUnavailable(f"SMTP refused the sender ({exc.smtp_code})") from None
        except smtplib.SMTPDataError as exc:
            if exc.smtp_code >= 500:
                return Rejected(f"SMTP {exc.smtp_code}: message refused", suppress=False)
            raise ProviderUnavailable(f"SMTP {exc.smtp_code} (temporary) on DATA") from None
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise OutcomeUnknown(
                f"SMTP connection lost while sending ({type(exc).__name__})", affected=[m.ledger_id]
            ) from None
        return Accepted(message_id)

    def send(self, messages: Sequence[Message]) -> dict[str, Outcome]:
        """Send ``messages`` in one SMTP session; see :class:`~delivery.providers.base.Provider`."""
        emails = [m for m in messages if isinstance(m, EmailMessage)]
        if len(emails) != len(messages):
            raise TypeError("SmtpProvider.send accepts EmailMessage only")
        done: dict[str, Outcome] = {}
        smtp = self._connect()
        try:
            for m in emails:
                try:
                    done[m.ledger_id] = self._send_one(smtp, m)
                except ProviderError as exc:
                    exc.done = dict(done)
                    raise
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
        return done

    def lookup(self, rows: Sequence[LedgerRow]) -> dict[str, str]:
        """SMTP servers keep no record we can search: always raises :class:`LookupNotSupported`."""
        raise LookupNotSupported(
            f"{self.name}: SMTP has no message search; resolve unknown rows by hand"
        )
