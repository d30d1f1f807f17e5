"""Keep secrets and personal data out of logs, including the SDKs' own debug logs.

``python_http_client`` (under the SendGrid SDK) logs request headers -- the ``Authorization:
Bearer <api key>`` -- at DEBUG, and Twilio's HTTP client logs requests at INFO. A
:class:`RedactingFilter` on those loggers masks credentials in every record they emit.
"""

from __future__ import annotations

import logging
import re
import threading

_AUTH = re.compile(r"(Bearer|Basic)\s+[A-Za-z0-9._~+/=\-]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_PHONE = re.compile(r"(?<![\w])(?:\+|%2B)\d{7,15}\b")
_TOKEN_PARAM = re.compile(r"((?:token|signature|key)=)[^&\s\"']+", re.IGNORECASE)
SDK_LOGGERS = ("python_http_client.client", "twilio.http_client", "twilio")


class RedactingFilter(logging.Filter):
    """Masks ``Bearer``/``Basic`` credentials and registered secrets in log records."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def add_secret(self, secret: str) -> None:
        """Mask ``secret`` wherever it appears (ignored if shorter than 6 characters)."""
        if secret and len(secret) >= 6:
            with self._lock:
                self._secrets.add(secret)

    def redact(self, text: str) -> str:
        """Return ``text`` with credentials, email addresses and phone numbers masked."""
        text = _AUTH.sub(lambda m: f"{m.group(1)} ***", text)
        for secret in self._secrets:
            text = text.replace(secret, "***")
        text = _TOKEN_PARAM.sub(lambda m: f"{m.group(1)}***", text)
        text = _EMAIL.sub("***@***", text)
        return _PHONE.sub("+***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        return True


_FILTER = RedactingFilter()
for _name in SDK_LOGGERS:
    logging.getLogger(_name).addFilter(_FILTER)
#: The same filter, for other loggers that must never carry secrets or PII (the webhooks server).
PII_FILTER = _FILTER


def register_secret(secret: str) -> None:
    """Mask ``secret`` in the SDK loggers' records (call for every API key / auth token)."""
    _FILTER.add_secret(secret)


def redact(text: str) -> str:
    """Mask credentials in ``text`` (for error messages built from SDK exceptions)."""
    return _FILTER.redact(text)
