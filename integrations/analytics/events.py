"""The events an analytics tool receives: campaign touches and enrollments, pseudonymous.

Read from the marts (``fct_touchpoints`` for touches, ``fct_attribution`` for conversions), only for
contacts who may be tracked (:data:`TRACKABLE`), identified by a keyed hash of the contact id — no
email, phone or name leaves EnrollFlow.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

import duckdb

# Who may be tracked: marketing consent on some channel and no unsubscribe. A warehouse with an
# objection / do-not-sell-or-share flag (`has_objected_to_tracking`) excludes those contacts too.
TRACKABLE = "(c.has_email_consent or c.has_sms_consent) and not coalesce(c.is_unsubscribed, false)"
OBJECTION_COLUMN = "has_objected_to_tracking"


class AnalyticsInputError(ValueError):
    """The marts the sync reads are missing or malformed (the message names the table)."""


@dataclass(frozen=True)
class AnalyticsEvent:
    """One event for an analytics tool.

    ``event_key`` is stable across runs (the touchpoint or conversion id), so a destination's
    de-duplication id (Mixpanel's ``$insert_id``) derived from it makes a re-sent event a no-op.
    """

    event_key: str
    user_id: str
    name: str
    occurred_at: dt.datetime
    properties: dict[str, object] = field(default_factory=dict)


def pseudonymous_id(contact_id: str, key: bytes) -> str:
    """The id analytics tools see for a contact: HMAC-SHA256 of the contact id, hex (32 chars)."""
    if not key:
        raise AnalyticsInputError("the analytics id key is empty; set ENROLLFLOW_ANALYTICS_ID_KEY")
    return hmac.new(key, contact_id.encode(), hashlib.sha256).hexdigest()[:32]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = ?", [table]
    ).fetchall()
    if not rows:
        raise AnalyticsInputError(
            f"table {table} is missing: build the marts (warehouse_job) first"
        )
    return {r[0] for r in rows}


def read_events(
    con: duckdb.DuckDBPyConnection,
    *,
    since: dt.datetime | None,
    until: dt.datetime,
    id_key: bytes,
) -> list[AnalyticsEvent]:
    """Touches and enrollments with ``since < time <= until`` of trackable contacts, oldest first.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The warehouse (or its snapshot), with ``fct_touchpoints``, ``fct_attribution`` and
        ``dim_contacts``.
    since : datetime or None
        Exclusive lower bound (UTC); ``None`` for everything up to ``until``.
    until : datetime
        Inclusive upper bound (UTC).
    id_key : bytes
        Key of :func:`pseudonymous_id`.
    """
    objection = (
        f" and not coalesce(c.{OBJECTION_COLUMN}, false)"
        if OBJECTION_COLUMN in _columns(con, "dim_contacts")
        else ""
    )
    _columns(con, "fct_touchpoints")
    _columns(con, "fct_attribution")
    lower = since or dt.datetime(1970, 1, 1)
    touches = con.execute(
        f"""
        select t.touchpoint_id, t.contact_id, t.touch_at, t.channel, t.touch_type,
               t.campaign_id, t.utm_source, t.utm_medium
        from fct_touchpoints t join dim_contacts c using (contact_id)
        where t.touch_at > ? and t.touch_at <= ? and {TRACKABLE}{objection}
        """,
        [lower, until],
    ).fetchall()
    conversions = con.execute(
        f"""
        select a.conversion_id, a.contact_id, min(a.converted_at),
               sum(a.attributed_revenue_amount), arg_max(a.campaign_id, a.credit)
        from fct_attribution a join dim_contacts c using (contact_id)
        where a.attribution_model = 'last_touch' and a.converted_at > ? and a.converted_at <= ?
          and {TRACKABLE}{objection}
        group by 1, 2
        """,
        [lower, until],
    ).fetchall()
    events = [
        AnalyticsEvent(
            event_key=f"touch:{tid}",
            user_id=pseudonymous_id(cid, id_key),
            name="campaign_touch",
            occurred_at=at,
            properties={
                "campaign_id": campaign,
                "channel": channel,
                "touch_type": touch_type,
                "utm_source": source,
                "utm_medium": medium,
            },
        )
        for tid, cid, at, channel, touch_type, campaign, source, medium in touches
    ]
    events += [
        AnalyticsEvent(
            event_key=f"enrollment:{conv}",
            user_id=pseudonymous_id(cid, id_key),
            name="enrollment",
            occurred_at=at,
            properties={
                "transaction_id": conv,
                "value": round(float(revenue or 0.0), 2),
                "last_touch_campaign_id": campaign,
            },
        )
        for conv, cid, at, revenue, campaign in conversions
    ]
    return sorted(events, key=lambda e: (e.occurred_at, e.event_key))
