"""What a report holds before it is rendered: sections of sentences, small tables and charts.

Renderers (:mod:`reports.html`, :mod:`reports.pdf`) only lay these out; every number is already a
formatted string here, so the HTML email and the PDF say exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    """A small table: the first column is a label, the others figures.

    ``marks`` gives each row an optional tone: ``"good"``, ``"bad"`` or ``None``.
    """

    columns: list[str]
    rows: list[list[str]]
    marks: list[str | None] = field(default_factory=list)


@dataclass(frozen=True)
class Chart:
    """A PNG chart (``png`` bytes) with its alternative text."""

    name: str
    png: bytes
    alt: str


@dataclass(frozen=True)
class Section:
    """One titled part of the report; ``source`` names the marts its figures come from."""

    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    source: str = ""


@dataclass(frozen=True)
class Kpi:
    """A headline figure with its change against the previous period."""

    label: str
    value: str
    change: str


@dataclass(frozen=True)
class ReportContent:
    """The whole report: title, the period it covers, headline KPIs and sections in order."""

    title: str
    subtitle: str
    kpis: list[Kpi]
    sections: list[Section]
    figures: dict[str, float] = field(default_factory=dict)
    ab_verdicts: list[str] = field(default_factory=list)
    stem: str = "report"
    #: warnings about the figures as a whole (e.g. campaigns in several currencies)
    notes: list[str] = field(default_factory=list)

    def section(self, key: str) -> Section:
        """The section with ``key`` (KeyError if the report has none)."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)
