"""A tiny threaded HTTP server that hands each request to a fake's ``handle`` method."""

from __future__ import annotations

import json
import threading
from collections import Counter, deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(self.body.decode(), keep_blank_values=True).items()}


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] | None = None
    content_type: str = "application/json"
    hang_after: float = 0.0  # seconds to stall AFTER processing, before answering

    @classmethod
    def json(cls, status: int, payload: Any, **kw: Any) -> Response:
        return cls(status, json.dumps(payload).encode(), **kw)


@dataclass
class Fault:
    """A scripted misbehaviour for the next request(s).

    kind: ``status`` (answer ``status`` without processing, in the provider's wire format for
    that status; ``payload`` refines it, e.g. a Twilio error code), ``hang`` (stall ``seconds`` before
    processing -- a silent provider), ``accept_then_hang`` (process, then stall: the client times
    out although the message was accepted), ``refuse`` (close the connection without answering),
    ``none`` (behave normally: lets a script fault the 2nd request, not the 1st).
    """

    kind: str
    status: int = 500
    seconds: float = 0.0
    headers: dict[str, str] | None = None
    payload: Any = None


class FakeServer:
    """Base: start/stop a ThreadingHTTPServer on 127.0.0.1:<free port>; scripted faults."""

    def __init__(self) -> None:
        self.faults: deque[Fault] = deque()
        self.lock = threading.Lock()
        self.requests = 0
        self.accepted: list[dict[str, Any]] = []  # one record per message the fake accepted
        self._httpd: ThreadingHTTPServer | None = None

    def counts(self) -> Counter[str]:
        """Accepted messages per ``ledger_id`` (exactly-once means every count is 1)."""
        with self.lock:
            return Counter(a["ledger_id"] for a in self.accepted)

    def by_ledger_id(self, ledger_id: str) -> list[dict[str, Any]]:
        """The accepted records carrying ``ledger_id``."""
        with self.lock:
            return [a for a in self.accepted if a["ledger_id"] == ledger_id]

    # subclasses implement
    def handle(self, request: Request) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError

    def fault_response(self, fault: Fault, request: Request) -> Response:  # pragma: no cover
        raise NotImplementedError

    def inject(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)

    def _next_fault(self) -> Fault | None:
        with self.lock:
            self.requests += 1
            return self.faults.popleft() if self.faults else None

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                req = Request(
                    self.command,
                    parts.path,
                    parse_qs(parts.query, keep_blank_values=True),
                    {k: v for k, v in self.headers.items()},
                    body,
                )
                fault = fake._next_fault()
                if fault is not None and fault.kind == "refuse":
                    self.close_connection = True
                    self.connection.close()
                    return
                if fault is not None and fault.kind == "hang":
                    threading.Event().wait(fault.seconds)
                if fault is not None and fault.kind == "status":
                    resp = fake.fault_response(fault, req)
                else:
                    resp = fake.handle(req)
                if fault is not None and fault.kind == "accept_then_hang":
                    threading.Event().wait(fault.seconds)
                try:
                    self.send_response(resp.status)
                    self.send_header("Content-Type", resp.content_type)
                    self.send_header("Content-Length", str(len(resp.body)))
                    for k, v in (resp.headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(resp.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
