"""Errors a segment author can cause, each naming the file, the path inside it and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpecProblem:
    """One problem in one segment file.

    Parameters
    ----------
    file
        The segment file (as given by the caller, usually relative to the definitions folder).
    path
        Dotted path inside the spec (``where.all.0.behaviour``), or ``"(file)"`` for the whole file.
    problem
        What is wrong, e.g. ``"unknown field 'contry'"``.
    expected
        What would be right, e.g. ``"one of attribute, op, value"``.
    """

    file: str
    path: str
    problem: str
    expected: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.problem}; expected {self.expected}"


class SegmentSpecError(ValueError):
    """A segment file is invalid; ``problems`` lists every problem found (at least one)."""

    def __init__(self, problems: list[SpecProblem]) -> None:
        if not problems:
            raise ValueError("SegmentSpecError needs at least one problem")
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def file(self) -> str:
        """The file of the first problem."""
        return self.problems[0].file
