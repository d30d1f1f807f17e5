"""The marketer's report in the studio: any period, all campaigns or one, from the snapshot.

The same report as ``enrollflow report`` and the weekly email (:func:`reports.build.build_report`,
:func:`reports.html.render_html`, :func:`reports.pdf.render_pdf`), built from the warehouse
snapshot the studio reads, so a page never holds a lock the pipeline needs. A report takes about
two seconds to build on the demo's business; :class:`ReportCache` keeps the last few per snapshot
generation, so its frame builds it once and its PDF reuses it, and a newly published snapshot is
a new report.

:func:`period_text` turns the page's choices into a ``--period`` text (presets, ISO weeks, months
or two dates) and :func:`checked_period` parses it, refusing with a message what the page cannot
show: over-long input, a range over :data:`MAX_DAYS` days, a last day before the first.
:func:`kept_reports` lists the files the weekly schedule kept in ``data/reports/``.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reports.build import build_report
from reports.html import render_html
from reports.model import ReportContent
from reports.pdf import render_pdf
from reports.period import Period, parse_period

#: the longest custom range the page builds (a year and a day: a leap year's report)
MAX_DAYS = 366
#: the longest text accepted for a period or a campaign id (the forms' longest is 22)
MAX_INPUT = 64
#: a file the weekly schedule (or ``enrollflow report``) writes: report-<days>[-<campaign>].<ext>
_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
KEPT_NAME = re.compile(rf"^report-{_DAY}_{_DAY}(-[A-Za-z0-9_-]{{1,64}})?\.(html|pdf)$")


class ReportRequestError(ValueError):
    """What the page was asked for cannot be built (the message says why, in the page's terms)."""


@dataclass(frozen=True)
class Choice:
    """One option of the period menu."""

    value: str
    label: str


def period_choices(latest: dt.datetime, weeks: int = 6, months: int = 6) -> list[Choice]:
    """The period menu for data up to the day before ``latest``: the last 7 and 30 days, the last
    ``weeks`` ISO weeks and the last ``months`` calendar months, newest first."""
    last_day = latest.date() - dt.timedelta(days=1)
    choices = [Choice("week", "Last 7 days"), Choice("month", "Last 30 days")]
    monday = last_day - dt.timedelta(days=last_day.weekday())
    for i in range(weeks):
        start = monday - dt.timedelta(weeks=i)
        year, week, _ = start.isocalendar()
        span = parse_period(f"{year}-W{week:02d}", latest)
        choices.append(Choice(span.label, f"Week {week}, {span.describe()}"))
    year, month = last_day.year, last_day.month
    for _ in range(months):
        choices.append(Choice(f"{year}-{month:02d}", dt.date(year, month, 1).strftime("%B %Y")))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return choices


def period_text(preset: str | None, first: str | None, last: str | None) -> str:
    """The ``--period`` text of the page's choices: two dates when both are given, else the preset
    (``week`` when none). Raises :class:`ReportRequestError` for over-long input, one date
    without the other, a date that is not ``YYYY-MM-DD`` and a last day before the first."""
    for name, value in (("period", preset), ("from", first), ("to", last)):
        if value is not None and len(value) > MAX_INPUT:
            raise ReportRequestError(f"{name}: at most {MAX_INPUT} characters")
    first, last = (first or "").strip(), (last or "").strip()
    if bool(first) != bool(last):
        raise ReportRequestError("a custom period needs both its first and its last day")
    if not first:
        return (preset or "").strip() or "week"
    try:
        start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    except ValueError:
        raise ReportRequestError("from / to: expected dates as YYYY-MM-DD") from None
    if end < start:
        raise ReportRequestError(f"the last day ({end}) is before the first ({start})")
    return f"{start}..{end}"


def checked_period(text: str, latest: dt.datetime) -> Period:
    """:func:`~reports.period.parse_period` of ``text`` (``PeriodError`` names the accepted
    forms), refusing a period over :data:`MAX_DAYS` days with :class:`ReportRequestError`."""
    span = parse_period(text, latest)
    if span.days > MAX_DAYS:
        raise ReportRequestError(
            f"a report covers at most {MAX_DAYS} days; {span.describe()} is {span.days} "
            "(choose a month or a shorter range)"
        )
    return span


@dataclass
class BuiltReport:
    """One built report: its content, its HTML and, once asked for, its PDF."""

    content: ReportContent
    html: str
    _pdf: bytes | None = field(default=None, repr=False)
    _pdf_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def filename(self) -> str:
        """``<stem>.pdf``, the name ``enrollflow report`` gives the same report."""
        return f"{self.content.stem}.pdf"

    def pdf(self) -> bytes:
        """The PDF of the same HTML (printed once, on first use)."""
        with self._pdf_lock:
            if self._pdf is None:
                self._pdf = render_pdf(self.html)
            return self._pdf


class ReportCache:
    """The last ``size`` reports built, keyed by snapshot generation, period and campaign."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._built: OrderedDict[tuple, BuiltReport] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0
        self.hits = 0

    def get(
        self,
        generation: int,
        period: Period,
        campaign_id: str | None,
        build: Callable[[], BuiltReport],
    ) -> BuiltReport:
        """The cached report for the key, else ``build()`` (stored for the next request)."""
        key = (generation, period.start, period.end, period.label, campaign_id)
        with self._lock:
            found = self._built.get(key)
            if found is not None:
                self._built.move_to_end(key)
                self.hits += 1
                return found
        built = build()  # outside the lock: another report may be built meanwhile
        with self._lock:
            self.builds += 1
            self._built[key] = built
            while len(self._built) > self.size:
                self._built.popitem(last=False)
        return built


def build(con, period: Period, campaign_id: str | None) -> BuiltReport:
    """Build the report of ``period`` (one campaign's when ``campaign_id``) on ``con``."""
    content = build_report(con, period=period, campaign_id=campaign_id)
    return BuiltReport(content, render_html(content))


def kept_reports(directory: Path, limit: int = 20) -> list[dict[str, object]]:
    """Reports kept in ``directory``, newest first: ``{"stem", "label", "campaign", "html", "pdf",
    "modified"}`` (file names, or ``None`` when that format is missing; ``modified``: UTC,
    aware). A name whose days are no dates is left out."""
    if not directory.is_dir():
        return []
    found: dict[str, dict[str, object]] = {}
    for path in directory.iterdir():
        if not KEPT_NAME.match(path.name) or not path.is_file():
            continue
        try:
            entry = found.get(path.stem) or _kept_entry(path.stem)
        except ValueError:  # report-2026-13-45_...: the name's shape, not a date
            continue
        found[path.stem] = entry
        entry[path.suffix[1:]] = path.name
        written = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        entry["modified"] = max(entry.get("modified", written), written)
    # by the period's last day (report-<first>_<last>...), then by when the files were written
    rows = sorted(
        found.values(), key=lambda e: (str(e["stem"])[18:28], e["modified"]), reverse=True
    )
    return rows[:limit]


def _kept_entry(stem: str) -> dict[str, object]:
    """A kept report's row: its period in words (``1–7 Dec 2026``), its campaign when limited to
    one (``report-<first>_<last>-<campaign id>``), no files yet."""
    first, last = dt.date.fromisoformat(stem[7:17]), dt.date.fromisoformat(stem[18:28])
    label = Period(first, last + dt.timedelta(days=1), "").describe()
    campaign = stem[29:] or None
    return {"stem": stem, "label": label, "campaign": campaign, "html": None, "pdf": None}


def kept_file(directory: Path, name: str) -> Path | None:
    """The kept report file ``name`` in ``directory`` (``None`` for a name the list would not
    show)."""
    if not KEPT_NAME.match(name):
        return None
    try:
        _kept_entry(name.rsplit(".", 1)[0])
    except ValueError:
        return None
    path = directory / name
    return path if path.is_file() else None
