"""Email over plain SMTP (any server), STARTTLS required unless explicitly disabled.

One SMTP session per batch. Each message is ``multipart/alternative`` (text + HTML) with the
RFC 8058 headers, ``Message-ID: <ledger id ...@domain>`` (recorded as the provider message id) and
``X-EnrollFlow-Ledger-Id``; the envelope recipient is passed explicitly (never parsed from the
``To`` header), and an address that is not one recipient fails its message before any command.
Reply codes are handled as :data:`delivery.providers.codes.SMTP_REPLIES` says:

- connect failure / refused / a 4xx greeting or MAIL FROM / 421: nothing sent for the remaining
  messages (:class:`ProviderUnavailable`); a 5xx greeting or MAIL FROM holds the provider
  (:class:`ProviderHeld`); no STARTTLS or 530/534/535 on AUTH stop it
  (:class:`AuthenticationFailed`: configuration, not to be retried);
- a recipient refused with 450/451/452: that message is :class:`~delivery.messages.Deferred`
  (back to ``pending`` for a later run); 550/551/553: fails and is suppressed; 552/554: fails;
- no answer within the timeout during the send: :class:`ProviderTimeout`; connection lost:
  :class:`OutcomeUnknown`, both for that message (SMTP keeps no searchable record: ``lookup`` is
  not supported; an operator resolves those rows).
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
from delivery.messages import Accepted, Deferred, EmailMessage, Message, Outcome, Rejected
from delivery.providers.base import (
    AuthenticationFailed,
    LookupNotSupported,
    OutcomeUnknown,
    ProviderError,
    ProviderHeld,
    ProviderTimeout,
    ProviderUnavailable,
)
from delivery.providers.codes import Action, smtp_rule
from delivery.providers.redact import register_secret
from delivery.rendering.recipient import email_recipient_problem


def _session_error(code: int, stage: str) -> ProviderError:
    """The error for a refusal of the whole session (greeting, MAIL FROM, STARTTLS)."""
    rule = smtp_rule(code)
    what = f"{stage}: {code} {rule.meaning}"
    if rule.action is Action.STOP:
        return AuthenticationFailed(what)
    if 400 <= code < 500:
        return ProviderUnavailable(what)
    return ProviderHeld(f"{what} (check the SMTP relay settings and the sender address)")


def _message_outcome(code: int, stage: str) -> Outcome:
    """This message's outcome for a reply to its RCPT or DATA, as :data:`SMTP_REPLIES` says."""
    rule = smtp_rule(code)
    what = f"SMTP {code} on {stage}: {rule.meaning}"
    if code == 421:  # the server is closing the session: nothing more goes through it
        raise ProviderUnavailable(what)
    if rule.action is Action.DEFER:
        return Deferred(what)
    if rule.action is Action.STOP:
        raise AuthenticationFailed(what)
    return Rejected(what, suppress=rule.action is Action.SUPPRESS)


def build_mime(m: EmailMessage, *, message_id: str) -> MimeMessage:
    """Return the MIME message for ``m`` (text + HTML alternatives, compliance headers, files)."""
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
    for a in m.attachments:  # turns the message into multipart/mixed
        major, _, minor = a.content_type.partition("/")
        mime.add_attachment(a.content, maintype=major, subtype=minor, filename=a.filename)
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
        except smtplib.SMTPConnectError as exc:
            raise _session_error(exc.smtp_code, f"SMTP {self.host}:{self.port} greeting") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise ProviderUnavailable(
                f"SMTP {self.host}:{self.port} unreachable: {type(exc).__name__}"
            ) from None
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
            rule = smtp_rule(exc.smtp_code)
            raise AuthenticationFailed(f"SMTP {rule.code} on AUTH: {rule.meaning}") from None
        except ProviderError:
            smtp.close()
            raise
        except smtplib.SMTPResponseException as exc:
            smtp.close()
            raise _session_error(exc.smtp_code, "SMTP session setup") from None
        except (OSError, smtplib.SMTPException) as exc:
            smtp.close()
            raise ProviderUnavailable(f"SMTP session setup failed: {type(exc).__name__}") from None
        return smtp

    def _send_one(self, smtp: smtplib.SMTP, m: EmailMessage) -> Outcome:
        problem = email_recipient_problem(m.to)
        if problem is not None:
            return Rejected(f"not sent: {problem}", suppress=False)
        message_id = f"<{uuid.uuid4().hex}.{m.ledger_id.replace(':', '.')}@{self._domain}>"
        try:
            # explicit envelope: the recipient list never comes from parsing the To header
            smtp.send_message(
                build_mime(m, message_id=message_id), from_addr=m.from_email, to_addrs=[m.to]
            )
        except smtplib.SMTPRecipientsRefused as exc:
            code, _text = next(iter(exc.recipients.values()))
            return _message_outcome(code, "RCPT")
        except smtplib.SMTPSenderRefused as exc:
            if exc.smtp_code == 552:  # SIZE refused: this message is too large
                return Rejected("SMTP 552 on MAIL FROM: the message is too large", suppress=False)
            raise _session_error(exc.smtp_code, "SMTP MAIL FROM") from None
        except smtplib.SMTPDataError as exc:
            outcome = _message_outcome(exc.smtp_code, "DATA")
            if isinstance(outcome, Rejected):  # a 5xx after DATA refuses content, not the mailbox
                return Rejected(outcome.reason, suppress=False)
            return outcome
        except TimeoutError:
            raise ProviderTimeout(
                f"SMTP server gave no answer within {self._timeout:g} s while sending",
                affected=[m.ledger_id],
            ) from None
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
