"""The ops store: one SQLAlchemy URL, SQLite (WAL) by default, Postgres in production.

``open_store(url)`` returns a :class:`Store` whose schema is at the Alembic head; a SQLite file
that does not exist is an error unless ``create=True`` (``enrollflow ops migrate``); Postgres
connections have connect, statement and idle-in-transaction timeouts and TCP keepalives.
The first open runs ``upgrade head`` under a lock (an advisory lock on Postgres, a file lock on SQLite) so several
processes can open the same store at once.

Alembic chain (single, linear; add yours on top of the head and update this line):

- ``0001_ops_foundation`` -- send_ledger, suppressions, consent_events, provider_state, audit_log,
  users, roles, user_roles. **Owned by delivery.**
- ``0002_campaigns_journeys`` -- campaigns, campaign_versions, campaign_approvals, journey_state;
  seeds the ``approver`` role. **Owned by campaigns** (``delivery/campaigns/tables.py``).
- ``0003_ledger_lean_indexes`` -- drops the ledger's (campaign_id, step_id) index (a prefix of
  the unique key) and its unused provider_message_id index. **Owned by delivery.**
- ``0007_send_providers`` -- see its file (provider rates, consent ordering). **Owned by delivery.**
- ``0004_ops_export`` (on top of ``0007_send_providers``) -- indexes ``updated_at`` of send_ledger,
  journey_state and campaigns (the ops-store export's watermark). **Owned by the export**
  (``enrollflow/ingest/ops_export.py``).
- ``0011_privacy`` (on top of ``0004_ops_export``) -- privacy_requests, privacy_tombstones,
  privacy_objections, consent_ledger, optin_confirmations (``privacy/tables.py``). **Owned by
  privacy.**
- ``0006_send_core`` (on top of ``0011_privacy``) -- ledger columns of the dispatch-time check
  (``not_before``, ``held_reason``, ``reserved_at``, ``cost_amount``), the ``ledger_decisions``
  queue, stored addresses rewritten canonical. **Owned by delivery.**
- ``0009_identity`` (on top of ``0006_send_core``) -- sessions, API tokens, login attempts.
  **Owned by delivery.identity.**
- ``0012_content_library`` (on top of ``0009_identity``) -- content_items, content_versions,
  content_reviews, brand_assets, brand_colours. **Owned by delivery.content**
  (``delivery/content/tables.py``).
- ``0012_campaign_counters`` (on top of ``0012_content_library``) -- campaign_counters (``spent`` kept by
  triggers on send_ledger; engagement counts) and message_engagement (``delivery/counters.py``).
  **Owned by delivery.**
- ``0012_pii_encryption`` (on top of ``0012_campaign_counters``) -- the send path's addresses
  sealed (AES-256-GCM ``*_enc`` + keyed-hash ``*_hash``; existing rows sealed with
  ``Store.keys``). **Owned by privacy** (the codec); the tables stay delivery's.
- ``0012_social_posting`` (on top of ``0012_pii_encryption``) -- social accounts, OAuth states and
  the publish ledger. **Owned by delivery.social.**
- ``0013_sealed_staff_emails`` (on top of ``0012_social_posting``) -- ``users.email`` sealed as
  ``email_enc`` beside the unique keyed hash ``email_hash`` (existing rows sealed with
  ``Store.keys``). **Owned by delivery.identity** (``delivery/identity/emails.py``).
- ``0014_sms_link_clicks`` (on top of ``0013_sealed_staff_emails``) -- an index on
  ``send_ledger.provider_message_id`` (Twilio's link-click events name the message by its sid).
  **Owned by delivery** (``delivery/webhooks/twilio_clicks.py``).
- ``0015_cheap_counter_triggers`` (on top of ``0014_sms_link_clicks``) -- SQLite only: the spend
  counter's triggers (``0012_campaign_counters``) get bodies SQLite does not prepare on every
  ledger row (create-if-missing + ``UPDATE`` instead of an upsert stamped with ``'now'``; the
  counter is stamped with the ledger row's ``updated_at``). **Owned by delivery**
  (``delivery/counters.py``).
- ``0016_renormalised_sms_addresses`` (on top of ``0015_cheap_counter_triggers``) -- no schema
  change: SMS rows hashed under the old ``00 ... (0)`` normalisation (before
  ``normalise_address`` read ``00`` as ``+``) are opened and keyed again (suppressions, consent
  events, ledger hashes; the consent clock and tombstones follow). **Owned by delivery**
  (``delivery/suppression.py``).
- ``0017_consent_ledger_canonical`` (on top of ``0016_renormalised_sms_addresses``) -- no schema
  change: ``consent_ledger`` rows hashed and sealed in the privacy hash's own form are keyed
  again by ``normalise_address`` (E.164 phones, lower-case emails), the form the rest of the
  send path compares on; rows with no canonical form stay. **Owned by privacy**
  (``privacy/consent.py``).
- ``0018_report_subscriptions`` (on top of ``0017_consent_ledger_canonical``) -- who in the
  studio receives the weekly report by email. **Owned by delivery.identity**
  (``delivery/identity/subscriptions.py``).

Public API: :func:`open_store`, :class:`Store`, :func:`migrate`, :func:`current_revision`,
:func:`head_revision`, :func:`to_utc_naive`, :func:`server_now`; the tables are in :mod:`delivery.store.schema`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from delivery.store import schema
from delivery.store.locks import named_lock

if TYPE_CHECKING:
    from privacy.codec import AddressCodec
    from privacy.crypto import KeyRing

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: page cache per SQLite connection, KiB (SQLite's default is 2,000)
SQLITE_CACHE_KIB = 32_768
_PG_MIGRATION_LOCK = 742_001  # arbitrary constant: pg_advisory_lock key for migrations


class StoreError(RuntimeError):
    """The ops store URL or schema is unusable (the message says what to change)."""


def to_utc_naive(moment: dt.datetime) -> dt.datetime:
    """Return ``moment`` as a naive datetime meaning UTC (how the store keeps time).

    Parameters
    ----------
    moment : datetime.datetime
        Aware (any zone) or naive (taken as UTC).

    Returns
    -------
    datetime.datetime
        Naive UTC datetime.
    """
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def server_now(conn: sa.Connection) -> sa.ColumnElement[dt.datetime]:
    """The database server's current time (UTC, naive) as a SQL expression.

    Audit entries take their time from here, never from a caller's ``now``: a client (or a
    ``--now`` option) cannot back-date or forward-date the audit log.
    """
    if conn.dialect.name == "postgresql":
        return sa.func.timezone("UTC", sa.func.clock_timestamp(), type_=sa.DateTime)
    return sa.func.strftime("%Y-%m-%d %H:%M:%f", "now", type_=sa.DateTime)


def write_audit(
    conn: sa.Connection,
    *,
    now: dt.datetime,
    actor: str,
    action: str,
    subject: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one ``audit_log`` row in the caller's transaction, timed by the server's clock.

    ``now`` (the domain instant) is kept in ``detail`` as ``as_of`` only when it is more than a
    minute away from the server's clock (a simulation, a test); ``at`` is always the server's.
    """
    wall = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if abs(to_utc_naive(now) - wall) > dt.timedelta(minutes=1):
        detail = {**(detail or {}), "as_of": to_utc_naive(now).isoformat()}
    conn.execute(
        schema.audit_log.insert().values(
            at=server_now(conn),
            actor=actor,
            action=action,
            subject=subject,
            detail=json.dumps(detail, sort_keys=True, default=str) if detail else None,
        )
    )


