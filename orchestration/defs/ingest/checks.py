"""GX checks (enrollflow.ingest.expectations) as Dagster asset checks of the ingest assets."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import duckdb

from enrollflow.ingest import TABLE_SPECS
from enrollflow.ingest.expectations import checks_for, validate_raw_table

#: Tables whose bad rows would reach sends (who may be contacted, what was sent, who opted out):
#: their checks block downstream assets.
BLOCKING_TABLES = frozenset(
    {
        "raw_crm__consent_events",
        "raw_ledger__sends",
        "raw_sendgrid__events",
        "raw_twilio__callbacks",
    }
)

_DESCRIPTIONS = {
    "schema": "Columns match the data contract, types match, required keys are never null (Great Expectations).",
    "unique_key": "The contract's unique key is unique over the materialised partition range (Great Expectations).",
    "value_sets": "Enumerated columns hold only the contract's values (Great Expectations).",
    "timestamps_in_range": "Event times lie between 2000-01-01 and now + 1 day (Great Expectations).",
}


def check_specs(table: str) -> list[dg.AssetCheckSpec]:
    """The asset check specs of one raw table."""
    return [
        dg.AssetCheckSpec(
            name=check,
            asset=table,
            description=_DESCRIPTIONS[check],
            blocking=table in BLOCKING_TABLES,
        )
        for check in checks_for(TABLE_SPECS[table])
    ]


def check_results(
    con: duckdb.DuckDBPyConnection,
    table: str,
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    only: set[str] | None = None,
) -> list[dg.AssetCheckResult]:
    """Run the table's GX checks on the range and wrap each as an AssetCheckResult.

    ``only`` restricts to the check names selected for the run (``None``: all).
    """
    wanted = [c for c in checks_for(TABLE_SPECS[table]) if only is None or c in only]
    if not wanted:
        return []
    severity = (
        dg.AssetCheckSeverity.ERROR if table in BLOCKING_TABLES else dg.AssetCheckSeverity.WARN
    )
    out = []
    for name, result in validate_raw_table(con, table, start, end, now, checks=wanted).items():
        failed = [o for o in result.outcomes if not o.success]
        out.append(
            dg.AssetCheckResult(
                asset_key=table,
                check_name=name,
                passed=result.passed,
                severity=severity,
                description=result.message,
                metadata={
                    "rows_checked": dg.MetadataValue.int(result.rows_checked),
                    "rows_in_range": dg.MetadataValue.int(result.rows_in_range),
                    "sampled": dg.MetadataValue.bool(result.sampled),
                    "expectations": dg.MetadataValue.int(len(result.outcomes)),
                    "failures": dg.MetadataValue.md(
                        "\n".join(f"- **{o.expectation}**: {o.detail}" for o in failed) or "None."
                    ),
                },
            )
        )
    return out
