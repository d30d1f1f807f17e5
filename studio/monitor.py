"""The live monitor's figures of one campaign, from the ops store alone (never the warehouse).

- ledger states (queued, sent, delivered, bounced, failed, held by the budget) and the send rate:
  the campaign's ledger rows (the unique key's index starts with ``campaign_id``);
- ``opened``, ``clicked``, ``unsubscribed``, ``complained``: messages with such a provider event,
  counted by the webhooks app once per event id and per message (``delivery.counters``);
- ``converted``: journeys that ended on a conversion (``exit_on``), as the engine records them;
- ``spent``: the ``spent`` counter the ledger's triggers keep -- the figure the dispatch-time
  budget check reads;
- ``alerts``: the report's alert rules (``reports.alerts.rules``: bounce and complaint rates
  with their thresholds, provider holds) applied to these live figures, plus the budget and
  the campaign's own hold.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from delivery import breaker
from delivery.campaigns.tables import campaign_versions as V
from delivery.campaigns.tables import campaigns, journey_state
from delivery.counters import counters
from delivery.store import Store
from delivery.store.schema import send_ledger
from reports.alerts.rules import ProviderState, Thresholds, providers
from studio.queries import parse_spec

LIVE_FIELDS = (
    "queued",
    "sent",
    "delivered",
    "opened",
    "clicked",
    "bounced",
    "unsubscribed",
    "converted",
    "failed",
    "send_rate_per_min",
    "spent",
)
BUDGET_WARNING = 0.9


def _ledger(conn: sa.Connection, campaign_id: str, since: dt.datetime) -> dict[str, int]:
    L = send_ledger.c
    states: dict[str, int] = {}
    held = 0
    for state, reason, n in conn.execute(
        sa.select(L.state, L.held_reason, sa.func.count())
        .where(L.campaign_id == campaign_id)
        .group_by(L.state, L.held_reason)
    ).all():
        states[state] = states.get(state, 0) + n
        held += n if state == "pending" and reason == "budget" else 0
    rate = conn.execute(
        sa.select(sa.func.count()).where(L.campaign_id == campaign_id, L.submitted_at > since)
    ).scalar_one()
    return {
        "queued": sum(states.get(s, 0) for s in ("pending", "claimed", "sending")),
        "sent": sum(states.get(s, 0) for s in ("submitted", "delivered", "bounced")),
        "delivered": states.get("delivered", 0),
        "bounced": states.get("bounced", 0),
        "failed": states.get("failed", 0) + states.get("unknown", 0),
        "held_budget": held,
        "send_rate_per_min": rate,
    }


def live_alerts(
    figures: dict[str, Any],
    *,
    budget: float,
    currency: str,
    status: str,
    status_reason: str | None,
    provider_states: list[ProviderState],
    thresholds: Thresholds = Thresholds(),
) -> list[dict[str, str]]:
    """What is wrong with the campaign now: ``[{"severity", "message"}]``, worst first."""
    out: list[tuple[str, str]] = []
    t = thresholds
    sent, delivered = figures["sent"], figures["delivered"]
    if sent >= t.min_emails and figures["bounced"] / sent > t.bounce_rate:
        out.append(("critical", f"{figures['bounced'] / sent:.1%} of sent messages bounced "
                                f"(limit {t.bounce_rate:.0%}): pause and clean the list"))  # fmt: skip
    if delivered >= t.min_emails and figures["complained"] / delivered > t.complaint_rate:
        out.append(("critical", f"{figures['complained'] / delivered:.2%} of delivered messages "
                                f"were reported as spam (limit {t.complaint_rate:.1%})"))  # fmt: skip
    if budget > 0 and figures["spent"] >= budget - 1e-9:
        out.append(
            ("critical", f"budget used up ({figures['spent']:.2f} of {budget:g} {currency})")
        )
    elif budget > 0 and figures["spent"] >= BUDGET_WARNING * budget:
        out.append(("warning", f"{figures['spent'] / budget:.0%} of the budget used"))
    if figures["held_budget"]:
        out.append(("warning", f"{figures['held_budget']:,} messages held by the budget: raise it "
                               "(a new version) or resume to re-check"))  # fmt: skip
    if status == "paused" and status_reason:
        out.append(("warning", f"paused: {status_reason}"))
    out += [(a.severity, a.message) for a in providers(provider_states)]
    order = {"critical": 0, "warning": 1, "info": 2}
    return [{"severity": s, "message": m} for s, m in sorted(out, key=lambda a: order[a[0]])]


def live_counts(store: Store, campaign_id: str, now: dt.datetime) -> dict[str, Any]:
    """The live monitor's numbers and alerts for one campaign (see the module docstring)."""
    since = now.replace(tzinfo=None) - dt.timedelta(minutes=1)
    with store.engine.connect() as conn:
        figures: dict[str, Any] = _ledger(conn, campaign_id, since)
        kept = counters(conn, campaign_id)
        figures["converted"] = conn.execute(
            sa.select(sa.func.count()).where(
                journey_state.c.campaign_id == campaign_id,
                journey_state.c.exit_reason.like("converted%"),
            )
        ).scalar_one()
        record = conn.execute(
            sa.select(
                campaigns.c.status, campaigns.c.status_reason, campaigns.c.current_version
            ).where(campaigns.c.campaign_id == campaign_id)
        ).first()
        spec_json = None
        if record is not None:
            spec_json = conn.execute(
                sa.select(V.c.spec_json).where(
                    V.c.campaign_id == campaign_id, V.c.version == record.current_version
                )
            ).scalar()
    for metric in ("opened", "clicked", "unsubscribed", "complained"):
        figures[metric] = int(kept.get(metric, 0))
    figures["spent"] = round(float(kept.get("spent", 0.0)), 6)
    budget, currency = 0.0, ""
    if spec_json:
        spec = parse_spec(campaign_id, record.current_version, spec_json)
        budget, currency = float(spec.budget.amount), spec.budget.currency
    states = [
        ProviderState(h.provider, h.status, h.reason, h.retry_at) for h in breaker.status(store)
    ]
    figures["budget"] = budget
    figures["alerts"] = live_alerts(
        figures,
        budget=budget,
        currency=currency,
        status=record.status if record else "unknown",
        status_reason=record.status_reason if record else None,
        provider_states=states,
    )
    return figures
