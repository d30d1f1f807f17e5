"""Great Expectations (1.x) checks of raw tables, returning plain results (no Dagster here).

Each raw table gets up to four named checks, generated from its contract spec:

``schema``
    columns match the contract exactly (GX), DuckDB types match, required keys never null (GX).
``unique_key``
    the contract's unique key is unique (only tables whose contract has one; not SendGrid, whose
    ``sg_event_id`` legitimately repeats).
``value_sets``
    enumerated columns hold only the contract's values.
``timestamps_in_range``
    event times lie in [2000-01-01, now + 1 day].

The checks run on an ephemeral GX context with a pandas datasource over the partition range's rows
(a reproducible reservoir sample when the range holds more than ``max_rows`` rows). The frame
holds every column of the table, with values in those the expectations read (:func:`read_columns`)
and nulls elsewhere, and GX's validator builds the batch once: converting and fingerprinting
free-text columns no check reads was most of a large table's validation (SendGrid's 200k-row
sample: 2.8 -> 1.0 CPU-s; all 29 tables of the demo: 7.8 -> 4.2).
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from dataclasses import dataclass

import duckdb
import pandas as pd

from enrollflow.ingest.contract import TABLE_SPECS, TableSpec
from enrollflow.ingest.parse_sql import MIN_EVENT_TIME

CHECK_NAMES = ("schema", "unique_key", "value_sets", "timestamps_in_range")
# Each GX expectation type used here belongs to exactly one check.
_CHECK_OF_TYPE = {
    "expect_table_columns_to_match_set": "schema",
    "expect_column_values_to_not_be_null": "schema",
    "expect_column_values_to_be_unique": "unique_key",
    "expect_compound_columns_to_be_unique": "unique_key",
    "expect_column_values_to_be_in_set": "value_sets",
    "expect_column_values_to_be_between": "timestamps_in_range",
}
DEFAULT_MAX_ROWS = 200_000
_SAMPLE_SEED = 42


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's verdict, in words."""

    expectation: str
    success: bool
    detail: str


@dataclass(frozen=True)
class CheckResult:
    """A named check of one raw table over a partition range.

    Attributes
    ----------
    table, check : str
        Raw table and check name (one of :data:`CHECK_NAMES`).
    passed : bool
        All the check's expectations succeeded.
    rows_checked, rows_in_range : int
        Rows validated and rows the range holds (they differ when sampled).
    outcomes : tuple of ExpectationOutcome
        Each expectation's verdict.
    """

    table: str
    check: str
    passed: bool
    rows_checked: int
    rows_in_range: int
    outcomes: tuple[ExpectationOutcome, ...]

    @property
    def sampled(self) -> bool:
        """Whether the check ran on a sample rather than every row of the range."""
        return self.rows_checked < self.rows_in_range

    @property
    def message(self) -> str:
        """One paragraph saying what failed (or that all passed)."""
        failed = [o for o in self.outcomes if not o.success]
        scope = f"{self.rows_checked} rows" + (
            f" sampled of {self.rows_in_range}" if self.sampled else ""
        )
        if not failed:
            return (
                f"{self.table}: {self.check} passed ({len(self.outcomes)} expectations, {scope})."
            )
        lines = "; ".join(f"{o.expectation}: {o.detail}" for o in failed)
        return f"{self.table}: {self.check} FAILED ({scope}): {lines}"


def checks_for(spec: TableSpec) -> tuple[str, ...]:
    """The check names that apply to a raw table (those its contract gives something to check)."""
    applies = {
        "schema": True,
        "unique_key": bool(spec.unique_key),
        "value_sets": bool(spec.value_sets),
        "timestamps_in_range": bool(spec.time_columns),
    }
    return tuple(name for name in CHECK_NAMES if applies[name])


@functools.cache
def _gx_context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


#: One validation at a time per process: the validations share one GX context and data asset,
#: and four threads validating at once got results with nothing observed (and two building the
#: batch definition at once would add its data source twice, which GX refuses). GX's checks are
#: Python, so a second thread would gain nothing from running beside the first.
_GX_LOCK = threading.Lock()


@functools.cache
def _batch_definition():
    """The ephemeral context's whole-dataframe batch definition, shared by every table.

    Each table's frame is passed at validation time; adding a data asset per table made GX
    save its project configuration (a YAML dump) twice per table, ~1 s over the 29 tables.
    """
    source = _gx_context().data_sources.add_pandas("enrollflow_raw")
    return source.add_dataframe_asset("raw_table_range").add_batch_definition_whole_dataframe(
        "range"
    )


