"""Loading landing files into raw tables: columns, types, values, idempotency, ranges."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from enrollflow.ingest import SOURCES, TABLE_SPECS, UnknownSourceError, ingest_all, ingest_source
from tests.ingest.conftest import DAY1, DAY2, NOW
from tests.ingest.landing_samples import day_records, write_lines

_RECORDS_PER_FILE = 2


def _ingest_everything(con, landing, start=DAY1, end=DAY2, now=NOW):
    return {s: ingest_source(con, landing, s, start, end, now) for s in SOURCES}


def _table_types(con, table):
    return dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
    )


@pytest.mark.parametrize("table", sorted(TABLE_SPECS))
def test_each_table_has_contract_columns_types_and_rows(con, landing, table):
    spec = TABLE_SPECS[table]
    result = ingest_source(con, landing, spec.source, DAY1, DAY2, NOW)

    assert _table_types(con, table) == spec.schema
    per_day = len(day_records(DAY1, _RECORDS_PER_FILE)[(spec.source, spec.file_stem)])
    events_per_record = 3 if spec.batch_key else 1  # each sample SendGrid POST holds 3 events
    expected = 2 * per_day * events_per_record
    assert result.rows[table] == expected
    assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == expected
    assert result.rejects[table] == 0
    lineage = con.execute(
        f"SELECT min(_partition_date), max(_partition_date), min(_line), max(_line), "
        f"count(DISTINCT _source_file), max(_ingested_at) FROM {table}"
    ).fetchone()
    assert lineage == (DAY1, DAY2, 1, per_day, 2, NOW.replace(tzinfo=None))


def test_values_are_typed_and_derived_per_contract(con, landing):
    _ingest_everything(con, landing)
    contact = con.execute(
        "SELECT contact_id, created_at, interests FROM raw_crm__contacts WHERE contact_id = 'c_0101000'"
    ).fetchone()
    assert contact == ("c_0101000", dt.datetime(2026, 1, 1, 8, 0), '["data","design"]')

    event = con.execute(
        "SELECT timestamp, event_at, smtp_id, sg_machine_open, received_at FROM raw_sendgrid__events "
        "WHERE sg_event_id = 'ev_0101_0_open'"
    ).fetchone()
    assert event[0] == int(dt.datetime(2026, 1, 1, 11, tzinfo=dt.UTC).timestamp())
    assert event[1:] == (
        dt.datetime(2026, 1, 1, 11),
        "<msg0@example.edu>",
        True,
        dt.datetime(2026, 1, 1, 12),
    )

    twilio = con.execute(
        "SELECT ledger_id, message_sid, message_status, num_segments, from_number FROM raw_twilio__callbacks "
        "ORDER BY _partition_date, _line LIMIT 1"
    ).fetchone()
    assert twilio[0] == "cmp_0001:s1:c_0101000:sms:1"  # url-decoded from the status-callback URL
    assert twilio[2:] == ("delivered", 1, "+15005550006")

    web = con.execute(
        "SELECT event_timestamp, event_at FROM raw_web__events ORDER BY event_id LIMIT 1"
    ).fetchone()
    assert web == (
        int(dt.datetime(2026, 1, 1, 15, tzinfo=dt.UTC).timestamp()) * 1_000_000,
        dt.datetime(2026, 1, 1, 15),
    )

    spend = con.execute(
        "SELECT spend_date, spend_amount, impressions FROM raw_ads__spend ORDER BY 1, 2 LIMIT 1"
    ).fetchone()
    assert spend == (DAY1, 100.0, 10_000)


def test_timestamp_offsets_are_converted_to_utc_and_naive_read_as_utc(con, tmp_path):
    record = day_records(DAY1, 1)[("crm", "consent")][0]
    lines = [
        json.dumps(
            {**record, "consent_event_id": "offset", "occurred_at": "2026-01-01T10:00:00+02:00"}
        ),
        json.dumps({**record, "consent_event_id": "zulu", "occurred_at": "2026-01-01T10:00:00Z"}),
        json.dumps({**record, "consent_event_id": "naive", "occurred_at": "2026-01-01 10:00:00"}),
    ]
    write_lines(tmp_path / "crm" / DAY1.isoformat() / "consent.jsonl", lines)
    con.execute(
        "SET TimeZone = 'America/New_York'"
    )  # the caller's zone must not leak into the data
    ingest_source(con, tmp_path, "crm", DAY1, DAY1, NOW)
    got = dict(
        con.execute("SELECT consent_event_id, occurred_at FROM raw_crm__consent_events").fetchall()
    )
    assert got == {
        "offset": dt.datetime(2026, 1, 1, 8),
        "zulu": dt.datetime(2026, 1, 1, 10),
        "naive": dt.datetime(2026, 1, 1, 10),
    }
    assert con.execute("SELECT current_setting('TimeZone')").fetchone()[0] == "America/New_York"


def _snapshot(con, table):
    cols = ", ".join(c for c in TABLE_SPECS[table].schema if c != "_ingested_at")
    return sorted(con.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)


def test_reingesting_a_day_replaces_it_and_leaves_other_days(con, landing):
    _ingest_everything(con, landing)
    before = {t: _snapshot(con, t) for t in TABLE_SPECS}

    later = NOW + dt.timedelta(hours=1)
    _ingest_everything(con, landing, DAY2, DAY2, later)
    assert {t: _snapshot(con, t) for t in TABLE_SPECS} == before  # same rows, no duplicates
    stamps = con.execute(
        "SELECT _partition_date, max(_ingested_at) FROM raw_ledger__sends GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert stamps == [(DAY1, NOW.replace(tzinfo=None)), (DAY2, later.replace(tzinfo=None))]

    # Day 2's file changes (one send fewer): only day 2 changes.
    sends = day_records(DAY2, _RECORDS_PER_FILE)[("ledger", "sends")][:1]
    write_lines(
        landing / "ledger" / DAY2.isoformat() / "sends.jsonl", [json.dumps(r) for r in sends]
    )
    result = ingest_source(con, landing, "ledger", DAY2, DAY2, later)
    assert result.rows == {"raw_ledger__sends": 1}
    counts = con.execute(
        "SELECT _partition_date, count(*) FROM raw_ledger__sends GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert counts == [(DAY1, 2), (DAY2, 1)]


def test_backfill_of_the_range_equals_day_by_day(con, landing):
    import duckdb

    _ingest_everything(con, landing)
    other = duckdb.connect()
    for day in (DAY1, DAY2):
        _ingest_everything(other, landing, day, day)
    for table in TABLE_SPECS:
        assert _snapshot(con, table) == _snapshot(other, table), table


def test_missing_day_folders_load_zero_rows(con, landing):
    result = ingest_source(con, landing, "web", dt.date(2026, 2, 1), dt.date(2026, 2, 28), NOW)
    assert result.rows == {"raw_web__events": 0, "raw_web__banner_events": 0}
    assert result.files == ()
    assert con.execute("SELECT count(*) FROM raw_web__events").fetchone()[0] == 0


def test_gzip_and_plain_files_load_the_same_rows(con, tmp_path):
    records = day_records(DAY1, 3)[("web", "events")]
    lines = [json.dumps(r) for r in records]
    write_lines(tmp_path / "plain" / "web" / DAY1.isoformat() / "events.jsonl", lines)
    write_lines(tmp_path / "gz" / "web" / DAY1.isoformat() / "events.jsonl.gz", lines)
    ingest_source(con, tmp_path / "plain", "web", DAY1, DAY1, NOW)
    plain = _snapshot(con, "raw_web__events")
    ingest_source(con, tmp_path / "gz", "web", DAY1, DAY1, NOW)
    gz = _snapshot(con, "raw_web__events")
    assert len(plain) == 3
    assert [r[:-2] for r in plain] == [r[:-2] for r in gz]  # all but _source_file, _line order
    assert {r[-2] for r in gz} == {"web/2026-01-01/events.jsonl.gz"}


def test_part_files_are_read_and_unknown_files_reported(con, landing):
    part = day_records(DAY1, 1)[("ads", "clicks")][0] | {"click_id": "clk_part"}
    write_lines(landing / "ads" / DAY1.isoformat() / "clicks-0002.jsonl", [json.dumps(part)])
    (landing / "ads" / DAY1.isoformat() / "notes.txt").write_text("hello")
    result = ingest_source(con, landing, "ads", DAY1, DAY1, NOW)
    assert result.rows["raw_ads__clicks"] == 3
    assert "ads/2026-01-01/clicks-0002.jsonl" in result.files
    assert result.unmatched_files == ("ads/2026-01-01/notes.txt",)


def test_bad_arguments_fail_with_clear_errors(con, landing):
    with pytest.raises(
        UnknownSourceError, match="unknown ingest source 'mailchimp'; expected one of crm"
    ):
        ingest_source(con, landing, "mailchimp", DAY1, DAY2, NOW)
    with pytest.raises(ValueError, match="end 2026-01-01 is before start 2026-01-02"):
        ingest_source(con, landing, "crm", DAY2, DAY1, NOW)


def test_ingest_all_writes_every_raw_table_to_a_warehouse_file(tmp_path, landing):
    import duckdb

    path = tmp_path / "wh" / "warehouse.duckdb"
    results = ingest_all(path, landing, DAY1, DAY2, NOW)
    assert set(results) == set(SOURCES)
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert tables == set(TABLE_SPECS) | {"raw_rejects"}
        for table in TABLE_SPECS:
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table


def test_a_subset_of_a_sources_tables_can_be_ingested(con, landing):
    result = ingest_source(con, landing, "lms", DAY1, DAY2, NOW, tables=["raw_lms__courses"])
    assert result.rows == {"raw_lms__courses": 4}
    assert (
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'raw_lms__enrollments'"
        ).fetchone()[0]
        == 0
    )
    with pytest.raises(
        UnknownSourceError, match="tables \\['raw_web__events'\\] are not fed by source 'lms'"
    ):
        ingest_source(con, landing, "lms", DAY1, DAY2, NOW, tables=["raw_web__events"])


def test_empty_files_crlf_and_missing_final_newline(con, tmp_path):
    import gzip

    folder = tmp_path / "web" / DAY1.isoformat()
    folder.mkdir(parents=True)
    lines = [json.dumps(r) for r in day_records(DAY1, 2)[("web", "events")]]
    (folder / "events.jsonl").write_bytes(b"")
    (folder / "events-2.jsonl.gz").write_bytes(gzip.compress(b""))
    (folder / "events-3.jsonl").write_bytes(("\r\n".join(lines) + "\r\n").encode())
    (folder / "events-4.jsonl").write_bytes(lines[0].encode())
    result = ingest_source(con, tmp_path, "web", DAY1, DAY1, NOW)
    assert (result.rows, result.total_rejects, len(result.files)) == (
        {"raw_web__events": 3, "raw_web__banner_events": 0},
        0,
        4,
    )
    got = con.execute("SELECT _source_file, _line FROM raw_web__events ORDER BY 1, 2").fetchall()
    assert got == [
        ("web/2026-01-01/events-3.jsonl", 1),
        ("web/2026-01-01/events-3.jsonl", 2),
        ("web/2026-01-01/events-4.jsonl", 1),
    ]


def test_an_outdated_raw_table_fails_with_the_fix(con, landing):
    from enrollflow.ingest import RawSchemaMismatchError

    con.execute("CREATE TABLE raw_web__events (event_id VARCHAR, event_ts BIGINT)")
    with pytest.raises(RawSchemaMismatchError) as err:
        ingest_source(con, landing, "web", DAY1, DAY2, NOW)
    message = str(err.value)
    assert "warehouse table raw_web__events does not match docs/data-contract.md" in message
    assert "unexpected columns ['event_ts']" in message and "'event_timestamp'" in message
    assert "DROP TABLE raw_web__events" in message


def test_a_raw_table_from_an_older_contract_gains_the_optional_columns_added_since(con, landing):
    # raw_ops__send_ledger as an older warehouse holds it: without `cost_amount` (added later),
    # with one row already ingested
    schema = TABLE_SPECS["raw_ops__send_ledger"].schema
    older = {name: type_ for name, type_ in schema.items() if name != "cost_amount"}
    con.execute(
        "CREATE TABLE raw_ops__send_ledger ("
        + ", ".join(f'"{n}" {t}' for n, t in older.items())
        + ")"
    )
    con.execute(
        "INSERT INTO raw_ops__send_ledger (ledger_id, campaign_id, contact_id, channel, state, "
        "updated_at, row_hash, exported_at, _partition_date) VALUES ('old', 'c', 'k', 'email', "
        "'submitted', TIMESTAMP '2025-12-01 09:00', 'h', TIMESTAMP '2025-12-01 09:00', "
        "DATE '2025-12-01')"
    )
    result = ingest_source(con, landing, "ops", DAY1, DAY2, NOW)
    assert result.total_rejects == 0
    assert _table_types(con, "raw_ops__send_ledger")["cost_amount"] == "DOUBLE"
    rows = con.execute(
        "SELECT ledger_id = 'old', count(*), count(cost_amount), min(cost_amount) "
        "FROM raw_ops__send_ledger GROUP BY 1 ORDER BY 1"
    ).fetchall()
    # the row already there reads NULL (as a line without the key would); the new lines carry it
    per_day = len(day_records(DAY1, _RECORDS_PER_FILE)[("ops", "send_ledger")])
    assert rows == [(False, 2 * per_day, 2 * per_day, 0.001), (True, 1, 0, None)]
    # a second ingest finds the table as the contract wants it
    assert ingest_source(con, landing, "ops", DAY1, DAY2, NOW).total_rejects == 0


def test_an_older_raw_table_without_a_required_column_still_fails_with_the_fix(con, landing):
    from enrollflow.ingest import RawSchemaMismatchError

    schema = TABLE_SPECS["raw_ops__send_ledger"].schema
    older = {n: t for n, t in schema.items() if n not in ("cost_amount", "ledger_id")}
    con.execute(
        "CREATE TABLE raw_ops__send_ledger ("
        + ", ".join(f'"{n}" {t}' for n, t in older.items())
        + ")"
    )
    with pytest.raises(
        RawSchemaMismatchError, match=r"missing columns \['cost_amount', 'ledger_id'\]"
    ):
        ingest_source(con, landing, "ops", DAY1, DAY2, NOW)
    # nothing was added on the way
    assert "cost_amount" not in _table_types(con, "raw_ops__send_ledger")
