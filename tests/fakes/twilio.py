"""A fake Twilio REST API: ``Accounts/{sid}/Messages.json`` create and list, real wire format.

Basic auth (``20003`` on a wrong token), form-encoded creates, JSON message resources with ``SM``
sids, Twilio's error body ``{"code", "message", "more_info", "status"}`` (21211 invalid To, 21610
unsubscribed recipient, 21602 empty body, 20429 too many requests), list with paging fields.
Recipients in ``stopped`` answer 21610, as Twilio does after a STOP. The list honours ``To`` and
``DateSent>`` (as Twilio's date filter; the fake compares it with the creation time).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import uuid
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.http import FakeServer, Fault, Request, Response

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_PATH = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\.json$")


def twilio_error(status: int, code: int, message: str) -> Response:
    return Response.json(
        status,
        {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
    )


#: Error code -> (HTTP status, message) as Twilio's Messages API answers them.
ERRORS = {
    20003: (401, "Authenticate"),
    20005: (401, "Account not active"),
    20404: (404, "The requested resource was not found"),
    20429: (429, "Too Many Requests"),
    20500: (500, "Internal Server Error"),
    20503: (503, "Service Unavailable"),
    21211: (400, "The 'To' number {to} is not a valid phone number."),
    21408: (
        400,
        "Permission to send an SMS has not been enabled for the region indicated by the 'To' "
        "number: {to}.",
    ),
    21602: (400, "Message body is required."),
    21603: (400, "The 'From' phone number is required."),
    21606: (
        400,
        "The From phone number is not a valid, SMS-capable inbound phone number or short code "
        "for your account.",
    ),
    21610: (400, "Attempt to send to unsubscribed recipient"),
    21612: (
        400,
        "The 'To' phone number: {to}, is not currently reachable using the 'From' phone number "
        "via SMS.",
    ),
    21614: (400, "'To' number {to} is not a valid mobile number"),
    21617: (400, "The concatenated message body exceeds the 1600 character limit."),
}


class FakeTwilio(FakeServer):
    """Fake Twilio Messages API for one account."""

    def __init__(
        self, account_sid: str | None = None, auth_token: str = "tw-auth-token-123"
    ) -> None:
        super().__init__()
        self.account_sid = account_sid or "AC" + uuid.uuid4().hex
        self.auth_token = auth_token
        self.stopped: set[str] = set()
        self.error_for: dict[str, int] = {}  # To number -> error code it is answered with

    def fault_response(self, fault: Fault, request: Request) -> Response:
        """Twilio's error body for ``fault.status``, or for ``payload={"code": N}``."""
        code = (fault.payload or {}).get("code")
        if code is not None:
            status, message = ERRORS[code]
            return twilio_error(status, code, message.format(to=request.form().get("To", "")))
        if fault.status == 429:
            return twilio_error(429, 20429, "Too Many Requests")
        if fault.status == 401:
            return twilio_error(401, 20003, "Authenticate")
        return twilio_error(fault.status, 20500, "Internal Server Error")

    def handle(self, request: Request) -> Response:
        m = _PATH.match(request.path)
        if not m or m.group(1) != self.account_sid:
            return twilio_error(404, 20404, f"The requested resource {request.path} was not found")
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {expected}":
            return twilio_error(401, 20003, "Authenticate")
        if request.method == "POST":
            return self._create(request)
        return self._list(request)

    def _resource(self, rec: dict[str, Any]) -> dict[str, Any]:
        return {
            "sid": rec["sid"],
            "account_sid": self.account_sid,
            "to": rec["to"],
            "from": rec["from"],
            "messaging_service_sid": rec["messaging_service_sid"],
            "body": rec["body"],
            "status": "accepted" if rec["messaging_service_sid"] else "queued",
            "num_segments": "1",
            "num_media": "0",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "price": None,
            "price_unit": "USD",
            "error_code": None,
            "error_message": None,
            "date_created": rec["date_created"],
            "date_updated": rec["date_created"],
            "date_sent": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{rec['sid']}.json",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{rec['sid']}/Media.json"
            },
        }

    def _create(self, request: Request) -> Response:
        form = request.form()
        to = form.get("To", "")
        if not _E164.match(to):
            return twilio_error(400, 21211, f"The 'To' number {to} is not a valid phone number.")
        if not form.get("From") and not form.get("MessagingServiceSid"):
            return twilio_error(400, 21603, "The 'From' phone number is required.")
        if not form.get("Body"):
            return twilio_error(400, 21602, "Message body is required.")
        if to in self.error_for:
            status, message = ERRORS[self.error_for[to]]
            return twilio_error(status, self.error_for[to], message.format(to=to))
        if to in self.stopped:
            return twilio_error(400, 21610, "Attempt to send to unsubscribed recipient")
        callback = form.get("StatusCallback")
        ledger_id = None
        if callback:
            ledger_id = (parse_qs(urlsplit(callback).query).get("ledger_id") or [None])[0]
        rec = {
            "sid": "SM" + uuid.uuid4().hex,
            "to": to,
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "body": form["Body"],
            "status_callback": callback,
            "ledger_id": ledger_id,
            "date_created": format_datetime(dt.datetime.now(dt.UTC), usegmt=True),
        }
        with self.lock:
            self.accepted.append(rec)
        return Response.json(201, self._resource(rec))

    def _list(self, request: Request) -> Response:
        to = (request.query.get("To") or [None])[0]
        size = int((request.query.get("PageSize") or ["50"])[0])
        after = (request.query.get("DateSent>") or [None])[0]
        since = dt.datetime.fromisoformat(after.replace("Z", "+00:00")) if after else None
        with self.lock:
            hits = [
                r
                for r in reversed(self.accepted)
                if (to is None or r["to"] == to)
                and (since is None or parsedate_to_datetime(r["date_created"]) >= since)
            ][:size]
        base = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        return Response.json(
            200,
            {
                "messages": [self._resource(r) for r in hits],
                "end": max(len(hits) - 1, 0),
                "first_page_uri": f"{base}?PageSize={size}&Page=0",
                "next_page_uri": None,
                "page": 0,
                "page_size": size,
                "previous_page_uri": None,
                "start": 0,
                "uri": f"{base}?PageSize={size}&Page=0",
            },
        )
