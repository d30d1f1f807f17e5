"""Serve the rights of the person: export everything held about them, or erase it.

Both log a request with its legal due date (:mod:`privacy.requests`) and complete it when done.
Erasure order matters: tombstones first (a concurrent ingest already drops the person), then the
warehouse (the step most likely to fail: another process may hold the DuckDB file; nothing else
has changed then), the ops store, the landing zone, the outbox and the reports. The pseudonym is
derived from the contact id with the hash key, so a retried erasure writes the same pseudonym
everywhere (it links to nobody without the key, like the tombstones).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from delivery.store import Store
from enrollflow.warehouse import is_lock_conflict
from privacy.crypto import KeyRing
from privacy.person import Person, Scrubber, resolve_person
from privacy.requests import complete_earlier_attempts, complete_request, open_request
from privacy.stores_files import (
    erase_in_landing,
    erase_in_outbox,
    erase_in_reports,
    find_in_landing,
    find_in_outbox,
)
from privacy.stores_ops import erase_in_ops, find_in_ops
from privacy.stores_pg_warehouse import erase_in_postgres_warehouse
from privacy.stores_warehouse import erase_in_warehouse, find_in_warehouse
from privacy.tombstones import add_tombstones


class WarehouseBusyError(RuntimeError):
    """The warehouse stayed held by another process for the whole wait; the request is open."""

    def __init__(self, request_id: str, waited_seconds: float, *, done: str, retry: str) -> None:
        self.request_id = request_id
        self.waited_seconds = waited_seconds
        super().__init__(
            f"request {request_id}: the warehouse is held by another process (a pipeline run) "
            f"and was not released within {waited_seconds:g} s; {done} and the request stays "
            f"open: run the {retry} again once the run has finished"
        )


@contextmanager
def _warehouse_free(request_id: str, places: Places, *, done: str, retry: str) -> Iterator[None]:
    """Turn DuckDB's lock refusal (after ``places.warehouse_lock_wait``) into
    :class:`WarehouseBusyError` naming the open request and what was ``done`` so far."""
    try:
        yield
    except duckdb.IOException as exc:
        if not is_lock_conflict(exc):
            raise
        raise WarehouseBusyError(
            request_id, places.warehouse_lock_wait, done=done, retry=retry
        ) from exc


@dataclass(frozen=True)
class Places:
    """Where personal data lives (every argument optional: absent places are skipped)."""

    store: Store
    landing: Path | None = None
    warehouse: Path | None = None
    outbox: Path | None = None
    reports: Path | None = None
    #: a warehouse on Postgres (dbt ``postgres`` target): its URL and the schemas to erase in
    postgres_warehouse: str | None = None
    postgres_schemas: tuple[str, ...] = ()
    #: the schema of its models, which the readers' snapshot is exported from after an erasure
    postgres_models_schema: str = "analytics"
    #: seconds to wait while another process (a pipeline run) holds the DuckDB warehouse, and
    #: what to call once when it does (DuckDB has one writer; 0: refuse at once)
    warehouse_lock_wait: float = 0.0
    on_warehouse_wait: Callable[[Exception], None] | None = None


@dataclass
class ErasureReport:
    """What one erasure did, in counts (safe to log and to show)."""

    request_id: str
    tombstones: int = 0
    stores: dict[str, Any] = field(default_factory=dict)


def pseudonym_for(keys: KeyRing, person: Person) -> str:
    """The erased person's pseudonym: ``erased_`` + 12 hex of the keyed hash of their first id."""
    anchor = min(person.contact_ids) if person.contact_ids else min(person.addresses)
    return f"erased_{keys.hash('pseudonym', anchor)[:12]}"


def _person(reference: str, places: Places) -> Person:
    return resolve_person(
        reference,
        store=places.store,
        warehouse=places.warehouse,
        landing=places.landing,
        lock_wait_seconds=places.warehouse_lock_wait,
        on_wait=places.on_warehouse_wait,
    )


