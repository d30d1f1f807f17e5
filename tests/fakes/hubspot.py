"""A local fake of HubSpot's CRM v3 contacts API (batch upsert by email, search), its wire format.

Bearer auth (401 ``INVALID_AUTHENTICATION`` otherwise); batch upsert ``{"inputs": [{"idProperty":
"email", "id", "properties"}]}`` ≤ 100, unknown properties refused with 400
``PROPERTY_DOESNT_EXIST``; search on ``lastmodifieddate GT`` sorted ascending with ``after`` paging;
dates as ISO-8601 with milliseconds and ``Z``. A write that changes nothing leaves
``lastmodifieddate`` alone; the fake's clock moves one second per change.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from tests.fakes.http import FakeServer, Fault, Request, Response

DEFINED = {
    "email", "firstname", "lastname", "phone", "hs_email_optout", "lastmodifieddate",
    "createdate", "hs_object_id", "enrollflow_contact_id", "enrollflow_segments",
    "enrollflow_opens_30d", "enrollflow_clicks_30d", "enrollflow_enrollments",
    "enrollflow_last_engaged_at", "enrollflow_email_opt_out",
}  # fmt: skip


def _iso(at: dt.datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


class HubSpotFake(FakeServer):
    def __init__(self, token: str, now: dt.datetime) -> None:
        super().__init__()
        self.token = token
        self.clock = now
        self.ids = itertools.count(1001)
        self.contacts: dict[str, dict[str, Any]] = {}  # id -> {"properties", "created", "updated"}
        self.upserts = 0  # contacts written by upsert requests

    def _tick(self) -> dt.datetime:
        self.clock += dt.timedelta(seconds=1)
        return self.clock

    def _error(self, status: int, category: str, message: str) -> Response:
        return Response.json(
            status,
            {
                "status": "error",
                "message": message,
                "correlationId": "0000-fake",
                "category": category,
            },
        )

    def fault_response(self, fault: Fault, request: Request) -> Response:
        if fault.status == 429:
            return Response.json(
                429,
                {"status": "error", "message": "You have reached your secondly limit.",
                 "errorType": "RATE_LIMIT", "correlationId": "0000-fake", "policyName": "SECONDLY"},
            )  # fmt: skip
        return self._error(fault.status, "INTERNAL_ERROR", "fault")

    # --- what a person does in HubSpot's UI
    def edit(self, email: str, **props: str) -> str:
        with self.lock:
            cid = self._by_email(email)
            if cid is None:
                cid = str(next(self.ids))
                self.contacts[cid] = {"properties": {"email": email}, "created": self._tick()}
            self.contacts[cid]["properties"].update(props)
            self.contacts[cid]["updated"] = self._tick()
            return cid

    def _by_email(self, email: str) -> str | None:
        return next(
            (i for i, c in self.contacts.items() if c["properties"].get("email") == email), None
        )

    def _public(self, cid: str, wanted: list[str] | None = None, new: bool | None = None) -> dict:
        c = self.contacts[cid]
        props = dict(c["properties"])
        props |= {"hs_object_id": cid, "createdate": _iso(c["created"]),
                  "lastmodifieddate": _iso(c["updated"])}  # fmt: skip
        if wanted is not None:
            props = {k: props.get(k) for k in wanted}
        out = {"id": cid, "properties": props, "createdAt": _iso(c["created"]),
               "updatedAt": _iso(c["updated"]), "archived": False}  # fmt: skip
        if new is not None:
            out["new"] = new
        return out

    def handle(self, request: Request) -> Response:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return self._error(
                401, "INVALID_AUTHENTICATION", "Authentication credentials not found."
            )
        body = request.json() or {}
        if request.path == "/crm/v3/objects/contacts/batch/upsert":
            return self._upsert(body)
        if request.path == "/crm/v3/objects/contacts/search":
            return self._search(body)
        return self._error(404, "OBJECT_NOT_FOUND", f"no route {request.path}")

    def _upsert(self, body: dict) -> Response:
        inputs = body.get("inputs") or []
        if not 1 <= len(inputs) <= 100:
            return self._error(400, "VALIDATION_ERROR", "inputs must hold 1 to 100 objects")
        for item in inputs:
            unknown = set(item.get("properties") or {}) - DEFINED
            if item.get("idProperty") != "email" or unknown:
                return self._error(400, "VALIDATION_ERROR",
                                   f"Property values were not valid: PROPERTY_DOESNT_EXIST {sorted(unknown)}")  # fmt: skip
        results = []
        with self.lock:
            for item in inputs:
                email = item["id"]
                cid = self._by_email(email)
                new = cid is None
                if new:
                    cid = str(next(self.ids))
                    self.contacts[cid] = {"properties": {"email": email}, "created": self._tick()}
                    self.contacts[cid]["updated"] = self.contacts[cid]["created"]
                props = {k: v for k, v in item["properties"].items() if k != "email"}
                current = self.contacts[cid]["properties"]
                if any(current.get(k) != v for k, v in props.items()):
                    current.update(props)
                    self.contacts[cid]["updated"] = self._tick()
                self.upserts += 1
                results.append(self._public(cid, new=new))
        now = _iso(self.clock)
        return Response.json(
            200, {"status": "COMPLETE", "results": results, "startedAt": now, "completedAt": now}
        )

    def _search(self, body: dict) -> Response:
        [group] = body.get("filterGroups") or [{}]
        [flt] = group.get("filters") or [{}]
        if flt.get("propertyName") != "lastmodifieddate" or flt.get("operator") != "GT":
            return self._error(400, "VALIDATION_ERROR", "fake supports lastmodifieddate GT only")
        since = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=int(flt["value"]))
        limit = min(int(body.get("limit") or 10), 100)
        after = int(body.get("after") or 0)
        with self.lock:
            hits = sorted(
                (c["updated"], cid) for cid, c in self.contacts.items() if c["updated"] > since
            )
            page = hits[after : after + limit]
            results = [self._public(cid, body.get("properties")) for _, cid in page]
        out: dict[str, Any] = {"total": len(hits), "results": results}
        if after + limit < len(hits):
            out["paging"] = {"next": {"after": str(after + limit)}}
        return Response.json(200, out)
