"""Scoring campaigns that have not run yet: a campaign file or a draft in the ops store.

A draft has no messages, so its planned messages are derived from the spec: every audience member
(the union of its segments minus the excluded ones, less the split's holdout share) gets one
message per ``send`` node of the workflow, on that node's channel. Each planned message carries
the same features as the sent messages the campaign-success model was trained on (campaign type,
course category, channel, whether the contact is interested in the category, the contact's
recent engagement; the local daypart and weekday the first messages leave, from the schedule,
a wait until a local time, the email window or the start time; the email subject's length and
urgency; the budget per audience member), so the fitted model and its 80 % split-conformal interval apply unchanged:
the interval was calibrated on campaigns the model had not seen, which is what a draft is.

Planned cost is the messages times the file's cost per message, capped at the budget (the engine
stops sending when the budget is spent). Branches are assumed taken by everyone, so a reminder sent
only to non-openers is counted for the whole audience: sends and cost are upper bounds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ml.campaign_success import (
    FEATURES,
    CampaignSuccess,
    daypart,
    score_campaigns,
    subject_features,
    with_optional_features,
)
from ml.errors import MLInputError, require_columns

__all__ = ["DraftPlan", "UNKNOWN_CATEGORY", "draft_messages", "draft_plan", "score_drafts"]

UNKNOWN_CATEGORY = "(none)"


@dataclass(frozen=True)
class DraftPlan:
    """What the model needs to know about a campaign that has not run."""

    campaign_id: str
    campaign_type: str
    send_channels: tuple[str, ...]
    budget_amount: float
    cost_per_message: dict[str, float] = field(default_factory=dict)
    holdout: float = 0.0
    course_category: str = UNKNOWN_CATEGORY
    segments: tuple[str, ...] = ()
    exclude_segments: tuple[str, ...] = ()
    send_local_hour: int | None = None
    is_weekend: bool = False
    subject: str | None = None


def draft_plan(campaign: Any, *, course_category: str | None = None) -> DraftPlan:
    """The plan of a validated campaign (``delivery.campaigns.models.Campaign``).

    Parameters
    ----------
    campaign : delivery.campaigns.models.Campaign
        A parsed, validated campaign file or ops-store spec.
    course_category : str, optional
        Course category the campaign promotes (campaign files do not say); without it the
        category is unknown to the model and interest match is set to its training average.

    Returns
    -------
    DraftPlan
    """
    nodes = campaign.workflow.nodes
    channels = tuple(str(n.channel) for n in nodes if n.type == "send")
    if not channels:
        raise MLInputError(
            f"campaign {campaign.campaign_id}: its workflow has no send node, so there is "
            "nothing to score; add a node with type: send"
        )
    holdout = max((float(n.holdout) for n in nodes if n.type == "split"), default=0.0)
    when, day = _planned_timing(campaign)
    subjects = [
        t.locales[t.default_locale].subject for t in campaign.content if t.channel == "email"
    ]
    return DraftPlan(
        campaign_id=campaign.campaign_id,
        campaign_type=str(campaign.type),
        send_channels=channels,
        budget_amount=float(campaign.budget.amount),
        cost_per_message={str(k): float(v) for k, v in campaign.budget.cost_per_message.items()},
        holdout=holdout,
        course_category=course_category or UNKNOWN_CATEGORY,
        segments=tuple(campaign.audience.segments),
        exclude_segments=tuple(campaign.audience.exclude_segments),
        send_local_hour=when,
        is_weekend=day.weekday() >= 5,
        subject=subjects[0] if subjects else None,
    )


def _planned_timing(campaign: Any) -> tuple[int, dt.date]:
    """Local hour and day the first messages leave: a schedule's local time (and date), else a
    wait until a local time, else the email window's opening, else the start time's hour."""
    nodes = campaign.workflow.nodes
    day = campaign.start_at.date()
    for node in nodes:
        trigger = getattr(node, "trigger", None)
        if getattr(trigger, "kind", None) == "schedule":
            return int(trigger.local_time[:2]), trigger.once_on or day
    waits = [n.until_local_time for n in nodes if n.type == "wait" and n.until_local_time]
    if waits:
        return int(waits[0][:2]), day
    if campaign.rules.email_window is not None:
        return int(campaign.rules.email_window.start[:2]), day
    return campaign.start_at.hour, day


def draft_messages(
    plan: DraftPlan, audience: pd.DataFrame, *, unknown_interest_rate: float, seed: int = 0
) -> pd.DataFrame:
    """Planned messages of a draft with the model's features.

    Parameters
    ----------
    plan : DraftPlan
    audience : pandas.DataFrame
        One row per audience member: ``contact_id``, ``opens_90d``, ``clicks_90d`` and
        ``interests`` (list of categories, may be empty).
    unknown_interest_rate : float
        ``is_interested`` to use when the course category is unknown (the training share).
    seed : int
        Which members form the holdout share (seeded sample).

    Returns
    -------
    pandas.DataFrame
        ``campaign_id``, ``contact_id``, :data:`~ml.campaign_success.FEATURES`,
        ``cost_amount`` (per message).
    """
    require_columns(audience, ["contact_id", "opens_90d", "clicks_90d"], name="audience")
    if audience.empty:
        raise MLInputError(
            f"campaign {plan.campaign_id}: its audience ({', '.join(plan.segments)}) has no "
            "members now; materialise the segments (segment assets) or check their definitions"
        )
    members = audience.drop_duplicates("contact_id")
    if plan.holdout > 0:
        members = members.sample(frac=1 - plan.holdout, random_state=seed)
    engagement = members["opens_90d"].fillna(0) + members["clicks_90d"].fillna(0)
    if plan.course_category == UNKNOWN_CATEGORY:
        interested = np.full(len(members), float(unknown_interest_rate))
    else:
        lists = members["interests"] if "interests" in members else pd.Series([[]] * len(members))
        interested = np.array(
            [plan.course_category in (x if isinstance(x, Iterable) else ()) for x in lists],
            dtype=float,
        )
    base = pd.DataFrame(
        {
            "campaign_id": plan.campaign_id,
            "contact_id": members["contact_id"].to_numpy(),
            "campaign_type": plan.campaign_type,
            "course_category": plan.course_category,
            "is_interested": interested,
            "log_engagement": np.log1p(engagement.clip(lower=0).to_numpy(float)),
            "is_weekend": float(plan.is_weekend),
            "content_format": "(unknown)",  # campaign files do not name a content format
            "log_budget_per_contact": np.log1p(max(plan.budget_amount, 0.0) / len(members)),
        }
    )
    if plan.send_local_hour is not None:
        base["send_daypart"] = daypart(np.array([plan.send_local_hour]))[0]
    email = subject_features(pd.Series([plan.subject]))
    frames = [
        base.assign(
            channel=ch,
            cost_amount=plan.cost_per_message.get(ch, 0.0),
            subject_length=email["subject_length"].iloc[0] if ch == "email" else 0.0,
            subject_urgency=email["subject_urgency"].iloc[0] if ch == "email" else 0.0,
        )
        for ch in plan.send_channels
    ]
    return with_optional_features(pd.concat(frames, ignore_index=True))[
        ["campaign_id", "contact_id", *FEATURES, "cost_amount"]
    ]


def score_drafts(
    model: CampaignSuccess,
    plans: list[DraftPlan],
    messages: pd.DataFrame,
    *,
    revenue_per_conversion_amount: float,
) -> pd.DataFrame:
    """Predicted conversion rate, CPA and ROI of drafts, with the model's 80 % intervals.

    Parameters
    ----------
    model : CampaignSuccess
        Fitted on sent messages (:func:`ml.campaign_success.fit_campaign_success`).
    plans : list of DraftPlan
    messages : pandas.DataFrame
        Their planned messages (:func:`draft_messages`, concatenated).
    revenue_per_conversion_amount : float
        Expected revenue of one conversion (e.g. the mean over past converted sends).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`ml.campaign_success.score_campaigns`, with ``cost_amount`` the
        planned cost capped at the budget, plus ``budget_amount`` and ``is_draft`` (True).
    """
    planned = messages.groupby("campaign_id")["cost_amount"].sum()
    budgets = pd.Series({p.campaign_id: p.budget_amount for p in plans})
    economics = pd.DataFrame(
        {
            "campaign_id": budgets.index,
            "cost_amount": np.minimum(planned.reindex(budgets.index).fillna(0.0), budgets),
            "revenue_per_conversion_amount": revenue_per_conversion_amount,
        }
    )
    out = score_campaigns(model, messages, economics)
    return out.assign(budget_amount=out["campaign_id"].map(budgets), is_draft=True)