def _validate(frame: pd.DataFrame, suite):
    """Validate ``frame`` against ``suite`` with GX's validator, fetching the batch once.

    ``BatchDefinition.get_batch(...).validate(suite)`` builds the batch twice (once for the
    ``Batch``, again inside its validator), and each build fingerprints the whole frame
    (``pd.util.hash_pandas_object``): a third of a 200k-row table's validation.

    Results are in GX's ``BASIC`` format: the counts and up to 20 unexpected values
    (:func:`_describe` reads no more). The default, ``SUMMARY``, also computes the unexpected
    rows' indexes and value counts, a quarter to a third of the checks' time on the demo's tables.
    """
    from great_expectations.validator.v1_validator import Validator

    with _GX_LOCK:
        validator = Validator(
            batch_definition=_batch_definition(),
            batch_parameters={"dataframe": frame},
            result_format="BASIC",
        )
        return validator.validate_expectation_suite(suite)


def read_columns(spec: TableSpec, checks: list[str] | tuple[str, ...]) -> set[str]:
    """The columns whose values the given checks' expectations read."""
    read: set[str] = set()
    if "schema" in checks:
        read.update(c.name for c in spec.columns if c.required)
    if "unique_key" in checks:
        read.update(spec.unique_key)
    if "value_sets" in checks:
        read.update(spec.value_sets)
    if "timestamps_in_range" in checks:
        read.update(spec.time_columns)
    return read


def load_range(
    con: duckdb.DuckDBPyConnection,
    table: str,
    start: dt.date,
    end: dt.date,
    max_rows: int = DEFAULT_MAX_ROWS,
    columns: set[str] | None = None,
) -> tuple[pd.DataFrame, int]:
    """Rows of ``table`` with ``_partition_date`` in ``start``..``end`` (sampled beyond ``max_rows``).

    ``columns`` (default: all) are read with their values; every other column of the table is
    in the frame by name, holding nulls -- the checks' column-set expectation sees the table's
    real columns, and no time goes into converting values no expectation reads (free-text
    columns such as SendGrid's user agents and responses are most of a large table's bytes).

    Returns
    -------
    (DataFrame, int)
        The rows (or a reproducible reservoir sample of ``max_rows``) and the range's row count.
    """
    actual = [
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main'"
            " ORDER BY column_index",
            [table],
        ).fetchall()
    ]
    listed = ", ".join(
        f'"{c}"' if columns is None or c in columns else f'NULL::BOOLEAN AS "{c}"' for c in actual
    )
    where = f'FROM "{table}" WHERE _partition_date BETWEEN ? AND ?'
    total = con.execute(f"SELECT count(*) {where}", [start, end]).fetchone()[0]
    query = f"SELECT {listed} {where}"
    if total > max_rows:
        query = f"SELECT * FROM ({query}) USING SAMPLE reservoir({int(max_rows)} ROWS) REPEATABLE ({_SAMPLE_SEED})"
    return _nanosecond_times(con.execute(query, [start, end]).df()), int(total)


def _nanosecond_times(frame: pd.DataFrame) -> pd.DataFrame:
    """Timestamp columns as ``datetime64[ns]`` where every value fits (1677-2262).

    DuckDB hands pandas 3 ``datetime64[us]``; GX's pandas ``between`` is vectorised only for
    nanosecond columns and otherwise calls a Python function per value (most of a large table's
    validation). The values are the same; a column holding a time outside the nanosecond range
    (what ``timestamps_in_range`` is there to catch) keeps its unit and GX's per-value path.
    """
    for column, dtype in frame.dtypes.items():
        if pd.api.types.is_datetime64_dtype(dtype) and dtype != "datetime64[ns]":
            try:
                frame[column] = frame[column].astype("datetime64[ns]")
            except (pd.errors.OutOfBoundsDatetime, OverflowError):
                continue
    return frame


