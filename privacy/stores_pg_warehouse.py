"""Erase one person in a warehouse on Postgres (the dbt ``postgres`` target).

The same rule as the DuckDB warehouse (:mod:`privacy.stores_warehouse`): every table of the
given schemas (raw tables and dbt-built ones) is reflected, rows naming the person are found with
``lower(col) LIKE`` over the text columns and scrubbed in place by
:func:`privacy.stores_ops.scrub_table`; views recompute. Each schema is one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from privacy.person import Scrubber
from privacy.stores_ops import reflect_tables, scrub_table


def erase_in_postgres_warehouse(
    url: str, schemas: Sequence[str], scrubber: Scrubber
) -> dict[str, int]:
    """Scrub the person from every table of ``schemas``; return rows changed per table."""
    engine = sa.create_engine(sa.make_url(url).set(drivername="postgresql+psycopg2"))
    touched: dict[str, int] = {}
    try:
        for schema in schemas:
            tables = reflect_tables(engine, schema)
            with engine.begin() as conn:
                for table in tables:
                    n = scrub_table(conn, table, scrubber)
                    if n:
                        touched[f"{schema}.{table.name}"] = n
    finally:
        engine.dispose()
    return touched
