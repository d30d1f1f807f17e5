"""The alert rules: what is wrong now, each as an :class:`Alert` with its evidence.

Rules (thresholds in :class:`Thresholds`):

- ``underperforming``: a campaign active in the last 7 days whose conversion rate is below its own
  target, or below the low end of its predicted 80 % interval (only when the campaign-success
  model is promoted);
- ``budget_exhausted`` / ``budget_running_out``: spend reached the budget, or will at the current
  pace within ``budget_days`` days;
- ``bounce_rate`` (> 2 %) and ``complaint_rate`` (> 0.1 %) over the last 7 days of email;
- ``sample_ratio_mismatch``: an A/B test whose variants' sends differ from their planned weights
  (chi-square p < 0.001) — its readout cannot be trusted;
- ``provider_held`` / ``provider_stopped``: the ops store's circuit breaker holds a provider;
- ``social_needs_reauth``: a connected social account's token died (expired, revoked, Graph API
  code 190, LinkedIn's 60 days): its posts wait until someone reconnects it;
- ``model_not_promoted``: a model failed its promotion check (its advice is not used).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from scipy import stats

from reports import data, fmt
from reports.period import Period
from reports.sections.operations import MODEL_USES


@dataclass(frozen=True)
class Thresholds:
    """Where each rule fires."""

    bounce_rate: float = 0.02
    complaint_rate: float = 0.001
    min_emails: int = 100
    min_reached: int = 200
    budget_days: int = 3
    srm_p_value: float = 0.001
    window_days: int = 7


@dataclass(frozen=True)
class Alert:
    """A condition that holds now. ``key`` identifies it across ticks (rule + subject)."""

    rule: str
    subject: str
    severity: str
    message: str

    @property
    def key(self) -> str:
        return f"{self.rule}|{self.subject}"

    @property
    def alert_id(self) -> str:
        """Short stable id of the condition (safe in a ledger step id)."""
        return "al" + hashlib.sha256(self.key.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class ProviderState:
    """A provider's circuit-breaker state as :func:`delivery.breaker.status` reports it."""

    provider: str
    status: str
    reason: str
    retry_at: dt.datetime | None


@dataclass(frozen=True)
class SocialAccountState:
    """A social account waiting for a new authorization (``delivery.social.work.reauth_needed``)."""

    account_id: str
    since: dt.datetime | None
    reason: str


def underperforming(con: data.Connection, now: dt.datetime, t: Thresholds) -> list[Alert]:
    window = Period(
        now.date() - dt.timedelta(days=t.window_days),
        now.date() + dt.timedelta(days=1),
        "last week",
    )
    perf = data.performance(con, window)
    camps = data.campaigns(con).set_index("campaign_id")
    names = data.names(con)
    predicted = pd.DataFrame()
    reg = data.model_registry(con)
    ok = reg[(reg["model_name"] == "campaign_success_logit") & reg["is_promoted"].astype(bool)]
    if not ok.empty:
        predicted = data.optional_table(
            con,
            "campaign_success_scores",
            ["campaign_id", "conversion_rate_low", "conversion_rate_high", "is_draft"],
        ).set_index("campaign_id")
    out = []
    for r in perf.itertuples():
        reached = r.reached
        if reached < t.min_reached or r.campaign_id not in camps.index:
            continue
        rate = r.conversions / reached
        target = camps.loc[r.campaign_id, "target_conversion_rate"]
        name = names.get(r.campaign_id, r.campaign_id)
        if pd.notna(target) and rate < target:
            out.append(
                Alert(
                    "underperforming",
                    name,
                    "warning",
                    f"{name} converts {fmt.pct(rate, 2)} of its {fmt.count(reached)} delivered messages and ad clicks in the "
                    f"last {t.window_days} days, below its target of {fmt.pct(target, 2)}.",
                )
            )
        elif (
            r.campaign_id in predicted.index
            and rate < predicted.loc[r.campaign_id, "conversion_rate_low"]
        ):
            low, high = predicted.loc[
                r.campaign_id, ["conversion_rate_low", "conversion_rate_high"]
            ]
            out.append(
                Alert(
                    "underperforming",
                    name,
                    "warning",
                    f"{name} converts {fmt.pct(rate, 2)}, below its predicted 80 % interval "
                    f"({fmt.pct(low, 2)}–{fmt.pct(high, 2)}).",
                )
            )
    return out


def budget(con: data.Connection, now: dt.datetime, t: Thresholds) -> list[Alert]:
    pace = data.pacing(con, now.date() + dt.timedelta(days=1))
    names = data.names(con)
    cur = data.currency(con)
    out = []
    recent = pd.Timestamp(now.date() - dt.timedelta(days=t.window_days))
    for p in pace.itertuples():
        if pd.isna(p.budget_amount) or pd.Timestamp(p.pacing_date) < recent:
            continue  # no budget, or the campaign is over
        name = names.get(p.campaign_id, p.campaign_id)
        if p.is_budget_exhausted:
            out.append(
                Alert(
                    "budget_exhausted",
                    name,
                    "critical",
                    f"{name} has spent {fmt.money(p.spend_to_date_amount, cur)} of its "
                    f"{fmt.money(p.budget_amount, cur)} budget: its paid sends are paused.",
                )
            )
        elif pd.notna(p.projected_exhaustion_date):
            runs_out = pd.Timestamp(p.projected_exhaustion_date)
            if runs_out <= pd.Timestamp(now.date() + dt.timedelta(days=t.budget_days)):
                out.append(
                    Alert(
                        "budget_running_out",
                        name,
                        "warning",
                        f"{name} will run out of budget around {runs_out:%-d %b} at its current pace "
                        f"({fmt.money(p.remaining_budget_amount, cur)} left of {fmt.money(p.budget_amount, cur)}).",
                    )
                )
    return out


