"""Property tests: random segment trees, compiled to SQL and run on DuckDB, against the oracle.

- the SQL result equals the plain-Python reference evaluator (tests/segments/reference.py);
- a segment and its ``not`` partition the contacts who may be contacted on the channel;
- ``all`` is a subset of each child and ``any`` a superset of each child.
Run on the hand-made marts and on random marts with missing values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segments.compiler import compile_segment
from segments.evaluate import evaluate
from segments.warehouse import Warehouse
from tests.segments.cases import GOLDEN
from tests.segments.conftest import MODE_IDS, MODES, compile_in_mode, make_segment
from tests.segments.marts import HAND_MADE, NOW, Marts, load_marts, random_marts
from tests.segments.reference import Reference, may_contact

# leaves: every golden leaf (not the composite ones) plus consent nodes
LEAVES: list[dict[str, Any]] = [
    w for _, w, _, _ in GOLDEN if not {"all", "any", "not"} & set(w)
] + [{"consent": "email"}, {"consent": "sms"}]

trees = st.recursive(
    st.sampled_from(LEAVES),
    lambda kids: st.one_of(
        st.lists(kids, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
        st.lists(kids, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
        kids.map(lambda x: {"not": x}),
    ),
    max_leaves=6,
)
channels = st.sampled_from([None, "email", "sms"])
PROPERTY_SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module", params=["hand_made", "random"])
def marts_db(request: pytest.FixtureRequest) -> Iterator[tuple[Warehouse, Marts]]:
    marts = HAND_MADE if request.param == "hand_made" else random_marts(seed=7)
    conn = duckdb.connect()
    warehouse = Warehouse(conn)
    load_marts(warehouse, marts)
    yield warehouse, marts
    conn.close()


def _members(warehouse: Warehouse, where: dict[str, Any], channel: str | None) -> set[str]:
    return set(evaluate(warehouse, compile_segment(make_segment(where, channel), now=NOW)))


# ``now`` at midnight (windows of whole days), and off midnight in minutes: the daily aggregate's
# partial edge days; 144 / 720 minutes put a window's start on activity 13.9 / x.5 days old
offsets = st.one_of(
    st.sampled_from([0, 144, 360, -360, 720]), st.integers(min_value=-1440, max_value=1440)
)


@settings(PROPERTY_SETTINGS, max_examples=50)
@given(where=trees, channel=channels, minutes=offsets)
def test_sql_matches_reference(marts_db, where, channel, minutes) -> None:
    warehouse, marts = marts_db
    segment = make_segment(where, channel)
    now = NOW + dt.timedelta(minutes=minutes)
    expected = Reference(marts, now).members(segment)
    for mode, name in zip(MODES, MODE_IDS, strict=True):
        compiled = compile_in_mode(warehouse, segment, now, mode)
        assert set(evaluate(warehouse, compiled)) == expected, name


@PROPERTY_SETTINGS
@given(where=trees, channel=st.sampled_from(["email", "sms"]))
def test_segment_and_not_partition_the_consenting_contacts(marts_db, where, channel) -> None:
    warehouse, marts = marts_db
    inside = _members(warehouse, where, channel)
    outside = _members(warehouse, {"not": where}, channel)
    consenting = {c["contact_id"] for c in marts.contacts if may_contact(c, channel)}
    assert inside.isdisjoint(outside)
    assert inside | outside == consenting


@PROPERTY_SETTINGS
@given(kids=st.lists(trees, min_size=2, max_size=3), channel=channels)
def test_all_is_within_and_any_contains_each_child(marts_db, kids, channel) -> None:
    warehouse, _ = marts_db
    each = [_members(warehouse, k, channel) for k in kids]
    every = _members(warehouse, {"all": kids}, channel)
    some = _members(warehouse, {"any": kids}, channel)
    assert every == set.intersection(*each)
    assert some == set.union(*each)
