"""Pydantic models of a campaign file (``delivery/campaigns/examples/*.yml``).

Every model forbids unknown keys, so a typo in a campaign file is an error, not a silently ignored
setting. The JSON Schema editors use is exported from :class:`Campaign` (see ``schema.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

DURATION_PATTERN = r"^[1-9][0-9]*[mhdw]$"
LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
_DURATION_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _bounded_duration(text: str) -> str:
    parse_duration(text)  # a number and a unit, at most MAX_WAIT
    return text


Duration = Annotated[
    str,
    Field(
        pattern=DURATION_PATTERN,
        description="A duration: a number and a unit m/h/d/w, e.g. 48h (at most 366 days).",
    ),
    AfterValidator(_bounded_duration),
]
LocalTime = Annotated[
    str, Field(pattern=LOCAL_TIME_PATTERN, description="A local time of day, HH:MM (24 h).")
]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
#: A number written as a number: ``true``/``false`` or ``"12"`` are refused (strict), and so are
#: ``.inf``/``.nan`` (the models forbid non-finite floats).
Number = Annotated[float, Field(strict=True)]
Count = Annotated[int, Field(strict=True)]
#: The longest wait or timeout a campaign may write (anything longer is a typo).
MAX_WAIT = dt.timedelta(days=366)
Channel = Literal["email", "sms", "social"]
#: Channels whose send node messages each contact (``social`` posts once per account instead).
MESSAGE_CHANNELS = ("email", "sms")
ActivityType = Literal[
    "opened", "clicked", "visited_course_page", "applied", "enrolled", "unsubscribed"
]


def parse_duration(text: str) -> dt.timedelta:
    """Turn a campaign-file duration (``30m``, ``48h``, ``2d``, ``1w``) into a timedelta.

    Parameters
    ----------
    text : str
        The duration as written in the file.

    Returns
    -------
    datetime.timedelta
    """
    if not re.fullmatch(DURATION_PATTERN, text):
        raise ValueError(f"duration {text!r} is not a number followed by m, h, d or w (e.g. 48h)")
    amount = int(text[:-1]) if len(text) <= 12 else 10**12
    try:
        value = dt.timedelta(**{_DURATION_UNITS[text[-1]]: amount})
    except OverflowError:
        value = dt.timedelta.max
    if value > MAX_WAIT:
        raise ValueError(f"duration {text!r} is longer than {MAX_WAIT.days} days")
    return value


def parse_local_time(text: str) -> dt.time:
    """Turn ``HH:MM`` into a :class:`datetime.time`."""
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class CampaignType(StrEnum):
    enrollment = "enrollment"
    retention = "retention"
    event_promotion = "event_promotion"
    nurture = "nurture"


class Kpis(_Model):
    """Objective figures the campaign is judged against."""

    target_conversion_rate: Number | None = Field(
        default=None,
        gt=0,
        le=1,
        description=(
            "Enrollments credited to the campaign (within conversion_window_days of its "
            "message or ad click) per contact it reached (a delivered message, an ad or post "
            "click): fct_campaign_performance's sum(conversions) / sum(reached), the rate the "
            "studio, the report and the demo show."
        ),
    )
    target_cpa_amount: Number | None = Field(
        default=None, gt=0, description="Spend (what the budget charged) per credited enrollment."
    )
    conversion_window_days: Count = Field(default=14, ge=1, le=365)


class Budget(_Model):
    """Money the campaign may spend; each message is charged when committed to send."""

    amount: Number = Field(gt=0, le=1e12, description="Total budget in the currency's major unit.")
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    cost_per_message: dict[Channel, Number] = Field(
        default_factory=lambda: {"email": 0.001, "sms": 0.05},
        description="Cost charged per committed message, per channel.",
    )

    @field_validator("cost_per_message")
    @classmethod
    def _non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        for channel, cost in value.items():
            if cost < 0:
                raise ValueError(f"cost for {channel} must be >= 0, got {cost}")
        return value


class SendWindow(_Model):
    """A daily window in the recipient's local time; ``end`` is exclusive."""

    start: LocalTime
    end: LocalTime

    @model_validator(mode="after")
    def _ordered(self) -> SendWindow:
        if parse_local_time(self.start) >= parse_local_time(self.end):
            raise ValueError(
                f"send window start {self.start} must be before end {self.end} (same local day)"
            )
        return self


