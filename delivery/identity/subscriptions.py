"""Who receives the weekly report and the alerts by email: users subscribe on their account page.

The weekly report job (``orchestration/defs/reporting/jobs.py``) and the alert notifier
(``orchestration/defs/reporting/resources.py``) send to :func:`recipients`: the configured
addresses (``ENROLLFLOW_REPORT_RECIPIENTS`` / ``ENROLLFLOW_ALERT_RECIPIENTS``) and the users
subscribed to ``weekly`` / ``alerts`` -- active users only, at their staff email (opened from its
sealed column), so a deactivated user receives nothing -- each address once. Subscribing and
unsubscribing are audited (``report.subscribe`` / ``report.unsubscribe``) and idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa

from delivery.identity.emails import open_email
from delivery.identity.errors import IdentityError
from delivery.identity.tables import report_subscriptions as S
from delivery.store import Store, to_utc_naive
from delivery.store.schema import users

#: what a user may subscribe to: the weekly report, the alerts as they open and resolve
REPORTS = ("weekly", "alerts")


def _check(report: str) -> None:
    if report not in REPORTS:
        raise IdentityError(f"report {report!r}: expected one of {', '.join(REPORTS)}")


def is_subscribed(store: Store, user_id: str, report: str = "weekly") -> bool:
    """Whether ``user_id`` receives ``report`` by email."""
    with store.engine.connect() as conn:
        return (
            conn.execute(
                sa.select(S.c.user_id).where(S.c.user_id == user_id, S.c.report == report)
            ).first()
            is not None
        )


def set_subscribed(
    store: Store, user_id: str, subscribed: bool, *, now: dt.datetime, report: str = "weekly"
) -> bool:
    """Subscribe (or unsubscribe) ``user_id`` to ``report``; returns whether anything changed.
    Audited with the user as the actor."""
    _check(report)
    with store.begin() as conn:
        held = conn.execute(
            sa.select(S.c.user_id).where(S.c.user_id == user_id, S.c.report == report)
        ).first()
        if subscribed == (held is not None):
            return False
        if subscribed:
            conn.execute(S.insert().values(user_id=user_id, report=report,
                                           subscribed_at=to_utc_naive(now)))  # fmt: skip
        else:
            conn.execute(S.delete().where(S.c.user_id == user_id, S.c.report == report))
        store.audit(
            conn, now=now, actor=user_id,
            action="report.subscribe" if subscribed else "report.unsubscribe",
            subject=user_id, detail={"report": report},
        )  # fmt: skip
        return True


def subscriber_emails(store: Store, report: str = "weekly") -> list[str]:
    """The staff emails of the active users subscribed to ``report``, by user id."""
    _check(report)
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(users.c.email_enc)
            .join(S, S.c.user_id == users.c.user_id)
            .where(S.c.report == report, users.c.is_active.is_(True))
            .order_by(users.c.user_id)
        ).all()
    return [open_email(store.keys, enc) for (enc,) in rows]


def recipients(configured: Sequence[str], store: Store, report: str) -> list[str]:
    """The ``configured`` addresses, then the subscribers of ``report``, each address once (in
    any case: the first spelling is kept)."""
    seen: dict[str, str] = {}
    for address in (*configured, *subscriber_emails(store, report)):
        seen.setdefault(address.strip().lower(), address.strip())
    return [a for a in seen.values() if a]
