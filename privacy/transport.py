"""HTTPS for the webhooks app and the studio: TLS 1.3 only, when a certificate is configured.

``uvicorn.run(app, **uvicorn_tls_options(certfile, keyfile))``: without a certificate the
options are empty (plain HTTP behind a TLS-terminating proxy); with one, uvicorn serves HTTPS
through :func:`tls13_context_factory`, which refuses TLS 1.2 and older.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any


def tls13_context_factory(
    _config: Any, default_factory: Callable[[], ssl.SSLContext]
) -> ssl.SSLContext:
    """uvicorn ``ssl_context_factory``: its context with TLS 1.3 as the minimum version."""
    context = default_factory()
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    return context


def uvicorn_tls_options(certfile: str | Path | None, keyfile: str | Path | None) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run``/``uvicorn.Config`` (empty without a certificate).

    Raises
    ------
    FileNotFoundError
        If a configured certificate or key file does not exist (named in the message).
    """
    if not certfile:
        if keyfile:
            raise ValueError(
                "a TLS key file is configured without a certificate (ENROLLFLOW_TLS_CERTFILE)"
            )
        return {}
    for what, path in (("certificate", certfile), ("key", keyfile)):
        if path and not Path(path).is_file():
            raise FileNotFoundError(f"TLS {what} file {path} does not exist")
    return {
        "ssl_certfile": str(certfile),
        "ssl_keyfile": str(keyfile) if keyfile else None,
        "ssl_context_factory": tls13_context_factory,
    }
