"""``enrollflow privacy``: rights of the person, request log, keys.

- ``export CONTACT [--wait S]``: everything held about a person (contact id, email or phone) as
  JSON (waits for a pipeline run holding the warehouse as ``erase`` does).
- ``erase CONTACT [--wait S]``: erase them from the ops store, landing zone, warehouse, outbox and
  reports; while a pipeline run holds the DuckDB warehouse it waits up to S seconds (600), then
  exits 1 with the request left open (running it again completes it).
- ``object CONTACT --scope marketing|sell_share|analytics``: objection / do-not-sell flag.
- ``requests [--overdue]``: the request log with legal due dates (GDPR 30 days, CCPA 45).
- ``new-key ID``: print a fresh key setting; ``rotate-key``: re-encrypt under the active key.

Keys come from ``ENROLLFLOW_PRIVACY_KEYS`` / ``ENROLLFLOW_PRIVACY_HASH_KEY`` (or the local
``$DATA_DIR/privacy.keys``) and are never printed. Every request is logged with its actor.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from delivery.store import StoreError, open_store
from enrollflow.settings import Settings, get_settings
from privacy.crypto import KeyConfigError, KeyRing, new_key
from privacy.erasure import Places, WarehouseBusyError, erase_person, export_person
from privacy.keyfile import load_keyring
from privacy.objections import ObjectionError, record_objection
from privacy.person import UnknownPersonError
from privacy.requests import (
    RequestError,
    complete_request,
    list_requests,
    open_request,
    overdue,
)
from privacy.rotation import key_usage, rotate

app = typer.Typer(
    help="Privacy: export or erase a person, the request log, encryption keys.",
    no_args_is_help=True,
    add_completion=False,
)
Actor = Annotated[str, typer.Option("--by", help="Who serves the request (request log, audit).")]
Regime = Annotated[str, typer.Option("--regime", help="gdpr (30 days) or ccpa (45 days).")]


def keyring(settings: Settings) -> KeyRing:
    """The key ring from settings (or the local key file)."""
    try:
        return load_keyring(
            settings.privacy_keys, settings.privacy_hash_key, settings.data_dir / "privacy.keys"
        )
    except (KeyConfigError, ValueError) as exc:
        raise typer.BadParameter(str(exc)) from None


#: the Postgres warehouse's schemas (raw tables, dbt models: orchestration's WarehouseResource)
POSTGRES_SCHEMAS = ("raw", "analytics")


def places(settings: Settings, wait: float = 0.0) -> Places:
    """Every place personal data lives, from settings; a pipeline run holding the DuckDB
    warehouse is waited for up to ``wait`` seconds (the user is told once)."""
    try:
        store = open_store(settings.ops_store)
    except StoreError as exc:
        raise typer.BadParameter(str(exc)) from None
    data = settings.data_dir
    on_postgres = settings.warehouse_backend == "postgres"
    return Places(
        store=store,
        landing=settings.landing,
        warehouse=settings.warehouse,
        outbox=(data / "campaign" / "outbox").resolve(),
        reports=(data / "reports").resolve(),
        # ENROLLFLOW_WAREHOUSE=postgres: the warehouse of record (raw tables and models) too
        postgres_warehouse=settings.postgres_url if on_postgres else None,
        postgres_schemas=POSTGRES_SCHEMAS if on_postgres else (),
        warehouse_lock_wait=wait,
        on_warehouse_wait=lambda exc: typer.echo(
            f"the warehouse is held by another process (a pipeline run); waiting up to {wait:g} s",
            err=True,
        ),
    )


#: ``--wait``: DuckDB has one writer, and a pipeline run may hold the warehouse for minutes
Wait = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        help="Seconds to wait while a pipeline run holds the DuckDB warehouse (one writer).",
    ),
]


def _busy(exc: WarehouseBusyError) -> NoReturn:
    typer.secho(str(exc), fg="red", err=True)  # one line, as written (it names the request)
    raise typer.Exit(1)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@app.command()
def export(
    contact: Annotated[str, typer.Argument(help="Contact id, email or phone.")],
    by: Actor,
    regime: Regime = "gdpr",
    out: Annotated[Path | None, typer.Option("--out", help="Write the JSON here.")] = None,
    wait: Wait = 600.0,
) -> None:
    """Everything held about a person, as JSON (GDPR Art. 15/20, CCPA right to know)."""
    settings = get_settings()
    try:
        doc = export_person(
            contact, places(settings, wait), keyring(settings), now=_now(), actor=by, regime=regime
        )
    except UnknownPersonError as exc:
        raise typer.BadParameter(str(exc)) from None
    except WarehouseBusyError as exc:
        _busy(exc)
    text = json.dumps(doc, indent=2, default=str, ensure_ascii=False)
    if out:
        out.write_text(text, encoding="utf-8")
        Console(stderr=True).print(f"request {doc['request_id']}: written to {out}", markup=False)
    else:
        typer.echo(text)


@app.command()
def erase(
    contact: Annotated[str, typer.Argument(help="Contact id, email or phone.")],
    by: Actor,
    regime: Regime = "gdpr",
    postgres_schemas: Annotated[
        str | None,
        typer.Option(
            "--postgres-schemas",
            help="Erase in these comma-separated schemas of the Postgres warehouse "
            "(ENROLLFLOW_POSTGRES_URL); with ENROLLFLOW_WAREHOUSE=postgres the default is "
            "raw,analytics.",
        ),
    ] = None,
    wait: Wait = 600.0,
) -> None:
    """Erase a person everywhere; keep only keyed-hash tombstones (GDPR Art. 17, CCPA delete)."""
    settings = get_settings()
    where = places(settings, wait)
    if postgres_schemas:
        where = dataclasses.replace(
            where,
            postgres_warehouse=settings.postgres_url,
            postgres_schemas=tuple(s.strip() for s in postgres_schemas.split(",") if s.strip()),
        )
    try:
        report = erase_person(
            contact, where, keyring(settings), now=_now(), actor=by, regime=regime
        )
    except UnknownPersonError as exc:
        raise typer.BadParameter(str(exc)) from None
    except WarehouseBusyError as exc:
        _busy(exc)
    Console().print(
        f"request {report.request_id}: erased; {report.tombstones} tombstone(s); "
        + json.dumps(report.stores, sort_keys=True)
    )


@app.command("object")
def object_(
    contact: Annotated[str, typer.Argument(help="Contact id.")],
    by: Actor,
    scope: Annotated[
        str, typer.Option("--scope", help="marketing (Art. 21), sell_share (CCPA), analytics.")
    ] = "marketing",
    regime: Regime = "gdpr",
) -> None:
    """Record an objection / do-not-sell-or-share: targeting leaves the contact out from now on."""
    settings = get_settings()
    keys = keyring(settings)
    store = places(settings).store
    now = _now()
    kind = "do_not_sell" if scope == "sell_share" else "objection"
    try:
        with store.begin() as conn:
            request_id = open_request(
                conn, keys, kind=kind, regime=regime, reference=contact, now=now, actor=by
            )
            new = record_objection(conn, contact_id=contact, scope=scope, source="admin", now=now)
            complete_request(conn, request_id, now=now, outcome={"scope": scope, "new": new})
    except (ObjectionError, RequestError) as exc:
        raise typer.BadParameter(str(exc)) from None
    Console().print(f"request {request_id}: {contact} objects to {scope}", markup=False)


@app.command("requests")
def requests_(
    only_overdue: Annotated[bool, typer.Option("--overdue", help="Only open, past due.")] = False,
) -> None:
    """The request log: kind, regime, status, legal due date."""
    settings = get_settings()
    store = places(settings).store
    now = _now()
    rows = overdue(store, now=now) if only_overdue else list_requests(store)
    table = Table("request", "kind", "regime", "status", "received", "due", "days overdue")
    for r in rows:
        table.add_row(
            r.request_id,
            r.kind,
            r.regime,
            r.status,
            f"{r.received_at:%Y-%m-%d}",
            f"{r.due_at:%Y-%m-%d}",
            str(r.days_overdue(now)),
        )
    Console().print(table)
    if only_overdue and rows:
        raise typer.Exit(1)


@app.command("new-key")
def new_key_(key_id: Annotated[str, typer.Argument(help="Id of the new key, e.g. 2027a.")]) -> None:
    """Print a fresh key setting to put first in ENROLLFLOW_PRIVACY_KEYS."""
    try:
        typer.echo(new_key(key_id))
    except KeyConfigError as exc:
        raise typer.BadParameter(str(exc)) from None


@app.command("rotate-key")
def rotate_key() -> None:
    """Re-encrypt every stored value under the active (first) key; report what is left."""
    settings = get_settings()
    keys = keyring(settings)
    store = places(settings).store
    done = rotate(store, keys)
    usage = key_usage(store)
    Console().print(
        f"active key {keys.active}: re-encrypted {sum(done.values())} value(s) {done or ''}; "
        f"values per key id now {dict(usage)}"
    )
