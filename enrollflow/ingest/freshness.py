"""What changed in the landing zone since the last look (the intraday sensor's cursor).

A landing day folder's *token* is the count, total size and latest modification time of its
files; files only ever grow or appear (the zone is append-only), so a changed token means new
records. The intraday path re-ingests exactly the (source, day) pairs whose token changed --
re-ingesting a day replaces that day, so doing it again is harmless.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from enrollflow.ingest.contract import SOURCES
from enrollflow.ingest.landing import days

#: (source, day) -> token
LandingState = dict[tuple[str, dt.date], str]


def landing_state(landing: Path, start: dt.date, end: dt.date) -> LandingState:
    """Tokens of every ``<landing>/<source>/<day>`` folder with files, for days in ``[start, end]``.

    Only sources ingest knows (:data:`enrollflow.ingest.SOURCES`) are looked at; hidden and
    temporary files (a writer's ``.name.tmp`` before its rename) are ignored.
    """
    state: LandingState = {}
    for source in SOURCES:
        for day in days(start, end):
            folder = landing / source / day.isoformat()
            if not folder.is_dir():
                continue
            count = size = latest = 0
            for path in folder.iterdir():
                if path.name.startswith(".") or path.suffix == ".tmp" or not path.is_file():
                    continue
                stat = path.stat()
                count, size, latest = count + 1, size + stat.st_size, max(latest, stat.st_mtime_ns)
            if count:
                state[(source, day)] = f"{count}:{size}:{latest}"
    return state


def changed(before: LandingState, after: LandingState) -> dict[dt.date, list[str]]:
    """Days whose folders changed from ``before`` to ``after``, with the sources that changed."""
    out: dict[dt.date, list[str]] = {}
    for (source, day), token in sorted(after.items()):
        if before.get((source, day)) != token:
            out.setdefault(day, []).append(source)
    return out


def encode(state: LandingState) -> dict[str, str]:
    """JSON-friendly form (``"source/yyyy-mm-dd": token``) for a sensor cursor."""
    return {f"{source}/{day.isoformat()}": token for (source, day), token in state.items()}


def decode(data: dict[str, str]) -> LandingState:
    """Inverse of :func:`encode`."""
    out: LandingState = {}
    for key, token in data.items():
        source, _, day = key.partition("/")
        out[(source, dt.date.fromisoformat(day))] = token
    return out


def ops_store_token(store) -> str:
    """A token that changes whenever the ops store's exported tables change.

    Latest ``updated_at`` (and row count) of the ledger, journeys and campaigns, the latest
    audit and consent ids and the suppressions' count: short index-backed reads that hold no
    lock a sender waits on.
    """
    import sqlalchemy as sa

    from delivery.campaigns.tables import campaigns, journey_state
    from delivery.store.schema import audit_log, consent_events, send_ledger, suppressions

    queries = [
        sa.select(sa.func.count(), sa.func.max(send_ledger.c.updated_at)),
        sa.select(sa.func.count(), sa.func.max(journey_state.c.updated_at)),
        sa.select(sa.func.count(), sa.func.max(campaigns.c.updated_at)),
        sa.select(sa.func.max(audit_log.c.audit_id)),
        sa.select(sa.func.max(consent_events.c.consent_event_id)),
        sa.select(sa.func.count()).select_from(suppressions),
    ]
    with store.engine.connect() as conn:
        parts = [str(tuple(conn.execute(q).one())) for q in queries]
    return "|".join(parts)
