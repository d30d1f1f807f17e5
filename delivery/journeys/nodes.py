"""Vectorised node logic: variant assignment, branch conditions, wait and entry timing.

Pure functions over pandas frames/series with ``now`` as an argument; the engine applies them to
a whole due set at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from croniter import croniter

from delivery.campaigns.models import (
    AttributeCondition,
    ScheduleTrigger,
    SplitNode,
    WaitNode,
    parse_duration,
    parse_local_time,
)
from delivery.campaigns.rules import next_local_time, utc_naive

HOLDOUT = "holdout"
#: A scheduled fire missed by more than this (scheduler down) is skipped, not sent late.
SCHEDULE_CATCH_UP = dt.timedelta(hours=12)


def unit_hash(contact_ids: pd.Series, salt: str) -> np.ndarray:
    """A deterministic number in [0, 1) per contact, independent across ``salt`` values."""
    keys = salt + ":" + contact_ids.astype(str)
    hashed = pd.util.hash_pandas_object(keys, index=False).to_numpy(dtype=np.uint64)
    return (hashed >> np.uint64(11)).astype(np.float64) / float(2**53)


def assign_variants(contact_ids: pd.Series, campaign_id: str, node: SplitNode) -> pd.Series:
    """Variant id per contact (``holdout`` for the holdout group), by weight, deterministically.

    The same contact always gets the same variant for a given campaign and split node, so a
    re-run after a crash cannot move anyone to another arm.

    Parameters
    ----------
    contact_ids : pandas.Series
    campaign_id : str
    node : SplitNode

    Returns
    -------
    pandas.Series of str
    """
    u = unit_hash(contact_ids, f"{campaign_id}:{node.id}")
    weights = np.array([v.weight for v in node.variants], dtype=float)
    edges = node.holdout + (1 - node.holdout) * np.cumsum(weights) / weights.sum()
    index = np.searchsorted(edges, u, side="right")
    labels = np.array([v.id for v in node.variants] + [node.variants[-1].id], dtype=object)
    out = labels[np.minimum(index, len(node.variants) - 1)]
    out = np.where(u < node.holdout, HOLDOUT, out)
    return pd.Series(out, index=contact_ids.index, dtype=object)


def attribute_mask(contacts: pd.DataFrame, cond: AttributeCondition) -> pd.Series:
    """Which contacts satisfy an attribute condition (missing column -> KeyError naming it)."""
    if cond.field not in contacts.columns:
        raise KeyError(f"branch condition field {cond.field!r} is not a column of dim_contacts")
    col = contacts[cond.field]
    value = cond.value
    ops = {
        "eq": lambda: col == value,
        "ne": lambda: (col != value) & col.notna(),
        "in": lambda: col.isin(value if isinstance(value, list) else [value]),
        "not_in": lambda: ~col.isin(value if isinstance(value, list) else [value]) & col.notna(),
        "gt": lambda: col > value,
        "gte": lambda: col >= value,
        "lt": lambda: col < value,
        "lte": lambda: col <= value,
        "is_null": lambda: col.isna(),
        "not_null": lambda: col.notna(),
    }
    return ops[cond.op]().fillna(False).astype(bool)


def wait_due(node: WaitNode, now: dt.datetime, zones: pd.Series) -> pd.Series:
    """When a contact entering ``node`` at ``now`` leaves it (timeout for ``until_event``)."""
    now = utc_naive(now)
    if node.duration:
        return pd.Series(pd.Timestamp(now + parse_duration(node.duration)), index=zones.index)
    if node.until_event:
        return pd.Series(pd.Timestamp(now + parse_duration(node.timeout)), index=zones.index)
    at = parse_local_time(node.until_local_time)
    per_zone = {z: next_local_time(now, z, at) for z in pd.unique(zones)}
    return pd.to_datetime(zones.map(per_zone))


def best_hour_due(now: dt.datetime, zones: pd.Series, hours: pd.Series) -> pd.Series:
    """Next instant at each contact's best local hour (``now`` where the hour is unknown).

    A contact already inside their best hour goes now.
    """
    now = utc_naive(now)
    out = pd.Series(pd.Timestamp(now), index=zones.index)
    known = hours.notna()
    pairs = pd.DataFrame({"zone": zones[known], "hour": hours[known].astype(int)})
    for (zone, hour), idx in pairs.groupby(["zone", "hour"]).groups.items():
        local_hour = now.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone)).hour
        out.loc[idx] = now if local_hour == hour else next_local_time(now, zone, dt.time(hour))
    return pd.to_datetime(out)


def schedule_fires(
    trigger: ScheduleTrigger, zones: Sequence[str], now: dt.datetime, start_at: dt.datetime
) -> dict[str, tuple[int, dt.datetime]]:
    """Zones whose scheduled local time has come: ``{zone: (occurrence, fire instant UTC)}``.

    A "09:00 local" step is thus released zone by zone as each zone reaches 09:00. ``occurrence``
    is the local fire date as ``YYYYMMDD`` (one per local day). Cron expressions are read in the
    recipient's zone; a fire more than :data:`SCHEDULE_CATCH_UP` ago is skipped.
    """
    now = utc_naive(now)
    fires: dict[str, tuple[int, dt.datetime]] = {}
    for zone in zones:
        tz = ZoneInfo(zone)
        local_now = now.replace(tzinfo=dt.UTC).astimezone(tz)
        if trigger.once_on is not None:
            local = dt.datetime.combine(
                trigger.once_on, parse_local_time(trigger.local_time), tzinfo=tz
            )
        else:
            local = croniter(trigger.cron, local_now + dt.timedelta(seconds=1)).get_prev(
                dt.datetime
            )
        fire = local.astimezone(dt.UTC).replace(tzinfo=None)
        if start_at <= fire <= now < fire + SCHEDULE_CATCH_UP:
            fires[zone] = (int(local.strftime("%Y%m%d")), fire)
    return fires


def event_entries(
    events: pd.DataFrame,
    event: str,
    without: str | None,
    within: dt.timedelta | None,
    now: dt.datetime,
) -> pd.DataFrame:
    """Contacts whose behaviour triggers entry: ``[contact_id, triggered_at]`` (one row each).

    With ``without``/``within``: the ``event`` must not be followed by ``without`` within
    ``within``, and that time must have passed (e.g. visited a course page, no application in
    2 days). The earliest qualifying event per contact counts.
    """
    now = pd.Timestamp(utc_naive(now))
    hits = events.loc[events["activity_type"] == event, ["contact_id", "occurred_at"]]
    hits = hits.sort_values("occurred_at")
    if without is not None:
        hits = hits[hits["occurred_at"] + within <= now]
        follow = events.loc[events["activity_type"] == without, ["contact_id", "occurred_at"]]
        follow = follow.rename(columns={"occurred_at": "next_at"}).sort_values("next_at")
        if not hits.empty:
            hits = pd.merge_asof(
                hits,
                follow,
                left_on="occurred_at",
                right_on="next_at",
                by="contact_id",
                direction="forward",
                allow_exact_matches=False,
            )
            hits = hits[hits["next_at"].isna() | (hits["next_at"] > hits["occurred_at"] + within)]
            hits = hits.assign(occurred_at=hits["occurred_at"] + within)
    first = hits.groupby("contact_id", as_index=False)["occurred_at"].min()
    return first.rename(columns={"occurred_at": "triggered_at"})
