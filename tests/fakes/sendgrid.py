"""A fake SendGrid v3 API: ``POST /v3/mail/send`` and ``GET /v3/messages`` (Email Activity).

Speaks the real wire format: Bearer auth (401 with SendGrid's error body), validation errors as
``{"errors": [{"message", "field", "help"}]}`` with ``personalizations.N.to.M.email`` fields, 202
with ``X-Message-Id``, rate limits as a token bucket with
``X-RateLimit-Limit/Remaining/Reset`` headers (reset = unix seconds), substitutions applied per
personalization (10,000-byte limit enforced). Every accepted personalization is recorded, so tests
can count sends per ``ledger_id``.
"""

from __future__ import annotations

import base64
import math
import re
import time
import uuid
from typing import Any
from urllib.parse import unquote

from tests.fakes.http import FakeServer, Fault, Request, Response

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_QUERY = re.compile(r"unique_args\['ledger_id'\]=\"([^\"]+)\"")


#: Bodies of the documented statuses (SendGrid v3 "Errors" page).
API_MESSAGES = {
    400: "Bad Request",
    401: "The provided authorization grant is invalid, expired, or revoked",
    403: "access forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    415: "Content-Type should be application/json.",
    500: "internal server error",
    503: "Service Unavailable",
}
#: Statuses SendGrid's nginx front answers with an HTML page (413 above 30 MB, 408, 502, 504).
NGINX_PAGES = {
    408: "Request Time-out",
    413: "Request Entity Too Large",
    502: "Bad Gateway",
    504: "Gateway Time-out",
}


