"""Resources shared by every domain, under stable keys, built from settings (env vars).

``shared_resources()`` returns a plain dict so a domain adds its resource with one line
(e.g. ``"dbt": DbtCliResource(...)``).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from enrollflow import pg_transfer
from enrollflow import warehouse as _warehouse
from enrollflow.settings import get_settings
from enrollflow.snapshot import open_reader, open_snapshot, snapshot_path
from enrollflow.transform import profile_env
from orchestration.defs.transform.resources import dbt_resource


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse of record: the DuckDB file, or Postgres (``ENROLLFLOW_WAREHOUSE``).

    ``backend="duckdb"`` (default): everything lives in the file at ``path``. DuckDB allows one
    writing process per file: when steps run in parallel processes, ``connect`` waits (with
    backoff) for the other process to release the file, up to ``lock_wait_seconds``.

    ``backend="postgres"``: raw tables live in ``raw_schema`` and models, segments and ML tables
    in ``postgres_schema`` of ``postgres_url``. The file at ``path`` is only the ingest's parse
    stage (its days are then copied to Postgres, :meth:`mirror_partitions`); Python assets
    compute in a DuckDB :meth:`workspace` pulled from Postgres and :meth:`save` their tables
    back; read-only connections (the campaign engine) open the snapshot published from
    Postgres. See docs/scale.md.
    """

    path: str
    lock_wait_seconds: float = 900.0
    backend: str = "duckdb"
    postgres_url: str = ""
    postgres_schema: str = "analytics"
    raw_schema: str = "raw"

    @property
    def is_postgres(self) -> bool:
        """Whether Postgres is the warehouse of record."""
        if self.backend not in ("duckdb", "postgres"):
            raise ValueError(
                f"warehouse backend {self.backend!r}: expected duckdb or postgres "
                "(ENROLLFLOW_WAREHOUSE)"
            )
        return self.backend == "postgres"

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """Open the warehouse file (use as a context manager so the file lock is released).

        On Postgres a read-only connection opens the published snapshot of the Postgres
        warehouse, and a writable one the ingest's parse stage.
        """
        if read_only and self.is_postgres:
            return open_snapshot(self.path)
        return _warehouse.connect_waiting(
            self.path, read_only=read_only, wait_seconds=self.lock_wait_seconds
        )

    def reader(self) -> duckdb.DuckDBPyConnection:
        """The readers' snapshot (else, before the first, the file read-only; see
        :func:`enrollflow.snapshot.open_reader`): for the campaign engine, which must neither
        block the pipeline's writers nor wait for them, and sees a build once it is published.
        Assets in a pipeline run read what the run built with :meth:`connect` instead."""
        if self.is_postgres:
            return open_snapshot(self.path)
        return open_reader(self.path, wait_seconds=self.lock_wait_seconds)

    @contextmanager
    def workspace(
        self,
        reads: Sequence[str],
        *,
        published: bool = False,
        raw_reads: Sequence[str] = (),
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection holding the tables ``reads`` (to compute on, then :meth:`save`).

        DuckDB: the warehouse itself. Postgres: a scratch DuckDB file with those relations
        pulled from ``postgres_schema`` and the raw tables ``raw_reads`` from ``raw_schema``
        (missing ones are left out), deleted afterwards; with ``published`` every table of the
        latest snapshot is readable too (attached read-only, behind the pulled tables), for
        assets that run after a build (alerts).
        """
        if not self.is_postgres:
            with self.connect() as con:
                yield con
            return
        with (
            tempfile.TemporaryDirectory(prefix="enrollflow_ws_") as tmp,
            duckdb.connect(str(Path(tmp) / "workspace.duckdb")) as con,
        ):
            pg_transfer.pull_tables(self.postgres_url, con, reads, schema=self.postgres_schema)
            if raw_reads:
                pg_transfer.pull_tables(self.postgres_url, con, raw_reads, schema=self.raw_schema)
            if published:
                open_snapshot(self.path).close()  # a clear error when none was published yet
                con.execute(f"ATTACH '{snapshot_path(self.path)}' AS published (READ_ONLY)")
                con.execute("SET search_path = 'workspace.main,published.main'")
            yield con

    def save(
        self,
        con: duckdb.DuckDBPyConnection,
        table: str,
        *,
        merge_on: Sequence[str] | None = None,
    ) -> None:
        """Write a table of a :meth:`workspace` to the warehouse (no-op on DuckDB, where the
        workspace is the warehouse); ``merge_on`` keys merge it into a history table."""
        if self.is_postgres:
            pg_transfer.push_table(
                con, self.postgres_url, table, schema=self.postgres_schema, merge_on=merge_on
            )

    def mirror_partitions(
        self, con: duckdb.DuckDBPyConnection, tables: Sequence[str], start: dt.date, end: dt.date
    ) -> None:
        """Postgres: copy days ``start``..``end`` of the raw ``tables`` the ingest just loaded
        into ``con`` to ``raw_schema`` (COPY, replacing those days). DuckDB: nothing to do."""
        if self.is_postgres and tables:
            pg_transfer.replace_partitions(
                con, self.postgres_url, tables, start, end, schema=self.raw_schema
            )

    def dbt_profile_env(self) -> dict[str, str]:
        """Variables for ``profiles.yml`` that point dbt at this warehouse when it is Postgres
        (target ``postgres``, host/port/user/password/dbname from ``postgres_url``); on DuckDB
        none (the profile's defaults and ``ENROLLFLOW_WAREHOUSE_PATH`` apply)."""
        if not self.is_postgres:
            return {}
        return profile_env(
            postgres_url=self.postgres_url, postgres_schema=self.postgres_schema, target="postgres"
        )

    def row_counts(self, tables: Iterable[str]) -> dict[str, int]:
        """Rows of each of ``tables`` that exists as a table or view in the warehouse."""
        wanted = sorted(set(tables))
        if self.is_postgres:
            with self.sql_connection() as conn:
                present = [
                    r[0]
                    for r in conn.exec_driver_sql(
                        "SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = current_schema()"
                    )
                    if r[0] in wanted
                ]
                return {
                    t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar_one()
                    for t in present
                }
        with self.connect() as con:
            present = {
                r[0] for r in con.sql("select table_name from information_schema.tables").fetchall()
            }
            return {
                t: con.execute(f'select count(*) from "{t}"').fetchall()[0][0]
                for t in wanted
                if t in present
            }

    @contextmanager
    def sql_connection(self) -> Iterator[Any]:
        """A connection for :class:`segments.warehouse.Warehouse`: the DuckDB file, or a
        SQLAlchemy Postgres connection whose ``search_path`` is ``postgres_schema``."""
        if not self.is_postgres:
            with self.connect() as con:
                yield con
            return
        import sqlalchemy as sa

        url = self.postgres_url.replace("postgresql://", "postgresql+psycopg2://", 1)
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(f'SET search_path TO "{self.postgres_schema}"')
                conn.commit()
                yield conn
        finally:
            engine.dispose()


class LandingResource(dg.ConfigurableResource):
    """The landing zone root (``ENROLLFLOW_LANDING_DIR``): ``<root>/<source>/<yyyy-mm-dd>/<file>``."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path)


def shared_resources() -> dict[str, Any]:
    """Resources every domain may use, keyed ``warehouse``, ``landing`` (and later ``dbt``...)."""
    settings = get_settings()
    return {
        "warehouse": WarehouseResource(
            path=str(settings.warehouse),
            backend=settings.warehouse_backend,
            postgres_url=settings.postgres_url,
        ),
        "landing": LandingResource(path=str(settings.landing)),
        "dbt": dbt_resource(),
    }
