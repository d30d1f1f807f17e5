"""One asset per segment file: ``segment__<name>`` writes that segment's membership history.

Generated from the definitions folder, so adding a file adds an asset. An invalid file still gets
its asset (so it is visible in the UI), and materialising it fails with the file's error messages;
the other segments build normally. Channel segments carry a blocking consent-leakage check.
"""

# No `from __future__ import annotations`: Dagster reads the context/resource annotations at runtime.

import datetime as dt
from pathlib import Path

import dagster as dg

from orchestration.resources import LandingResource, WarehouseResource
from segments import DEFINITIONS_DIR, catalog
from segments.checks import consent_leaks
from segments.clock import simulated_now
from segments.compiler import CompiledSegment, compile_segment
from segments.errors import SegmentSpecError
from segments.evaluate import breakdowns, size_warnings
from segments.history import materialise
from segments.loader import load_definitions
from segments.spec import Segment
from segments.warehouse import Warehouse
from segments.windows import windows_as_of

GROUP = "audiences"
OWNERS = ["team:marketing-analytics"]
CONSENT_CHECK = "consent_leakage"
MEMBERSHIP_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn("segment_name", "VARCHAR", description="the segment (file name)"),
        dg.TableColumn("contact_id", "VARCHAR", description="dim_contacts.contact_id"),
        dg.TableColumn("valid_from", "TIMESTAMP", description="entered at (UTC, inclusive)"),
        dg.TableColumn(
            "valid_to", "TIMESTAMP", description="left at (UTC, exclusive); NULL: member"
        ),
    ]
)


class SegmentRunConfig(dg.Config):
    """``now``: the reference time (ISO 8601, UTC if naive); default: the business's now."""

    now: str | None = None


def asset_key(name: str) -> dg.AssetKey:
    """``segment__<name>``."""
    return dg.AssetKey(f"segment__{name}")


def resolve_now(config: SegmentRunConfig, landing: LandingResource) -> dt.datetime:
    """Config ``now``, else the simulated business's now (landing manifest), else the clock."""
    if config.now:
        moment = dt.datetime.fromisoformat(config.now)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return simulated_now(landing.root / "_manifest.json") or dt.datetime.now(dt.UTC)


def _markdown_table(rows: list[tuple[object, int]], header: str) -> str:
    lines = [f"| {header} | contacts |", "|---|---:|"]
    lines += [f"| {'(missing)' if v is None else v} | {n} |" for v, n in rows[:20]]
    return "\n".join(lines)


def _metadata(run, compiled: CompiledSegment, wh: Warehouse) -> dict[str, dg.MetadataValue]:
    warnings = size_warnings(run.size)
    metadata: dict[str, dg.MetadataValue] = {
        "dagster/row_count": dg.MetadataValue.int(run.size),
        "size": dg.MetadataValue.int(run.size),
        "entered": dg.MetadataValue.int(run.entered),
        "exited": dg.MetadataValue.int(run.exited),
        "now": dg.MetadataValue.text(run.run_at.isoformat()),
        "sql": dg.MetadataValue.md(f"```sql\n{compiled.sql(wh.dialect, pretty=True)}\n```"),
        "warnings": dg.MetadataValue.text("; ".join(warnings) or "none"),
    }
    for dimension, rows in breakdowns(wh, compiled).items():
        metadata[f"by_{dimension}"] = dg.MetadataValue.md(_markdown_table(rows, dimension))
    return metadata


def build_segment_asset(
    name: str, segment: Segment | None, error: SegmentSpecError | None, segments: dict[str, Segment]
) -> dg.AssetsDefinition:
    """The asset of one segment file (``error`` set: an asset that fails with that message)."""
    tables: tuple[str, ...] = (catalog.CONTACTS_TABLE,)
    if segment is not None:
        probe = compile_segment(segment, now=dt.datetime(2000, 1, 1), segments=segments)
        tables = probe.tables
    channel = segment.channel if segment else None
    description = (
        segment.description
        if segment
        else f"INVALID segment file — fix it before it can build:\n\n{error}"
    )
    check_specs = (
        [
            dg.AssetCheckSpec(
                CONSENT_CHECK,
                asset=asset_key(name),
                blocking=True,
                description=f"No current member lacks {channel} consent or is suppressed.",
            )
        ]
        if channel
        else []
    )

    @dg.asset(
        key=asset_key(name),
        group_name=GROUP,
        kinds={"duckdb", "python"},
        owners=OWNERS,
        deps=[dg.AssetKey(t) for t in tables],
        description=description,
        tags={"channel": channel or "any"},
        check_specs=check_specs,
        metadata={
            "segment_file": f"segments/definitions/{name}.yml",
            "table": "segment_memberships (rows of this segment) + segment_runs",
            "dagster/column_schema": MEMBERSHIP_SCHEMA,
        },
    )
    def _segment_asset(
        context: dg.AssetExecutionContext,
        config: SegmentRunConfig,
        warehouse: WarehouseResource,
        landing: LandingResource,
    ):
        if segment is None:
            raise dg.Failure(description=str(error), allow_retries=False)
        now = resolve_now(config, landing)
        # the DuckDB file (waiting out another writer), or Postgres where it is the warehouse
        with warehouse.sql_connection() as conn:
            wh = Warehouse(conn)
            compiled = compile_segment(
                segment, now=now, segments=segments, windows_as_of=windows_as_of(wh)
            )
            run = materialise(wh, compiled, now)
            metadata = _metadata(run, compiled, wh)
            leaks = consent_leaks(wh, name, channel) if channel else []
        for warning in size_warnings(run.size):
            context.log.warning(f"segment {name}: {warning}")
        yield dg.MaterializeResult(metadata=metadata)
        if channel:
            yield dg.AssetCheckResult(
                check_name=CONSENT_CHECK,
                passed=not leaks,
                metadata={"leaks": len(leaks), "sample": ", ".join(leaks[:10]) or "none"},
                description=(
                    f"{len(leaks)} members may not be contacted on {channel}" if leaks else None
                ),
            )

    return _segment_asset


def build_segment_assets(definitions: Path = DEFINITIONS_DIR) -> list[dg.AssetsDefinition]:
    """One asset per segment file in ``definitions`` (valid or not), sorted by name."""
    loaded = load_definitions(definitions)
    return [
        build_segment_asset(
            name, loaded.segments.get(name), loaded.errors.get(name), loaded.segments
        )
        for name in loaded.names
    ]
