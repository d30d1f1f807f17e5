"""The demo campaign's results, read back from the ops store and the marts.

Sends, spend (what the budget charged) and the holdout come from the ops store (the ledger and
journeys); deliveries, opens and clicks per variant from ``fct_message_events`` (provider events
joined on the ledger id), enrollments from ``fct_contact_activity`` -- both built from what came
back through the webhooks app and the LMS export, not from the engagement model's own draws.
The KPIs compared with the campaign's own targets are the marts' (``fct_campaign_performance``:
enrollments credited within the conversion window per contact reached, spend per credited
enrollment), the figures the studio and the report show; beside them, the share of treated and
held-out contacts who enrolled at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pandas as pd
import sqlalchemy as sa

from delivery.campaigns.lifecycle import get_campaign
from delivery.campaigns.tables import journey_state
from delivery.counters import spent_amounts
from delivery.ledger import Ledger
from delivery.store import Store
from delivery.store.schema import send_ledger


def _frame(store: Store, query: sa.Select, columns: list[str]) -> pd.DataFrame:
    with store.engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=columns)


def _tables(conn: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }


def _events(conn: duckdb.DuckDBPyConnection, cid: str) -> pd.DataFrame:
    """Distinct emails per variant and event type (human opens only)."""
    if "fct_message_events" not in _tables(conn):
        return pd.DataFrame(columns=["variant_id", "event_type", "messages"])
    return conn.execute(
        """SELECT variant_id, event_type, count(DISTINCT message_id) AS messages
           FROM fct_message_events
           WHERE campaign_id = ? AND channel = 'email' AND NOT is_machine_open
           GROUP BY ALL""",
        [cid],
    ).df()


def _credited(conn: duckdb.DuckDBPyConnection, cid: str) -> tuple[int, int]:
    """(credited conversions, contacts reached) of the campaign in ``fct_campaign_performance``:
    the conversion rate as the studio and the report show it."""
    if "fct_campaign_performance" not in _tables(conn):
        return 0, 0
    [(conversions, reached)] = conn.execute(
        "SELECT sum(conversions), sum(reached) FROM fct_campaign_performance WHERE campaign_id = ?",
        [cid],
    ).fetchall()
    return int(conversions or 0), int(reached or 0)


def _enrolled(conn: duckdb.DuckDBPyConnection, contacts: pd.Series, since: dt.datetime) -> set:
    if "fct_contact_activity" not in _tables(conn) or contacts.empty:
        return set()
    conn.register("_audience", pd.DataFrame({"contact_id": contacts.astype(str)}))
    try:
        rows = conn.execute(
            """SELECT DISTINCT a.contact_id FROM fct_contact_activity a
               JOIN _audience USING (contact_id)
               WHERE a.activity_type = 'enrolled' AND a.occurred_at >= ?""",
            [since],
        ).fetchall()
    finally:
        conn.unregister("_audience")
    return {r[0] for r in rows}


def summarise(
    store: Store,
    conn: duckdb.DuckDBPyConnection,
    campaign: Any,
    audience: int,
    start: dt.datetime,
    alerts: list[str],
) -> dict[str, Any]:
    """The campaign's results: messages, funnel per variant, holdout, spend, KPIs vs target."""
    cid = campaign.campaign_id
    L, J = send_ledger, journey_state
    sent = _frame(
        store,
        sa.select(L.c.channel, L.c.variant_id, L.c.state).where(L.c.campaign_id == cid),
        ["channel", "variant_id", "state"],
    )
    journeys = _frame(
        store,
        sa.select(J.c.contact_id, J.c.variant_id, J.c.exit_reason).where(J.c.campaign_id == cid),
        ["contact_id", "variant_id", "exit_reason"],
    )
    record = get_campaign(store, cid)
    events = _events(conn, cid)
    emails = sent[sent["channel"] == "email"]
    variants: dict[str, dict[str, int]] = {}
    for v in sorted(emails["variant_id"].dropna().unique()):
        counts = events[events["variant_id"] == v].set_index("event_type")["messages"]
        treated = journeys.loc[journeys["variant_id"] == v, "contact_id"]
        variants[str(v)] = {
            "emails": int((emails["variant_id"] == v).sum()),
            "delivered": int(counts.get("delivered", 0)),
            "opened": int(counts.get("open", 0)),
            "clicked": int(counts.get("click", 0)),
            "enrolled": len(_enrolled(conn, treated, start)),
        }
    holdout = journeys.loc[journeys["variant_id"] == "holdout", "contact_id"]
    treated = journeys.loc[journeys["variant_id"] != "holdout", "contact_id"]
    enrolled = len(_enrolled(conn, treated, start))
    # what the budget charged (per billed segment for SMS), as the studio and the marts show it
    with store.engine.connect() as c:
        spend = spent_amounts(c, [cid]).get(cid, 0.0)
    kpis = record.spec.kpis
    credited, reached = _credited(conn, cid)
    holdout_enrolled = len(_enrolled(conn, holdout, start))
    return {
        "campaign_id": cid,
        "status": record.status,
        "started_at": start.isoformat(),
        "audience": audience,
        "journeys": int(len(journeys)),
        "holdout": int(len(holdout)),
        "holdout_enrolled": holdout_enrolled,
        "exited_on_enrollment": int(
            journeys["exit_reason"].fillna("").str.startswith("converted").sum()
        ),
        "messages": {ch: int(n) for ch, n in sent["channel"].value_counts().items()},
        "ledger_states": Ledger(store).counts(campaign_id=cid),
        "variants": variants,
        "enrolled": enrolled,
        "enrolled_rate": round(enrolled / len(treated), 4) if len(treated) else 0.0,
        "holdout_rate": round(holdout_enrolled / len(holdout), 4) if len(holdout) else None,
        # the campaign's KPIs as the marts define them (enrollments credited within the
        # conversion window, per contact reached), the figures the studio and the report show
        "conversions": credited,
        "reached": reached,
        "conversion_rate": round(credited / reached, 4) if reached else 0.0,
        "target_conversion_rate": getattr(kpis, "target_conversion_rate", None),
        "cpa_amount": round(spend / credited, 2) if credited else None,
        "target_cpa_amount": getattr(kpis, "target_cpa_amount", None),
        "spend_amount": round(spend, 4),
        "budget_amount": record.spec.budget.amount,
        "currency": record.spec.budget.currency,
        "alerts": alerts,
    }