def _alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """Return the head revision id of the ops store's Alembic chain.

    Returns
    -------
    str
        The single head (the chain must stay linear).

    Raises
    ------
    StoreError
        If the chain has more than one head.
    """
    heads = ScriptDirectory.from_config(_alembic_config("sqlite://")).get_heads()
    if len(heads) != 1:
        raise StoreError(
            f"ops store migrations have {len(heads)} heads {heads}: keep one linear chain "
            f"(set down_revision of the newest file in {MIGRATIONS_DIR / 'versions'})"
        )
    return heads[0]


def _configure_sqlite(engine: sa.Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        # a step's 100k-row writes touch ~30 MB of B-tree pages: the default 2 MB cache
        # spills them to the WAL and reads them back mid-transaction (allocated as used)
        cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # IMMEDIATE takes the write lock up front: a claim's SELECT and UPDATE cannot interleave
        # with another process's claim, and lock waits go through busy_timeout.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass
class Store:
    """An open ops store.

    Attributes
    ----------
    url : str
        The SQLAlchemy URL it was opened with (password masked in ``repr``).
    engine : sqlalchemy.Engine
        Engine to run statements with; use :meth:`begin` for a transaction.
    """

    url: str
    engine: sa.Engine
    _keys: KeyRing | None = field(default=None, repr=False)

    @property
    def keys(self) -> KeyRing:
        """The privacy key ring the PII columns are sealed with (:mod:`privacy.crypto`).

        Given to :func:`open_store` by the caller; when it was not, the settings' key ring
        (``ENROLLFLOW_PRIVACY_KEYS`` / ``_HASH_KEY`` or ``$DATA_DIR/privacy.keys``), resolved on
        first use, so every process of one deployment seals and looks up with the same keys.
        """
        if self._keys is None:
            from privacy.keyfile import settings_keyring

            self._keys = settings_keyring()
        return self._keys

    def codec(self, column: str) -> AddressCodec:
        """The :class:`~privacy.codec.AddressCodec` of a PII column (``"table.column"``)."""
        from privacy.codec import AddressCodec

        return AddressCodec(self.keys, column)

    def __repr__(self) -> str:
        return f"Store({sa.make_url(self.url).render_as_string(hide_password=True)!r})"

    @property
    def dialect(self) -> str:
        """Name of the database dialect (``sqlite`` or ``postgresql``)."""
        return self.engine.dialect.name

    @contextlib.contextmanager
    def begin(self) -> Iterator[sa.Connection]:
        """Open a transaction (committed on exit, rolled back on error)."""
        with self.engine.begin() as conn:
            yield conn

    def first(self, stmt: sa.Executable, conn: sa.Connection | None = None) -> Any:
        """The first result row (a mapping) of ``stmt``, or None: read on ``conn`` (inside the
        caller's transaction) or, without one, on a connection of its own."""
        if conn is not None:
            return conn.execute(stmt).mappings().first()
        with self.engine.connect() as own:
            return own.execute(stmt).mappings().first()

    #: Append one row to ``audit_log`` inside the caller's transaction, timed by the
    #: database server's clock (:func:`write_audit`).
    audit = staticmethod(write_audit)

    def dispose(self) -> None:
        """Close all pooled connections."""
        self.engine.dispose()


def current_revision(store: Store) -> str | None:
    """Return the Alembic revision the store's database is at (``None`` if never migrated)."""
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(store: Store, revision: str = "head") -> None:
    """Upgrade the store's schema to ``revision`` (default: head), under a cross-process lock.

    Parameters
    ----------
    store : Store
        The store to migrate.
    revision : str
        Alembic revision target.
    """
    with named_lock(store, "migrate", key=_PG_MIGRATION_LOCK):
        if revision == "head" and current_revision(store) == head_revision():
            return
        cfg = _alembic_config(store.url)
        with store.engine.connect() as conn:
            cfg.attributes["connection"] = conn
            cfg.attributes["store"] = store  # revisions that seal existing rows take its keys
            command.upgrade(cfg, revision)
            conn.commit()
            if store.dialect == "sqlite":  # old pages out of the WAL (sealed columns, 0012)
                conn.connection.dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


#: libpq settings every Postgres connection of the ops store gets unless its URL sets them: a
#: bounded connect, TCP keepalives and a user timeout (a dead or black-holed peer is noticed in
#: about half a minute instead of the kernel's ~15 minutes), and server-side limits so a stuck
#: statement or a transaction left open cannot hold the sender or its locks.
PG_CONNECT_DEFAULTS: dict[str, Any] = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 15,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,  # ms
}
#: Server-side limits (ms), sent as ``options=-c name=value`` unless the URL sets ``options``.
PG_SESSION_LIMITS = {
    "statement_timeout": 60_000,
    "idle_in_transaction_session_timeout": 60_000,
}
#: Seconds a thread waits for a pooled Postgres connection before failing.
PG_POOL_TIMEOUT = 30


