"""Bulk moves between DuckDB and the Postgres warehouse (enrollflow/pg_transfer.py), on the real server."""

from __future__ import annotations

import datetime as dt

import duckdb
import psycopg2
import pytest

from enrollflow import pg_transfer
from enrollflow.snapshot import open_snapshot, publish_postgres_snapshot, snapshot_path

D1, D2, D3 = dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 1, 3)
NOW = dt.datetime(2026, 1, 4)


def _raw(rows: list[tuple]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE raw_demo (_partition_date DATE, s VARCHAR, n BIGINT, b BOOLEAN, "
        "seen_at TIMESTAMP, x DOUBLE)"
    )
    con.executemany("INSERT INTO raw_demo VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.execute(
        "CREATE TABLE raw_rejects (_partition_date DATE, raw_table VARCHAR, _reason VARCHAR)"
    )
    con.execute(
        "INSERT INTO raw_rejects VALUES (DATE '2026-01-02', 'raw_demo', 'bad'), "
        "(DATE '2026-01-02', 'raw_other', 'not ours')"
    )
    return con


def _pg_rows(pg_url: str, sql: str) -> list[tuple]:
    with psycopg2.connect(pg_url) as conn, conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


@pytest.mark.postgres
def test_replace_partitions_swaps_only_the_range_and_its_rejects(pg_url):
    first = _raw([(D1, "a", 1, True, None, 1.5), (D2, "b", 2, False, None, None)])
    assert pg_transfer.replace_partitions(first, pg_url, ["raw_demo"], D1, D2) == {
        "raw_demo": 2,
        "raw_rejects": 1,  # the other table's reject is not this ingest's
    }
    # day 2 re-ingested with other rows, day 3 new; day 1 untouched
    again = _raw([(D2, "b2", 20, None, None, None), (D3, "c", 3, True, None, -2.0)])
    pg_transfer.replace_partitions(again, pg_url, ["raw_demo"], D2, D3)
    assert _pg_rows(pg_url, "select _partition_date, s, n from raw.raw_demo order by 1") == [
        (D1, "a", 1),
        (D2, "b2", 20),
        (D3, "c", 3),
    ]
    assert _pg_rows(pg_url, "select count(*) from raw.raw_rejects") == [(1,)]


@pytest.mark.postgres
def test_replace_partitions_adds_a_column_the_contract_gained_and_copies_by_name(pg_url):
    # Postgres holds the table as an older contract made it; DuckDB's has gained `cost` ahead of
    # the last column (a fresh DuckDB file lays the contract's order out, not ALTER's)
    pg_transfer.replace_partitions(
        _raw([(D1, "a", 1, True, None, 1.5)]), pg_url, ["raw_demo"], D1, D1
    )
    newer = duckdb.connect()
    newer.execute(
        "CREATE TABLE raw_demo (_partition_date DATE, s VARCHAR, n BIGINT, b BOOLEAN, "
        "seen_at TIMESTAMP, cost DOUBLE, x DOUBLE)"
    )
    newer.execute("INSERT INTO raw_demo VALUES (DATE '2026-01-02', 'b', 2, NULL, NULL, 0.08, -1.0)")
    newer.execute(
        "CREATE TABLE raw_rejects (_partition_date DATE, raw_table VARCHAR, _reason VARCHAR)"
    )
    assert pg_transfer.replace_partitions(newer, pg_url, ["raw_demo"], D2, D2)["raw_demo"] == 1
    assert _pg_rows(pg_url, "select _partition_date, s, x, cost from raw.raw_demo order by 1") == [
        (D1, "a", 1.5, None),  # the row already there reads NULL
        (D2, "b", -1.0, 0.08),  # each value in its own column, whatever the order
    ]


@pytest.mark.postgres
def test_push_replaces_or_merges_and_pull_round_trips_nulls_and_empty_strings(pg_url):
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE scores AS SELECT * FROM (VALUES ('m@1', 'auc', 0.7, ''), "
        "('m@2', 'auc', 0.8, NULL)) v(model_version, metric_name, score, note)"
    )
    assert pg_transfer.push_table(con, pg_url, "scores") == 2
    con.execute(
        "CREATE OR REPLACE TABLE scores AS SELECT * FROM (VALUES ('m@2', 'auc', 0.9, 'rerun'), "
        "('m@3', 'auc', 0.5, 'new')) v(model_version, metric_name, score, note)"
    )
    pg_transfer.push_table(con, pg_url, "scores", merge_on=["model_version", "metric_name"])

    back = duckdb.connect()
    assert pg_transfer.pull_tables(pg_url, back, ["scores", "not_built_yet"]) == {"scores": 3}
    assert back.execute("select * from scores order by 1").fetchall() == [
        ("m@1", "auc", 0.7, ""),  # an empty string stays empty, not NULL
        ("m@2", "auc", 0.9, "rerun"),  # merged on its key
        ("m@3", "auc", 0.5, "new"),
    ]
    con.execute("CREATE OR REPLACE TABLE scores AS SELECT 'only' AS model_version")
    pg_transfer.push_table(con, pg_url, "scores")  # replaced whole, with the new columns
    assert _pg_rows(pg_url, "select * from analytics.scores") == [("only",)]


@pytest.mark.postgres
def test_the_snapshot_of_a_postgres_warehouse_has_its_tables_views_and_empty_tables(
    pg_url, tmp_path
):
    with psycopg2.connect(pg_url) as conn, conn.cursor() as cur:
        cur.execute("create schema analytics")
        cur.execute(
            "create table analytics.fct_a as select 1::bigint as id, "
            "timestamp '2026-01-01 10:00:00.123456' as seen_at, 2.5::numeric as amount, "
            "array['x','y'] as tags, true as ok"
        )
        cur.execute("create view analytics.stg_a as select id from analytics.fct_a")
        cur.execute("create table analytics.empty_table (id bigint, name text)")
    warehouse = tmp_path / "warehouse.duckdb"
    published = publish_postgres_snapshot(pg_url, warehouse, now=NOW)
    assert published.path == snapshot_path(warehouse) and published.tables == 3
    with open_snapshot(warehouse) as con:
        assert con.execute("select id, seen_at, amount, ok from fct_a").fetchall() == [
            (1, dt.datetime(2026, 1, 1, 10, 0, 0, 123456), 2.5, True)
        ]
        assert con.execute("select tags from fct_a").fetchone()[0] == "{x,y}"
        assert con.execute("select count(*) from stg_a").fetchone()[0] == 1
        assert con.execute("select count(*) from empty_table").fetchone()[0] == 0
    assert not list(tmp_path.glob(".snapshot-*"))  # no temporary file left behind


def test_a_duckdb_type_with_no_postgres_mapping_names_the_column():
    with pytest.raises(ValueError, match=r"raw_demo\.blob has DuckDB type BLOB"):
        pg_transfer.pg_type("BLOB", "raw_demo", "blob")
    assert pg_transfer.pg_type("DECIMAL(18,2)", "t", "c") == "numeric"
    # pandas frames of datetime64[s] / [ms] (the alerts table) arrive as these
    assert pg_transfer.pg_type("TIMESTAMP_S", "t", "c") == "timestamp"
    assert pg_transfer.pg_type("TIMESTAMP_MS", "t", "c") == "timestamp"
