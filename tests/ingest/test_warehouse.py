"""enrollflow.warehouse: opening the warehouse and copying raw tables to Postgres."""

from __future__ import annotations

import datetime as dt

import duckdb
import psycopg2
import pytest

from enrollflow.warehouse import (
    WarehouseNotFoundError,
    connect,
    connect_waiting,
    copy_tables_to_postgres,
)


def test_read_only_open_of_a_missing_warehouse_says_how_to_build_it(tmp_path):
    with pytest.raises(
        WarehouseNotFoundError, match="does not exist; build it first \\(`make demo`\\)"
    ):
        connect(tmp_path / "nope.duckdb", read_only=True)


def test_connect_defaults_to_the_settings_path_and_read_only_cannot_write(tmp_path, monkeypatch):
    path = tmp_path / "data" / "warehouse.duckdb"
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(path))
    with connect() as con:  # creates the folder and the file
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
    with connect(read_only=True) as con:
        assert con.execute("SELECT x FROM t").fetchall() == [(1,)]
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("INSERT INTO t VALUES (2)")


@pytest.fixture
def source_db(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            """CREATE TABLE raw_demo (id VARCHAR, n BIGINT, i INTEGER, amount DOUBLE, ok BOOLEAN,
                 seen_at TIMESTAMP, day DATE, note VARCHAR)"""
        )
        con.execute(
            "INSERT INTO raw_demo VALUES "
            "('a', 1, 2, 1.5, true, TIMESTAMP '2026-01-01 10:00:00', DATE '2026-01-01', ''), "
            "('b', NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
            "('c', 3, 4, -2.25, false, TIMESTAMP '2026-01-02 00:00:00.123456', DATE '2026-01-02', "
            "'comma, \"quote\"\nnewline')"
        )
        con.execute("CREATE TABLE raw_other AS SELECT 1 AS x")
    return path


@pytest.mark.postgres
def test_copy_tables_to_postgres_keeps_types_nulls_and_empty_strings(source_db, pg_url):
    counts = copy_tables_to_postgres(source_db, pg_url, "raw", ["raw_demo", "raw_other"])
    assert counts == {"raw_demo": 3, "raw_other": 1}
    # Copying again replaces (no duplicates).
    assert copy_tables_to_postgres(source_db, pg_url, "raw", ["raw_demo"]) == {"raw_demo": 3}
    with psycopg2.connect(pg_url) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'raw' AND table_name = 'raw_demo' ORDER BY ordinal_position"
        )
        assert cur.fetchall() == [
            ("id", "text"),
            ("n", "bigint"),
            ("i", "integer"),
            ("amount", "double precision"),
            ("ok", "boolean"),
            ("seen_at", "timestamp without time zone"),
            ("day", "date"),
            ("note", "text"),
        ]
        cur.execute("SELECT * FROM raw.raw_demo ORDER BY id")
        assert cur.fetchall() == [
            ("a", 1, 2, 1.5, True, dt.datetime(2026, 1, 1, 10), dt.date(2026, 1, 1), ""),
            ("b", None, None, None, None, None, None, None),
            (
                "c",
                3,
                4,
                -2.25,
                False,
                dt.datetime(2026, 1, 2, 0, 0, 0, 123456),
                dt.date(2026, 1, 2),
                'comma, "quote"\nnewline',
            ),
        ]


def test_copy_of_a_missing_table_fails_before_touching_postgres(source_db):
    with pytest.raises(ValueError, match="tables \\['raw_nope'\\] not found in"):
        copy_tables_to_postgres(
            source_db, "postgresql://unused@127.0.0.1:1/none", "raw", ["raw_nope"]
        )


class _Clock:
    """A fake clock the waiting connect sleeps on (no real waiting in the test)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


def _held(path, monkeypatch, refusals: int) -> list[str]:
    """``connect`` refuses ``refusals`` times with DuckDB's lock error, then opens ``path``."""
    import enrollflow.warehouse as warehouse

    calls: list[str] = []
    real = warehouse.connect

    def refusing(p, read_only=False):
        calls.append(str(p))
        if len(calls) <= refusals:
            raise duckdb.IOException(
                f'IO Error: Could not set lock on file "{p}": Conflicting lock'
            )
        return real(p, read_only=read_only)

    monkeypatch.setattr(warehouse, "connect", refusing)
    return calls


def test_a_held_warehouse_is_waited_for_with_backoff_and_the_user_told_once(tmp_path, monkeypatch):
    clock, told = _Clock(), []
    calls = _held(tmp_path / "w.duckdb", monkeypatch, refusals=7)
    con = connect_waiting(
        tmp_path / "w.duckdb", wait_seconds=60, on_wait=told.append,
        sleep=clock.sleep, clock=lambda: clock.now,
    )  # fmt: skip
    con.close()
    assert len(calls) == 8 and len(told) == 1 and "Conflicting lock" in str(told[0])
    assert clock.pauses == [0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0]


def test_the_lock_error_is_raised_at_the_deadline_and_other_errors_at_once(tmp_path, monkeypatch):
    clock = _Clock()
    _held(tmp_path / "w.duckdb", monkeypatch, refusals=1000)
    with pytest.raises(duckdb.IOException, match="Conflicting lock"):
        connect_waiting(
            tmp_path / "w.duckdb", wait_seconds=10, sleep=clock.sleep, clock=lambda: clock.now
        )
    assert clock.now <= 10 and sum(clock.pauses) > 5
    monkeypatch.undo()
    with pytest.raises(WarehouseNotFoundError):  # not a lock: no retry
        connect_waiting(tmp_path / "missing.duckdb", read_only=True, wait_seconds=10)
