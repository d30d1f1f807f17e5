"""SQL helpers shared by the ops store's set-based readers (SQLite and Postgres)."""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


def among(conn: sa.Connection, column: sa.Column, values: Iterable[str]) -> sa.ColumnElement:
    """``column IN values`` as one bound parameter, however many values.

    A JSON array read by ``json_each`` on SQLite, an array with ``= ANY`` on Postgres: no
    chunking under the driver's parameter limit and no per-value compilation (SQLAlchemy's
    expanding ``IN`` costs ~5 µs per value to compile).
    """
    values = [str(v) for v in values]
    if conn.dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(None, values, type_=postgresql.ARRAY(sa.String)))
    listed = sa.func.json_each(sa.bindparam(None, json.dumps(values))).table_valued("value")
    return column.in_(sa.select(listed.c.value))
