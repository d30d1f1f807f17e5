"""A thin, uniform way to run SQL on the warehouse: a DuckDB connection or a SQLAlchemy connection.

Segments run on DuckDB (the default warehouse) and on Postgres (the production target). Both are
wrapped in :class:`Warehouse`, which knows its sqlglot dialect; callers pass the connection in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

_DIALECTS = {"postgresql": "postgres", "duckdb": "duckdb"}


@dataclass
class Warehouse:
    """A warehouse connection and its sqlglot dialect.

    Parameters
    ----------
    connection
        A ``duckdb.DuckDBPyConnection`` or a SQLAlchemy ``Connection`` (Postgres or DuckDB).
    """

    connection: Any

    @property
    def dialect(self) -> str:
        """``duckdb`` or ``postgres``."""
        if isinstance(self.connection, duckdb.DuckDBPyConnection):
            return "duckdb"
        name = self.connection.dialect.name
        if name not in _DIALECTS:
            raise ValueError(
                f"unsupported warehouse dialect '{name}'; expected duckdb or postgresql"
            )
        return _DIALECTS[name]

    def execute(self, sql: str) -> None:
        """Run a statement (no result)."""
        if isinstance(self.connection, duckdb.DuckDBPyConnection):
            self.connection.execute(sql)
        else:
            self.connection.exec_driver_sql(sql)

    def fetchall(self, sql: str) -> list[tuple[Any, ...]]:
        """Run a query and return its rows as tuples."""
        if isinstance(self.connection, duckdb.DuckDBPyConnection):
            return self.connection.execute(sql).fetchall()
        return [tuple(r) for r in self.connection.exec_driver_sql(sql)]

    def fetch_columns(self, sql: str) -> tuple[Sequence[str], list[tuple[Any, ...]]]:
        """Run a query and return ``(column names, rows)``."""
        if isinstance(self.connection, duckdb.DuckDBPyConnection):
            cursor = self.connection.execute(sql)
            return [d[0] for d in cursor.description], cursor.fetchall()
        result = self.connection.exec_driver_sql(sql)
        return list(result.keys()), [tuple(r) for r in result]

    def begin(self) -> None:
        """Start a transaction (SQLAlchemy connections begin on first use)."""
        if isinstance(self.connection, duckdb.DuckDBPyConnection):
            self.connection.execute("BEGIN TRANSACTION")

    def commit(self) -> None:
        """Commit the current transaction."""
        if isinstance(self.connection, duckdb.DuckDBPyConnection):
            self.connection.execute("COMMIT")
        else:
            self.connection.commit()

    def rollback(self) -> None:
        """Roll the current transaction back."""
        if isinstance(self.connection, duckdb.DuckDBPyConnection):
            self.connection.execute("ROLLBACK")
        else:
            self.connection.rollback()

    def has_table(self, name: str) -> bool:
        """Whether a table (or view) of that name is visible."""
        from sqlglot import exp

        rows = self.fetchall(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = "
            + exp.convert(name).sql(self.dialect)
        )
        return rows[0][0] > 0
