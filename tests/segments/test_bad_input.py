"""Every kind of bad segment file gets a message naming the file, the path and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from segments.errors import SegmentSpecError
from segments.loader import load_definitions, parse_segment

GOOD_WHERE = "where: {attribute: country, op: eq, value: ES}\n"


def _problem(text: str, file: str = "bad.yml") -> str:
    with pytest.raises(SegmentSpecError) as info:
        parse_segment(text, file)
    return str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "description: x\nwhere: {attribute: country, op: eq, value: ES, colour: red}\n",
            "bad.yml: where.colour: unknown field 'colour'; expected one of attribute, op, value",
            id="unknown-field-in-node",
        ),
        pytest.param(
            "description: x\nowner: me\naudience: all\n" + GOOD_WHERE,
            "bad.yml: audience: unknown field 'audience'; expected one of name, description, "
            "owner, tags, channel, where",
            id="unknown-top-level-field",
        ),
        pytest.param(
            "description: x\nwhere: {attribute: contry, op: eq, value: ES}\n",
            "bad.yml: where.attribute: 'contry' is not allowed; expected one of 'country'",
            id="unknown-attribute",
        ),
        pytest.param(
            "description: x\nwhere: {all: [{behaviour: opend, in_last_days: 30}]}\n",
            "bad.yml: where.all.0.behaviour: 'opend' is not allowed; expected one of 'opened', "
            "'clicked', 'visited_course_page', 'applied', 'enrolled' or 'unsubscribed'",
            id="unknown-event",
        ),
        pytest.param(
            "description: x\nwhere: {behaviour: opened, in_last_days: thirty}\n",
            "bad.yml: where.in_last_days: 'thirty' is not valid; expected a valid integer",
            id="wrong-type-window",
        ),
        pytest.param(
            "description: x\nwhere: {score: ltv_amount, op: gt, value: lots}\n",
            "bad.yml: where.value: 'lots' is not a number; expected a number like 3 or 0.5",
            id="wrong-type-value",
        ),
        pytest.param(
            "description: x\nwhere: {not: {behaviour: opened, in_last_days: 0}}\n",
            "bad.yml: where.not.in_last_days: bad window: in_last_days 0; expected a whole number "
            "of days from 1 to 3650",
            id="bad-window-zero",
        ),
        pytest.param(
            "description: x\nwhere: {behaviour: opened, in_last_days: 5000}\n",
            "bad.yml: where.in_last_days: bad window: in_last_days 5000",
            id="bad-window-too-long",
        ),
        pytest.param(
            "description: x\nwhere: {behaviour: opened, in_last_days: 30, ending_days_ago: 30}\n",
            "bad.yml: where.ending_days_ago: bad window: ending_days_ago 30 is not inside "
            "in_last_days 30; expected ending_days_ago < in_last_days",
            id="bad-window-offset",
        ),
        pytest.param(
            "description: x\nwhere: {behaviour: opened, in_last_days: 30, at_least: 3, at_most: 1}\n",
            "bad.yml: where.at_most: at_least 3 is more than at_most 1",
            id="bad-count-range",
        ),
        pytest.param(
            "description: x\nwhere: {any: [{attribute: country, op: in, value: ES}]}\n",
            "bad.yml: where.any.0.value: op 'in' needs a list, got 'ES'; expected a non-empty list",
            id="in-needs-list",
        ),
        pytest.param(
            "description: x\nwhere: {attribute: country, op: eq, value: NO}\n",
            "bad.yml: where.value: False is a boolean (YAML reads NO/YES/ON/OFF unquoted as "
            "booleans); expected a text value for country — quote it, e.g. 'NO'",
            id="norway-problem",
        ),
        pytest.param(
            "description: x\nwhere: {attribute: locale, op: eq, value: klingon}\n",
            "bad.yml: where.value: 'klingon' is not a known locale; expected one of en, es, fr, de, pt",
            id="unknown-vocabulary-value",
        ),
        pytest.param(
            "description: x\nwhere: {attribute: created_at, op: eq, value: 2026-01-01}\n",
            "bad.yml: where.op: op 'eq' does not apply to created_at (timestamp); expected one of "
            "lt, lte, gt, gte, between",
            id="op-not-for-kind",
        ),
        pytest.param(
            "description: x\nwhere: {attribute: created_at, op: lt, value: last tuesday}\n",
            "bad.yml: where.value: 'last tuesday' is not a date; expected a date like 2026-01-31",
            id="bad-date",
        ),
        pytest.param(
            "description: x\nwhere: {attribute: country, op: missing, value: ES}\n",
            "bad.yml: where.value: op 'missing' takes no value; expected no 'value' key",
            id="missing-takes-no-value",
        ),
        pytest.param(
            "description: x\nwhere: {attribute: country, op: eq}\n",
            "bad.yml: where.value: op 'eq' needs a value; expected a 'value' key",
            id="missing-value",
        ),
        pytest.param(
            "description: x\nwhere: {colour: red}\n",
            "bad.yml: where: no node kind among the keys (colour); expected exactly one of all, "
            "any, not, attribute, behaviour, score, segment, consent",
            id="not-a-node",
        ),
        pytest.param(
            "description: x\nwhere: {all: [{attribute: country, op: eq, value: ES, not: {}}]}\n",
            "bad.yml: where.all.0: more than one node kind (attribute, not); expected exactly one",
            id="two-node-keys",
        ),
        pytest.param(
            "description: x\nwhere: {score: shoe_size, op: gt, value: 3}\n",
            "bad.yml: where.score: 'shoe_size' is not a score column of dim_contacts",
            id="unknown-score",
        ),
        pytest.param(
            "description: x\nwhere: {score: p, table: 'x; drop', op: gt, value: 3}\n",
            "bad.yml: where.table: 'x; drop' is not valid; expected lower-case letters, digits and underscores",
            id="table-not-identifier",
        ),
        pytest.param(
            "description: x\nchannel: fax\n" + GOOD_WHERE,
            "bad.yml: channel: 'fax' is not allowed; expected one of 'email' or 'sms'",
            id="unknown-channel",
        ),
        pytest.param(
            GOOD_WHERE,
            "bad.yml: description: missing required field 'description'; expected a 'description' key",
            id="missing-description",
        ),
        pytest.param(
            "description: x\nname: other\n" + GOOD_WHERE,
            "bad.yml: name: name 'other' differs from the file name 'bad'; expected 'bad' or no name key",
            id="name-mismatch",
        ),
        pytest.param(
            "description: x\nwhere: {attribute: country, op: eq, value: ES\n",
            "bad.yml: line 3, column 1: invalid YAML",
            id="invalid-yaml",
        ),
        pytest.param(
            "- description: x\n",
            "bad.yml: (top level): got list; expected a mapping with description and where",
            id="not-a-mapping",
        ),
    ],
)
def test_bad_input_message(text: str, expected: str) -> None:
    message = _problem(text)
    assert expected in message
    # every message names the file, a path inside it, and what was expected
    assert message.startswith("bad.yml: ") and "; expected " in message


def test_every_problem_is_reported_not_only_the_first() -> None:
    message = _problem(
        "description: x\nwhere: {all: [{behaviour: opend, in_last_days: 30}, "
        "{attribute: locale, op: eq, value: xx}]}\n"
    )
    assert "where.all.0.behaviour" in message and "where.all.1.value" in message


def test_bad_file_name() -> None:
    assert "Bad-Name.yml: (file name): 'Bad-Name' is not a valid segment name" in _problem(
        "description: x\n" + GOOD_WHERE, "Bad-Name.yml"
    )


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_unknown_reference_is_rejected_and_others_still_load(tmp_path: Path) -> None:
    catalog = load_definitions(
        _write(
            tmp_path,
            {
                "a.yml": "description: x\nwhere: {all: [{segment: nope}]}\n",
                "b.yml": "description: x\n" + GOOD_WHERE,
            },
        )
    )
    assert set(catalog.segments) == {"b"}
    assert str(catalog.errors["a"]) == (
        "a.yml: where.all.0.segment: unknown segment 'nope'; expected one of a, b"
    )


def test_cycle_is_rejected_with_its_path(tmp_path: Path) -> None:
    catalog = load_definitions(
        _write(
            tmp_path,
            {
                "a.yml": "description: x\nwhere: {segment: b}\n",
                "b.yml": "description: x\nwhere: {not: {segment: c}}\n",
                "c.yml": "description: x\nwhere: {any: [{segment: a}]}\n",
                "d.yml": "description: x\nwhere: {segment: a}\n",
                "e.yml": "description: x\n" + GOOD_WHERE,
            },
        )
    )
    assert set(catalog.segments) == {"e"}
    assert str(catalog.errors["a"]) == (
        "a.yml: where.segment: reference cycle a -> b -> c -> a; "
        "expected references that never lead back to this segment"
    )
    assert "b.yml: where.not.segment: reference cycle b -> c -> a -> b" in str(catalog.errors["b"])
    assert "c.yml: where.any.0.segment: reference cycle c -> a -> b -> c" in str(
        catalog.errors["c"]
    )
    # d is not in the cycle but cannot be built either
    assert str(catalog.errors["d"]) == (
        "d.yml: where.segment: referenced segment 'a' is invalid; "
        "expected a valid 'a' (fix its own errors first)"
    )


def test_self_reference_is_a_cycle(tmp_path: Path) -> None:
    catalog = load_definitions(_write(tmp_path, {"a.yml": "description: x\nwhere: {segment: a}\n"}))
    assert "reference cycle a -> a" in str(catalog.errors["a"])


def test_reference_to_an_invalid_file(tmp_path: Path) -> None:
    catalog = load_definitions(
        _write(
            tmp_path,
            {
                "a.yml": "description: x\nwhere: {segment: b}\n",
                "b.yml": "description: x\nwhere: {colour: red}\n",
            },
        )
    )
    assert catalog.segments == {}
    assert "a.yml: where.segment: referenced segment 'b' is invalid" in str(catalog.errors["a"])


def test_duplicate_name_yml_and_yaml(tmp_path: Path) -> None:
    catalog = load_definitions(
        _write(
            tmp_path,
            {
                "a.yml": "description: x\n" + GOOD_WHERE,
                "a.yaml": "description: y\n" + GOOD_WHERE,
            },
        )
    )
    assert "segment 'a' is defined twice" in str(catalog.errors["a"])
    assert "a" not in catalog.segments


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="segment definitions folder not found"):
        load_definitions(tmp_path / "nope")
