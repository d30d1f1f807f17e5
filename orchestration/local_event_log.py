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
  possibly, the last ones on a power failure — and commits no longer wait for the disk.

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

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SqliteEventLogStorage,
)
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

#: run shards kept open besides the index shard (a run writes its own shard and the index)
OPEN_RUN_SHARDS = 4


def _tune(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class LocalSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` with a kept-open engine per shard and ``synchronous=NORMAL``."""

    def __init__(self, base_dir: str, inst_data=None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
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
