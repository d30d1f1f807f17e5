"""Keep personal data and secrets out of logs: a redacting ``logging.Filter`` and uvicorn config.

:func:`redact` replaces configured secrets, the values of credential-like query parameters
(``token``, ``signature``, ``key``, ``secret``, ``password``, ``api_key``, ``ledger_id``, whose
value embeds the contact id), email addresses and E.164 phone numbers. :class:`RedactingFilter`
applies it to every string in a record's message and arguments (so formatters that read
``record.args``, like uvicorn's access formatter, still work). :func:`redacting_log_config` is
uvicorn's logging config with the filter on every handler, root included, so the app's own
loggers and the access log are both covered.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable
from typing import Any

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w/])\+[1-9]\d{6,14}\b")
_PARAM = re.compile(
    r"(?i)\b(token|signature|sig|key|secret|password|api_key|ledger_id)=([^&\s\"']+)"
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` without secrets, credential query values, emails or phone numbers."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[secret]")
    text = _PARAM.sub(lambda m: f"{m.group(1)}=[redacted]", text)
    text = _EMAIL.sub("[email]", text)
    return _PHONE.sub("[phone]", text)


class RedactingFilter(logging.Filter):
    """Redact every string of a record (message and arguments); never drops a record."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def _clean(self, value: Any) -> Any:
        if isinstance(value, str):
            return redact(value, self.secrets)
        if isinstance(value, int | float | bool) or value is None:
            return value  # numbers stay numbers (formatters use %d on them)
        text = str(value)  # URLs, paths, request objects: redacted as their text if needed
        cleaned = redact(text, self.secrets)
        return value if cleaned == text else cleaned

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._clean(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(self._clean(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: self._clean(v) for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(
                logging.Formatter().formatException(record.exc_info), self.secrets
            )
            record.exc_info = None
        return True


def redacting_log_config(secrets: Iterable[str] = (), level: str = "INFO") -> dict[str, Any]:
    """uvicorn's ``LOGGING_CONFIG`` with :class:`RedactingFilter` on every handler and a root
    logger, for ``uvicorn.run(app, log_config=...)``."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {
        "redact": {"()": "privacy.logredact.RedactingFilter", "secrets": list(secrets)}
    }
    for handler in config["handlers"].values():
        handler["filters"] = ["redact"]
    config["root"] = {"handlers": ["default"], "level": level.upper()}
    return config
