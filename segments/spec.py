"""The segment spec: pydantic models for a segment file and its tree of conditions.

A segment file is YAML::

    description: Engaged prospects in Spain interested in data courses
    channel: email                  # optional: only contacts who may be emailed
    where:
      all:
        - {attribute: country, op: eq, value: ES}
        - {attribute: interests, op: in, value: [data]}
        - {behaviour: opened, at_least: 2, in_last_days: 30}
        - not: {behaviour: enrolled, in_last_days: 3650}

A node is exactly one of ``all`` / ``any`` (lists of nodes), ``not`` (one node), ``attribute``,
``behaviour``, ``score``, ``segment`` (a reference to another segment file) or ``consent`` (a
channel). The kind is told by the node's key, so the union is discriminated without a ``type`` field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from segments import catalog

NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
IDENTIFIER_PATTERN = r"^[a-z_][a-z0-9_]*$"
MAX_WINDOW_DAYS = 3650

Scalar = str | bool | int | float | dt.datetime | dt.date
CATEGORICAL_OPS = ("eq", "ne", "in", "not_in", "missing", "present")
COMPARISON_OPS = ("lt", "lte", "gt", "gte", "between")
RELATIVE_OPS = ("within_last_days", "more_than_days_ago")
NUMERIC_OPS = (*CATEGORICAL_OPS, *COMPARISON_OPS)
TIMESTAMP_OPS = (*COMPARISON_OPS, *RELATIVE_OPS, "missing", "present")
AttributeOp = Literal[(*NUMERIC_OPS, *RELATIVE_OPS)]  # type: ignore[valid-type]
INTEREST_OPS = ("in", "not_in", "missing", "present")


def spec_error(problem: str, expected: str, field: str | None = None) -> PydanticCustomError:
    """A validation error carrying the problem, what was expected and (optionally) the field."""
    return PydanticCustomError(
        "segment_spec",
        "{problem}; expected {expected}",
        {"problem": problem, "expected": expected, "field": field},
    )


def _one_of(values: tuple[str, ...] | list[str]) -> str:
    return "one of " + ", ".join(values)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _Node(_Model):
    kind: ClassVar[str]


# ---------------------------------------------------------------------------------------------
# value checks shared by attribute and score predicates


def as_timestamp(value: Any, field: str = "value") -> dt.datetime:
    """A date, datetime or ISO string as a naive UTC datetime (raises a spec error otherwise)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return as_timestamp(dt.datetime.fromisoformat(value), field)
        except ValueError:
            pass
    raise spec_error(
        f"{value!r} is not a date", "a date like 2026-01-31 or 2026-01-31T09:00:00", field
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_number(value: Any) -> None:
    if not _is_number(value):
        raise spec_error(f"{value!r} is not a number", "a number like 3 or 0.5", "value")


def _check_label(value: Any, allowed: tuple[str, ...] | None, name: str) -> None:
    if isinstance(value, bool):
        raise spec_error(
            f"{value!r} is a boolean (YAML reads NO/YES/ON/OFF unquoted as booleans)",
            f"a text value for {name} — quote it, e.g. 'NO'",
            "value",
        )
    if not isinstance(value, str):
        raise spec_error(f"{value!r} is not a text value", f"a text value for {name}", "value")
    if allowed is not None and value not in allowed:
        raise spec_error(f"{value!r} is not a known {name}", _one_of(allowed), "value")
    if name == "country" and not re.fullmatch(r"[A-Z]{2}", value):
        raise spec_error(
            f"{value!r} is not a country code", "an ISO-3166 alpha-2 code like ES", "value"
        )


def _values_of(op: str, value: Any) -> list[Any]:
    """The individual values an operator takes, checking their count."""
    if op in ("missing", "present"):
        if value is not None:
            raise spec_error(f"op '{op}' takes no value", "no 'value' key", "value")
        return []
    if value is None:
        raise spec_error(f"op '{op}' needs a value", "a 'value' key", "value")
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise spec_error(f"op '{op}' needs a list, got {value!r}", "a non-empty list", "value")
        return value
    if op == "between":
        if not isinstance(value, list) or len(value) != 2:
            raise spec_error(
                f"op 'between' needs two values, got {value!r}", "[low, high]", "value"
            )
        return value
    if isinstance(value, list):
        raise spec_error(f"op '{op}' takes one value, got a list", "a single value", "value")
    return [value]


def check_values(
    op: str, value: Any, kind: str, allowed: tuple[str, ...] | None, name: str
) -> None:
    """Check that ``op`` suits a column of ``kind`` and that ``value`` fits both."""
    ops = {
        "categorical": CATEGORICAL_OPS,
        "numeric": NUMERIC_OPS,
        "timestamp": TIMESTAMP_OPS,
        "interests": INTEREST_OPS,
    }[kind]
    if op not in ops:
        raise spec_error(f"op '{op}' does not apply to {name} ({kind})", _one_of(ops), "op")
    values = _values_of(op, value)
    if kind == "timestamp" and op in ("within_last_days", "more_than_days_ago"):
        if not isinstance(values[0], int) or isinstance(values[0], bool) or values[0] < 1:
            raise spec_error(
                f"{values[0]!r} is not a number of days", "a whole number ≥ 1", "value"
            )
        return
    for v in values:
        if kind == "numeric":
            _check_number(v)
        elif kind == "timestamp":
            as_timestamp(v)
        else:
            _check_label(v, allowed, name)
    if op == "between":
        low, high = (as_timestamp(v) for v in values) if kind == "timestamp" else values
        if low > high:
            raise spec_error(
                f"between {values[0]} and {values[1]} is empty",
                "[low, high] with low ≤ high",
                "value",
            )


# ---------------------------------------------------------------------------------------------
# nodes


class AllNode(_Node):
    """Every child holds."""

    kind: ClassVar[str] = "all"
    all_: list[Node] = Field(alias="all", min_length=1)


class AnyNode(_Node):
    """At least one child holds."""

    kind: ClassVar[str] = "any"
    any_: list[Node] = Field(alias="any", min_length=1)


class NotNode(_Node):
    """The child does not hold."""

    kind: ClassVar[str] = "not"
    not_: Node = Field(alias="not")


class AttributeNode(_Node):
    """A predicate on a contact attribute (``dim_contacts`` column, or ``interests``).

    ``op`` by kind of attribute: text (country, locale, ...): eq, ne, in, not_in, missing, present;
    timestamps (created_at, last_enrolled_at, ...): lt, lte, gt, gte, between, within_last_days,
    more_than_days_ago, missing, present; counts: comparisons, between, in; interests: in (any of),
    not_in (none of), missing (no interests), present. ``ne``/``not_in`` never match a missing value.
    """

    kind: ClassVar[str] = "attribute"
    attribute: Literal[catalog.ATTRIBUTES]  # type: ignore[valid-type]
    op: AttributeOp
    value: Scalar | list[Scalar] | None = None

    @property
    def column_kind(self) -> str:
        """``categorical``, ``timestamp``, ``numeric`` or ``interests``."""
        if self.attribute == catalog.INTEREST_ATTRIBUTE:
            return "interests"
        if self.attribute in catalog.TIMESTAMP_ATTRIBUTES:
            return "timestamp"
        if self.attribute in catalog.NUMERIC_ATTRIBUTES:
            return "numeric"
        return "categorical"

    @model_validator(mode="after")
    def _check(self) -> AttributeNode:
        allowed = (
            catalog.COURSE_CATEGORIES
            if self.column_kind == "interests"
            else catalog.CATEGORICAL_ATTRIBUTES.get(self.attribute)
        )
        check_values(self.op, self.value, self.column_kind, allowed, self.attribute)
        return self


class BehaviourNode(_Node):
    """Performed (or not) an activity at least / at most N times in a window of days before ``now``.

    The window is ``[now - in_last_days, now - ending_days_ago)``. ``at_least`` defaults to 1, or to
    0 when only ``at_most`` is given. ``performed: false`` selects contacts with no such activity.
    Optional filters narrow the activities counted (each a value or a list of values).
    """

    kind: ClassVar[str] = "behaviour"
    behaviour: catalog.Event
    performed: bool = True
    # strict: ``true`` or ``"30"`` where a count of days belongs is refused, not read as 1 / 30
    at_least: int | None = Field(default=None, ge=0, strict=True)
    at_most: int | None = Field(default=None, ge=0, strict=True)
    in_last_days: int = Field(strict=True)
    ending_days_ago: int = Field(default=0, ge=0, strict=True)
    course_category: list[Literal[catalog.COURSE_CATEGORIES]] | None = None  # type: ignore[valid-type]
    campaign_id: list[str] | None = None
    channel: list[str] | None = None

    @field_validator("course_category", "campaign_id", "channel", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check(self) -> BehaviourNode:
        if not 1 <= self.in_last_days <= MAX_WINDOW_DAYS:
            raise spec_error(
                f"bad window: in_last_days {self.in_last_days}",
                f"a whole number of days from 1 to {MAX_WINDOW_DAYS}",
                "in_last_days",
            )
        if self.ending_days_ago >= self.in_last_days:
            raise spec_error(
                f"bad window: ending_days_ago {self.ending_days_ago} is not inside in_last_days "
                f"{self.in_last_days}",
                "ending_days_ago < in_last_days",
                "ending_days_ago",
            )
        if not self.performed and (self.at_least is not None or self.at_most is not None):
            raise spec_error(
                "performed: false cannot take at_least/at_most",
                "either performed: false or a count range",
                "performed",
            )
        if self.at_most is not None and self.min_count > self.at_most:
            raise spec_error(
                f"at_least {self.min_count} is more than at_most {self.at_most}",
                "at_least ≤ at_most (for 'did not do it' write performed: false)",
                "at_most",
            )
        for name in ("course_category", "campaign_id", "channel"):
            if getattr(self, name) == []:
                raise spec_error(f"{name} is an empty list", "at least one value", name)
        return self

    @property
    def min_count(self) -> int:
        """The lower bound on the count (0 when ``performed`` is false)."""
        if not self.performed:
            return 0
        if self.at_least is not None:
            return self.at_least
        return 0 if self.at_most is not None else 1

    @property
    def max_count(self) -> int | None:
        """The upper bound on the count (``None``: unbounded)."""
        return 0 if not self.performed else self.at_most


class ScoreNode(_Node):
    """A predicate on a score: a ``dim_contacts`` score column or any table keyed by contact_id.

    ``table`` defaults to ``dim_contacts`` (RFM scores and band, LTV, engagement counts); an ML
    score table (e.g. ``contact_propensity_scores``) is named with ``table`` and ``score`` is its
    column. A contact without a score row never matches (except ``op: missing``).
    """

    kind: ClassVar[str] = "score"
    score: str = Field(pattern=IDENTIFIER_PATTERN)
    table: str = Field(default=catalog.CONTACTS_TABLE, pattern=IDENTIFIER_PATTERN)
    op: AttributeOp
    value: Scalar | list[Scalar] | None = None

    @property
    def column_kind(self) -> str:
        """``numeric`` or ``categorical`` (labels such as ``rfm_band``)."""
        if self.table == catalog.CONTACTS_TABLE:
            return "categorical" if self.score in catalog.LABEL_SCORES else "numeric"
        values = self.value if isinstance(self.value, list) else [self.value]
        return "categorical" if any(isinstance(v, str) for v in values) else "numeric"

    @model_validator(mode="after")
    def _check(self) -> ScoreNode:
        known = (*catalog.NUMERIC_SCORES, *catalog.LABEL_SCORES)
        if self.table == catalog.CONTACTS_TABLE and self.score not in known:
            raise spec_error(
                f"'{self.score}' is not a score column of {catalog.CONTACTS_TABLE}",
                _one_of(known) + " (or name an ML score table with 'table')",
                "score",
            )
        check_values(self.op, self.value, self.column_kind, None, self.score)
        return self


class SegmentRefNode(_Node):
    """Membership of another segment (by file name); exclude with ``not: {segment: name}``."""

    kind: ClassVar[str] = "segment"
    segment: str = Field(pattern=NAME_PATTERN)


class ConsentNode(_Node):
    """The contact may be contacted on this channel: consent given and not suppressed."""

    kind: ClassVar[str] = "consent"
    consent: catalog.Channel


NODE_TYPES: dict[str, type[_Node]] = {
    t.kind: t
    for t in (
        AllNode,
        AnyNode,
        NotNode,
        AttributeNode,
        BehaviourNode,
        ScoreNode,
        SegmentRefNode,
        ConsentNode,
    )
}


def node_kind(value: Any) -> str | None:
    """The node kind of a raw mapping (the one node key it has) or of a node instance."""
    if isinstance(value, _Node):
        return value.kind
    if isinstance(value, dict):
        keys = [k for k in NODE_TYPES if k in value]
        return keys[0] if len(keys) == 1 else None
    return None


Node = Annotated[
    Annotated[AllNode, Tag("all")]
    | Annotated[AnyNode, Tag("any")]
    | Annotated[NotNode, Tag("not")]
    | Annotated[AttributeNode, Tag("attribute")]
    | Annotated[BehaviourNode, Tag("behaviour")]
    | Annotated[ScoreNode, Tag("score")]
    | Annotated[SegmentRefNode, Tag("segment")]
    | Annotated[ConsentNode, Tag("consent")],
    Discriminator(
        node_kind,
        custom_error_type="segment_node",
        custom_error_message="not a condition node",
    ),
]


class Segment(_Model):
    """A segment file: a description, an optional channel and a ``where`` tree.

    ``name`` is the file's stem; when written in the file it must equal it. With ``channel``, the
    segment only ever contains contacts who may be contacted on that channel.
    """

    name: str | None = Field(default=None, pattern=NAME_PATTERN)
    description: str = Field(min_length=1)
    owner: str | None = None
    tags: list[str] = Field(default_factory=list)
    channel: catalog.Channel | None = None
    where: Node


AllNode.model_rebuild()
AnyNode.model_rebuild()
NotNode.model_rebuild()
Segment.model_rebuild()


def children(node: _Node) -> list[tuple[str, _Node]]:
    """The direct child nodes with their path step (``all.0``, ``not``)."""
    if isinstance(node, AllNode):
        return [(f"all.{i}", c) for i, c in enumerate(node.all_)]
    if isinstance(node, AnyNode):
        return [(f"any.{i}", c) for i, c in enumerate(node.any_)]
    if isinstance(node, NotNode):
        return [("not", node.not_)]
    return []


def walk(node: _Node, path: str = "where"):
    """Yield ``(path, node)`` for ``node`` and every node below it, depth first."""
    yield path, node
    for step, child in children(node):
        yield from walk(child, f"{path}.{step}")
