"""What the pages show, read from the ops store and the warehouse snapshot (never written).

Business rules are not re-implemented here: statuses, approvals and spend come from the ops
store's own records (spend: the ``spent`` counter the ledger's triggers keep, the figure the
dispatch-time budget check reads), KPIs and health from the dbt marts. The list page reads
O(campaigns) rows of the ops store, never the ledger.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import sqlalchemy as sa

from delivery.campaigns.models import Campaign
from delivery.campaigns.tables import campaign_versions, campaigns
from delivery.counters import spent_amounts
from delivery.journeys.audience import AUDIENCE_SQL, audience_params
from delivery.store import Store
from delivery.store.schema import suppressions
from delivery.suppression import address_hash
from studio.snapshot import WarehouseSnapshot

CHANNEL_COLUMNS = {"email": "email", "sms": "phone"}


def _specs(conn: sa.Connection, where=None) -> list[dict[str, Any]]:
    stmt = sa.select(campaigns, campaign_versions.c.spec_json).join(
        campaign_versions,
        sa.and_(
            campaign_versions.c.campaign_id == campaigns.c.campaign_id,
            campaign_versions.c.version == campaigns.c.current_version,
        ),
    )
    if where is not None:
        stmt = stmt.where(where)
    return [dict(r) for r in conn.execute(stmt.order_by(campaigns.c.updated_at.desc())).mappings()]


def reached_sum(snapshot: WarehouseSnapshot) -> str:
    """``sum(reached)`` of fct_campaign_performance, or NULL in a snapshot that predates it."""
    return "sum(reached)" if "reached" in snapshot.columns("fct_campaign_performance") else "NULL"


def _marts(snapshot: WarehouseSnapshot, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {i: {} for i in ids}
    tables = snapshot.tables()
    with snapshot.cursor() as cur:
        if cur is None or not ids:
            return out
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE wanted AS SELECT unnest($ids) AS campaign_id",
            {"ids": ids},
        )
        if "fct_campaign_performance" in tables:
            # a snapshot built before `reached` existed shows no rate until the next build
            reached = reached_sum(snapshot)
            for r in cur.execute(
                f"""SELECT campaign_id, sum(sends) AS sends, sum(conversions) AS conversions,
                          sum(spend_amount) AS spend, sum(revenue_amount) AS revenue,
                          sum(unique_clicks) AS clicks, sum(deliveries) AS deliveries,
                          {reached} AS reached
                   FROM fct_campaign_performance JOIN wanted USING (campaign_id)
                   GROUP BY campaign_id"""
            ).fetchall():
                sends, conv, reached = r[1] or 0, r[2] or 0, r[7] or 0
                out[r[0]].update(
                    mart_sends=sends,
                    conversions=conv,
                    # the marts' definition (conversions per contact reached), as the report's
                    conversion_rate=(conv / reached) if reached else None,
                    revenue=r[4],
                    click_rate=(r[5] / r[6]) if r[6] else None,
                )
        if "fct_campaign_health" in tables:
            for r in cur.execute(
                """SELECT campaign_id, arg_max(health_score, health_date)
                   FROM fct_campaign_health JOIN wanted USING (campaign_id) GROUP BY campaign_id"""
            ).fetchall():
                out[r[0]]["health_score"] = r[1]
        cur.execute("DROP TABLE wanted")
    return out


@functools.lru_cache(maxsize=4096)
def parse_spec(campaign_id: str, version: int, spec_json: str) -> Campaign:
    """A stored version's spec (versions never change, so parsing is cached by id and version)."""
    return Campaign.model_validate_json(spec_json)


def health_label(score: float | None) -> str:
    """Words for the marts' 0-100 health score (the score itself comes from fct_campaign_health)."""
    if score is None:
        return "no data yet"
    return "healthy" if score >= 70 else "watch" if score >= 40 else "at risk"


