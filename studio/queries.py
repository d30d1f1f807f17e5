"""What the pages show, read from the ops store and the warehouse snapshot (never written).

Business rules are not re-implemented here: statuses, approvals and spend come from the ops
store's own records (the ledger's committed messages times the campaign's cost per message, the
way the engine charges the budget), KPIs and health from the dbt marts.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

import sqlalchemy as sa

from delivery.campaigns.models import Campaign
from delivery.campaigns.tables import campaign_versions, campaigns, journey_state
from delivery.journeys.engine import UNSENT_STATES
from delivery.store import Store
from delivery.store.schema import consent_events, send_ledger, suppressions
from delivery.suppression import normalise_address
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


def _committed(conn: sa.Connection, ids: list[str]) -> dict[tuple[str, str], int]:
    rows = conn.execute(
        sa.select(send_ledger.c.campaign_id, send_ledger.c.channel, sa.func.count())
        .where(send_ledger.c.campaign_id.in_(ids), send_ledger.c.state.not_in(UNSENT_STATES))
        .group_by(send_ledger.c.campaign_id, send_ledger.c.channel)
    ).all()
    return {(r[0], r[1]): r[2] for r in rows}


def spent_amount(spec: Campaign, committed: dict[str, int]) -> float:
    """Budget used: committed messages per channel times the campaign's cost per message."""
    costs = spec.budget.cost_per_message
    return float(sum(n * costs.get(channel, 0.0) for channel, n in committed.items()))


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
            for r in cur.execute(
                """SELECT campaign_id, sum(sends) AS sends, sum(conversions) AS conversions,
                          sum(spend_amount) AS spend, sum(revenue_amount) AS revenue,
                          sum(unique_clicks) AS clicks, sum(deliveries) AS deliveries
                   FROM fct_campaign_performance JOIN wanted USING (campaign_id)
                   GROUP BY campaign_id"""
            ).fetchall():
                sends, conv = r[1] or 0, r[2] or 0
                out[r[0]].update(
                    mart_sends=sends,
                    conversions=conv,
                    conversion_rate=(conv / sends) if sends else None,
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
        committed = _committed(conn, [r["campaign_id"] for r in rows])
    marts = _marts(snapshot, [r["campaign_id"] for r in rows])
    out = []
    for r in rows:
        cid = r["campaign_id"]
        spec = parse_spec(cid, r["current_version"], r["spec_json"])
        per_channel = {ch: n for (c, ch), n in committed.items() if c == cid}
        spent = spent_amount(spec, per_channel)
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
                "messages": sum(per_channel.values()),
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
            """WITH aud AS (
                 SELECT DISTINCT contact_id FROM segment_memberships
                 WHERE segment_name IN (SELECT unnest($inc)) AND valid_from <= $at
                   AND (valid_to IS NULL OR valid_to > $at)
                 EXCEPT
                 SELECT contact_id FROM segment_memberships
                 WHERE segment_name IN (SELECT unnest($exc)) AND valid_from <= $at
                   AND (valid_to IS NULL OR valid_to > $at))
               SELECT d.contact_id, d.first_name, d.email, d.phone, d.locale,
                      d.has_email_consent AND NOT coalesce(d.is_email_suppressed, false) AS email_ok,
                      d.has_sms_consent AND NOT coalesce(d.is_sms_suppressed, false) AS sms_ok
               FROM aud JOIN dim_contacts d USING (contact_id) ORDER BY d.contact_id""",
            {"inc": segments, "exc": exclude or [""], "at": at},
        ).df()
    result.update(total=len(frame), available=True)
    with store.engine.connect() as conn:
        for channel, column in CHANNEL_COLUMNS.items():
            listed = set(
                conn.execute(
                    sa.select(suppressions.c.address).where(suppressions.c.channel == channel)
                ).scalars()
            )
            ok = frame[f"{channel}_ok"].fillna(False).astype(bool)
            addresses = frame[column].fillna("")
            if listed:
                canonical = addresses.map(
                    lambda a, ch=channel: normalise_address(ch, a) if a else ""
                )
                ok &= ~canonical.isin(listed)
            ok &= addresses.ne("")
            result["channels"][channel] = int(ok.sum())
    result["sample"] = frame.head(sample)[["contact_id", "first_name", "locale"]].to_dict("records")
    return result


LIVE_FIELDS = (
    "queued",
    "sent",
    "delivered",
    "bounced",
    "failed",
    "unsubscribed",
    "converted",
    "send_rate_per_min",
    "spent",
)


def live_counts(store: Store, campaign_id: str, now: dt.datetime) -> dict[str, Any]:
    """The live monitor's numbers for one campaign, from the ops store alone.

    ``sent`` counts messages the provider accepted (submitted, delivered or bounced later),
    ``unsubscribed`` the opt-outs that came back through a webhook for this campaign's messages,
    ``converted`` the journeys that ended on a conversion, ``send_rate_per_min`` the messages
    accepted in the last minute and ``spent`` the budget used.
    """
    since = now.replace(tzinfo=None) - dt.timedelta(minutes=1)
    L = send_ledger.c
    with store.engine.connect() as conn:
        states = dict(
            conn.execute(
                sa.select(L.state, sa.func.count())
                .where(L.campaign_id == campaign_id)
                .group_by(L.state)
            ).all()
        )
        by_channel = dict(
            conn.execute(
                sa.select(L.channel, sa.func.count())
                .where(L.campaign_id == campaign_id, L.state.not_in(UNSENT_STATES))
                .group_by(L.channel)
            ).all()
        )
        rate = conn.execute(
            sa.select(sa.func.count()).where(L.campaign_id == campaign_id, L.submitted_at > since)
        ).scalar_one()
        unsubscribed = conn.execute(
            sa.select(sa.func.count(sa.distinct(consent_events.c.ledger_id))).where(
                consent_events.c.status == "revoked",
                consent_events.c.ledger_id.in_(
                    sa.select(L.ledger_id).where(L.campaign_id == campaign_id)
                ),
            )
        ).scalar_one()
        converted = conn.execute(
            sa.select(sa.func.count()).where(
                journey_state.c.campaign_id == campaign_id,
                journey_state.c.exit_reason.like("converted%"),
            )
        ).scalar_one()
        spec_json = conn.execute(
            sa.select(campaign_versions.c.spec_json)
            .join(
                campaigns,
                sa.and_(
                    campaigns.c.campaign_id == campaign_versions.c.campaign_id,
                    campaigns.c.current_version == campaign_versions.c.version,
                ),
            )
            .where(campaigns.c.campaign_id == campaign_id)
        ).scalar()
    spent = (
        spent_amount(Campaign.model_validate(json.loads(spec_json)), by_channel)
        if spec_json
        else 0.0
    )
    return {
        "queued": states.get("pending", 0) + states.get("claimed", 0) + states.get("sending", 0),
        "sent": states.get("submitted", 0) + states.get("delivered", 0) + states.get("bounced", 0),
        "delivered": states.get("delivered", 0),
        "bounced": states.get("bounced", 0),
        "failed": states.get("failed", 0) + states.get("unknown", 0),
        "unsubscribed": unsubscribed,
        "converted": converted,
        "send_rate_per_min": rate,
        "spent": spent,
    }