class SendRules(_Model):
    """Per-campaign choices for the send-time rules."""

    frequency_cap_action: Literal["defer", "skip"] = Field(
        default="defer",
        description="What happens to an email over the 3-per-7-days cap: wait for the next "
        "allowed slot (defer) or drop it (skip). It is never sent over the cap.",
    )
    email_window: SendWindow | None = Field(
        default=None, description="Local hours in which emails may leave; none = any time."
    )


class Audience(_Model):
    segments: list[Identifier] = Field(
        min_length=1, description="Segments whose union is targeted."
    )
    exclude_segments: list[Identifier] = Field(default_factory=list)


def _one_line(value: str | None) -> str | None:
    if value is not None and ("\r" in value or "\n" in value):
        raise ValueError(
            "an email subject must be one line: remove the line break (a CR/LF in a header "
            "would inject headers)"
        )
    return value


OneLine = Annotated[str, AfterValidator(_one_line)]


class MessageText(_Model):
    subject: OneLine | None = Field(default=None, description="Email subject (email only).")
    body: str


class TextOverride(_Model):
    subject: OneLine | None = None
    body: str | None = None


class Template(_Model):
    """One message template: a text per locale, optionally overridden per A/B variant."""

    id: Identifier
    channel: Channel
    default_locale: str = "en"
    locales: dict[str, MessageText] = Field(min_length=1)
    variants: dict[str, dict[str, TextOverride]] = Field(
        default_factory=dict,
        description="variant id -> locale -> overrides (e.g. a different subject line).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Template:
        if self.default_locale not in self.locales:
            raise ValueError(
                f"default_locale {self.default_locale!r} has no text; add locales.{self.default_locale}"
            )
        for locale, text in self.locales.items():
            if self.channel == "email" and not text.subject:
                raise ValueError(f"email template needs a subject for locale {locale!r}")
        return self


# --- workflow nodes ------------------------------------------------------------------------------


class SegmentEntryTrigger(_Model):
    kind: Literal["segment_entry"]
    segment: Identifier


class EventTrigger(_Model):
    """A behavioural trigger, e.g. visited a course page and did not apply within 2 days."""

    kind: Literal["event"]
    event: ActivityType
    without: ActivityType | None = None
    within: Duration | None = None

    @model_validator(mode="after")
    def _pair(self) -> EventTrigger:
        if (self.without is None) != (self.within is None):
            raise ValueError(
                "'without' and 'within' go together (e.g. without: applied, within: 2d)"
            )
        return self


class ScheduleTrigger(_Model):
    """The audience enters on a schedule, at a local time of each recipient (released zone by zone)."""

    kind: Literal["schedule"]
    cron: str | None = Field(
        default=None, description="Recurring days, 5-field cron read in the recipient's local time."
    )
    once_on: dt.date | None = Field(default=None, description="A single local date.")
    local_time: LocalTime = "09:00"

    @model_validator(mode="after")
    def _one(self) -> ScheduleTrigger:
        if (self.cron is None) == (self.once_on is None):
            raise ValueError(
                "a schedule needs exactly one of 'cron' (recurring) or 'once_on' (once)"
            )
        return self


Trigger = Annotated[
    SegmentEntryTrigger | EventTrigger | ScheduleTrigger, Field(discriminator="kind")
]


class EntryNode(_Model):
    id: Identifier
    type: Literal["entry"]
    trigger: Trigger
    next: Identifier


class WaitNode(_Model):
    """Wait a duration, until a local time of day, or until an event (with a timeout branch)."""

    id: Identifier
    type: Literal["wait"]
    duration: Duration | None = None
    until_local_time: LocalTime | None = None
    until_event: ActivityType | None = None
    timeout: Duration | None = None
    on_timeout: Identifier | None = None
    next: Identifier

    @model_validator(mode="after")
    def _one_kind(self) -> WaitNode:
        kinds = [k for k in ("duration", "until_local_time", "until_event") if getattr(self, k)]
        if len(kinds) != 1:
            raise ValueError(
                "a wait needs exactly one of duration, until_local_time or until_event"
                f" (got {kinds or 'none'})"
            )
        if self.until_event and not (self.timeout and self.on_timeout):
            raise ValueError(
                "until_event needs 'timeout' and 'on_timeout' (where to go if it never comes)"
            )
        if not self.until_event and (self.timeout or self.on_timeout):
            raise ValueError("'timeout'/'on_timeout' only apply to until_event")
        return self


class AttributeCondition(_Model):
    kind: Literal["attribute"]
    field: Identifier
    op: Literal["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "is_null", "not_null"]
    value: str | int | float | bool | list[str | int | float] | None = None


class SegmentCondition(_Model):
    kind: Literal["segment"]
    segment: Identifier


class EngagementCondition(_Model):
    """Did the contact do ``event`` (opened, clicked, ...) since passing send node ``since_node``?"""

    kind: Literal["engagement"]
    event: ActivityType
    since_node: Identifier


Condition = Annotated[
    AttributeCondition | SegmentCondition | EngagementCondition, Field(discriminator="kind")
]


class BranchNode(_Model):
    id: Identifier
    type: Literal["branch"]
    condition: Condition
    if_true: Identifier
    if_false: Identifier


class SplitVariant(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_]+$", max_length=32)]
    weight: Number = Field(gt=0, le=1e6)
    next: Identifier


#: Rate metrics a split may decide on (``experiment_results.metric``).
DecisionMetric = Literal["open_rate", "click_rate", "application_rate", "enrollment_rate"]
#: Journey variant of a contact held back by a split, and its prefix once routed (``held>B``).
HELD_VARIANT = "held"
HELD_ROUTED_PREFIX = "held>"


class Holdback(_Model):
    """ "Send the rest to the winner": hold back a share of the split's entrants until the test
    is conclusive, then route them (and later entrants of that share) to the winning variant."""

    share: Number = Field(gt=0, le=0.9, description="Share of the non-holdout entrants held back.")
    metric: DecisionMetric = Field(
        default="click_rate", description="The rate the sequential test decides on."
    )
    check_every: Duration = Field(
        default="1h", description="How often the held-back contacts look at the readout."
    )
    max_wait: Duration = Field(
        default="7d",
        description="Longest hold; then the held-back contacts go to `fallback` (the control).",
    )
    fallback: Annotated[str, Field(pattern=r"^[A-Za-z0-9_]+$", max_length=32)] | None = Field(
        default=None, description="Variant after max_wait without a verdict (default: the first)."
    )


class SplitNode(_Model):
    """A/B/n split by deterministic hashing of the contact id; optional holdout group.

    ``mode: bandit`` allocates each batch by Thompson sampling on the readout instead of the
    fixed weights (the weights are used until a readout exists); ``holdback`` holds part of the
    audience until the test is conclusive (``ab`` mode only)."""

    id: Identifier
    type: Literal["split"]
    variants: list[SplitVariant] = Field(min_length=2)
    holdout: Number = Field(default=0.0, ge=0, lt=0.5)
    holdout_next: Identifier | None = None
    mode: Literal["ab", "bandit"] = "ab"
    bandit_metric: DecisionMetric = Field(
        default="click_rate", description="The rate a bandit split earns on (mode: bandit)."
    )
    holdback: Holdback | None = None

    @model_validator(mode="after")
    def _holdback_fits(self) -> SplitNode:
        if self.holdback is not None:
            if self.mode == "bandit":
                raise ValueError("holdback applies to mode ab only: a bandit split never waits")
            ids = [v.id for v in self.variants]
            if self.holdback.fallback is not None and self.holdback.fallback not in ids:
                raise ValueError(
                    f"holdback.fallback {self.holdback.fallback!r} is not a variant of this "
                    f"split: use one of {', '.join(ids)}"
                )
            if HELD_VARIANT in ids:
                raise ValueError(f"variant id {HELD_VARIANT!r} is reserved for held-back contacts")
            long = [i for i in ids if len(HELD_ROUTED_PREFIX + i) > 32]
            if long:
                raise ValueError(
                    f"with holdback, variant ids must be at most "
                    f"{32 - len(HELD_ROUTED_PREFIX)} characters: shorten {', '.join(long)}"
                )
        return self

    @property
    def control(self) -> str:
        """The first variant: the control of the test."""
        return self.variants[0].id


class SendNode(_Model):
    id: Identifier
    type: Literal["send"]
    channel: Channel
    template: Identifier
    best_send_time: bool = Field(
        default=False, description="Release at the contact's recommended local hour when known."
    )
    next: Identifier
    accounts: list[Annotated[str, Field(min_length=3, max_length=64)]] = Field(
        default_factory=list,
        description="Social only: the connected accounts to post as "
        "(`enrollflow social accounts`, e.g. facebook:1234567890).",
    )
    post_at: dt.datetime | None = Field(
        default=None,
        description="Social only: when to publish (UTC; default the campaign's start).",
    )
    link: str | None = Field(default=None, description="Social only: an https link to share.")
    image_url: str | None = Field(
        default=None, description="Social only: an https image URL (required for Instagram)."
    )

    @field_validator("post_at")
    @classmethod
    def _post_at_utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    @model_validator(mode="after")
    def _social_fields(self) -> SendNode:
        social = self.channel == "social"
        if social and not self.accounts:
            raise ValueError("a social send needs accounts: the connected accounts to post as")
        if social and self.best_send_time:
            raise ValueError("best_send_time is per contact; a social post has one time (post_at)")
        if not social and (self.accounts or self.post_at or self.link or self.image_url):
            raise ValueError("accounts, post_at, link and image_url belong to social sends only")
        for name in ("link", "image_url"):
            url = getattr(self, name)
            if url is not None and not url.startswith("https://"):
                raise ValueError(f"{name} must be an https:// URL")
        return self


class ExitNode(_Model):
    id: Identifier
    type: Literal["exit"]


Node = Annotated[
    EntryNode | WaitNode | BranchNode | SplitNode | SendNode | ExitNode,
    Field(discriminator="type"),
]
NODE_TYPES = ("entry", "wait", "branch", "split", "send", "exit")


class Workflow(_Model):
    nodes: list[Node] = Field(min_length=2)
    step_time_limit_seconds: Number = Field(
        default=300,
        gt=0,
        le=3600,
        description="A step running longer stops cleanly and resumes later.",
    )

    def node(
        self, node_id: str
    ) -> EntryNode | WaitNode | BranchNode | SplitNode | SendNode | ExitNode:
        """The node with id ``node_id`` (KeyError if absent)."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)


from delivery.campaigns.banners import Banner  # noqa: E402  (it builds on the fields above)

WebChannel = Literal["web"]


class Campaign(_Model):
    """A campaign file."""

    campaign_id: Identifier
    name: str = Field(min_length=1, max_length=200)
    type: CampaignType
    organisation: Identifier
    owner: str = Field(min_length=1)
    objective: str = ""
    kpis: Kpis = Field(default_factory=Kpis)
    budget: Budget
    start_at: dt.datetime
    end_at: dt.datetime | None = None
    organisation_timezone: str = Field(
        default="Europe/London", description="Zone used for contacts whose own zone is unknown."
    )
    channels: list[Channel | WebChannel] = Field(min_length=1)
    topic: Identifier | None = Field(
        default=None,
        description="The subscription topic the campaign belongs to (one the preference centre "
        "offers: newsletter, course_updates, events). A contact who withdrew it gets none of "
        "its messages; without a topic only withdrawing every topic stops them.",
    )
    audience: Audience
    content: list[Template] = Field(min_length=1)
    workflow: Workflow
    rules: SendRules = Field(default_factory=SendRules)
    exit_on: list[ActivityType] = Field(
        default_factory=lambda: ["enrolled"],
        description="Activities that end the journey at once (the goal is met).",
    )
    banners: list[Banner] = Field(
        default_factory=list,
        description="Web banners and pop-ups (the web channel), shown on the school's site by "
        "the tracking snippet while the campaign runs.",
    )

    @field_validator("start_at", "end_at")
    @classmethod
    def _utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    @field_validator("organisation_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r} (e.g. Europe/London)") from exc
        return value

    @model_validator(mode="after")
    def _dates(self) -> Campaign:
        if self.end_at is not None and self.end_at <= self.start_at:
            raise ValueError(f"end_at {self.end_at} must be after start_at {self.start_at}")
        return self

    @model_validator(mode="after")
    def _web_channel(self) -> Campaign:
        if bool(self.banners) != ("web" in self.channels):
            raise ValueError(
                "banners need 'web' in channels and 'web' needs at least one banner: "
                "add both or neither"
            )
        ids = [b.id for b in self.banners]
        if len(set(ids)) != len(ids):
            raise ValueError(f"banner ids must be unique, got {ids}")
        return self

    def template(self, template_id: str) -> Template:
        """The template with id ``template_id`` (KeyError if absent)."""
        for template in self.content:
            if template.id == template_id:
                return template
        raise KeyError(template_id)

    @property
    def has_ab_test(self) -> bool:
        """True when the workflow contains a split node."""
        return any(node.type == "split" for node in self.workflow.nodes)
