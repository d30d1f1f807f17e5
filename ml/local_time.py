"""UTC timestamps as each contact's local wall time (DST-aware, one conversion per zone)."""

from __future__ import annotations

import pandas as pd

__all__ = ["local_times"]


def local_times(utc: pd.Series, zones: pd.Series, *, default_tz: str) -> pd.Series:
    """Naive UTC times as naive local times in each row's IANA zone.

    Parameters
    ----------
    utc : pandas.Series
        Naive UTC timestamps.
    zones : pandas.Series
        IANA zone per row (same index); a missing zone or a name that is no IANA zone uses
        ``default_tz``.
    default_tz : str

    Returns
    -------
    pandas.Series
        Naive local wall times, same index as ``utc``.
    """
    stamps = pd.to_datetime(utc).dt.tz_localize("UTC")
    parts = []
    for zone, index in zones.fillna(default_tz).groupby(zones.fillna(default_tz)).groups.items():
        try:
            local = stamps.loc[index].dt.tz_convert(zone)
        except Exception:  # unknown zone name: as for a missing zone
            local = stamps.loc[index].dt.tz_convert(default_tz)
        parts.append(local.dt.tz_localize(None))
    if not parts:
        return stamps.dt.tz_localize(None)
    return pd.concat(parts).reindex(stamps.index)
