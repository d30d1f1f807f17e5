"""The audit page: who did what, when (server time), filtered by actor, action, subject, dates."""

from __future__ import annotations

import datetime as dt

from starlette.responses import Response

from delivery import identity
from studio.web import AUDIT, Ctx, page


def _date(text: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


@page("/audit", AUDIT)
def audit_page(ctx: Ctx) -> Response:
    q = ctx.request.query_params
    filters = {k: q.get(k, "") for k in ("actor", "action", "subject", "since", "until")}
    until = _date(filters["until"])
    rows = identity.query_audit(
        ctx.app.store,
        actor=filters["actor"] or None,
        action=filters["action"] or None,
        subject=filters["subject"] or None,
        since=_date(filters["since"]),
        until=until + dt.timedelta(days=1) if until and len(filters["until"]) == 10 else until,
    )
    return ctx.render(
        "audit.html", rows=rows, filters=filters, actions=identity.audit_actions(ctx.app.store)
    )


ROUTES = [audit_page]