def _nginx(status: int) -> Response:
    title = f"{status} {NGINX_PAGES[status]}"
    page = (
        f'<html>\r\n<head><title>{title}</title></head>\r\n<body bgcolor="white">\r\n'
        f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
    return Response(status, page.encode(), content_type="text/html")


def _error(status: int, message: str, field: str | None = None, **kw: Any) -> Response:
    return Response.json(
        status, {"errors": [{"message": message, "field": field, "help": None}]}, **kw
    )


class FakeSendGrid(FakeServer):
    """Fake SendGrid. ``cap`` messages per second, ``burst`` deep (``None``: unlimited);
    ``periodic_429``: every N-th mail/send gets a 429 (reset = the next whole second);
    ``max_body_bytes``: a larger mail/send body gets nginx's 413 page (SendGrid's is 30 MB)."""

    def __init__(
        self,
        api_key: str = "SG.test-key",
        *,
        cap: int | None = None,
        burst: int = 1000,
        periodic_429: int | None = None,
        keep_content: bool = True,
        max_body_bytes: int | None = None,
    ) -> None:
        super().__init__()
        self.max_body_bytes = max_body_bytes
        self.api_key = api_key
        self.cap = cap
        self.burst = burst
        self.periodic_429 = periodic_429
        self.keep_content = keep_content
        self.mail_sends = 0
        self.rate_limited = 0
        self._tokens = float(burst)
        self._last = time.time()

    def fault_response(self, fault: Fault, request: Request) -> Response:
        """SendGrid's answer for ``fault.status`` as its API (or its nginx front) sends it.

        ``payload={"invalid_to": [i, ...]}`` with status 400 refuses those personalizations'
        addresses; ``payload={"field": "..."}`` names another field in the 400 body.
        """
        status, payload = fault.status, fault.payload or {}
        if status == 429:
            reset = math.ceil(time.time() + (fault.seconds or 1.0))
            return _error(429, "too many requests", headers=self._rate_headers(0, reset))
        if status == 400 and "invalid_to" in payload:
            return Response.json(
                400,
                {
                    "errors": [
                        {
                            "message": "Does not contain a valid address.",
                            "field": f"personalizations.{i}.to.0.email",
                            "help": "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.personalizations.to",
                        }
                        for i in payload["invalid_to"]
                    ]
                },
            )
        if status in NGINX_PAGES:  # answered by SendGrid's nginx front, not the API
            return _nginx(status)
        return _error(
            status, API_MESSAGES.get(status, "internal server error"), payload.get("field")
        )

    def _rate_headers(self, remaining: int, reset: float) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.cap or 0),
            "X-RateLimit-Remaining": str(max(remaining, 0)),
            "X-RateLimit-Reset": str(int(reset)),
        }

    # -- routing ------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return _error(401, "The provided authorization grant is invalid, expired, or revoked")
        if request.method == "POST" and request.path == "/v3/mail/send":
            return self._mail_send(request)
        if request.method == "GET" and request.path == "/v3/messages":
            return self._messages(request)
        return _error(404, f"no route {request.method} {request.path}")

    def _limit(self, n: int) -> Response | None:
        """Token bucket of ``cap`` messages/s (``burst`` deep); every ``periodic_429``-th request
        is refused anyway. A 429's ``X-RateLimit-Reset`` is the unix second when enough tokens
        will be there (rounded up, as SendGrid sends whole seconds)."""
        with self.lock:
            self.mail_sends += 1
            now = time.time()
            if self.cap is not None:
                self._tokens = min(self.burst, self._tokens + (now - self._last) * self.cap)
            self._last = now
            periodic = self.periodic_429 and self.mail_sends % self.periodic_429 == 0
            over = self.cap is not None and n > self._tokens
            if periodic or over:
                self.rate_limited += 1
                wait = (n - self._tokens) / self.cap if over and self.cap else 0.0
                reset = math.ceil(now + wait)
                return _error(429, "too many requests", headers=self._rate_headers(0, reset))
            if self.cap is not None:
                self._tokens -= n
        return None

    def _mail_send(self, request: Request) -> Response:
        if self.max_body_bytes is not None and len(request.body) > self.max_body_bytes:
            return _nginx(413)
        try:
            body = request.json()
        except ValueError:
            return _error(400, "Bad Request: body is not JSON")
        ps = body.get("personalizations") if isinstance(body, dict) else None
        if not isinstance(ps, list) or not 1 <= len(ps) <= 1000:
            return _error(
                400,
                "The personalizations field is required and must have at least one and at most "
                "1000 personalization.",
                "personalizations",
            )
        if not (body.get("from") or {}).get("email"):
            return _error(
                400, "The from object must be provided for every email send.", "from.email"
            )
        if not body.get("content") and not body.get("template_id"):
            return _error(
                400,
                "Unless a valid template_id is provided, the content parameter is required.",
                "content",
            )
        errors = []
        for i, p in enumerate(ps):
            for j, to in enumerate(p.get("to") or []):
                if not _EMAIL.match(str(to.get("email", ""))):
                    errors.append(
                        {
                            "message": "Does not contain a valid address.",
                            "field": f"personalizations.{i}.to.{j}.email",
                            "help": "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.personalizations.to",
                        }
                    )
            subs = p.get("substitutions") or {}
            if sum(len(k.encode()) + len(str(v).encode()) for k, v in subs.items()) > 10_000:
                errors.append(
                    {
                        "message": "The total size of your substitutions must be under 10000 bytes.",
                        "field": f"personalizations.{i}.substitutions",
                        "help": None,
                    }
                )
        for i, a in enumerate(body.get("attachments") or []):
            try:
                base64.b64decode(str(a.get("content", "")), validate=True)
            except ValueError:
                errors.append(
                    {
                        "message": "The attachment content must be base64 encoded.",
                        "field": f"attachments.{i}.content",
                        "help": None,
                    }
                )
            if not a.get("filename"):
                errors.append(
                    {
                        "message": "The attachment filename parameter is required.",
                        "field": f"attachments.{i}.filename",
                        "help": None,
                    }
                )
        if errors:
            return Response.json(400, {"errors": errors})
        limited = self._limit(len(ps))
        if limited is not None:
            return limited
        message_id = uuid.uuid4().hex[:22]
        contents = {c["type"]: c["value"] for c in body["content"]}
        records = []
        for p in ps:
            custom = {**(body.get("custom_args") or {}), **(p.get("custom_args") or {})}
            rec: dict[str, Any] = {
                "ledger_id": custom.get("ledger_id"),
                "to": p["to"][0]["email"],
                "x_message_id": message_id,
                "custom_args": custom,
                "categories": body.get("categories"),
                "asm": body.get("asm"),
                "from": body["from"],
                "attachments": body.get("attachments") or [],
            }
            if self.keep_content:
                subs = p.get("substitutions") or {}

                def apply(text: str, subs: dict[str, str] = subs) -> str:
                    for k, v in subs.items():
                        text = text.replace(k, v)
                    return text

                rec.update(
                    subject=apply(p.get("subject") or body.get("subject") or ""),
                    html=apply(contents.get("text/html", "")),
                    text=apply(contents.get("text/plain", "")),
                    headers={**(body.get("headers") or {}), **(p.get("headers") or {})},
                )
            records.append(rec)
        with self.lock:
            self.accepted.extend(records)
        return Response(202, b"", headers={"X-Message-Id": message_id})

    def _messages(self, request: Request) -> Response:
        query = unquote(request.query.get("query", [""])[0])
        wanted = set(_QUERY.findall(query))
        if not wanted:
            return _error(400, "invalid query", "query")
        with self.lock:
            hits = [a for a in self.accepted if a["ledger_id"] in wanted]
        return Response.json(
            200,
            {
                "messages": [
                    {
                        "msg_id": f"{a['x_message_id']}.filterdrecv-0-{k}",
                        "to_email": a["to"],
                        "subject": a.get("subject", ""),
                        "status": "processing",
                        "opens_count": 0,
                        "clicks_count": 0,
                        "last_event_time": None,
                    }
                    for k, a in enumerate(hits)
                ]
            },
        )
