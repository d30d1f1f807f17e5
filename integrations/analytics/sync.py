"""Incremental, idempotent sync of analytics events to one destination.

The cursor — the (time, key) of the last event a destination accepted — lives in the warehouse table
``analytics_sync_state``, one row per destination, and moves only after a batch is accepted: a run
that fails or is killed resumes at the first batch not accepted. Destinations that de-duplicate
(Mixpanel's ``$insert_id``) are re-read a little behind the cursor to catch late-built marts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from integrations.analytics.destinations import Destination, DestinationError
from integrations.analytics.events import read_events

STATE_TABLE = "analytics_sync_state"


@dataclass(frozen=True)
class SyncReport:
    """What one run did for one destination."""

    destination: str
    read: int
    sent: int
    too_old: int
    cursor_at: dt.datetime | None
    error: str | None = None


def _state(con: duckdb.DuckDBPyConnection, name: str) -> tuple[dt.datetime, str] | None:
    con.execute(
        f"create table if not exists {STATE_TABLE} (destination varchar primary key, "
        "cursor_at timestamp, cursor_key varchar, synced_at timestamp)"
    )
    row = con.execute(
        f"select cursor_at, cursor_key from {STATE_TABLE} where destination = ?", [name]
    ).fetchone()
    return (row[0], row[1]) if row else None


def _save(con: duckdb.DuckDBPyConnection, name: str, at: dt.datetime, key: str, now) -> None:
    # delete + insert, not "insert or replace": the state table pulled into a Postgres
    # warehouse's workspace has no primary key
    con.execute(f"delete from {STATE_TABLE} where destination = ?", [name])
    con.execute(f"insert into {STATE_TABLE} values (?, ?, ?, ?)", [name, at, key, now])


def sync_destination(
    con: duckdb.DuckDBPyConnection,
    destination: Destination,
    *,
    now: dt.datetime,
    id_key: bytes,
) -> SyncReport:
    """Send every event after the destination's cursor, batch by batch.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A writable warehouse connection (reads the marts, keeps the cursor).
    destination : Destination
        Where to send.
    now : datetime
        The run's time (UTC); events after it wait for the next run.
    id_key : bytes
        Key of the pseudonymous ids.

    Returns
    -------
    SyncReport
        Counts, the new cursor and the error that stopped the run, if any (the events after the
        cursor are retried by the next run).
    """
    cursor = _state(con, destination.name)
    since = cursor[0] - destination.lookback if cursor else None
    events = read_events(con, since=since, until=now, id_key=id_key)
    if cursor and destination.lookback == dt.timedelta(0):
        events = [e for e in events if (e.occurred_at, e.event_key) > cursor]
    too_old = 0
    if destination.max_age is not None:
        fresh = [e for e in events if e.occurred_at >= now - destination.max_age]
        too_old = len(events) - len(fresh)
        if too_old and events:
            # the destination would drop them: move the cursor past them, count them
            last = max(
                (e for e in events if e.occurred_at < now - destination.max_age),
                key=lambda e: (e.occurred_at, e.event_key),
            )
            _save(con, destination.name, last.occurred_at, last.event_key, now)
        events = fresh
    sent = 0
    for batch in destination.batches(events):
        try:
            destination.send(batch, now=now)
        except DestinationError as exc:
            return SyncReport(
                destination.name, len(events), sent, too_old, _cursor(con, destination), str(exc)
            )
        sent += len(batch)
        last = batch[-1]
        if cursor is None or (last.occurred_at, last.event_key) > cursor:
            _save(con, destination.name, last.occurred_at, last.event_key, now)
    return SyncReport(destination.name, len(events), sent, too_old, _cursor(con, destination))


def _cursor(con: duckdb.DuckDBPyConnection, destination: Destination) -> dt.datetime | None:
    state = _state(con, destination.name)
    return state[0] if state else None
