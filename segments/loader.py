"""Read segment files, validate them and check references between them.

One bad file never stops the others: :func:`load_definitions` returns the valid segments and, per
invalid file, a :class:`~segments.errors.SegmentSpecError` whose lines read
``<file>: <path.inside.spec>: <what is wrong>; expected <...>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic
import yaml

from segments.errors import SegmentSpecError, SpecProblem
from segments.safe_yaml import UnsafeYaml, load_yaml
from segments.spec import (
    NAME_PATTERN,
    NODE_TYPES,
    AllNode,
    AnyNode,
    NotNode,
    Segment,
    SegmentRefNode,
    walk,
)

SUFFIXES = (".yml", ".yaml")
_NODE_KEYS = ", ".join(NODE_TYPES)


@dataclass
class SegmentCatalog:
    """The segments of a definitions folder.

    Attributes
    ----------
    segments
        Valid segments by name (file stem), references resolved and acyclic.
    errors
        Invalid files by name, with every problem found.
    files
        Every file by name, valid or not.
    """

    segments: dict[str, Segment] = field(default_factory=dict)
    errors: dict[str, SegmentSpecError] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        """Every segment name (valid or not), sorted."""
        return sorted(self.files)


# ---------------------------------------------------------------------------------------------
# one file


def _fields_of(model: type[pydantic.BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _render_loc(loc: tuple[Any, ...]) -> tuple[str, type[pydantic.BaseModel] | None]:
    """Dotted spec path for a pydantic ``loc`` (union tags dropped) and the model it ends in."""
    parts: list[str] = []
    state, model = "model", Segment
    node_fields = {
        (Segment, "where"): "node",
        (AllNode, "all"): "list",
        (AnyNode, "any"): "list",
        (NotNode, "not"): "node",
    }
    for elem in loc:
        if state == "node":
            model, state = NODE_TYPES.get(str(elem), Segment), "model"
        elif state == "list":
            parts.append(str(elem))
            state = "node"
        elif state == "model":
            parts.append(str(elem))
            state = node_fields.get((model, str(elem)), "leaf")
        elif isinstance(elem, int):  # index inside a list value; names of union members are dropped
            parts.append(str(elem))
    return ".".join(parts) or "(top level)", (model if state in ("model", "leaf") else None)


def _problem(file: str, err: dict[str, Any]) -> SpecProblem:
    loc = tuple(err["loc"])
    path, model = _render_loc(loc)
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    last = str(loc[-1]) if loc else "(top level)"
    if kind == "segment_spec":
        if ctx.get("field"):
            path = f"{path}.{ctx['field']}"
        return SpecProblem(file, path, ctx["problem"], ctx["expected"])
    if kind == "segment_node":
        if not isinstance(value, dict):
            problem = f"{value!r} is not a condition node"
        elif kinds := [k for k in value if k in NODE_TYPES]:
            problem = f"more than one node kind ({', '.join(kinds)})"
        else:
            problem = f"no node kind among the keys ({', '.join(map(str, value))})"
        return SpecProblem(file, path, problem, f"exactly one of {_NODE_KEYS}")
    if kind == "string_pattern_mismatch":
        return SpecProblem(
            file,
            path,
            f"{value!r} is not valid",
            "lower-case letters, digits and underscores, starting with a letter or _",
        )
    if kind == "extra_forbidden":
        owner = _render_loc(loc[:-1])[1] or Segment
        return SpecProblem(
            file, path, f"unknown field '{last}'", "one of " + ", ".join(_fields_of(owner))
        )
    if kind == "missing":
        return SpecProblem(file, path, f"missing required field '{last}'", f"a '{last}' key")
    if kind == "literal_error":
        return SpecProblem(file, path, f"{value!r} is not allowed", "one of " + ctx["expected"])
    expected = err["msg"].removeprefix("Input should be ").removeprefix("Value error, ")
    return SpecProblem(file, path, f"{value!r} is not valid", expected)


def parse_segment(text: str, file: str) -> Segment:
    """Parse and validate one segment file's text.

    Parameters
    ----------
    text
        The YAML text.
    file
        The file name used in error messages; its stem is the segment's name.

    Returns
    -------
    Segment
        The validated spec, with ``name`` set to the file stem.

    Raises
    ------
    SegmentSpecError
        Bad YAML, a wrong shape, unknown fields, wrong types, unknown events, bad windows.
    """
    stem = Path(file).stem
    if not re.fullmatch(NAME_PATTERN, stem):
        raise SegmentSpecError(
            [
                SpecProblem(
                    file,
                    "(file name)",
                    f"'{stem}' is not a valid segment name",
                    "lower-case letters, digits and underscores, starting with a letter",
                )
            ]
        )
    try:
        data = load_yaml(text)
    except UnsafeYaml as exc:
        raise SegmentSpecError([SpecProblem(file, exc.where, exc.problem, exc.fix)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        problem = str(getattr(exc, "problem", None) or exc)
        raise SegmentSpecError(
            [SpecProblem(file, where, f"invalid YAML: {problem}", "valid YAML")]
        ) from None
    if not isinstance(data, dict):
        raise SegmentSpecError(
            [
                SpecProblem(
                    file,
                    "(top level)",
                    f"got {type(data).__name__}",
                    "a mapping with description and where",
                )
            ]
        )
    try:
        segment = Segment.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = list(dict.fromkeys(_problem(file, e) for e in exc.errors()))
        raise SegmentSpecError(problems) from None
    if segment.name is not None and segment.name != stem:
        raise SegmentSpecError(
            [
                SpecProblem(
                    file,
                    "name",
                    f"name '{segment.name}' differs from the file name '{stem}'",
                    f"'{stem}' or no name key",
                )
            ]
        )
    return segment.model_copy(update={"name": stem})


def load_segment_file(path: Path, display: str | None = None) -> Segment:
    """Read and validate one segment file (references are not resolved; see :func:`load_definitions`)."""
    return parse_segment(Path(path).read_text(encoding="utf-8"), display or Path(path).name)


# ---------------------------------------------------------------------------------------------
# a folder, with references


def references(segment: Segment) -> list[tuple[str, str]]:
    """``(path, referenced name)`` for every segment reference in the tree."""
    return [(p, n.segment) for p, n in walk(segment.where) if isinstance(n, SegmentRefNode)]


def _find_cycle(start: str, graph: dict[str, list[str]]) -> list[str] | None:
    """A path ``start -> ... -> start`` through ``graph`` if one exists."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, []):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def check_references(
    segments: dict[str, Segment], invalid: Iterable[str] = (), file_of: dict[str, str] | None = None
) -> dict[str, SegmentSpecError]:
    """Problems with references: unknown segments, cycles, references to invalid segments.

    Parameters
    ----------
    segments
        Valid (individually) segments by name.
    invalid
        Names of segment files that exist but are invalid.
    file_of
        Display file name per segment name (defaults to ``<name>.yml``).

    Returns
    -------
    dict
        Error per segment name that must not be built.
    """
    file_of = file_of or {}
    invalid = set(invalid)
    graph = {name: [ref for _, ref in references(s)] for name, s in segments.items()}
    errors: dict[str, list[SpecProblem]] = {}

    def add(name: str, path: str, problem: str, expected: str) -> None:
        errors.setdefault(name, []).append(
            SpecProblem(file_of.get(name, f"{name}.yml"), path, problem, expected)
        )

    known = sorted({*segments, *invalid})
    for name, segment in segments.items():
        for path, ref in references(segment):
            if ref not in known:
                add(
                    name,
                    f"{path}.segment",
                    f"unknown segment '{ref}'",
                    "one of " + (", ".join(known) or "(no segments)"),
                )
        cycle = _find_cycle(name, graph)
        if cycle:
            first = next(p for p, ref in references(segment) if ref == cycle[1])
            add(
                name,
                f"{first}.segment",
                "reference cycle " + " -> ".join(cycle),
                "references that never lead back to this segment",
            )
    # a segment that depends on an invalid one cannot be built either
    changed = True
    while changed:
        changed = False
        for name, segment in segments.items():
            if name in errors:
                continue
            for path, ref in references(segment):
                if ref in invalid or ref in errors:
                    add(
                        name,
                        f"{path}.segment",
                        f"referenced segment '{ref}' is invalid",
                        f"a valid '{ref}' (fix its own errors first)",
                    )
                    changed = True
                    break
    return {name: SegmentSpecError(problems) for name, problems in errors.items()}


