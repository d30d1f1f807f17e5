"""Logging for the webhooks server: no query strings (tokens) and no addresses in any line.

uvicorn's access log writes ``"POST /unsubscribe?token=... HTTP/1.1"``: the one-click token
(which names the recipient's address) and the SendGrid ``?token=`` secret would land in every log
collector. :class:`DropQueryFilter` cuts the query from the request line; the
:class:`~delivery.providers.redact.RedactingFilter` (secrets, emails, phone numbers) runs on
every record of the server's loggers. :func:`uvicorn_log_config` is the ``log_config`` that
``enrollflow ops webhooks`` gives uvicorn.

Public API: :class:`DropQueryFilter`, :func:`uvicorn_log_config`, :data:`SERVER_LOGGERS`.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from uvicorn.config import LOGGING_CONFIG

from delivery.providers.redact import PII_FILTER

#: Loggers of the webhooks server (uvicorn's and ours).
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "delivery.webhooks.app")


class DropQueryFilter(logging.Filter):
    """Remove the query string from uvicorn access-log records (``client, method, path, ...``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


class _Pii(logging.Filter):
    """Mask secrets and PII in the message and each argument, keeping the arguments' shape
    (uvicorn's access formatter unpacks them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = PII_FILTER.redact(str(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(
                PII_FILTER.redact(a) if isinstance(a, str) else a for a in record.args
            )
        elif isinstance(record.args, dict):
            record.args = {
                k: PII_FILTER.redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's default logging config with query strings dropped and PII masked everywhere."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {
        "drop_query": {"()": DropQueryFilter},
        "pii": {"()": _Pii},
    }
    config["handlers"]["access"]["filters"] = ["drop_query", "pii"]
    config["handlers"]["default"]["filters"] = ["pii"]
    return config


def install_filters() -> None:
    """Put the filters on the server's loggers themselves (whatever handlers a host adds)."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        if name == "uvicorn.access":
            logger.addFilter(DropQueryFilter())
        logger.addFilter(_Pii())
