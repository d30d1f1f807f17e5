"""A fake Mailchimp Transactional (Mandrill) API: ``messages/send.json`` and ``messages/search.json``.

Speaks the real wire format: JSON POST bodies carrying ``key``; API errors as a non-200 answer with
``{"status": "error", "code": N, "name": ..., "message": ...}`` (Mandrill historically answers
them all with HTTP 500: ``Invalid_Key`` -1, ``ValidationError`` -2, ``GeneralError`` -1,
``Unknown_Subaccount`` 12, ``PaymentRequired`` -1); per-recipient results
``[{"email", "status": sent|queued|rejected|invalid, "reject_reason", "queued_reason", "_id"}]``;
``messages/search`` answers recently sent messages with their ``metadata`` (query
``u_ledger_id:"..."``). 502/504 come from the nginx front as HTML. Every accepted recipient is
recorded, so tests count sends per ``ledger_id``.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

from tests.fakes.http import FakeServer, Fault, Request, Response

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_QUERY = re.compile(r'u_ledger_id:"([^"]+)"')
ERRORS = {
    "Invalid_Key": (-1, "Invalid API key"),
    "ValidationError": (-2, "Validation error: {\"message\":{\"from_email\":\"Sorry, this field can't be left blank.\"}}"),
    "GeneralError": (-1, "An unknown error occurred processing your request."),
    "Unknown_Subaccount": (12, "No subaccount exists with the id 'x'"),
    "PaymentRequired": (-1, "This feature is only available for accounts with a positive balance."),
}  # fmt: skip


def api_error(name: str, status: int = 500) -> Response:
    code, message = ERRORS[name]
    return Response.json(
        status, {"status": "error", "code": code, "name": name, "message": message}
    )


class FakeMandrill(FakeServer):
    """Fake Mandrill. ``rejects``: address -> reject_reason answered ``rejected``; ``queued``:
    addresses answered ``queued`` (accepted, sent later); an address that is not one is ``invalid``."""

    def __init__(self, api_key: str = "md-test-key") -> None:
        super().__init__()
        self.api_key = api_key
        self.rejects: dict[str, str] = {}
        self.queued: set[str] = set()
        self.searches = 0

    def fault_response(self, fault: Fault, request: Request) -> Response:
        """``status`` with ``payload={"name": ...}`` answers that API error; 502/504 are nginx's
        HTML page; 429 carries ``Retry-After``; other statuses answer a GeneralError body."""
        payload = fault.payload or {}
        if "name" in payload:
            return api_error(payload["name"], fault.status)
        if fault.status in (502, 504):
            page = f"<html><body><h1>{fault.status} Bad Gateway</h1></body></html>"
            return Response(fault.status, page.encode(), content_type="text/html")
        if fault.status == 429:
            return Response(429, b"", headers={"Retry-After": "1"}, content_type="text/plain")
        return api_error("GeneralError", fault.status)

    def handle(self, request: Request) -> Response:
        if request.method != "POST" or not request.path.endswith(".json"):
            return Response(404, b"<html>Not Found</html>", content_type="text/html")
        try:
            body = request.json()
        except ValueError:
            return api_error("ValidationError")
        if not isinstance(body, dict) or body.get("key") != self.api_key:
            return api_error("Invalid_Key")
        route = request.path.rsplit("/", 2)[-2:]
        if route == ["messages", "send.json"]:
            return self._send(body)
        if route == ["messages", "search.json"]:
            return self._search(body)
        return Response(404, b"<html>Not Found</html>", content_type="text/html")

    def _send(self, body: dict[str, Any]) -> Response:
        message = body.get("message")
        if not isinstance(message, dict) or not message.get("from_email"):
            return api_error("ValidationError")
        if message.get("subaccount") not in (None, "school"):
            return api_error("Unknown_Subaccount")
        results = []
        for rcpt in message.get("to") or []:
            email = str(rcpt.get("email", ""))
            mid = uuid.uuid4().hex
            if not _EMAIL.match(email):
                results.append(
                    {"email": email, "status": "invalid", "_id": mid, "reject_reason": None}
                )
                continue
            reason = self.rejects.get(email.lower())
            if reason:
                results.append(
                    {"email": email, "status": "rejected", "_id": mid, "reject_reason": reason}
                )
                continue
            status = "queued" if email.lower() in self.queued else "sent"
            results.append(
                {"email": email, "status": status, "_id": mid, "reject_reason": None,
                 **({"queued_reason": "attachments"} if status == "queued" else {})}
            )  # fmt: skip
            metadata = dict(message.get("metadata") or {})
            with self.lock:
                self.accepted.append(
                    {
                        "ledger_id": metadata.get("ledger_id"),
                        "_id": mid,
                        "email": email,
                        "subject": message.get("subject"),
                        "html": message.get("html"),
                        "text": message.get("text"),
                        "headers": message.get("headers"),
                        "metadata": metadata,
                        "tags": message.get("tags") or [],
                        "sender": message.get("from_email"),
                        "ts": int(time.time()),
                    }
                )
        return Response.json(200, results)

    def _search(self, body: dict[str, Any]) -> Response:
        self.searches += 1
        wanted = set(_QUERY.findall(str(body.get("query", ""))))
        with self.lock:
            hits = [a for a in self.accepted if a["ledger_id"] in wanted]
        return Response.json(
            200,
            [
                {"ts": a["ts"], "_id": a["_id"], "sender": a["sender"], "subject": a["subject"],
                 "email": a["email"], "tags": a["tags"], "state": "sent", "opens": 0, "clicks": 0,
                 "metadata": a["metadata"]}
                for a in hits[: int(body.get("limit") or 100)]
            ],
        )  # fmt: skip


def post_webhook(client, url: str, key: str, events, *, signature=None, field="mandrill_events"):
    """POST ``events`` to the webhooks app as Mandrill does: a form field, signed for ``url``.

    ``events`` may be a JSON string (to send malformed bodies); ``signature`` overrides the
    computed ``X-Mandrill-Signature`` (forgeries); ``field`` renames the form field.
    """
    from urllib.parse import urlencode, urlsplit

    from delivery.webhooks.mandrill import mandrill_signature

    params = {field: events if isinstance(events, str) else json.dumps(events)}
    return client.post(
        urlsplit(url).path,
        content=urlencode(params),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Mandrill-Signature": signature
            if signature is not None
            else mandrill_signature(key, url, params),
        },
    )
