"""A campaign's audience as SQL over the segments' memberships, and its size without pandas.

:class:`delivery.journeys.sources.WarehouseSource` reads the audience's contact ids with this
query; :func:`audience_count` counts them in the warehouse, which is all that validating a campaign
file or approving it needs (so those commands do not load pandas).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

__all__ = ["AUDIENCE_SQL", "SourceError", "audience_count", "audience_params", "require_table"]


class SourceError(RuntimeError):
    """The warehouse misses a table or column the engine needs (the message names it)."""


#: Contacts in any of ``$inc`` and none of ``$exc`` at instant ``$at`` (no order).
AUDIENCE_SQL = """
    SELECT DISTINCT contact_id FROM segment_memberships
    WHERE segment_name IN (SELECT unnest($inc)) AND valid_from <= $at
      AND (valid_to IS NULL OR valid_to > $at)
    EXCEPT
    SELECT contact_id FROM segment_memberships
    WHERE segment_name IN (SELECT unnest($exc)) AND valid_from <= $at
      AND (valid_to IS NULL OR valid_to > $at)
"""


def audience_params(segments: Sequence[str], exclude: Sequence[str], at: dt.datetime) -> dict:
    """:data:`AUDIENCE_SQL`'s parameters (an empty exclusion list matches no segment)."""
    return {"inc": list(segments), "exc": list(exclude) or [""], "at": at}


def require_table(tables: set[str], table: str, produced_by: str) -> None:
    """Raise :class:`SourceError` naming what produces ``table`` when it is not in ``tables``."""
    if table not in tables:
        raise SourceError(f"warehouse table {table!r} is missing: materialise {produced_by} first")


def audience_count(
    conn: Any, segments: Sequence[str], exclude: Sequence[str], at: dt.datetime
) -> int:
    """How many contacts are in any of ``segments`` and none of ``exclude`` at ``at``.

    ``conn`` is a DuckDB connection to the warehouse or its snapshot (read-only is enough).
    """
    tables = {
        r[0]
        for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name = $t",
            {"t": "segment_memberships"},
        ).fetchall()
    }
    require_table(tables, "segment_memberships", "the segment assets")
    sql = f"SELECT count(*) FROM ({AUDIENCE_SQL})"
    return int(conn.execute(sql, audience_params(segments, exclude, at)).fetchall()[0][0])