def export_person(
    reference: str,
    places: Places,
    keys: KeyRing,
    *,
    now: dt.datetime,
    actor: str,
    regime: str = "gdpr",
) -> dict[str, Any]:
    """Everything held about the person ``reference`` names, as a JSON-able document (Art. 15/20).

    Raises
    ------
    privacy.person.UnknownPersonError
        If no store knows the reference.
    """
    with places.store.begin() as conn:
        request_id = open_request(
            conn, keys, kind="access", regime=regime, reference=reference, now=now, actor=actor
        )
    with _warehouse_free(request_id, places, done="nothing is exported", retry="export"):
        person = _person(reference, places)
        scrubber = Scrubber(person)
        warehouse = find_in_warehouse(
            places.warehouse,
            scrubber,
            lock_wait_seconds=places.warehouse_lock_wait,
            on_wait=places.on_warehouse_wait,
        )
    ops = find_in_ops(places.store, scrubber, keys)
    landing = [h.__dict__ for h in find_in_landing(places.landing, scrubber)]
    outbox = find_in_outbox(places.outbox, scrubber)
    document = {
        "request_id": request_id,
        "generated_at": now.isoformat(),
        "identifiers": {
            "contact_ids": sorted(person.contact_ids),
            "emails": sorted(person.emails),
            "phones": sorted(person.phones),
        },
        "ops_store": ops,
        "landing_zone": landing,
        "warehouse": warehouse,
        "outbox_files": outbox,
    }
    with places.store.begin() as conn:
        complete_request(
            conn,
            request_id,
            now=now,
            outcome={
                "ops_rows": sum(map(len, ops.values())),
                "landing_lines": len(landing),
                "warehouse_rows": sum(map(len, warehouse.values())),
                "outbox_files": len(outbox),
            },
        )
    return document


def erase_person(
    reference: str,
    places: Places,
    keys: KeyRing,
    *,
    now: dt.datetime,
    actor: str,
    regime: str = "gdpr",
    compact_warehouse: bool = True,
) -> ErasureReport:
    """Erase the person ``reference`` names from every place (Art. 17; CCPA right to delete).

    DuckDB has one writer: while another process (a pipeline run) holds the warehouse file,
    the erasure waits up to ``places.warehouse_lock_wait`` seconds for it.

    Raises
    ------
    privacy.person.UnknownPersonError
        If no store knows the reference (the request stays logged, open, for a human).
    WarehouseBusyError
        If the warehouse was still held after the wait: nothing, or only the tombstones, were
        written (the ingest already leaves the person out), the request stays open, and
        running the erasure again completes it.
    """
    with places.store.begin() as conn:
        request_id = open_request(
            conn, keys, kind="erasure", regime=regime, reference=reference, now=now, actor=actor
        )
    with _warehouse_free(request_id, places, done="nothing is erased yet", retry="erasure"):
        person = _person(reference, places)
    scrubber = Scrubber(person, pseudonym=pseudonym_for(keys, person))
    report = ErasureReport(request_id)
    with places.store.begin() as conn:
        report.tombstones = add_tombstones(
            conn, places.store, keys, person, now=now, request_id=request_id
        )
    on_postgres = bool(places.postgres_warehouse)
    tombstoned = "only the tombstones are written (the ingest already leaves the person out)"
    with _warehouse_free(request_id, places, done=tombstoned, retry="erasure"):
        report.stores["warehouse"] = erase_in_warehouse(
            places.warehouse,
            scrubber,
            compact=compact_warehouse,
            republish=not on_postgres,
            lock_wait_seconds=places.warehouse_lock_wait,
            on_wait=places.on_warehouse_wait,
        )
    if on_postgres:
        report.stores["postgres_warehouse"] = erase_in_postgres_warehouse(
            places.postgres_warehouse, places.postgres_schemas, scrubber
        )
        _republish_from_postgres(places, now)
    report.stores["ops_store"] = erase_in_ops(places.store, scrubber, keys)
    report.stores["landing"] = erase_in_landing(places.landing, scrubber)
    report.stores["outbox"] = erase_in_outbox(places.outbox, scrubber)
    report.stores["reports"] = erase_in_reports(places.reports, scrubber)
    with places.store.begin() as conn:
        complete_request(
            conn,
            request_id,
            now=now,
            outcome={"tombstones": report.tombstones, **report.stores},
            forget_subject=True,
        )
        complete_earlier_attempts(
            conn, keys, kind="erasure", reference=reference, by=request_id, now=now
        )
        places.store.audit(
            conn,
            now=now,
            actor=actor,
            action="privacy_erasure",
            subject=request_id,
            detail={"tombstones": report.tombstones},
        )
    return report


def _republish_from_postgres(places: Places, now: dt.datetime) -> None:
    """Readers open the snapshot: on a Postgres warehouse it is exported from its models."""
    from enrollflow.snapshot import publish_postgres_snapshot, snapshot_path

    if places.warehouse is None or not snapshot_path(places.warehouse).exists():
        return
    publish_postgres_snapshot(
        places.postgres_warehouse, places.warehouse, now=now, schema=places.postgres_models_schema
    )