def _pg_connect_args(parsed: sa.URL) -> dict[str, Any]:
    """libpq keyword arguments for the defaults the URL's query does not set itself."""
    args = {k: v for k, v in PG_CONNECT_DEFAULTS.items() if k not in parsed.query}
    if "options" not in parsed.query:
        args["options"] = " ".join(f"-c {k}={v}" for k, v in PG_SESSION_LIMITS.items())
    return args


def open_store(
    url: str,
    *,
    upgrade: bool = True,
    pool_size: int = 5,
    create: bool = False,
    keys: KeyRing | None = None,
) -> Store:
    """Open the ops store at ``url`` and bring its schema to the Alembic head.

    Parameters
    ----------
    url : str
        SQLAlchemy URL: ``sqlite:///path/ops.sqlite`` or ``postgresql://user@host/db``
        (``postgresql+psycopg2`` is implied). On Postgres every connection gets
        :data:`PG_CONNECT_DEFAULTS` and :data:`PG_SESSION_LIMITS` unless the URL's query sets
        them (``?connect_timeout=5&options=-c%20statement_timeout%3D10000``).
    upgrade : bool
        Run ``upgrade head`` if the schema is behind (default). With ``False`` a schema that is not
        at head raises :class:`StoreError`.
    pool_size : int
        Connection pool size on Postgres.
    create : bool
        Create a SQLite store whose file does not exist (``enrollflow ops migrate``, the demo and
        test fixtures). Without it a missing file is an error: a mistyped path or an unmounted
        volume must never silently start an empty ledger (which would forget every send).
    keys : privacy.crypto.KeyRing, optional
        Keys of the encrypted address columns (default: the settings' key ring, on first use).

    Returns
    -------
    Store
        The open store.

    Raises
    ------
    StoreError
        If the URL names an unsupported database, a SQLite file that does not exist (without
        ``create``), a database that cannot be reached, or the schema is behind and ``upgrade``
        is False.

    Examples
    --------
    >>> store = open_store("sqlite:///data/ops.sqlite")  # doctest: +SKIP
    """
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise StoreError(
            f"ops store URL {url!r} is not a SQLAlchemy URL; "
            "use sqlite:///path/ops.sqlite or postgresql://user@host:5432/db"
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            if not Path(database).exists() and not create:
                raise StoreError(
                    f"ops store {database} does not exist: create it with `enrollflow ops "
                    "migrate` (or fix ENROLLFLOW_OPS_STORE_URL if it should be somewhere else)"
                )
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed)
        _configure_sqlite(engine)
    elif backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg2")  # the installed driver
        engine = sa.create_engine(
            parsed,
            pool_size=pool_size,
            pool_pre_ping=True,
            pool_timeout=PG_POOL_TIMEOUT,
            connect_args=_pg_connect_args(parsed),
        )
    else:
        raise StoreError(
            f"ops store URL {parsed.render_as_string(hide_password=True)!r}: backend {backend!r} is "
            "not supported; use sqlite:///... or postgresql://..."
        )
    store = Store(url=parsed.render_as_string(hide_password=False), engine=engine, _keys=keys)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise StoreError(
            f"ops store {store!r} cannot be reached: {type(exc.orig).__name__}: "
            f"{str(exc.orig).strip().splitlines()[0] if exc.orig else exc}"
        ) from None
    if upgrade:
        migrate(store)
    elif current_revision(store) != head_revision():
        raise StoreError(
            f"{store!r} is at revision {current_revision(store)!r}, code expects "
            f"{head_revision()!r}: run `enrollflow ops migrate`"
        )
    return store
