"""The committed JSON Schema is current, and it accepts the starter set and rejects bad shapes."""

from __future__ import annotations

import json

import pytest
import yaml

from segments import DEFINITIONS_DIR
from segments.schema import SCHEMA_PATH, render_schema


def test_committed_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_schema(), (
        "segments/segment.schema.json is stale: run `python -m segments.schema`"
    )


def test_schema_validates_the_starter_set() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    files = sorted(DEFINITIONS_DIR.glob("*.yml"))
    assert files
    for path in files:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        assert list(validator.iter_errors(data)) == [], path.name
    bad = {"description": "x", "where": {"attribute": "country", "op": "eq", "colour": "red"}}
    assert list(validator.iter_errors(bad))
