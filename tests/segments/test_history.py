"""Membership history across materialisations: enter, exit, re-enter; was_member at past times."""

from __future__ import annotations

import datetime as dt

import pytest

from segments.compiler import compile_segment
from segments.history import (
    HistoryError,
    SegmentRun,
    materialise,
    members_at,
    was_member,
)
from segments.warehouse import Warehouse
from tests.segments.cases import ES
from tests.segments.conftest import make_segment
from tests.segments.marts import NOW

T1, T2, T3 = NOW, NOW + dt.timedelta(days=1), NOW + dt.timedelta(days=2)
HOUR = dt.timedelta(hours=1)


def _run(warehouse: Warehouse, at: dt.datetime, where=ES, name: str = "spain_email") -> SegmentRun:
    segment = make_segment(where, "email", name=name)
    return materialise(warehouse, compile_segment(segment, now=at), at)


def _set_suppressed(warehouse: Warehouse, contact_id: str, value: bool) -> None:
    warehouse.execute(
        f"UPDATE dim_contacts SET is_email_suppressed = {str(value).upper()} "
        f"WHERE contact_id = '{contact_id}'"
    )
    if warehouse.dialect == "postgres":
        warehouse.commit()


def check_enter_exit_reenter(warehouse: Warehouse) -> None:
    """Three materialisations with data changes between them; shared by DuckDB and Postgres."""
    assert _run(warehouse, T1) == SegmentRun("spain_email", T1, size=2, entered=2, exited=0)
    _set_suppressed(warehouse, "c03", True)  # c03 exits
    _set_suppressed(warehouse, "c02", False)  # c02 enters
    assert _run(warehouse, T2) == SegmentRun("spain_email", T2, size=2, entered=1, exited=1)
    _set_suppressed(warehouse, "c03", False)  # c03 re-enters
    assert _run(warehouse, T3) == SegmentRun("spain_email", T3, size=3, entered=1, exited=0)

    assert members_at(warehouse, "spain_email") == ["c01", "c02", "c03"]
    assert members_at(warehouse, "spain_email", T1 + HOUR) == ["c01", "c03"]
    assert members_at(warehouse, "spain_email", T2 + HOUR) == ["c01", "c02"]
    assert members_at(warehouse, "spain_email", T1 - HOUR) == []
    expectations = {
        ("c03", T1 - HOUR): False,  # before the first materialisation
        ("c03", T1): True,  # valid_from is inclusive
        ("c03", T1 + 12 * HOUR): True,
        ("c03", T2): False,  # valid_to is exclusive
        ("c03", T2 + HOUR): False,
        ("c03", T3 + HOUR): True,  # re-entered
        ("c02", T1 + HOUR): False,
        ("c02", T2 + HOUR): True,
        ("c01", T3 + 100 * HOUR): True,  # still a member: the open stay has no end
        ("c05", T2): False,  # never a member (no email consent)
    }
    for (contact, at), expected in expectations.items():
        assert was_member(warehouse, "spain_email", contact, at) is expected, (contact, at)
    stays = warehouse.fetchall(
        "SELECT contact_id, valid_from, valid_to FROM segment_memberships "
        "WHERE contact_id = 'c03' ORDER BY valid_from"
    )
    assert stays == [("c03", T1, T2), ("c03", T3, None)]
    runs = warehouse.fetchall(
        "SELECT run_at, size, entered, exited FROM segment_runs ORDER BY run_at"
    )
    assert runs == [(T1, 2, 2, 0), (T2, 2, 1, 1), (T3, 3, 1, 0)]


def test_enter_exit_reenter(duck: Warehouse) -> None:
    check_enter_exit_reenter(duck)


def test_rerun_at_same_time_changes_nothing(duck: Warehouse) -> None:
    _run(duck, T1)
    assert _run(duck, T1) == SegmentRun("spain_email", T1, size=2, entered=0, exited=0)
    assert duck.fetchall("SELECT COUNT(*) FROM segment_memberships") == [(2,)]


def test_rerun_at_same_time_after_a_change_leaves_no_zero_length_stay(duck: Warehouse) -> None:
    _run(duck, T1)
    _set_suppressed(duck, "c03", True)
    assert _run(duck, T1).exited == 1
    assert members_at(duck, "spain_email") == ["c01"]
    assert not was_member(duck, "spain_email", "c03", T1)
    assert duck.fetchall("SELECT COUNT(*) FROM segment_memberships WHERE contact_id = 'c03'") == [
        (0,)
    ]


def test_history_only_moves_forward(duck: Warehouse) -> None:
    _run(duck, T2)
    with pytest.raises(HistoryError, match="is before its last materialisation"):
        _run(duck, T1)


def test_segments_keep_separate_histories(duck: Warehouse) -> None:
    _run(duck, T1)
    fr = {"attribute": "country", "op": "eq", "value": "FR"}
    assert _run(duck, T1, where=fr, name="france_email").size == 1
    assert members_at(duck, "spain_email") == ["c01", "c03"]
    assert members_at(duck, "france_email") == ["c04"]


def test_empty_segment_materialises_empty(duck: Warehouse) -> None:
    nobody = {"attribute": "country", "op": "eq", "value": "JP"}
    assert _run(duck, T1, where=nobody, name="japan") == SegmentRun("japan", T1, 0, 0, 0)
    assert members_at(duck, "japan") == []
    assert duck.fetchall("SELECT size FROM segment_runs WHERE segment_name = 'japan'") == [(0,)]


def test_was_member_without_history_tables(duck: Warehouse) -> None:
    assert was_member(duck, "spain_email", "c01", T1) is False
    assert members_at(duck, "spain_email") == []


def test_consent_leak_check_finds_members_who_lost_consent(duck: Warehouse) -> None:
    from segments.checks import consent_leaks

    _run(duck, T1)
    assert consent_leaks(duck, "spain_email", "email") == []
    _set_suppressed(duck, "c03", True)  # after materialisation: c03 must not be emailed
    assert consent_leaks(duck, "spain_email", "email") == ["c03"]
    duck.execute("DELETE FROM dim_contacts WHERE contact_id = 'c01'")  # gone from the marts
    assert consent_leaks(duck, "spain_email", "email") == ["c01", "c03"]
