"""Ingest: landing-zone files → ``raw_*`` warehouse tables and ``raw_rejects`` (no Dagster here).

Public API: :func:`ingest_source`, :func:`ingest_all`, :class:`IngestResult`, :data:`SOURCES`
(source folder → raw tables) and :data:`TABLE_SPECS` (raw table → contract spec).
"""

from enrollflow.ingest.contract import REJECTS_TABLE, SOURCES, TABLE_SPECS, TableSpec
from enrollflow.ingest.load import (
    IngestResult,
    RawSchemaMismatchError,
    UnknownSourceError,
    ensure_tables,
    ingest_all,
    ingest_source,
)

__all__ = [
    "REJECTS_TABLE",
    "SOURCES",
    "TABLE_SPECS",
    "IngestResult",
    "RawSchemaMismatchError",
    "TableSpec",
    "UnknownSourceError",
    "ensure_tables",
    "ingest_all",
    "ingest_source",
]
