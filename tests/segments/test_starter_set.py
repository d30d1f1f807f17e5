"""The starter segments are valid, compile for both dialects and evaluate on the marts."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
import sqlglot

from segments import DEFINITIONS_DIR
from segments.clock import simulated_now
from segments.compiler import compile_segment
from segments.evaluate import evaluate
from segments.history import materialise, members_at
from segments.loader import load_definitions
from segments.warehouse import Warehouse
from tests.segments.conftest import MODE_IDS, MODES, compile_in_mode
from tests.segments.marts import NOW

REQUIRED = {
    "engaged_prospects_spain_data",
    "lapsed_learners_6_12m",
    "new_leads_no_application_14d",
}


def test_starter_set_is_valid() -> None:
    catalog = load_definitions(DEFINITIONS_DIR)
    assert catalog.errors == {}
    assert set(catalog.segments) >= REQUIRED
    assert len(catalog.segments) >= 6


def test_starter_set_on_hand_made_marts(duck: Warehouse) -> None:
    catalog = load_definitions(DEFINITIONS_DIR)
    members = {
        name: set(evaluate(duck, compile_segment(seg, now=NOW, segments=catalog.segments)))
        for name, seg in catalog.segments.items()
    }
    # worked out from tests/segments/marts.py
    assert members["engaged_prospects_spain_data"] == {"c01"}
    assert members["lapsed_learners_6_12m"] == set()  # c05 is lapsed but has no email consent
    assert members["new_leads_no_application_14d"] == set()  # c06 suppressed, c07 applied
    assert members["spanish_speakers_not_engaged"] == {"c03"}  # c02/c09 blocked, c01 excluded
    for segment in catalog.segments.values():
        compiled = compile_segment(segment, now=NOW, segments=catalog.segments)
        for dialect in ("duckdb", "postgres"):
            assert sqlglot.parse_one(compiled.sql(dialect), read=dialect)


def test_starter_set_on_tiny_business(tiny_warehouse: Path, tiny_business) -> None:
    """Every starter segment evaluates on the tiny simulated business and respects consent."""
    now = simulated_now(tiny_business.landing / "_manifest.json")
    catalog = load_definitions(DEFINITIONS_DIR)
    with duckdb.connect(str(tiny_warehouse), read_only=True) as conn:
        warehouse = Warehouse(conn)
        contacts = {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT contact_id, has_email_consent, is_email_suppressed, has_sms_consent, "
                "is_sms_suppressed FROM dim_contacts"
            ).fetchall()
        }
        sizes = {}
        for name, segment in catalog.segments.items():
            compiled = compile_segment(segment, now=now, segments=catalog.segments)
            members = evaluate(warehouse, compiled)
            sizes[name] = len(members)
            # the dbt-built aggregates give the raw rows' answer, in every mode (now off midnight)
            for mode, mode_id in zip(MODES, MODE_IDS, strict=True):
                other = compile_in_mode(warehouse, segment, now, mode, segments=catalog.segments)
                assert evaluate(warehouse, other) == members, (name, mode_id)
            assert set(members) <= set(contacts), name
            for cid in members:
                email_ok, email_sup, sms_ok, sms_sup = contacts[cid]
                if segment.channel == "email":
                    assert email_ok is True and email_sup is False, (name, cid)
                if segment.channel == "sms":
                    assert sms_ok is True and sms_sup is False, (name, cid)
    assert sum(sizes.values()) > 0, sizes


def test_starter_set_history_on_tiny_business(
    tiny_warehouse: Path, tiny_business, tmp_path: Path
) -> None:
    """Two materialisations of every starter segment on a copy of the tiny warehouse."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(tiny_warehouse, copy)
    now = simulated_now(tiny_business.landing / "_manifest.json")
    later = now + dt.timedelta(days=7)
    catalog = load_definitions(DEFINITIONS_DIR)
    with duckdb.connect(str(copy)) as conn:
        warehouse = Warehouse(conn)
        for at in (now, later):
            for name, segment in catalog.segments.items():
                compiled = compile_segment(segment, now=at, segments=catalog.segments)
                run = materialise(warehouse, compiled, at)
                assert members_at(warehouse, name) == evaluate(warehouse, compiled), name
                assert run.size == len(members_at(warehouse, name))
        for name, segment in catalog.segments.items():
            first = evaluate(
                warehouse, compile_segment(segment, now=now, segments=catalog.segments)
            )
            assert members_at(warehouse, name, now + dt.timedelta(hours=1)) == first, name
        runs = warehouse.fetchall("SELECT COUNT(*), SUM(entered) - SUM(exited) FROM segment_runs")
        total_now = warehouse.fetchall(
            "SELECT COUNT(*) FROM segment_memberships WHERE valid_to IS NULL"
        )
        assert runs[0][0] == 2 * len(catalog.segments)
        assert runs[0][1] == total_now[0][0]


@pytest.mark.postgres
def test_starter_set_same_members_on_postgres(tiny_dbt_build, tiny_pg_build, tiny_business) -> None:
    """The tiny business built by dbt on both targets: every starter segment selects the same ids."""
    import sqlalchemy as sa

    now = simulated_now(tiny_business.landing / "_manifest.json")
    catalog = load_definitions(DEFINITIONS_DIR)
    engine = sa.create_engine(
        tiny_pg_build.location.replace("postgresql://", "postgresql+psycopg2://", 1)
    )
    with (
        duckdb.connect(tiny_dbt_build.location, read_only=True) as duck,
        engine.connect() as pg_conn,
    ):
        for name, segment in catalog.segments.items():
            on_duck = evaluate(
                Warehouse(duck), compile_segment(segment, now=now, segments=catalog.segments)
            )
            on_pg = evaluate(
                Warehouse(pg_conn),
                compile_segment(
                    segment, now=now, segments=catalog.segments, schema=tiny_pg_build.schema
                ),
            )
            assert on_pg == on_duck, name
    engine.dispose()


def test_dbt_stores_activity_by_type_then_time(tiny_warehouse: Path) -> None:
    """The layout segments rely on: fct_contact_activity_by_type's rows, in storage order, are
    sorted by (activity_type, occurred_at), and they are exactly fct_contact_activity's."""
    with duckdb.connect(str(tiny_warehouse), read_only=True) as conn:
        stored = conn.execute(
            "SELECT activity_type, occurred_at FROM fct_contact_activity_by_type ORDER BY rowid"
        ).fetchall()
        differ = conn.execute(
            "SELECT COUNT(*) FROM (SELECT * FROM fct_contact_activity_by_type "
            "EXCEPT ALL SELECT * FROM fct_contact_activity "
            "UNION ALL (SELECT * FROM fct_contact_activity "
            "EXCEPT ALL SELECT * FROM fct_contact_activity_by_type)) d"
        ).fetchall()[0][0]
    assert len(stored) > 100
    assert stored == sorted(stored)
    assert differ == 0
