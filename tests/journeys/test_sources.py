"""The engine's warehouse reads on one long-lived connection: each query leaves it usable."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from delivery.journeys.sources import WarehouseSource
from enrollflow.snapshot import publish_snapshot
from tests.journeys.conftest import World

AT = dt.datetime(2026, 6, 1)


def test_the_activity_watermark_moves_with_ingested_activity_and_frees_the_connection():
    world = World()
    ids = world.add_contacts(3)
    source = WarehouseSource(world.conn)
    assert source.activity_watermark() == "0:-"
    # the next read registers the ids on the same connection: DuckDB refuses that while a
    # result is left unfinished (the watermark's query was read with fetchone before)
    assert source.members("new_leads_no_application_14d", ids, AT) == set(ids)
    world.conn.executemany(
        "INSERT INTO fct_contact_activity VALUES (?, 'opened', ?)",
        [(ids[0], dt.datetime(2026, 5, 2, 9, 30)), (ids[1], dt.datetime(2026, 5, 3, 8))],
    )
    assert source.activity_watermark() == "2:20260503T080000"
    assert list(source.contacts(ids)["contact_id"]) == ids


def test_publishing_a_snapshot_leaves_the_writers_connection_usable(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    world = World(str(warehouse))
    world.add_contacts(2)
    published = publish_snapshot(world.conn, warehouse, now=AT)
    assert published.tables == 3
    world.conn.register("_more", pd.DataFrame({"contact_id": ["x"]}))  # the job goes on writing
    assert world.add_contacts(1) == ["c_0000002"]
    world.conn.close()
