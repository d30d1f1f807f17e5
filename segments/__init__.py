"""Audience segments: YAML specs → validated model → one SQL query → membership with history.

Public API:

- :func:`segments.loader.load_definitions`, :func:`segments.loader.parse_segment`
- :func:`segments.compiler.compile_segment` → :class:`segments.compiler.CompiledSegment`
- :func:`segments.history.materialise`, :func:`segments.history.was_member`,
  :func:`segments.history.members_at`
- :func:`segments.preview.preview`, :func:`segments.evaluate.evaluate`
- :class:`segments.warehouse.Warehouse` wraps a DuckDB or SQLAlchemy connection.
"""

from pathlib import Path

DEFINITIONS_DIR = Path(__file__).with_name("definitions")
