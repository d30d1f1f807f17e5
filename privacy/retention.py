"""Retention: what is kept how long, and the purge that enforces it.

Defaults (override per field of :class:`RetentionPolicy`):

| data | kept | then |
|---|---|---|
| campaign data (ledger rows, journey state, completed requests) | 5 years | deleted (counts stay in the warehouse marts) |
| raw provider payloads with personal data (SendGrid/Twilio landing files, Twilio link clicks included) | 90 days | de-identified in place: email replaced, IP, user agent, numbers and SMS body removed; the events stay, so a re-ingest (backfill) reproduces the same rows |
| personal columns of raw provider rows in the warehouse (email, IP, user agent, numbers, SMS body) | 90 days | the same: nulled / replaced, the events, their times and ids stay, so every aggregate stays |
| ledger recipient address of a finished message | 90 days | nulled (the row and its state stay for exactly-once) |

:func:`purge` takes ``now`` and returns what it did per place (the Dagster asset puts it in its
metadata). It is idempotent: a second run at the same ``now`` changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import sqlalchemy as sa

from delivery.campaigns.tables import journey_state
from delivery.store import Store, to_utc_naive
from delivery.store.schema import send_ledger
from privacy.stores_files import rewrite_in_place
from privacy.tables import privacy_requests

#: Landing sources whose files carry provider payloads with personal data.
PROVIDER_SOURCES = ("sendgrid", "twilio")
#: Warehouse raw provider tables and their personal columns (nulled; a required email becomes
#: :data:`REDACTED_EMAIL`), and the landing fields they come from.
PROVIDER_PII_COLUMNS = {
    "raw_sendgrid__events": ("ip", "useragent"),
    "raw_twilio__callbacks": ("from_number", "to_number", "body"),
    "raw_twilio__clicks": ("to_number", "from_number", "user_agent"),
}
REDACTED_EMAIL = "redacted@retention.invalid"
SENDGRID_PII_KEYS = ("ip", "useragent")
TWILIO_PII_PARAMS = ("From", "To", "Body")
#: Twilio link shortening clicks (``twilio/<day>/clicks.jsonl``, ``delivery/webhooks/twilio_clicks.py``)
TWILIO_CLICK_PII_KEYS = ("to", "from", "user_agent")
TERMINAL_STATES = ("delivered", "bounced", "failed", "skipped")


@dataclass(frozen=True)
class RetentionPolicy:
    """How long each kind of data is kept, in days."""

    campaign_data_days: int = 5 * 365
    provider_payload_days: int = 90
    ledger_address_days: int = 90

    def __post_init__(self) -> None:
        for name in ("campaign_data_days", "provider_payload_days", "ledger_address_days"):
            if getattr(self, name) < 1:
                raise ValueError(f"retention {name} must be at least 1 day")


def _redact_line(line: str) -> str:
    """One provider landing line without its personal fields (the event itself stays)."""
    try:
        record = json.loads(line)
    except ValueError:
        return line
    if not isinstance(record, dict):
        return line
    for event in record.get("events") or []:  # SendGrid: one POST of events
        if isinstance(event, dict):
            if "email" in event:
                event["email"] = REDACTED_EMAIL
            for key in SENDGRID_PII_KEYS:
                event.pop(key, None)
    params = record.get("params")  # Twilio: one callback
    if isinstance(params, dict):
        for key in TWILIO_PII_PARAMS:
            params.pop(key, None)
    click = record.get("event")  # Twilio: one link click
    if isinstance(click, dict):
        for key in TWILIO_CLICK_PII_KEYS:
            click.pop(key, None)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _purge_landing(landing: Path | None, cutoff: dt.date) -> dict[str, int]:
    """De-identify provider landing files of days before ``cutoff`` in place (under the append
    lock). The files stay: a re-ingest of those days reproduces the de-identified raw rows, so a
    backfill never loses the events the aggregates count."""
    redacted = 0
    for source in PROVIDER_SOURCES:
        folder = Path(landing) / source if landing else None
        if folder is None or not folder.is_dir():
            continue
        for day in sorted(folder.iterdir()):
            try:
                when = dt.date.fromisoformat(day.name)
            except ValueError:
                continue
            if not day.is_dir() or when >= cutoff:
                continue
            for path in sorted(day.iterdir()):
                if path.is_file() and rewrite_in_place(
                    path, lambda t: "\n".join(_redact_line(x) for x in t.split("\n"))
                ):
                    redacted += 1
    return {"files_redacted": redacted}


def _null_payloads(tables: set[str], qualify) -> list[tuple[str, str]]:
    """Per raw provider table present: the UPDATE nulling its personal columns in rows before the
    cutoff (bound as ``:cutoff``); ``qualify`` quotes a table name for the warehouse at hand."""
    statements = []
    for table, columns in PROVIDER_PII_COLUMNS.items():
        if table not in tables:
            continue
        sets = ", ".join(f'"{c}" = NULL' for c in columns)
        any_set = " OR ".join(f'"{c}" IS NOT NULL' for c in columns)
        if table == "raw_sendgrid__events":
            sets += f", email = '{REDACTED_EMAIL}'"
            any_set += f" OR email <> '{REDACTED_EMAIL}'"
        statements.append(
            (
                table,
                f"UPDATE {qualify(table)} SET {sets} WHERE _partition_date < :cutoff AND ({any_set})",
            )
        )
    return statements


def _purge_warehouse(warehouse: Path | None, cutoff: dt.date) -> dict[str, int]:
    if warehouse is None or not Path(warehouse).exists():
        return {}
    nulled: dict[str, int] = {}
    with duckdb.connect(str(warehouse)) as con:
        present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        for table, sql in _null_payloads(present, lambda t: f'"{t}"'):
            n = con.execute(sql.replace(":cutoff", "?"), [cutoff]).fetchone()[0]
            nulled[table] = int(n)
        con.execute("CHECKPOINT")
    return nulled


def _purge_postgres_warehouse(url: str | None, schema: str, cutoff: dt.date) -> dict[str, int]:
    """The same on a Postgres warehouse of record (``ENROLLFLOW_WAREHOUSE=postgres``): its raw
    tables in ``schema``, one transaction."""
    if not url:
        return {}
    engine = sa.create_engine(sa.make_url(url).set(drivername="postgresql+psycopg2"))
    nulled: dict[str, int] = {}
    try:
        with engine.begin() as conn:
            present = set(sa.inspect(conn).get_table_names(schema=schema))
            for table, sql in _null_payloads(present, lambda t: f'"{schema}"."{t}"'):
                nulled[table] = conn.execute(sa.text(sql), {"cutoff": cutoff}).rowcount
    finally:
        engine.dispose()
    return nulled


def _purge_ops(store: Store, policy: RetentionPolicy, now: dt.datetime) -> dict[str, int]:
    old = to_utc_naive(now) - dt.timedelta(days=policy.campaign_data_days)
    address_cutoff = to_utc_naive(now) - dt.timedelta(days=policy.ledger_address_days)
    with store.begin() as conn:
        ledger_deleted = conn.execute(
            send_ledger.delete().where(
                send_ledger.c.state.in_(TERMINAL_STATES), send_ledger.c.updated_at < old
            )
        ).rowcount
        addresses_nulled = conn.execute(
            send_ledger.update()
            .where(
                send_ledger.c.state.in_(TERMINAL_STATES),
                send_ledger.c.updated_at < address_cutoff,
                send_ledger.c.to_address_enc.is_not(None),
            )
            .values(to_address_enc=None, to_address_hash=None)
        ).rowcount
        journeys_deleted = conn.execute(
            journey_state.delete().where(
                journey_state.c.status != "active", journey_state.c.updated_at < old
            )
        ).rowcount
        requests_deleted = conn.execute(
            privacy_requests.delete().where(
                privacy_requests.c.status != "open", privacy_requests.c.completed_at < old
            )
        ).rowcount
    return {
        "ledger_rows_deleted": ledger_deleted,
        "ledger_addresses_nulled": addresses_nulled,
        "journey_rows_deleted": journeys_deleted,
        "requests_deleted": requests_deleted,
    }


def purge(
    policy: RetentionPolicy,
    *,
    store: Store,
    landing: Path | None,
    warehouse: Path | None,
    now: dt.datetime,
    postgres_url: str | None = None,
    postgres_raw_schema: str = "raw",
) -> dict[str, dict[str, int]]:
    """Delete or de-identify what is past ``policy`` at ``now``; return counts per place.

    ``postgres_url``: the Postgres warehouse of record (``ENROLLFLOW_WAREHOUSE=postgres``), whose
    raw tables in ``postgres_raw_schema`` are purged too (``warehouse`` is then its parse stage).
    """
    payload_cutoff = (to_utc_naive(now) - dt.timedelta(days=policy.provider_payload_days)).date()
    done = {
        "ops_store": _purge_ops(store, policy, now),
        "landing": _purge_landing(landing, payload_cutoff),
        "warehouse": _purge_warehouse(warehouse, payload_cutoff),
    }
    if postgres_url:
        done["postgres_warehouse"] = _purge_postgres_warehouse(
            postgres_url, postgres_raw_schema, payload_cutoff
        )
    return done
