"""Dagster's local SQLite event log, with one open connection per shard instead of one per event.

Dagster's default local event log (``SqliteEventLogStorage``: a SQLite file per run plus an
``index`` file for asset events) builds a fresh SQLAlchemy engine, opens the file and commits
with a full ``fsync`` for every event it stores. A backfill of 180 daily partitions of 28 raw
tables stores about 10,000 events (materialisations, planned materialisations, check
evaluations); on this storage the demo's ingest spent ~10 minutes in Dagster against ~25 s of
work, while the same run on an in-memory instance took ~70 s.

:class:`LocalSqliteEventLogStorage` keeps the same files, schema and file watching (the UI
follows runs the same way, and an existing ``DAGSTER_HOME`` keeps working), and changes only
how a shard is opened:

- one engine per shard, kept open (the few most recent run shards and the index shard),
  serialised by the storage's own lock as before;
- each connection sets ``PRAGMA synchronous=NORMAL``. The shards are in WAL mode (Dagster
  creates them so), where NORMAL loses no committed transaction when a process dies — only,
  possibly, the last ones on a power failure — and commits no longer wait for the disk;
- the schema questions Dagster asks on every asset event (does the tags table exist — answered
  on a new engine and a new file handle each time; does ``asset_keys`` have its index columns —
  two ``PRAGMA`` reads each time) are answered once per storage: a table or a column, once
  there, is never dropped by Dagster (``wipe`` empties tables and deletes run shards; a
  ``dagster instance migrate`` only adds), so only the positive answers are kept;
- an asset's summary row (``asset_keys``: its last event) is updated, and inserted only when
  there is none. Dagster inserts first and updates when the insert fails on the key, so every
  event of an asset after its first raised and handled an ``IntegrityError``. The write runs
  in the index shard's transaction, which holds SQLite's write lock from the ``UPDATE`` on, so
  no other writer can insert the row in between;
- a batch of asset events (:meth:`LocalSqliteEventLogStorage.store_event_batch`) is written in
  one transaction per shard with one multi-row insert each: a run over a range of partitions
  plans, then materialises, each asset once per partition, and Dagster hands those events over
  as batches when its batch writing is on — which :class:`LocalDagsterInstance`, the instance
  class of the local ``dagster.yaml``, turns on (``EVENT_BATCH_SIZE`` events at most). Without
  it each of those events was its own pair of transactions (run shard, index shard), its own
  tags insert and its own update of the asset's summary row. A batch whose write fails halfway
  stores the rest one event at a time itself, each event once (Dagster's own fallback would
  store the whole batch again);
- the planned asset-check evaluations Dagster logs at a run's start (one per check: 544 in the
  demo's warehouse build) come in that batch too, and are written the same way: one insert
  into the run shard, and one transaction in the index shard for their event rows and their
  ``asset_check_executions`` rows -- three transactions per check before.

It is meant for the local instance (`make demo`, `make ui`, the CLI); the production instance
keeps its run and event storage in Postgres (``deploy/dagster.yaml``). The Makefile writes it
into ``$DAGSTER_HOME/dagster.yaml``::

    event_log_storage:
      module: orchestration.local_event_log
      class: LocalSqliteEventLogStorage
      config:
        base_dir: <DAGSTER_HOME>/history/runs
"""

from __future__ import annotations

import os
import sys
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from dagster import DagsterInstance
from dagster._core.event_api import EventLogEntry
from dagster._core.events import DagsterEventType
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus
from dagster._core.storage.event_log.schema import (
    AssetCheckExecutionsTable,
    AssetKeyTable,
    SqlEventLogStorageTable,
)
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SqliteEventLogStorage,
)
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import serialize_value
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