def _expectations(spec: TableSpec, check: str, now: dt.datetime) -> list:
    import great_expectations as gx

    e = gx.expectations
    if check == "schema":
        # Lineage columns are written by ingest itself; the contract's required keys are checked.
        required = [c.name for c in spec.columns if c.required]
        return [e.ExpectTableColumnsToMatchSet(column_set=list(spec.schema), exact_match=True)] + [
            e.ExpectColumnValuesToNotBeNull(column=name) for name in required
        ]
    if check == "unique_key":
        if len(spec.unique_key) == 1:
            return [e.ExpectColumnValuesToBeUnique(column=spec.unique_key[0])]
        return [e.ExpectCompoundColumnsToBeUnique(column_list=list(spec.unique_key))]
    if check == "value_sets":
        return [
            e.ExpectColumnValuesToBeInSet(column=c, value_set=list(v))
            for c, v in spec.value_sets.items()
        ]
    if check == "timestamps_in_range":
        upper = now.astimezone(dt.UTC).replace(tzinfo=None) if now.tzinfo else now
        upper += dt.timedelta(days=1)
        return [
            e.ExpectColumnValuesToBeBetween(column=c, min_value=MIN_EVENT_TIME, max_value=upper)
            for c in spec.time_columns
        ]
    raise ValueError(f"unknown check {check!r}; expected one of {', '.join(CHECK_NAMES)}")


def _describe(result) -> ExpectationOutcome:
    config = result.expectation_config
    kwargs = config.kwargs
    target = kwargs.get("column") or kwargs.get("column_list") or ""
    name = f"{config.type}({target})" if target else config.type
    info = result.result or {}
    if result.exception_info and result.exception_info.get("raised_exception"):
        return ExpectationOutcome(
            name, False, f"could not run: {result.exception_info.get('exception_message')}"
        )
    if result.success:
        return ExpectationOutcome(name, True, "ok")
    if info.get("unexpected_count") is not None:
        examples = sorted({str(v) for v in info.get("partial_unexpected_list") or []})[:5]
        detail = f"{info['unexpected_count']} of {info.get('element_count')} rows unexpected, e.g. {examples}"
    else:
        detail = f"observed {info.get('observed_value')}"
        if "column_set" in kwargs:
            observed = set(info.get("observed_value") or [])
            expected = set(kwargs["column_set"])
            detail = f"missing columns {sorted(expected - observed)}, unexpected columns {sorted(observed - expected)}"
    return ExpectationOutcome(name, False, detail)


def _type_outcome(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> ExpectationOutcome:
    actual = dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main'",
            [spec.table],
        ).fetchall()
    )
    wrong = {
        c: (actual.get(c), t) for c, t in spec.schema.items() if c in actual and actual[c] != t
    }
    detail = (
        "ok"
        if not wrong
        else ", ".join(f"{c} is {a}, contract says {t}" for c, (a, t) in wrong.items())
    )
    return ExpectationOutcome("column types match the contract (DuckDB)", not wrong, detail)


def validate_raw_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    max_rows: int = DEFAULT_MAX_ROWS,
    checks: list[str] | tuple[str, ...] | None = None,
) -> dict[str, CheckResult]:
    """Run the applicable GX checks on a raw table's partition range.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Warehouse connection (read access is enough).
    table : str
        Raw table name (a key of :data:`enrollflow.ingest.TABLE_SPECS`).
    start, end : date
        Inclusive ``_partition_date`` range.
    now : datetime
        Ingest time; the upper bound of ``timestamps_in_range`` is ``now + 1 day``.
    max_rows : int
        Above this many rows the checks run on a reproducible reservoir sample.
    checks : sequence of str, optional
        Run only these of the applicable checks (default: all of :func:`checks_for`).

    Returns
    -------
    dict[str, CheckResult]
        Check name → result, for the names in :func:`checks_for`.
    """
    spec = TABLE_SPECS[table]
    wanted = [c for c in checks_for(spec) if checks is None or c in checks]
    frame, total = load_range(con, table, start, end, max_rows, read_columns(spec, wanted))
    import great_expectations as gx

    # One suite for all checks (one GX validation per table); results map back by expectation type.
    expectations = [e for check in wanted for e in _expectations(spec, check, now)]
    suite = gx.ExpectationSuite(name=f"{table}.checks", expectations=expectations)
    outcomes: dict[str, list[ExpectationOutcome]] = {check: [] for check in wanted}
    for result in _validate(frame, suite).results:
        outcomes[_CHECK_OF_TYPE[result.expectation_config.type]].append(_describe(result))
    if "schema" in outcomes:
        outcomes["schema"].append(_type_outcome(con, spec))
    return {
        check: CheckResult(
            table=table,
            check=check,
            passed=all(o.success for o in found),
            rows_checked=len(frame),
            rows_in_range=total,
            outcomes=tuple(found),
        )
        for check, found in outcomes.items()
    }
