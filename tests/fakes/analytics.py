"""Local fakes of Mixpanel's Import API and GA4's Measurement Protocol, in their wire formats.

- Mixpanel ``POST /import?project_id=``: HTTP Basic auth with a service account; form field
  ``data`` holding a JSON array of events; answers ``{"code": 200, "status": 1,
  "num_records_imported": n}``, or ``400`` with ``status: 0``, ``error`` and ``failed_records`` when a
  record is invalid (the whole batch is refused, as with ``strict=1``). Records are de-duplicated
  on ``(event, distinct_id, time, $insert_id)``, as Mixpanel does.
- GA4 ``POST /mp/collect?measurement_id=&api_secret=``: JSON body ``{client_id, user_id?, events}``;
  like GA4 it answers ``204`` whatever the payload, so the fake records what GA4 would drop in
  ``rejected`` (≤ 25 events, names ``[A-Za-z][A-Za-z0-9_]{0,39}``, ≤ 25 params, timestamps at most
  72 h old). GA4 does not de-duplicate: every accepted event is kept.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from typing import Any

from tests.fakes.http import FakeServer, Fault, Request, Response

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
_INSERT_ID = re.compile(r"^[A-Za-z0-9-]{1,36}$")


class MixpanelFake(FakeServer):
    def __init__(self, token: str, username: str, secret: str, project_id: str) -> None:
        super().__init__()
        self.token, self.project_id = token, project_id
        self.auth = "Basic " + base64.b64encode(f"{username}:{secret}".encode()).decode()
        self.keys: set[tuple] = set()
        self.bodies: list[bytes] = []

    @property
    def import_url(self) -> str:
        return f"{self.url}/import"

    def fault_response(self, fault: Fault, request: Request) -> Response:
        return Response.json(fault.status, {"code": fault.status, "status": 0, "error": "fault"})

    def _invalid(self, record: dict) -> str | None:
        props = record.get("properties") or {}
        if not isinstance(record.get("event"), str) or not record["event"]:
            return "event name missing"
        if props.get("token") != self.token:
            return "invalid token"
        if not props.get("distinct_id"):
            return "distinct_id missing"
        if not isinstance(props.get("time"), int):
            return "time must be integer seconds"
        if not _INSERT_ID.match(str(props.get("$insert_id", ""))):
            return "$insert_id must be 1-36 alphanumerics or '-'"
        return None

    def handle(self, request: Request) -> Response:
        if request.path != "/import" or request.method != "POST":
            return Response.json(404, {"status": 0, "error": "not found"})
        if request.headers.get("Authorization") != self.auth:
            return Response.json(401, {"code": 401, "status": 0, "error": "Unauthorized"})
        if request.query.get("project_id") != [self.project_id]:
            return Response.json(400, {"code": 400, "status": 0, "error": "project_id missing"})
        self.bodies.append(request.body)
        records = json.loads(request.form().get("data", "[]"))
        records = records if isinstance(records, list) else [records]
        failed = [
            {"index": i, "message": why}
            for i, r in enumerate(records)
            if (why := self._invalid(r)) is not None
        ]
        if failed:
            return Response.json(
                400, {"code": 400, "status": 0, "error": "some data points in the request failed "
                      "validation", "failed_records": failed, "num_records_imported": 0}
            )  # fmt: skip
        with self.lock:
            for r in records:
                p = r["properties"]
                key = (r["event"], p["distinct_id"], p["time"], p["$insert_id"])
                if key not in self.keys:
                    self.keys.add(key)
                    self.accepted.append({"ledger_id": p["$insert_id"], **r})
        return Response.json(200, {"code": 200, "status": 1, "num_records_imported": len(records)})


class Ga4Fake(FakeServer):
    def __init__(self, measurement_id: str, api_secret: str, now: dt.datetime) -> None:
        super().__init__()
        self.measurement_id, self.api_secret, self.now = measurement_id, api_secret, now
        self.rejected: list[tuple[str, Any]] = []
        self.bodies: list[bytes] = []

    @property
    def collect_url(self) -> str:
        return f"{self.url}/mp/collect"

    def fault_response(self, fault: Fault, request: Request) -> Response:
        return Response(fault.status, b"", content_type="text/plain")

    def _why(self, event: dict) -> str | None:
        if not _NAME.match(str(event.get("name", ""))):
            return "invalid event name"
        if len(event.get("params") or {}) > 25:
            return "more than 25 params"
        micros = event.get("timestamp_micros")
        if micros is not None:
            at = dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=int(micros))
            if at < self.now - dt.timedelta(hours=72):
                return "timestamp older than 72 hours"
        return None

    def handle(self, request: Request) -> Response:
        ok_query = request.query.get("measurement_id") == [
            self.measurement_id
        ] and request.query.get("api_secret") == [self.api_secret]
        self.bodies.append(request.body)
        with self.lock:
            try:
                body = json.loads(request.body)
            except ValueError:
                self.rejected.append(("malformed json", request.body[:200]))
                return Response(204, content_type="text/plain")
            events = body.get("events") or []
            if not ok_query:
                self.rejected.append(("bad measurement_id/api_secret", body))
            elif not body.get("client_id"):
                self.rejected.append(("client_id missing", body))
            elif len(events) > 25:
                self.rejected.append(("more than 25 events", body))
            else:
                for event in events:
                    why = self._why(event)
                    if why:
                        self.rejected.append((why, event))
                    else:
                        key = event["params"].get("event_key", "")
                        self.accepted.append(
                            {"ledger_id": key, "client_id": body["client_id"], **event}
                        )
        return Response(204, content_type="text/plain")
