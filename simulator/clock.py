"""Time arithmetic on unix-second arrays: day indices, UTC offsets of IANA zones, hour of week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np

DAY = 86_400
HOUR = 3_600
# 1970-01-01 was a Thursday; with Monday = 0 the epoch's weekday is 3.
_EPOCH_WEEKDAY = 3


def epoch_seconds(day: dt.date) -> int:
    """Unix seconds of ``day`` at 00:00 UTC."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


@dataclass(frozen=True)
class Period:
    """The simulated period: ``days`` whole UTC days from ``start`` (unix seconds)."""

    start: int
    days: int

    @property
    def end(self) -> int:
        """First second after the period (the simulated "now")."""
        return self.start + self.days * DAY


class ZoneOffsets:
    """UTC offsets (seconds) of a list of IANA zones for every day of a period (DST-aware).

    Parameters
    ----------
    zones : sequence of str
        IANA zone names.
    period : Period
        The period; offsets are tabulated from 2 days before to 10 days after it.
    """

    _PAD_BEFORE = 2
    _PAD_AFTER = 10

    def __init__(self, zones: tuple[str, ...], period: Period) -> None:
        self.period = period
        n_days = period.days + self._PAD_BEFORE + self._PAD_AFTER
        first = period.start - self._PAD_BEFORE * DAY
        table = np.zeros((len(zones), n_days), dtype=np.int64)
        for z, name in enumerate(zones):
            tz = ZoneInfo(name)
            for d in range(n_days):
                moment = dt.datetime.fromtimestamp(first + d * DAY + 12 * HOUR, tz)
                table[z, d] = int(moment.utcoffset().total_seconds())
        self._first = first
        self._table = table

    def at(self, zone: np.ndarray, ts: np.ndarray) -> np.ndarray:
        """Offsets (seconds) of ``zone[i]`` at UTC moment ``ts[i]``."""
        d = np.clip((ts - self._first) // DAY, 0, self._table.shape[1] - 1)
        return self._table[zone, d]

    def local(self, zone: np.ndarray, ts: np.ndarray) -> np.ndarray:
        """Local wall-clock time of ``ts`` in ``zone``, as naive unix seconds."""
        return ts + self.at(zone, ts)


def hour_of_week(naive_ts: np.ndarray) -> np.ndarray:
    """Hour of week (Monday 00:00 = 0 ... Sunday 23:00 = 167) of naive unix seconds."""
    return ((naive_ts // HOUR) + _EPOCH_WEEKDAY * 24) % 168


def next_hour_of_week(naive_ts: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Start (naive seconds) of the first hour ``target`` (hour of week) at or after ``naive_ts``."""
    current = hour_of_week(naive_ts)
    ahead = (target - current) % 168
    return (naive_ts // HOUR + ahead) * HOUR


def next_hour_of_day(naive_ts: np.ndarray, hour: np.ndarray) -> np.ndarray:
    """Start (naive seconds) of the first hour-of-day ``hour`` at or after ``naive_ts``."""
    current = (naive_ts // HOUR) % 24
    ahead = (hour - current) % 24
    return (naive_ts // HOUR + ahead) * HOUR
