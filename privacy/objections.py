"""Objection (GDPR Art. 21) and do-not-sell-or-share (CCPA) flags, honoured by targeting.

``marketing``: no more marketing to the contact (the journey audience drops them);
``sell_share``: never passed to third parties (audience syncs, ad platforms);
``analytics``: left out of analytics exports. A flag is a row per (contact, scope); the request
that set it is logged in ``privacy_requests``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
import sqlalchemy as sa

from delivery.store import Store, to_utc_naive
from privacy.tables import OBJECTION_SCOPES, privacy_objections


class ObjectionError(ValueError):
    """An objection names an unknown scope."""


def record_objection(
    conn: sa.Connection, *, contact_id: str, scope: str, source: str, now: dt.datetime
) -> bool:
    """Flag ``contact_id`` for ``scope``; False when it already was."""
    if scope not in OBJECTION_SCOPES:
        raise ObjectionError(
            f"objection scope {scope!r}: expected one of {', '.join(OBJECTION_SCOPES)}"
        )
    exists = conn.execute(
        sa.select(sa.literal(1)).where(
            privacy_objections.c.contact_id == contact_id, privacy_objections.c.scope == scope
        )
    ).first()
    if exists:
        return False
    conn.execute(
        privacy_objections.insert().values(
            contact_id=contact_id, scope=scope, source=source, recorded_at=to_utc_naive(now)
        )
    )
    return True


def objectors(store: Store, scopes: Iterable[str] = ("marketing",)) -> set[str]:
    """Contact ids flagged for any of ``scopes``."""
    with store.engine.connect() as conn:
        return set(
            conn.execute(
                sa.select(privacy_objections.c.contact_id).where(
                    privacy_objections.c.scope.in_(list(scopes))
                )
            ).scalars()
        )


def exclude_objectors(
    store: Store, contact_ids: pd.Series, scopes: Iterable[str] = ("marketing",)
) -> pd.Series:
    """``contact_ids`` without the contacts who objected (the targeting hook; order kept)."""
    flagged = objectors(store, scopes)
    if not flagged:
        return contact_ids
    return contact_ids[~contact_ids.isin(flagged)].reset_index(drop=True)
