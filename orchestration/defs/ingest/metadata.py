"""Dagster metadata for ingest assets: column schema, reject reasons, preview."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import duckdb

from enrollflow.ingest import TABLE_SPECS, IngestResult

_PREVIEW_ROWS = 5


def column_schema(table: str) -> dg.TableSchema:
    """The raw table's contract columns as a Dagster table schema."""
    spec = TABLE_SPECS[table]
    described = {
        c.name: ("required" if c.required else "optional") + f" key '{c.key or c.name}'"
        for c in spec.columns
    }
    described |= {d.name: f"derived: {d.sql}" for d in spec.derived}
    described |= {
        "_partition_date": "landing day folder (partition key)",
        "_source_file": "file path relative to the landing root",
        "_line": "1-based line number in the file",
        "_ingested_at": "when the ingest wrote the row (UTC)",
    }
    return dg.TableSchema(
        columns=[
            dg.TableColumn(name=n, type=t, description=described.get(n))
            for n, t in spec.schema.items()
        ]
    )


def _markdown_table(header: list[str], rows: list[list[object]]) -> str:
    def cell(v: object) -> str:
        text = "" if v is None else str(v)
        return text.replace("|", "\\|").replace("\n", " ")[:80]

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def rejects_markdown(
    con: duckdb.DuckDBPyConnection, table: str, start: dt.date, end: dt.date
) -> str:
    """Markdown table of this table's reject reasons in the range, with an example file:line."""
    rows = con.execute(
        "SELECT split_part(reason, ': ', 1) AS reason, count(*) AS n, "
        "min(_source_file || ':' || coalesce(_line::VARCHAR, '-')) AS example "
        "FROM raw_rejects WHERE raw_table = ? AND _partition_date BETWEEN ? AND ? "
        "GROUP BY 1 ORDER BY n DESC, reason",
        [table, start, end],
    ).fetchall()
    if not rows:
        return "No rejects."
    return _markdown_table(["reason", "rows", "example (file:line)"], [list(r) for r in rows])


def preview_markdown(
    con: duckdb.DuckDBPyConnection, table: str, start: dt.date, end: dt.date
) -> str:
    """First rows of the range as a markdown table (first columns only, values truncated)."""
    cur = con.execute(
        f'SELECT * FROM "{table}" WHERE _partition_date BETWEEN ? AND ? ORDER BY _source_file, _line LIMIT {_PREVIEW_ROWS}',
        [start, end],
    )
    header = [d[0] for d in cur.description][:8]
    rows = [list(r)[:8] for r in cur.fetchall()]
    return _markdown_table(header, rows) if rows else "No rows in this range."


def materialization_metadata(
    con: duckdb.DuckDBPyConnection, result: IngestResult, table: str
) -> dict[str, object]:
    """Metadata of one raw table's materialisation for the result's partition range.

    A range run stores this dict once per day of the range (Dagster's one materialisation event
    per partition), so it holds only what changes from run to run: the column schema is the
    contract's and lives on the asset's definition (``column_schema`` in its ``AssetSpec``).
    Re-stating it here made every partition's event ~6x bigger to serialise and store.
    """
    start, end = result.start, result.end
    total = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    return {
        "dagster/row_count": dg.MetadataValue.int(int(total)),
        "rows_written": dg.MetadataValue.int(result.rows[table]),
        "rejects": dg.MetadataValue.int(result.rejects[table]),
        "reject_reasons": dg.MetadataValue.md(rejects_markdown(con, table, start, end)),
        "partition_range": dg.MetadataValue.text(f"{start.isoformat()}..{end.isoformat()}"),
        "files_read": dg.MetadataValue.int(
            sum(
                1 for f in result.files if f.split("/")[-1].startswith(TABLE_SPECS[table].file_stem)
            )
        ),
        "preview": dg.MetadataValue.md(preview_markdown(con, table, start, end)),
    }