def deliverability(con: data.Connection, now: dt.datetime, t: Thresholds) -> list[Alert]:
    window = Period(
        now.date() - dt.timedelta(days=t.window_days),
        now.date() + dt.timedelta(days=1),
        "last week",
    )
    frame = data.deliverability(con, window)
    sent, delivered = float(frame["sent"].sum()), float(frame["delivered"].sum())
    if sent < t.min_emails:
        return []
    bounce = float(frame["bounced"].sum()) / sent
    complaint = float(frame["complaints"].sum()) / delivered if delivered else 0.0
    out = []
    if bounce > t.bounce_rate:
        out.append(
            Alert(
                "bounce_rate",
                "email",
                "critical",
                f"{fmt.pct(bounce)} of the {fmt.count(sent)} emails of the last {t.window_days} days bounced "
                f"(limit {fmt.pct(t.bounce_rate)}): clean the list before the next send.",
            )
        )
    if complaint > t.complaint_rate:
        out.append(
            Alert(
                "complaint_rate",
                "email",
                "critical",
                f"{fmt.pct(complaint, 2)} of delivered emails were reported as spam in the last "
                f"{t.window_days} days (limit {fmt.pct(t.complaint_rate, 2)}).",
            )
        )
    return out


def _weights(variants: str | None) -> dict[str, float]:
    try:
        return {v["variant_id"]: float(v.get("weight", 1.0)) for v in json.loads(variants or "[]")}
    except (ValueError, TypeError, KeyError):
        return {}


def sample_ratio(con: data.Connection, now: dt.datetime, t: Thresholds) -> list[Alert]:
    table = data.variants_table(con)
    if table is None:
        return []
    planned = {
        cid: _weights(v)
        for cid, v in con.execute(f"select campaign_id, variants from {table}").fetchall()
    }
    counts = con.execute(
        # the unit of assignment is the contact: count each once, on the tested (email) channel
        "select campaign_id, variant_id, count(distinct contact_id) from fct_sends "
        "where variant_id is not null and channel = 'email' group by 1, 2"
    ).fetchall()
    by_campaign: dict[str, dict[str, int]] = {}
    for cid, vid, n in counts:
        by_campaign.setdefault(cid, {})[vid] = int(n)
    names = data.names(con)
    out = []
    for cid, observed in sorted(by_campaign.items()):
        weights = planned.get(cid, {})
        if len(weights) < 2 or not set(observed) <= set(weights):
            continue
        ids = sorted(weights)
        obs = [observed.get(v, 0) for v in ids]
        total_w = sum(weights[v] for v in ids)
        expected = [sum(obs) * weights[v] / total_w for v in ids]
        if min(expected) < 5:
            continue
        p = float(stats.chisquare(obs, expected).pvalue)
        if p < t.srm_p_value:
            name = names.get(cid, cid)
            split = ", ".join(
                f"{v.removeprefix(cid + '-')}: {n:,}" for v, n in zip(ids, obs, strict=True)
            )
            out.append(
                Alert(
                    "sample_ratio_mismatch",
                    name,
                    "warning",
                    f"The A/B test of {name} sent {split}, not the planned split (p = {p:.1g}): its "
                    "verdict cannot be trusted until the cause is found.",
                )
            )
    return out


def providers(states: Iterable[ProviderState]) -> list[Alert]:
    out = []
    for s in states:
        if s.status == "stopped":
            out.append(
                Alert(
                    "provider_stopped",
                    s.provider,
                    "critical",
                    f"Sending through {s.provider} is stopped ({s.reason}); nothing goes out until an "
                    "operator runs `enrollflow ops resume`.",
                )
            )
        elif s.status == "open":
            until = f" until {s.retry_at:%-d %b %H:%M} UTC" if s.retry_at else ""
            out.append(
                Alert(
                    "provider_held",
                    s.provider,
                    "warning",
                    f"Sending through {s.provider} is held{until} after repeated failures ({s.reason}); "
                    "it retries on its own.",
                )
            )
    return out


def social_accounts(states: Iterable[SocialAccountState]) -> list[Alert]:
    return [
        Alert(
            "social_needs_reauth",
            s.account_id,
            "critical",
            f"Posting as {s.account_id} stopped{f' on {s.since:%-d %b %H:%M} UTC' if s.since else ''}: "
            f"{s.reason}. Its posts wait until someone reconnects it with "
            f"`enrollflow social connect {s.account_id.split(':', 1)[0]}`.",
        )
        for s in states
    ]


def models(con: data.Connection) -> list[Alert]:
    reg = data.model_registry(con)
    return [
        Alert(
            "model_not_promoted",
            MODEL_USES.get(r.model_name, r.model_name),
            "info",
            f"The {MODEL_USES.get(r.model_name, r.model_name)} model did not beat its baseline "
            f"({r.model_score:.3g} vs {r.baseline_score:.3g} {r.baseline_name.replace('_', ' ')}), "
            "so it is not used; the report falls back to observed figures.",
        )
        for r in reg.itertuples()
        if not r.is_promoted
    ]


def evaluate(
    con: data.Connection,
    now: dt.datetime,
    provider_states: Iterable[ProviderState] = (),
    thresholds: Thresholds | None = None,
    social_states: Iterable[SocialAccountState] = (),
) -> list[Alert]:
    """Every alert that holds at ``now`` (naive UTC), in a stable order."""
    t = thresholds or Thresholds()
    found = [
        *underperforming(con, now, t),
        *budget(con, now, t),
        *deliverability(con, now, t),
        *sample_ratio(con, now, t),
        *providers(provider_states),
        *social_accounts(social_states),
        *models(con),
    ]
    return sorted({a.key: a for a in found}.values(), key=lambda a: a.key)