def campaign_summaries(
    store: Store,
    snapshot: WarehouseSnapshot,
    *,
    status: str | None = None,
    search: str | None = None,
) -> list[dict[str, Any]]:
    """One row per campaign for the list page: status, channels, audience, budget, KPIs, health."""
    where = []
    if status:
        where.append(campaigns.c.status == status)
    if search:
        like = f"%{search.strip().lower()}%"
        where.append(
            sa.or_(
                sa.func.lower(campaigns.c.name).like(like),
                sa.func.lower(campaigns.c.campaign_id).like(like),
                sa.func.lower(campaigns.c.owner).like(like),
            )
        )
    with store.engine.connect() as conn:
        rows = _specs(conn, sa.and_(*where) if where else None)
        spend = spent_amounts(conn, [r["campaign_id"] for r in rows])  # O(campaigns)
    marts = _marts(snapshot, [r["campaign_id"] for r in rows])
    out = []
    for r in rows:
        cid = r["campaign_id"]
        spec = parse_spec(cid, r["current_version"], r["spec_json"])
        spent = spend.get(cid, 0.0)
        mart = marts.get(cid, {})
        target = spec.kpis.target_conversion_rate if spec.kpis else None
        out.append(
            {
                "campaign_id": cid,
                "name": r["name"],
                "type": spec.type.value,
                "owner": r["owner"],
                "status": r["status"],
                "status_reason": r["status_reason"],
                "channels": list(spec.channels),
                "audience_size": r["audience_size"],
                "budget": spec.budget.amount,
                "currency": spec.budget.currency,
                "spent": spent,
                "left": max(spec.budget.amount - spent, 0.0),
                "conversion_rate": mart.get("conversion_rate"),
                "target_conversion_rate": target,
                "health_score": mart.get("health_score"),
                "health": health_label(mart.get("health_score")),
                "updated_at": r["updated_at"],
            }
        )
    return out


def audience_breakdown(
    store: Store,
    snapshot: WarehouseSnapshot,
    segments: list[str],
    exclude: list[str],
    at: dt.datetime,
    sample: int = 5,
) -> dict[str, Any]:
    """Audience size, reachable contacts per channel (consent, warehouse and ops-store
    suppressions) and a sample of members, as of ``at``."""
    result: dict[str, Any] = {"total": 0, "channels": {}, "sample": [], "available": False}
    if not segments:
        return result
    tables = snapshot.tables()
    if not {"segment_memberships", "dim_contacts"} <= tables:
        return result
    with snapshot.cursor() as cur:
        frame = cur.execute(
            f"""WITH aud AS ({AUDIENCE_SQL})
               SELECT d.contact_id, d.first_name, d.email, d.phone, d.locale,
                      d.has_email_consent AND NOT coalesce(d.is_email_suppressed, false) AS email_ok,
                      d.has_sms_consent AND NOT coalesce(d.is_sms_suppressed, false) AS sms_ok
               FROM aud JOIN dim_contacts d USING (contact_id) ORDER BY d.contact_id""",
            audience_params(segments, exclude, at),
        ).df()
    result.update(total=len(frame), available=True)
    with store.engine.connect() as conn:
        for channel, column in CHANNEL_COLUMNS.items():
            listed = set(
                conn.execute(
                    sa.select(suppressions.c.address_hash).where(suppressions.c.channel == channel)
                ).scalars()
            )
            ok = frame[f"{channel}_ok"].fillna(False).astype(bool)
            addresses = frame[column].fillna("")
            if listed:  # the list holds keyed hashes of canonical addresses
                hashed = addresses.map(
                    lambda a, ch=channel: address_hash(store, ch, a) if a else ""
                )
                ok &= ~hashed.isin(listed)
            ok &= addresses.ne("")
            result["channels"][channel] = int(ok.sum())
    result["sample"] = frame.head(sample)[["contact_id", "first_name", "locale"]].to_dict("records")
    return result
