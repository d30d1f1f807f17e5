"""Preview a segment without materialising it: size, change since last run, breakdowns, sample."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from segments.compiler import CompiledSegment
from segments.evaluate import breakdowns, evaluate, sample, size_warnings
from segments.history import last_run, members_at
from segments.warehouse import Warehouse


@dataclass(frozen=True)
class SegmentPreview:
    """What a segment would select now, beside its last materialisation.

    Attributes
    ----------
    name, size, sql, seconds
        The segment, its size now, the generated SQL and the time the evaluation took.
    last_run_at, last_size
        The last materialisation (``None`` if never materialised).
    would_enter, would_exit
        Contacts who would join / leave compared with the current members.
    breakdowns
        Counts by country, locale and consent.
    sample
        A few members (no contact details).
    warnings
        Size warnings (empty, too small for an A/B test).
    """

    name: str
    size: int
    sql: str
    seconds: float
    last_run_at: dt.datetime | None
    last_size: int | None
    would_enter: int
    would_exit: int
    breakdowns: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    sample: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def preview(
    warehouse: Warehouse,
    compiled: CompiledSegment,
    sample_size: int = 10,
    clock: Callable[[], float] = time.perf_counter,
) -> SegmentPreview:
    """Evaluate a segment read-only and describe the result.

    Parameters
    ----------
    warehouse
        The warehouse with the marts (and ``segment_memberships``, if it was materialised).
    compiled
        The segment compiled for the moment to preview.
    sample_size
        How many members to show.
    clock
        Seconds counter used to time the evaluation.

    Returns
    -------
    SegmentPreview
    """
    started = clock()
    members = evaluate(warehouse, compiled)
    seconds = clock() - started
    previous = last_run(warehouse, compiled.name)
    current = set(members_at(warehouse, compiled.name)) if previous else set()
    selected = set(members)
    return SegmentPreview(
        name=compiled.name,
        size=len(members),
        sql=compiled.sql(warehouse.dialect, pretty=True),
        seconds=seconds,
        last_run_at=previous.run_at if previous else None,
        last_size=previous.size if previous else None,
        would_enter=len(selected - current),
        would_exit=len(current - selected),
        breakdowns=breakdowns(warehouse, compiled),
        sample=sample(warehouse, compiled, sample_size),
        warnings=size_warnings(len(members)),
    )
