"""Live monitor: the ops store's numbers of a campaign pushed to browsers over a WebSocket.

One :class:`LiveHub` per app. For each campaign somebody watches, one background task reads
:func:`studio.monitor.live_counts` (in a worker thread, so the event loop never waits on the
database) and sends the figures to every watcher when they change. So N viewers of one campaign
cost one query per read, on SQLite and Postgres alike.

When to read again:

- **Postgres**: the webhooks app sends ``NOTIFY campaign_live, '<campaign_id>'`` in the
  transaction that applied a provider event (``delivery.counters.notify``); one listener thread
  per hub (its own connection, ``LISTEN``) wakes that campaign's task at once;
- **every store**: at least every ``interval`` seconds (the engine's own sends do not notify, and
  SQLite has no such channel).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import select
import threading
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect

from delivery.counters import CHANNEL
from delivery.store import Store
from studio.monitor import live_counts

log = logging.getLogger(__name__)


class _Listener(threading.Thread):
    """``LISTEN campaign_live`` on a dedicated Postgres connection; calls ``wake(campaign_id)``
    on the event loop for every notification. Reconnects after a lost connection."""

    def __init__(self, store: Store, wake: Callable[[str], None]) -> None:
        super().__init__(name="studio-live-listener", daemon=True)
        self.store, self.wake = store, wake
        self.stopped = threading.Event()
        self.ready = threading.Event()  # LISTEN is active

    def run(self) -> None:
        delay = 1.0
        while not self.stopped.is_set():
            try:
                self._listen()
            except Exception as exc:  # a lost connection: polling still runs; try again later
                log.warning("live monitor: LISTEN connection lost (%s); retrying in %.0f s",
                            type(exc).__name__, delay)  # fmt: skip
                self.stopped.wait(delay)
                delay = min(delay * 2, 60.0)

    def _listen(self) -> None:
        pooled = self.store.engine.raw_connection()
        conn = pooled.driver_connection
        pooled.detach()  # ours alone, never handed back to the pool in LISTEN mode
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(f"LISTEN {CHANNEL}")
            self.ready.set()
            while not self.stopped.is_set():
                if select.select([conn], [], [], 0.5)[0]:
                    conn.poll()
                    payloads = {n.payload for n in conn.notifies}
                    conn.notifies.clear()
                    for campaign_id in payloads:
                        self.wake(campaign_id)
        finally:
            conn.close()


class LiveHub:
    """Fan-out of live counts, one reader task per watched campaign."""

    def __init__(self, store: Store, clock: Callable[[], dt.datetime], interval: float) -> None:
        self.store = store
        self.clock = clock
        self.interval = interval
        self.watchers: dict[str, set[WebSocket]] = {}
        self.latest: dict[str, str] = {}
        self.tasks: dict[str, asyncio.Task] = {}
        self.changed: dict[str, asyncio.Event] = {}
        self.listener: _Listener | None = None

    async def _start_listener(self) -> None:
        if self.store.dialect != "postgresql":
            return
        if self.listener is None:
            loop = asyncio.get_running_loop()

            def wake(campaign_id: str) -> None:
                loop.call_soon_threadsafe(self._wake, campaign_id)

            self.listener = _Listener(self.store, wake)
            self.listener.start()
        # the first figures go out once LISTEN is active, so no later change can be missed
        await run_in_threadpool(self.listener.ready.wait, 5.0)

    def _wake(self, campaign_id: str) -> None:
        event = self.changed.get(campaign_id)
        if event is not None:
            event.set()

    async def _poll(self, campaign_id: str) -> None:
        changed = self.changed.setdefault(campaign_id, asyncio.Event())
        while self.watchers.get(campaign_id):
            changed.clear()
            counts: dict[str, Any] = await run_in_threadpool(
                live_counts, self.store, campaign_id, self.clock()
            )
            message = json.dumps({"campaign_id": campaign_id, **counts}, default=str)
            if message != self.latest.get(campaign_id):
                self.latest[campaign_id] = message
                await asyncio.gather(
                    *(self._send(ws, message) for ws in list(self.watchers.get(campaign_id, ()))),
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), self.interval)
        self.tasks.pop(campaign_id, None)
        self.latest.pop(campaign_id, None)
        self.changed.pop(campaign_id, None)

    async def _send(self, ws: WebSocket, message: str) -> None:
        with contextlib.suppress(Exception):  # a closed socket leaves on its own
            await ws.send_text(message)

    async def watch(self, ws: WebSocket, campaign_id: str) -> None:
        """Serve one watcher until it disconnects."""
        await self._start_listener()
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
            if not any(self.watchers.values()):
                self._stop_listener()  # nobody watches: no connection held open

    def _stop_listener(self) -> None:
        if self.listener is not None:
            self.listener.stopped.set()
            self.listener = None

    async def close(self) -> None:
        for task in list(self.tasks.values()):
            task.cancel()
        self.watchers.clear()
        self._stop_listener()
