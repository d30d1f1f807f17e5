"""Where analytics events go: Mixpanel (official SDK, /import) and GA4 (Measurement Protocol).

A destination sends one batch at a time and raises :class:`DestinationError` when the batch was not
accepted; the sync then keeps its cursor before that batch and retries it on its next run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence
from typing import Protocol

import requests

from integrations.analytics.events import AnalyticsEvent


class DestinationError(RuntimeError):
    """The destination refused a batch or could not be reached (the batch is retried later)."""


class Destination(Protocol):
    name: str
    batch_size: int
    # re-read this far behind the cursor (only where the destination de-duplicates)
    lookback: dt.timedelta
    # events older than this are not accepted by the destination (None: any age)
    max_age: dt.timedelta | None

    def batches(self, events: Sequence[AnalyticsEvent]) -> Iterator[Sequence[AnalyticsEvent]]:
        """Consecutive slices of ``events``, each accepted or refused as a whole by one send."""
        ...

    def send(self, events: Sequence[AnalyticsEvent], *, now: dt.datetime) -> None: ...


def insert_id(event: AnalyticsEvent) -> str:
    """Stable de-duplication id of an event (Mixpanel ``$insert_id``: ≤ 36 alphanumerics)."""
    return hashlib.sha256(event.event_key.encode()).hexdigest()[:32]


def _epoch(at: dt.datetime) -> float:
    return at.replace(tzinfo=dt.UTC).timestamp()


class MixpanelDestination:
    """Mixpanel's Import API through the official ``mixpanel`` SDK (``BufferedConsumer``).

    Mixpanel drops an event whose ``$insert_id`` (with time, name and distinct id) it already has,
    so re-sending after a crash or a lookback is harmless.
    """

    name = "mixpanel"
    batch_size = 50  # the Import API's batch limit through the SDK
    lookback = dt.timedelta(days=3)
    max_age = None

    def __init__(
        self,
        token: str,
        *,
        username: str,
        secret: str,
        project_id: str,
        import_url: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        import mixpanel

        credentials = mixpanel.ServiceAccountCredentials(username, secret, project_id)
        self._consumer = mixpanel.BufferedConsumer(
            max_size=self.batch_size,
            import_url=import_url,
            request_timeout=timeout,
            retry_limit=2,
            credentials=credentials,
        )
        self._client = mixpanel.Mixpanel(token, consumer=self._consumer)
        self._error = mixpanel.MixpanelException

    def batches(self, events: Sequence[AnalyticsEvent]) -> Iterator[Sequence[AnalyticsEvent]]:
        for start in range(0, len(events), self.batch_size):
            yield events[start : start + self.batch_size]

    def send(self, events: Sequence[AnalyticsEvent], *, now: dt.datetime) -> None:
        try:
            for event in events:
                props = {k: v for k, v in event.properties.items() if v is not None}
                self._client.import_data(
                    api_key=None,
                    distinct_id=event.user_id,
                    event_name=event.name,
                    timestamp=int(_epoch(event.occurred_at)),
                    properties={**props, "$insert_id": insert_id(event)},
                )
            self._consumer.flush()
        except self._error as exc:
            raise DestinationError(f"mixpanel refused the batch: {exc}") from exc


_GA4_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")


class Ga4Destination:
    """Google Analytics 4 through the Measurement Protocol (``/mp/collect``).

    GA4 accepts events up to 72 hours old and answers 2xx even to a malformed payload, so events
    are checked here (names, parameter count) before they leave; it has no per-event
    de-duplication except ``transaction_id`` on purchases, so the sync never re-reads behind its
    cursor for GA4.
    """

    name = "ga4"
    batch_size = 25  # events per request
    lookback = dt.timedelta(0)
    max_age = dt.timedelta(hours=72)

    def __init__(
        self,
        measurement_id: str,
        api_secret: str,
        *,
        url: str = "https://www.google-analytics.com/mp/collect",
        timeout: float = 10.0,
    ) -> None:
        self._url = url
        self._params = {"measurement_id": measurement_id, "api_secret": api_secret}
        self._timeout = timeout
        self._session = requests.Session()

    @staticmethod
    def payload_event(event: AnalyticsEvent) -> dict:
        if not _GA4_NAME.match(event.name):
            raise ValueError(f"GA4 event name {event.name!r} is invalid (letters, digits, _; ≤ 40)")
        params = {k: v for k, v in event.properties.items() if v is not None}
        params["event_key"] = insert_id(event)
        if len(params) > 25:
            raise ValueError(f"GA4 allows 25 parameters per event; {event.name} has {len(params)}")
        return {
            "name": event.name,
            "params": params,
            "timestamp_micros": int(_epoch(event.occurred_at) * 1_000_000),
        }

    def batches(self, events: Sequence[AnalyticsEvent]) -> Iterator[Sequence[AnalyticsEvent]]:
        """Runs of consecutive events of one user (a request carries one client), ≤ 25 each."""
        start = 0
        for end in range(1, len(events) + 1):
            if (
                end == len(events)
                or events[end].user_id != events[start].user_id
                or end - start == self.batch_size
            ):
                yield events[start:end]
                start = end

    def send(self, events: Sequence[AnalyticsEvent], *, now: dt.datetime) -> None:
        users = {e.user_id for e in events}
        if len(users) != 1:
            raise ValueError("a GA4 request carries the events of one client; use batches()")
        [user] = users
        body = {
            "client_id": user,
            "user_id": user,
            "events": [self.payload_event(e) for e in events],
        }
        try:
            resp = self._session.post(
                self._url, params=self._params, json=body, timeout=self._timeout
            )
        except requests.RequestException as exc:
            raise DestinationError(f"GA4 unreachable: {type(exc).__name__}") from exc
        if resp.status_code >= 300:
            raise DestinationError(f"GA4 answered HTTP {resp.status_code}")
