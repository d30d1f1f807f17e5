"""Hostile segment files (alias bombs, deep nesting, huge files) and a broken landing manifest.

Each goes through the production path (``parse_segment``, ``simulated_now``) and must end in an
error that names the file, where in it and the fix — never a hang or a bare traceback.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from segments.clock import simulated_now
from segments.errors import SegmentSpecError
from segments.loader import parse_segment
from segments.safe_yaml import MAX_DEPTH, MAX_YAML_BYTES

GOOD = "description: x\nwhere: {attribute: country, op: eq, value: ES}\n"


def _error(text: str) -> SegmentSpecError:
    with pytest.raises(SegmentSpecError) as info:
        parse_segment(text, "hostile.yml")
    return info.value


def test_the_good_file_parses():
    """The baseline the hostile variants below differ from."""
    assert parse_segment(GOOD, "spain.yml").name == "spain"


def test_an_alias_bomb_is_refused_at_the_alias():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n" + GOOD
    error = _error(bomb)
    assert str(error) == (
        "hostile.yml: line 2, column 8: alias *a is not allowed; "
        "expected write the value out instead of reusing an anchor"
    )


def test_a_merge_key_is_an_alias_too():
    error = _error("base: &base {owner: me}\nother:\n  <<: *base\n" + GOOD)
    assert "alias *base is not allowed" in str(error)
    assert "line 3" in str(error)


def test_nesting_beyond_the_limit_is_refused():
    deep = "x: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n" + GOOD
    error = _error(deep)
    assert f"nesting deeper than {MAX_DEPTH} levels" in str(error)
    assert "flatten the structure" in str(error)


def test_nesting_at_the_limit_is_only_a_schema_problem():
    """At exactly MAX_DEPTH levels the YAML loads; the unknown field is what gets reported."""
    deep = "x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n" + GOOD
    error = _error(deep)
    assert "nesting deeper" not in str(error)
    assert "unknown field 'x'" in str(error)


def test_a_file_above_the_size_limit_is_refused_before_parsing():
    huge = GOOD + "# " + "x" * MAX_YAML_BYTES + "\n"
    error = _error(huge)
    assert str(error).startswith(f"hostile.yml: (file): larger than {MAX_YAML_BYTES:,} bytes")


def test_simulated_now_is_the_day_after_the_manifest_end(tmp_path):
    manifest = tmp_path / "_manifest.json"
    manifest.write_text(json.dumps({"start_date": "2026-01-01", "end_date": "2026-03-31"}))
    assert simulated_now(manifest) == dt.datetime(2026, 4, 1, tzinfo=dt.UTC)


def test_no_manifest_means_no_simulated_now(tmp_path):
    assert simulated_now(tmp_path / "_manifest.json") is None


@pytest.mark.parametrize(
    "content", ['{"start_date": "2026-01-01"}', '{"end_date": "31/03/2026"}', '["2026-03-31"]']
)
def test_a_manifest_without_a_valid_end_date_names_the_file_and_the_format(tmp_path, content):
    manifest = tmp_path / "_manifest.json"
    manifest.write_text(content)
    with pytest.raises(ValueError) as info:
        simulated_now(manifest)
    assert str(info.value).startswith(f"{manifest}: end_date: cannot read it")
    assert "expected a date like 2026-03-31" in str(info.value)
