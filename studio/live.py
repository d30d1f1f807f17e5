"""Live monitor: the ops store's numbers of a campaign pushed to browsers over a WebSocket.

One :class:`LiveHub` per app. For each campaign somebody watches, one background task reads
:func:`studio.queries.live_counts` every ``interval`` seconds (in a worker thread, so the event
loop never waits on the database) and sends the figures to every watcher when they change. So N
viewers of one campaign cost one query per interval, on SQLite and Postgres alike. A provider
event applied by the webhooks app changes the ledger / consent rows, and the next read (at most
``interval`` later) pushes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect

from delivery.store import Store
from studio.queries import live_counts


class LiveHub:
    """Fan-out of live counts, one poller per watched campaign."""

    def __init__(self, store: Store, clock: Callable[[], dt.datetime], interval: float) -> None:
        self.store = store
        self.clock = clock
        self.interval = interval
        self.watchers: dict[str, set[WebSocket]] = {}
        self.latest: dict[str, str] = {}
        self.tasks: dict[str, asyncio.Task] = {}

    async def _poll(self, campaign_id: str) -> None:
        while self.watchers.get(campaign_id):
            counts: dict[str, Any] = await run_in_threadpool(
                live_counts, self.store, campaign_id, self.clock()
            )
            message = json.dumps({"campaign_id": campaign_id, **counts})
            if message != self.latest.get(campaign_id):
                self.latest[campaign_id] = message
                await asyncio.gather(
                    *(self._send(ws, message) for ws in list(self.watchers.get(campaign_id, ()))),
                )
            await asyncio.sleep(self.interval)
        self.tasks.pop(campaign_id, None)
        self.latest.pop(campaign_id, None)

    async def _send(self, ws: WebSocket, message: str) -> None:
        with contextlib.suppress(Exception):  # a closed socket leaves on its own
            await ws.send_text(message)

    async def watch(self, ws: WebSocket, campaign_id: str) -> None:
        """Serve one watcher until it disconnects."""
        self.watchers.setdefault(campaign_id, set()).add(ws)
        if campaign_id in self.latest:
            await self._send(ws, self.latest[campaign_id])
        if campaign_id not in self.tasks:
            self.tasks[campaign_id] = asyncio.create_task(self._poll(campaign_id))
        try:
            while True:
                await ws.receive_text()  # the client only pings; a close ends the loop
        except WebSocketDisconnect:
            pass
        finally:
            self.watchers.get(campaign_id, set()).discard(ws)

    async def close(self) -> None:
        for task in list(self.tasks.values()):
            task.cancel()
        self.watchers.clear()