#: run shards kept open besides the index shard (a run writes its own shard and the index)
OPEN_RUN_SHARDS = 4
#: events per batch Dagster hands to ``store_event_batch`` (``DAGSTER_EVENT_BATCH_SIZE`` wins)
EVENT_BATCH_SIZE = 1000
#: the events a batch writes with multi-row inserts (others are stored one by one, in order)
_BATCHED_TYPES = frozenset(
    {DagsterEventType.ASSET_MATERIALIZATION, DagsterEventType.ASSET_MATERIALIZATION_PLANNED}
)
_CHECK_PLANNED = DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED


def _tune(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class LocalSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` with a kept-open engine per shard and ``synchronous=NORMAL``."""

    def __init__(self, base_dir: str, inst_data=None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._known_tables: set[str] = set()
        self._known_asset_key_columns: set[str] = set()
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> LocalSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)  # the parent builds its own class

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = sa.create_engine(
            self.conn_string_for_shard(shard),
            poolclass=StaticPool,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        sa.event.listen(engine, "connect", _tune)
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        runs = [name for name in self._engines if name != INDEX_SHARD_NAME]
        for name in runs[: max(0, len(runs) - OPEN_RUN_SHARDS)]:
            self._engines.pop(name).dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock, self._engine(shard).connect() as conn, conn.begin():
            yield conn

    def has_table(self, table_name: str) -> bool:
        if table_name in self._known_tables:
            return True
        # asked while the index shard's transaction is open (its lock held): Dagster's own
        # answer, on a throwaway engine, until the table is known
        present = super().has_table(table_name)
        if present:
            self._known_tables.add(table_name)
        return present

    def _has_asset_key_col_on_connection(self, conn: Connection, column_name: str) -> bool:
        if column_name in self._known_asset_key_columns:
            return True
        present = super()._has_asset_key_col_on_connection(conn, column_name)
        if present:
            self._known_asset_key_columns.add(column_name)
        return present

    def _store_asset_event(self, conn: Connection, event: EventLogEntry, event_id: int) -> None:
        if not (event.dagster_event and event.dagster_event.asset_key):
            return
        values = self._get_asset_entry_values(
            event, event_id, self._has_asset_key_index_cols_on_connection(conn)
        )
        if not values:
            return
        key = event.dagster_event.asset_key.to_string()
        updated = conn.execute(
            AssetKeyTable.update().values(**values).where(AssetKeyTable.c.asset_key == key)
        )
        if not updated.rowcount:
            conn.execute(AssetKeyTable.insert().values(asset_key=key, **values))

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        """Store ``events`` in order; runs of consecutive asset (planned) materialisations of one
        run are written with one insert per shard, the rest as :meth:`store_event` does.

        Never lets an error out once something of the batch is stored: Dagster answers an
        error by storing the *whole* batch again one event at a time, which would store twice
        what was already written. A group whose write fails leaves nothing behind (its run-shard
        rows are deleted again) and it and the rest of the batch are stored one event at a time
        here, each event once; an error from that is raised as Dagster's own ``store_event``
        raises it."""
        stored = 0
        group: list[EventLogEntry] = []
        writers = {"asset": self._store_asset_events, "check": self._store_planned_checks}
        try:
            for event in events:
                kind = self._batch_kind(event)
                if group and (
                    kind != self._batch_kind(group[0]) or event.run_id != group[0].run_id
                ):
                    writers[self._batch_kind(group[0])](group)
                    stored += len(group)
                    group = []
                if kind:
                    group.append(event)
                else:
                    self.store_event(event)
                    stored += 1
            if group:
                writers[self._batch_kind(group[0])](group)
                stored += len(group)
        except Exception as exc:  # any storage error: the rest one by one
            sys.stderr.write(
                f"event batch write failed after {stored} of {len(events)} events ({exc}); "
                "storing the rest one by one\n"
            )
            for event in events[stored:]:
                self.store_event(event)

    @staticmethod
    def _batch_kind(event: EventLogEntry) -> str | None:
        """``asset`` or ``check`` for the events a batch writes together, else None."""
        if not event.is_dagster_event:
            return None
        if event.dagster_event_type in _BATCHED_TYPES and event.dagster_event.asset_key:
            return "asset"
        if event.dagster_event_type == _CHECK_PLANNED and event.run_id:
            return "check"
        return None

    @contextmanager
    def _mirrored(self, events: list[EventLogEntry]) -> Iterator[tuple[Connection, list[int]]]:
        """Insert one run's ``events`` into its run shard, then open an index-shard transaction
        holding the same rows; yields it and their ids there. When that transaction fails, the
        run-shard rows are deleted again."""
        rows = [self._event_to_row(event) for event in events]
        table = SqlEventLogStorageTable
        insert = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        with self.run_connection(events[0].run_id) as conn:
            run_ids = conn.execute(insert, rows).scalars().all()
        try:
            with self.index_transaction() as conn:
                yield conn, conn.execute(insert, rows).scalars().all()
        except Exception:
            with self.run_connection(events[0].run_id) as conn:
                conn.execute(table.delete().where(table.c.id.in_(run_ids)))
            raise

    def _store_planned_checks(self, events: list[EventLogEntry]) -> None:
        """One run's planned check evaluations: their event rows, and one ``PLANNED``
        execution row per check and partition (what ``store_asset_check_event`` writes for each
        event alone), in one index-shard transaction."""
        with self._mirrored(events) as (conn, ids):
            executions = []
            for event, event_id in zip(events, ids, strict=True):
                planned = event.get_dagster_event().event_specific_data
                subset = planned.partitions_subset
                executions += [
                    dict(
                        asset_key=planned.asset_key.to_string(),
                        check_name=planned.check_name,
                        partition=partition,
                        run_id=event.run_id,
                        execution_status=AssetCheckExecutionRecordStatus.PLANNED.value,
                        evaluation_event=serialize_value(event),
                        evaluation_event_timestamp=self._event_insert_timestamp(event),
                        evaluation_event_storage_id=event_id,
                    )
                    for partition in (subset.get_partition_keys() if subset else [None])
                ]
            conn.execute(AssetCheckExecutionsTable.insert(), executions)

    def _store_asset_events(self, events: list[EventLogEntry]) -> None:
        """One run's asset events: one insert in its run shard, then one transaction in the
        index shard for their rows, tags and the assets' summary rows."""
        with self._mirrored(events) as (conn, ids):
            self._store_asset_event_tags(conn, events, ids)
            # each asset's summary row ends as the events one by one would leave it: the last
            # event of each type sets that type's columns, the later of them the shared ones
            latest = {
                (e.dagster_event.asset_key, e.dagster_event_type): (i, e)
                for e, i in zip(events, ids, strict=True)
            }
            for event_id, event in sorted(latest.values(), key=lambda pair: pair[0]):
                self._store_asset_event(conn, event, event_id)

    def _close_engines(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._close_engines()  # the run shards' files are deleted
        super().wipe()

    def dispose(self) -> None:
        self._close_engines()
        super().dispose()


class LocalDagsterInstance(DagsterInstance):
    """The local instance: Dagster's, with event batch writing on (``EVENT_BATCH_SIZE``).

    Dagster turns batch writing on only with the ``DAGSTER_EVENT_BATCH_SIZE`` environment
    variable; the local ``dagster.yaml`` names this class (``instance_class``) so every process
    that loads the instance — the CLI, ``dagster dev``'s webserver and daemon, run workers —
    batches alike. The variable, when set, still wins (``0`` turns batching off).
    """

    @classmethod
    def config_schema(cls) -> dict:
        return {}  # no settings of its own in dagster.yaml

    @classmethod
    def config_defaults(cls, base_dir: str) -> dict:
        return InstanceRef.config_defaults(base_dir)

    def _get_event_batch_size(self) -> int:
        return int(os.getenv("DAGSTER_EVENT_BATCH_SIZE", str(EVENT_BATCH_SIZE)))
