"""Sanity checks on materialised segments (run by the audience asset checks before any send)."""

from __future__ import annotations

from sqlglot import exp

from segments import catalog
from segments.compiler import CONTACTS_ALIAS, consent_condition
from segments.history import MEMBERSHIPS
from segments.warehouse import Warehouse


def consent_leaks(
    warehouse: Warehouse, segment_name: str, channel: str, schema: str | None = None
) -> list[str]:
    """Current members of a channel segment who may not be contacted on that channel now.

    Parameters
    ----------
    warehouse
        The warehouse with ``segment_memberships`` and ``dim_contacts``.
    segment_name
        The segment.
    channel
        ``email`` or ``sms``.
    schema
        Schema of ``dim_contacts`` (``None``: unqualified).

    Returns
    -------
    list of str
        Offending contact ids, sorted (empty when the segment respects consent).
    """
    members = (
        exp.select("contact_id")
        .from_(MEMBERSHIPS)
        .where(
            exp.and_(
                exp.column("segment_name").eq(exp.convert(segment_name)),
                exp.column("valid_to").is_(exp.null()),
            )
        )
    )
    query = (
        exp.select(exp.column("contact_id", "m"))
        .from_(members.subquery("m"))
        .join(
            exp.table_(catalog.CONTACTS_TABLE, db=schema).as_(CONTACTS_ALIAS),
            on=exp.column("contact_id", CONTACTS_ALIAS).eq(exp.column("contact_id", "m")),
            join_type="left",
        )
        .where(exp.not_(consent_condition(channel)))
        .order_by(exp.column("contact_id", "m"))
    )
    return [r[0] for r in warehouse.fetchall(query.sql(warehouse.dialect))]
