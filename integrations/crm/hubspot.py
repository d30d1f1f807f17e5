"""HubSpot's CRM API through the official ``hubspot-api-client`` SDK: batch upsert and search.

Errors come back as :class:`CrmError` with HubSpot's status and category (never the token), and
say whether retrying later can help (429, 5xx) or not (401, 403, 400).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

BATCH = 100  # HubSpot's batch limit
PAGE = 100  # search page size (HubSpot's maximum)


class CrmError(RuntimeError):
    """HubSpot refused a request; ``retryable`` when waiting may help (rate limit, outage)."""

    def __init__(self, message: str, *, status: int | None, retryable: bool) -> None:
        super().__init__(message)
        self.status = status
        self.retryable = retryable


@dataclass(frozen=True)
class CrmContact:
    """A HubSpot contact as the search returns it."""

    hubspot_id: str
    properties: dict[str, str | None]
    updated_at: dt.datetime


def _error(exc: Exception) -> CrmError:
    status = getattr(exc, "status", None)
    category = ""
    body = getattr(exc, "body", None) or ""
    if "category" in str(body):
        import json

        try:
            category = json.loads(body).get("category", "")
        except ValueError:
            category = ""
    retryable = status is None or status == 429 or status >= 500
    return CrmError(
        f"HubSpot answered {status or 'nothing'} {category}".strip(),
        status=status,
        retryable=retryable,
    )


class HubSpotCrm:
    """Contacts in a HubSpot portal (private-app access token)."""

    def __init__(self, access_token: str, *, host: str = "https://api.hubapi.com") -> None:
        from hubspot import HubSpot

        self._client = HubSpot(access_token=access_token, host=host)

    def upsert_contacts(self, records: Sequence[dict[str, str]]) -> None:
        """Create or update contacts by email (``idProperty=email``), 100 per request."""
        from hubspot.crm.contacts import (
            BatchInputSimplePublicObjectBatchInputUpsert,
            SimplePublicObjectBatchInputUpsert,
        )
        from hubspot.crm.contacts.exceptions import ApiException

        for start in range(0, len(records), BATCH):
            inputs = [
                SimplePublicObjectBatchInputUpsert(id_property="email", id=r["email"], properties=r)
                for r in records[start : start + BATCH]
            ]
            try:
                self._client.crm.contacts.batch_api.upsert(
                    BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs)
                )
            except ApiException as exc:
                raise _error(exc) from None

    def changed_since(self, since_ms: int, properties: Sequence[str]) -> Iterator[CrmContact]:
        """Contacts modified after ``since_ms`` (epoch ms), oldest change first, all pages."""
        from hubspot.crm.contacts import Filter, FilterGroup, PublicObjectSearchRequest
        from hubspot.crm.contacts.exceptions import ApiException

        after = None
        while True:
            request = PublicObjectSearchRequest(
                filter_groups=[
                    FilterGroup(
                        filters=[
                            Filter(
                                property_name="lastmodifieddate", operator="GT", value=str(since_ms)
                            )
                        ]
                    )
                ],
                sorts=["lastmodifieddate"],
                properties=list(properties),
                limit=PAGE,
                after=after,
            )
            try:
                page = self._client.crm.contacts.search_api.do_search(request)
            except ApiException as exc:
                raise _error(exc) from None
            for item in page.results:
                yield CrmContact(
                    item.id,
                    dict(item.properties or {}),
                    item.updated_at.astimezone(dt.UTC).replace(tzinfo=None),
                )
            if not page.paging or not page.paging.next:
                return
            after = page.paging.next.after
