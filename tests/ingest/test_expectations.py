"""GX checks of raw tables pass on good data and fail with a message naming what is wrong."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from enrollflow.ingest import SOURCES, TABLE_SPECS, expectations, ingest_source
from enrollflow.ingest.expectations import (
    CHECK_NAMES,
    checks_for,
    load_range,
    read_columns,
    validate_raw_table,
)
from tests.ingest.conftest import DAY1, DAY2, NOW


@pytest.fixture
def loaded(con, landing):
    for source in ("crm", "ledger", "sendgrid"):
        ingest_source(con, landing, source, DAY1, DAY2, NOW)
    return con


def test_checks_follow_the_contract():
    assert checks_for(TABLE_SPECS["raw_ledger__sends"]) == CHECK_NAMES
    # sg_event_id legitimately repeats: no uniqueness check on SendGrid events.
    assert "unique_key" not in checks_for(TABLE_SPECS["raw_sendgrid__events"])
    assert checks_for(TABLE_SPECS["raw_ads__spend"]) == ("schema", "unique_key", "value_sets")
    assert {t for s in SOURCES.values() for t in s} == set(TABLE_SPECS)


@pytest.mark.parametrize(
    "table", ["raw_crm__contacts", "raw_ledger__sends", "raw_sendgrid__events"]
)
def test_good_data_passes_every_check(loaded, table):
    results = validate_raw_table(loaded, table, DAY1, DAY2, NOW)
    assert set(results) == set(checks_for(TABLE_SPECS[table]))
    for result in results.values():
        assert result.passed, result.message
        assert result.rows_checked == result.rows_in_range > 0
        assert "passed" in result.message


def test_duplicate_key_fails_unique_key(loaded):
    loaded.execute(
        "INSERT INTO raw_ledger__sends SELECT * FROM raw_ledger__sends WHERE _line = 1 AND _partition_date = ?",
        [DAY1],
    )
    result = validate_raw_table(loaded, "raw_ledger__sends", DAY1, DAY2, NOW)["unique_key"]
    assert not result.passed
    assert "expect_column_values_to_be_unique(ledger_id): 2 of 5 rows unexpected" in result.message
    assert "cmp_0001:s1:c_0101000:email:1" in result.message


def test_value_outside_set_fails_value_sets(loaded):
    loaded.execute(
        "UPDATE raw_sendgrid__events SET event = 'opened' WHERE sg_event_id LIKE '%_open'"
    )
    result = validate_raw_table(loaded, "raw_sendgrid__events", DAY1, DAY2, NOW)["value_sets"]
    assert not result.passed
    assert (
        "expect_column_values_to_be_in_set(event): 4 of 12 rows unexpected, e.g. ['opened']"
        in result.message
    )


def test_null_required_key_and_missing_column_fail_schema(loaded):
    loaded.execute("UPDATE raw_crm__contacts SET contact_id = NULL WHERE _line = 2")
    loaded.execute("ALTER TABLE raw_crm__contacts DROP COLUMN lead_source")
    result = validate_raw_table(loaded, "raw_crm__contacts", DAY1, DAY2, NOW)["schema"]
    assert not result.passed
    assert "missing columns ['lead_source']" in result.message
    assert (
        "expect_column_values_to_not_be_null(contact_id): 2 of 4 rows unexpected" in result.message
    )


def test_an_unexpected_column_fails_schema_though_no_expectation_reads_its_values(loaded):
    loaded.execute("ALTER TABLE raw_crm__contacts ADD COLUMN shoe_size INTEGER DEFAULT 42")
    result = validate_raw_table(loaded, "raw_crm__contacts", DAY1, DAY2, NOW)["schema"]
    assert not result.passed
    assert "unexpected columns ['shoe_size']" in result.message


def test_the_checks_frame_holds_every_column_and_the_values_they_read(loaded):
    spec = TABLE_SPECS["raw_sendgrid__events"]
    read = read_columns(spec, checks_for(spec))
    assert read == {c.name for c in spec.columns if c.required} | set(spec.value_sets) | set(
        spec.time_columns
    )
    frame, total = load_range(loaded, "raw_sendgrid__events", DAY1, DAY2, columns=read)
    full, _ = load_range(loaded, "raw_sendgrid__events", DAY1, DAY2)
    assert list(frame.columns) == list(full.columns) and len(frame) == len(full) == total
    for column in frame.columns:
        if column in read:
            assert frame[column].equals(full[column]), column
        else:  # not read by any expectation: present by name, its values not converted
            assert frame[column].isna().all(), column
    # the fixture has values in columns no check reads (message ids, campaign ids): left out
    assert {c for c in full.columns if c not in read and full[c].notna().any()} >= {"campaign_id"}


def test_wrong_column_type_fails_schema(loaded):
    loaded.execute("ALTER TABLE raw_ledger__sends ALTER COLUMN occurrence TYPE VARCHAR")
    result = validate_raw_table(loaded, "raw_ledger__sends", DAY1, DAY2, NOW)["schema"]
    assert not result.passed
    assert "occurrence is VARCHAR, contract says INTEGER" in result.message


def test_timestamp_out_of_range_fails(loaded):
    # Rows written by something other than ingest (which rejects these) are still caught.
    loaded.execute(
        "UPDATE raw_crm__consent_events SET occurred_at = TIMESTAMP '1990-01-01' WHERE _line = 1"
    )
    result = validate_raw_table(loaded, "raw_crm__consent_events", DAY1, DAY2, NOW)[
        "timestamps_in_range"
    ]
    assert not result.passed
    assert (
        "expect_column_values_to_be_between(occurred_at): 2 of 4 rows unexpected" in result.message
    )


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("2031-05-01", "in the future: the vectorised path (nanosecond column)"),
        ("9999-12-31", "beyond what a nanosecond column holds: GX's per-value path"),
    ],
)
def test_a_time_after_now_fails_whatever_its_year(loaded, written, why):
    loaded.execute(
        f"UPDATE raw_crm__consent_events SET occurred_at = TIMESTAMP '{written}' WHERE _line = 1"
    )
    result = validate_raw_table(loaded, "raw_crm__consent_events", DAY1, DAY2, NOW)[
        "timestamps_in_range"
    ]
    assert not result.passed, why
    assert "expect_column_values_to_be_between(occurred_at): 2 of 4 rows unexpected" in (
        result.message
    )


def test_only_the_range_is_checked_and_large_ranges_are_sampled(loaded):
    loaded.execute(
        "UPDATE raw_ledger__sends SET channel = 'pigeon' WHERE _partition_date = ?", [DAY2]
    )
    assert validate_raw_table(loaded, "raw_ledger__sends", DAY1, DAY1, NOW)["value_sets"].passed
    sampled = validate_raw_table(loaded, "raw_ledger__sends", DAY1, DAY2, NOW, max_rows=3)[
        "value_sets"
    ]
    assert (sampled.rows_checked, sampled.rows_in_range, sampled.sampled) == (3, 4, True)
    assert "3 rows sampled of 4" in sampled.message


def test_threads_validating_at_once_share_one_gx_setup(loaded):
    """The first validations of a process, started together on four threads (each with its own
    cursor), build GX's context and batch definition once and all pass."""
    expectations._batch_definition.cache_clear()
    expectations._gx_context.cache_clear()
    start = threading.Barrier(4)

    def validate(table: str):
        cursor = loaded.cursor()
        start.wait()
        return validate_raw_table(cursor, table, DAY1, DAY2, NOW)

    tables = ["raw_crm__contacts", "raw_ledger__sends", "raw_sendgrid__events"] * 2
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(validate, tables[:4]))
    failed = [r.message for checked in results for r in checked.values() if not r.passed]
    assert not failed, failed
