"""Run a compiled segment: its members, breakdowns of them, a sample, and size warnings."""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from segments import catalog
from segments.compiler import CompiledSegment, consent_condition
from segments.warehouse import Warehouse

#: A/B tests need at least this many contacts in a segment.
MIN_AB_TEST_SIZE = 100


def evaluate(warehouse: Warehouse, compiled: CompiledSegment) -> list[str]:
    """The contact ids a compiled segment selects now, sorted.

    Parameters
    ----------
    warehouse
        The warehouse holding the marts the segment reads.
    compiled
        The compiled segment.

    Returns
    -------
    list of str
        Sorted contact ids.
    """
    rows = warehouse.fetchall(compiled.sql(warehouse.dialect))
    return sorted(r[0] for r in rows)


def _with_members(compiled: CompiledSegment, select: exp.Select) -> exp.Select:
    """``select`` over ``dim_contacts AS c`` joined to the segment's members (CTE ``members``)."""
    contacts = exp.table_(catalog.CONTACTS_TABLE, db=compiled.schema)
    return (
        select.from_(contacts.as_("c"))
        .join(
            exp.table_("members").as_("m"),
            on=exp.column("contact_id", "m").eq(exp.column("contact_id", "c")),
        )
        .with_("members", as_=compiled.expression)
    )


def _consent_label() -> exp.Expression:
    email, sms = consent_condition("email"), consent_condition("sms")
    return (
        exp.Case()
        .when(exp.and_(email, sms), exp.Literal.string("email+sms"))
        .when(email, exp.Literal.string("email only"))
        .when(sms, exp.Literal.string("sms only"))
        .else_(exp.Literal.string("not contactable"))
    )


def breakdowns(warehouse: Warehouse, compiled: CompiledSegment) -> dict[str, list[tuple[Any, int]]]:
    """Member counts by country, locale and consent (largest first).

    Returns
    -------
    dict
        ``{"country": [(value, count), ...], "locale": [...], "consent": [...]}``; missing values
        are ``None``; ``consent`` is ``email+sms``, ``email only``, ``sms only`` or
        ``not contactable``.
    """
    result: dict[str, list[tuple[Any, int]]] = {}
    dimensions = {name: exp.column(name, "c") for name in catalog.BREAKDOWN_COLUMNS}
    dimensions["consent"] = _consent_label()
    for name, expression in dimensions.items():
        query = _with_members(
            compiled, exp.select(expression.as_("value"), exp.func("COUNT", exp.Star()).as_("n"))
        )
        query = query.group_by(expression).order_by("n DESC", "value")
        result[name] = [(v, int(n)) for v, n in warehouse.fetchall(query.sql(warehouse.dialect))]
    return result


def sample(warehouse: Warehouse, compiled: CompiledSegment, size: int = 10) -> list[dict[str, Any]]:
    """A reproducible sample of members (ordered by a hash of the id), without contact details.

    Returns
    -------
    list of dict
        ``contact_id``, ``country``, ``locale``, ``age_band``, ``lead_source``, ``created_at``.
    """
    columns = ["contact_id", "country", "locale", "age_band", "lead_source", "created_at"]
    query = _with_members(compiled, exp.select(*(exp.column(c, "c") for c in columns)))
    query = query.order_by(exp.func("MD5", exp.column("contact_id", "c"))).limit(size)
    names, rows = warehouse.fetch_columns(query.sql(warehouse.dialect))
    return [dict(zip(names, row, strict=True)) for row in rows]


def size_warnings(size: int) -> list[str]:
    """Warnings for a segment's size: empty, or too small for an A/B test."""
    if size == 0:
        return ["empty segment: it selects no contact"]
    if size < MIN_AB_TEST_SIZE:
        return [f"too small for an A/B test: {size} contacts (< {MIN_AB_TEST_SIZE})"]
    return []
