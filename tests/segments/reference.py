"""A plain-Python evaluator of segment specs over in-memory rows: the oracle for the compiler.

Written from the spec's documented semantics, independently of the SQL: a missing value makes a
leaf false, windows are ``[now - in_last_days, now - ending_days_ago)``, an unknown suppression
flag blocks a channel, references include the referenced segment's channel consent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from segments import catalog
from segments.spec import (
    AllNode,
    AnyNode,
    AttributeNode,
    BehaviourNode,
    ConsentNode,
    NotNode,
    ScoreNode,
    Segment,
    SegmentRefNode,
    as_timestamp,
)
from tests.segments.marts import Marts, ago


def _compare(value: Any, op: str, arg: Any, kind: str, now: dt.datetime) -> bool:
    if op == "missing":
        return value is None
    if op == "present":
        return value is not None
    if value is None:
        return False
    conv = as_timestamp if kind == "timestamp" else (lambda v: v)
    if op == "within_last_days":
        return value >= now - dt.timedelta(days=arg)
    if op == "more_than_days_ago":
        return value < now - dt.timedelta(days=arg)
    if op == "in":
        return value in [conv(a) for a in arg]
    if op == "not_in":
        return value not in [conv(a) for a in arg]
    if op == "between":
        return conv(arg[0]) <= value <= conv(arg[1])
    a = conv(arg)
    return {
        "eq": value == a,
        "ne": value != a,
        "lt": value < a,
        "lte": value <= a,
        "gt": value > a,
        "gte": value >= a,
    }[op]


def may_contact(row: dict[str, Any], channel: str) -> bool:
    """Consent granted (True) and every blocking flag known to be False."""
    granted, blocked = catalog.CONSENT_COLUMNS[channel]
    return row[granted] is True and all(row[flag] is False for flag in blocked)


class Reference:
    """Evaluate segments over :class:`~tests.segments.marts.Marts` rows."""

    def __init__(self, marts: Marts, now: dt.datetime, segments: dict[str, Segment] | None = None):
        self.marts, self.now, self.segments = marts, now, segments or {}
        self.interests: dict[str, set[str]] = {}
        for cid, interest in marts.interests:
            self.interests.setdefault(cid, set()).add(interest)
        self.scores = dict(marts.propensity)

    def members(self, segment: Segment) -> set[str]:
        return {r["contact_id"] for r in self.marts.contacts if self.segment(segment, r)}

    def segment(self, segment: Segment, row: dict[str, Any]) -> bool:
        ok = self.node(segment.where, row)
        return ok and (segment.channel is None or may_contact(row, segment.channel))

    def count(self, node: BehaviourNode, cid: str) -> int:
        start = self.now - dt.timedelta(days=node.in_last_days)
        end = self.now - dt.timedelta(days=node.ending_days_ago)
        n = 0
        for contact, kind, days, channel, campaign, category in self.marts.activity:
            at = ago(days)
            if contact != cid or kind != node.behaviour or not start <= at < end:
                continue
            if node.course_category and category not in node.course_category:
                continue
            if node.campaign_id and campaign not in node.campaign_id:
                continue
            if node.channel and channel not in node.channel:
                continue
            n += 1
        return n

    def node(self, node: Any, row: dict[str, Any]) -> bool:
        cid = row["contact_id"]
        if isinstance(node, AllNode):
            return all(self.node(c, row) for c in node.all_)
        if isinstance(node, AnyNode):
            return any(self.node(c, row) for c in node.any_)
        if isinstance(node, NotNode):
            return not self.node(node.not_, row)
        if isinstance(node, ConsentNode):
            return may_contact(row, node.consent)
        if isinstance(node, SegmentRefNode):
            return self.segment(self.segments[node.segment], row)
        if isinstance(node, BehaviourNode):
            n = self.count(node, cid)
            return n >= node.min_count and (node.max_count is None or n <= node.max_count)
        if isinstance(node, AttributeNode) and node.attribute == "interests":
            mine = self.interests.get(cid, set())
            return {
                "missing": not mine,
                "present": bool(mine),
                "in": bool(mine & set(node.value or [])),
                "not_in": not mine & set(node.value or []),
            }[node.op]
        if isinstance(node, AttributeNode):
            return _compare(row[node.attribute], node.op, node.value, node.column_kind, self.now)
        if isinstance(node, ScoreNode) and node.table == catalog.CONTACTS_TABLE:
            return _compare(row[node.score], node.op, node.value, node.column_kind, self.now)
        if isinstance(node, ScoreNode):
            return _compare(self.scores.get(cid), node.op, node.value, node.column_kind, self.now)
        raise TypeError(node)
