"""The JSON Schema of segment files, for editors (``segments/segment.schema.json``).

Regenerate after changing :mod:`segments.spec` with ``python -m segments.schema``; a test fails
while the committed file is stale. Editors pick it up with a first line such as
``# yaml-language-server: $schema=../segment.schema.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from segments.spec import Segment

SCHEMA_PATH = Path(__file__).with_name("segment.schema.json")


def segment_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a segment file."""
    schema = Segment.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://enrollflow.example.edu/schemas/segment.schema.json",
        **schema,
    }


def render_schema() -> str:
    """The schema as the text stored in ``segment.schema.json``."""
    return json.dumps(segment_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the schema file and return its path."""
    path.write_text(render_schema(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover - developer command
    print(write_schema())
