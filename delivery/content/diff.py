"""A line diff of two documents (template or campaign versions), for the studio's diff view.

Both sides are written as YAML the same way (keys in document order, unicode kept), then
compared with :class:`difflib.SequenceMatcher`; each line carries its number on either side.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True)
class DiffLine:
    """One line of the diff: ``kind`` is ``same``, ``added``, ``removed`` or ``gap`` (unchanged
    lines left out, ``text`` says how many)."""

    kind: str
    old_no: int | None
    new_no: int | None
    text: str


def as_yaml(doc: Any) -> str:
    """``doc`` as the YAML both sides of a diff are written in."""
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def diff_documents(old: Any, new: Any, context: int = 3) -> list[DiffLine]:
    """The changed lines between two documents with ``context`` unchanged lines around each
    change (an empty list when they are equal)."""
    a, b = as_yaml(old).splitlines(), as_yaml(new).splitlines()
    out: list[DiffLine] = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        first = group[0]
        if out or first[1] > 0:
            out.append(DiffLine("gap", None, None, f"lines {first[1] + 1}/{first[3] + 1}"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [
                    DiffLine("same", i + 1, j1 + k + 1, a[i]) for k, i in enumerate(range(i1, i2))
                ]
                continue
            out += [DiffLine("removed", i + 1, None, a[i]) for i in range(i1, i2)]
            out += [DiffLine("added", None, j + 1, b[j]) for j in range(j1, j2)]
    return out
