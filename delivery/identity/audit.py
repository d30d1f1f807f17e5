"""Reading the audit log (written by every action through ``Store.audit``) with filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from delivery.store import Store, to_utc_naive
from delivery.store.schema import audit_log


def query_audit(
    store: Store,
    *,
    actor: str | None = None,
    action: str | None = None,
    subject: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Audit entries, newest first; ``action`` matches a prefix (``campaign.`` = all of them)."""
    stmt = sa.select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.audit_id.desc())
    if actor:
        stmt = stmt.where(audit_log.c.actor == actor)
    if action:
        stmt = stmt.where(audit_log.c.action.startswith(action, autoescape=True))
    if subject:
        stmt = stmt.where(audit_log.c.subject == subject)
    if since:
        stmt = stmt.where(audit_log.c.at >= to_utc_naive(since))
    if until:
        stmt = stmt.where(audit_log.c.at < to_utc_naive(until))
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt.limit(max(1, min(limit, 1000)))).mappings()]


def audit_actions(store: Store) -> list[str]:
    """Distinct action names (for the audit page's filter)."""
    with store.engine.connect() as conn:
        return list(
            conn.execute(
                sa.select(audit_log.c.action).distinct().order_by(audit_log.c.action)
            ).scalars()
        )
