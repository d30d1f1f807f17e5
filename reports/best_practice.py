"""A best-practice check of a campaign before it runs (a draft), each finding with its fix.

Checks: an email without an unsubscribe link in its body or an SMS without an opt-out; subject
lines longer than phones show; sends planned at night in the recipient's local time; no holdout
(the campaign's own lift cannot be measured); an A/B split too small to detect a realistic
difference; an audience that overlaps a campaign already running.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

from delivery.campaigns.models import Campaign

SUBJECT_MAX = 60  # characters a phone's inbox shows before cutting the subject
DAY_START, DAY_END = dt.time(8, 0), dt.time(21, 0)
_TAG = re.compile(r"\{\{.*?\}\}")


@dataclass(frozen=True)
class Finding:
    """One problem of a draft: ``code``, ``severity`` (warning / info), what is wrong and the fix."""

    code: str
    severity: str
    message: str
    fix: str


def _send_templates(campaign: Campaign):
    used = {
        getattr(n, "template", None)
        for n in campaign.workflow.nodes
        if getattr(n, "type", "") == "send"
    }
    return [t for t in campaign.content if t.id in used]


def _unsubscribe(campaign: Campaign) -> list[Finding]:
    out = []
    for t in _send_templates(campaign):
        for locale, text in t.locales.items():
            body = text.body.lower()
            if t.channel == "email" and "unsubscribe" not in body:
                out.append(
                    Finding(
                        "missing_unsubscribe",
                        "warning",
                        f"email {t.id} ({locale}) has no unsubscribe link in its body.",
                        "add a visible link ({{ unsubscribe_url }}); the automatic footer is easy to miss and "
                        "people who cannot find it report spam instead.",
                    )
                )
            if t.channel == "sms" and "stop" not in body:
                out.append(
                    Finding(
                        "missing_unsubscribe",
                        "warning",
                        f"SMS {t.id} ({locale}) does not say how to opt out.",
                        "end it with 'Reply STOP to opt out'.",
                    )
                )
    return out


def _subjects(campaign: Campaign) -> list[Finding]:
    out = []
    for t in _send_templates(campaign):
        if t.channel != "email":
            continue
        subjects = {(loc, None): m.subject for loc, m in t.locales.items()}
        for variant, overrides in t.variants.items():
            subjects |= {(loc, variant): o.subject for loc, o in overrides.items() if o.subject}
        for (loc, variant), subject in subjects.items():
            length = len(_TAG.sub("Alexandra", subject or ""))  # a long-ish first name
            if length > SUBJECT_MAX:
                where = f"email {t.id} ({loc}{', variant ' + variant if variant else ''})"
                out.append(
                    Finding(
                        "subject_too_long",
                        "warning",
                        f"{where}: the subject is {length} characters; phones show about {SUBJECT_MAX}.",
                        "put the offer in the first 40 characters.",
                    )
                )
    return out


def _night(campaign: Campaign) -> list[Finding]:
    times: list[tuple[str, dt.time]] = []
    for n in campaign.workflow.nodes:
        trigger = getattr(n, "trigger", None)
        if trigger is not None and getattr(trigger, "kind", "") == "schedule":
            times.append((f"entry {n.id}", dt.time.fromisoformat(trigger.local_time)))
        if getattr(n, "until_local_time", None):
            times.append((f"wait {n.id}", dt.time.fromisoformat(n.until_local_time)))
    window = campaign.rules.email_window
    if window is not None:
        start, end = dt.time.fromisoformat(window.start), dt.time.fromisoformat(window.end)
        if start < DAY_START or end > DAY_END:
            times.append(("email window", start if start < DAY_START else end))
    return [
        Finding(
            "send_at_night",
            "warning",
            f"{where} sends at {at:%H:%M} recipients' local time, outside {DAY_START:%H:%M}–{DAY_END:%H:%M}.",
            "move it into the day; night-time messages get fewer opens and more complaints.",
        )
        for where, at in times
        if not DAY_START <= at <= DAY_END
    ]


def _splits(campaign: Campaign):
    return [n for n in campaign.workflow.nodes if getattr(n, "type", "") == "split"]


def _holdout(campaign: Campaign) -> list[Finding]:
    if any(s.holdout > 0 for s in _splits(campaign)):
        return []
    return [
        Finding(
            "no_holdout",
            "info",
            "the campaign has no holdout group, so its own effect on enrollments cannot be measured.",
            "add a split with holdout: 0.05–0.1 (5–10 % of the audience get nothing).",
        )
    ]


def required_per_variant(
    baseline: float, relative_lift: float, alpha: float = 0.05, power: float = 0.8
) -> int:
    """Contacts per variant to detect ``relative_lift`` over ``baseline`` (two-sided z-test)."""
    effect = abs(proportion_effectsize(baseline * (1 + relative_lift), baseline))
    return math.ceil(NormalIndPower().solve_power(effect, alpha=alpha, power=power, ratio=1.0))


def _power(
    campaign: Campaign, audience_size: int | None, baseline: float, lift: float
) -> list[Finding]:
    if audience_size is None:
        return []
    out = []
    for s in _splits(campaign):
        total = sum(v.weight for v in s.variants)
        smallest = audience_size * (1 - s.holdout) * min(v.weight for v in s.variants) / total
        need = required_per_variant(baseline, lift)
        if smallest < need:
            out.append(
                Finding(
                    "ab_underpowered",
                    "warning",
                    f"split {s.id}: its smallest variant gets about {smallest:,.0f} contacts; detecting a "
                    f"{lift:.0%} relative lift on a {baseline:.1%} click-through needs {need:,} per variant "
                    "(80 % power, 5 % level).",
                    "test fewer variants, test on a larger audience, or look for a bigger difference.",
                )
            )
    return out


def _overlap(
    campaign: Campaign, running: Sequence[Campaign], members: Mapping[str, set[str]] | None
) -> list[Finding]:
    mine = set(campaign.audience.segments) - set(campaign.audience.exclude_segments)
    out = []
    for other in running:
        if other.campaign_id == campaign.campaign_id:
            continue
        theirs = set(other.audience.segments) - set(other.audience.exclude_segments)
        if members is not None:
            a = set().union(*(members.get(s, set()) for s in mine)) if mine else set()
            b = set().union(*(members.get(s, set()) for s in theirs)) if theirs else set()
            shared = len(a & b)
            if a and shared:
                out.append(
                    Finding(
                        "audience_overlap",
                        "warning",
                        f"{shared:,} of its {len(a):,} contacts ({shared / len(a):.0%}) are also in "
                        f"'{other.name}', which is running.",
                        "exclude that campaign's segments, or let the frequency cap decide who gets which.",
                    )
                )
        elif mine & theirs:
            out.append(
                Finding(
                    "audience_overlap",
                    "warning",
                    f"it targets {', '.join(sorted(mine & theirs))}, as does '{other.name}', which is running.",
                    "exclude those segments from one of the two campaigns.",
                )
            )
    return out


def check_draft(
    campaign: Campaign,
    *,
    running: Sequence[Campaign] = (),
    segment_members: Mapping[str, set[str]] | None = None,
    audience_size: int | None = None,
    baseline_rate: float = 0.03,
    relative_lift: float = 0.2,
) -> list[Finding]:
    """Every best-practice finding of ``campaign`` (empty when it follows them all).

    Parameters
    ----------
    campaign : Campaign
        The draft (a validated campaign file).
    running : sequence of Campaign
        Campaigns running now (their audiences are compared with this one's).
    segment_members : mapping, optional
        ``{segment: contact ids}`` to measure the overlap; without it, shared segments are reported.
    audience_size : int, optional
        Contacts the draft will reach (for the A/B power check; skipped when unknown).
    baseline_rate, relative_lift : float
        Click-through to expect and the smallest relative difference worth detecting.
    """
    return [
        *_unsubscribe(campaign),
        *_subjects(campaign),
        *_night(campaign),
        *_holdout(campaign),
        *_power(campaign, audience_size, baseline_rate, relative_lift),
        *_overlap(campaign, running, segment_members),
    ]