def load_definitions(folder: Path) -> SegmentCatalog:
    """Load every ``*.yml``/``*.yaml`` file of a definitions folder.

    Parameters
    ----------
    folder
        The folder (not searched recursively).

    Returns
    -------
    SegmentCatalog
        Valid segments, and an error per invalid file; never raises for a bad file.
    """
    folder = Path(folder)
    result = SegmentCatalog()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"{folder}: segment definitions folder not found; expected a folder of <name>.yml files"
        )
    parsed: dict[str, Segment] = {}
    for path in sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file()):
        name = path.stem
        if name in result.files:
            result.errors[name] = SegmentSpecError(
                [
                    SpecProblem(
                        path.name,
                        "(file name)",
                        f"segment '{name}' is defined twice",
                        f"one file per segment (remove {path.name} or {result.files[name].name})",
                    )
                ]
            )
            parsed.pop(name, None)
            continue
        result.files[name] = path
        try:
            parsed[name] = load_segment_file(path)
        except SegmentSpecError as exc:
            result.errors[name] = exc
    ref_errors = check_references(
        parsed, invalid=result.errors, file_of={n: p.name for n, p in result.files.items()}
    )
    result.errors.update(ref_errors)
    result.segments = {n: s for n, s in parsed.items() if n not in result.errors}
    return result
