"""Segment membership with history: ``segment_memberships`` and the ``segment_runs`` log.

``segment_memberships(segment_name, contact_id, valid_from, valid_to)`` holds one row per stay of a
contact in a segment; ``valid_to`` is NULL while the contact is a member. Each materialisation at
``now`` is set-based: stays of contacts no longer selected are closed at ``now`` and stays are opened
for newly selected contacts. So "was this contact in the segment at time t?" is answered by
``valid_from <= t < coalesce(valid_to, +inf)`` for any past t (:func:`was_member`).

``segment_runs(segment_name, run_at, size, entered, exited)`` logs every materialisation.
Materialisations of one segment must move forward in time; re-running at the same ``now`` replaces
that moment's state (zero-length stays are removed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlglot import exp

from segments.compiler import CompiledSegment, naive_utc, timestamp_literal
from segments.warehouse import Warehouse

MEMBERSHIPS = "segment_memberships"
RUNS = "segment_runs"
_CURRENT = "_segment_current"

_DDL = (
    f"CREATE TABLE IF NOT EXISTS {MEMBERSHIPS} (segment_name VARCHAR NOT NULL, "
    "contact_id VARCHAR NOT NULL, valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP)",
    f"CREATE INDEX IF NOT EXISTS {MEMBERSHIPS}_segment_contact ON {MEMBERSHIPS} "
    "(segment_name, contact_id)",
    f"CREATE TABLE IF NOT EXISTS {RUNS} (segment_name VARCHAR NOT NULL, run_at TIMESTAMP NOT NULL, "
    "size BIGINT NOT NULL, entered BIGINT NOT NULL, exited BIGINT NOT NULL)",
)


class HistoryError(ValueError):
    """A materialisation that would rewrite history (``now`` before the last run)."""


@dataclass(frozen=True)
class SegmentRun:
    """One materialisation of a segment.

    Attributes
    ----------
    segment_name, run_at
        Which segment, at which ``now`` (naive UTC).
    size, entered, exited
        Members after the run, contacts who joined, contacts who left.
    """

    segment_name: str
    run_at: dt.datetime
    size: int
    entered: int
    exited: int


def ensure_tables(warehouse: Warehouse) -> None:
    """Create ``segment_memberships`` and ``segment_runs`` if they do not exist."""
    for statement in _DDL:
        warehouse.execute(statement)


def _lit(value: object, warehouse: Warehouse) -> str:
    if isinstance(value, dt.datetime):
        return timestamp_literal(naive_utc(value)).sql(warehouse.dialect)
    return exp.convert(value).sql(warehouse.dialect)


def last_run(warehouse: Warehouse, segment_name: str) -> SegmentRun | None:
    """The latest run of a segment, or ``None`` if it was never materialised."""
    if not warehouse.has_table(RUNS):
        return None
    rows = warehouse.fetchall(
        f"SELECT segment_name, run_at, size, entered, exited FROM {RUNS} "
        f"WHERE segment_name = {_lit(segment_name, warehouse)} ORDER BY run_at DESC LIMIT 1"
    )
    return SegmentRun(*rows[0]) if rows else None


def materialise(warehouse: Warehouse, compiled: CompiledSegment, now: dt.datetime) -> SegmentRun:
    """Evaluate a compiled segment and record the change of membership at ``now``.

    Parameters
    ----------
    warehouse
        The warehouse holding the marts; history tables are created there if missing.
    compiled
        The segment compiled for this ``now``.
    now
        The moment of this materialisation (naive = UTC); not before the segment's last run.

    Returns
    -------
    SegmentRun
        Size, entered and exited, as also appended to ``segment_runs``.

    Raises
    ------
    HistoryError
        ``now`` is before the segment's last materialisation.
    """
    now = naive_utc(now)
    name = _lit(compiled.name, warehouse)
    at = _lit(now, warehouse)
    ensure_tables(warehouse)
    previous = last_run(warehouse, compiled.name)
    if previous is not None and now < previous.run_at:
        raise HistoryError(
            f"segment '{compiled.name}': now={now.isoformat()} is before its last materialisation "
            f"at {previous.run_at.isoformat()}; expected a later time (history only moves forward)"
        )
    open_stays = (
        f"SELECT contact_id FROM {MEMBERSHIPS} WHERE segment_name = {name} AND valid_to IS NULL"
    )
    warehouse.begin()
    try:
        warehouse.execute(f"DROP TABLE IF EXISTS {_CURRENT}")
        warehouse.execute(f"CREATE TEMPORARY TABLE {_CURRENT} AS {compiled.sql(warehouse.dialect)}")
        entered = warehouse.fetchall(
            f"SELECT COUNT(*) FROM {_CURRENT} cur WHERE cur.contact_id NOT IN ({open_stays})"
        )[0][0]
        exited = warehouse.fetchall(
            f"SELECT COUNT(*) FROM ({open_stays}) o "
            f"WHERE o.contact_id NOT IN (SELECT contact_id FROM {_CURRENT})"
        )[0][0]
        size = warehouse.fetchall(f"SELECT COUNT(*) FROM {_CURRENT}")[0][0]
        warehouse.execute(
            f"UPDATE {MEMBERSHIPS} SET valid_to = {at} WHERE segment_name = {name} "
            f"AND valid_to IS NULL AND contact_id NOT IN (SELECT contact_id FROM {_CURRENT})"
        )
        warehouse.execute(
            f"INSERT INTO {MEMBERSHIPS} (segment_name, contact_id, valid_from, valid_to) "
            f"SELECT {name}, cur.contact_id, {at}, NULL FROM {_CURRENT} cur "
            f"WHERE cur.contact_id NOT IN ({open_stays})"
        )
        warehouse.execute(
            f"DELETE FROM {MEMBERSHIPS} WHERE segment_name = {name} AND valid_to = valid_from"
        )
        warehouse.execute(
            f"INSERT INTO {RUNS} (segment_name, run_at, size, entered, exited) "
            f"VALUES ({name}, {at}, {size}, {entered}, {exited})"
        )
        warehouse.execute(f"DROP TABLE {_CURRENT}")
        warehouse.commit()
    except BaseException:
        warehouse.rollback()
        raise
    return SegmentRun(compiled.name, now, int(size), int(entered), int(exited))


def was_member(warehouse: Warehouse, segment_name: str, contact_id: str, at: dt.datetime) -> bool:
    """Whether ``contact_id`` was in the segment at time ``at`` (as last materialised before ``at``).

    Parameters
    ----------
    warehouse
        The warehouse with ``segment_memberships``.
    segment_name, contact_id
        Which segment and contact.
    at
        The moment asked about (naive = UTC).

    Returns
    -------
    bool
        True when a stay covers ``at``: ``valid_from <= at < valid_to`` (open stays never end).
    """
    if not warehouse.has_table(MEMBERSHIPS):
        return False
    when = _lit(naive_utc(at), warehouse)
    rows = warehouse.fetchall(
        f"SELECT COUNT(*) FROM {MEMBERSHIPS} WHERE segment_name = {_lit(segment_name, warehouse)} "
        f"AND contact_id = {_lit(contact_id, warehouse)} AND valid_from <= {when} "
        f"AND (valid_to IS NULL OR valid_to > {when})"
    )
    return rows[0][0] > 0


def members_at(warehouse: Warehouse, segment_name: str, at: dt.datetime | None = None) -> list[str]:
    """Contact ids in the segment at ``at`` (``None``: the current members), sorted."""
    if not warehouse.has_table(MEMBERSHIPS):
        return []
    condition = "valid_to IS NULL"
    if at is not None:
        when = _lit(naive_utc(at), warehouse)
        condition = f"valid_from <= {when} AND (valid_to IS NULL OR valid_to > {when})"
    rows = warehouse.fetchall(
        f"SELECT contact_id FROM {MEMBERSHIPS} WHERE segment_name = "
        f"{_lit(segment_name, warehouse)} AND {condition} ORDER BY contact_id"
    )
    return [r[0] for r in rows]
