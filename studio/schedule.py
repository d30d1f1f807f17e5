"""The schedule of a campaign as the launch page shows and changes it.

Nothing here decides a send: the schedule is the campaign document's ``start_at`` and its send
nodes' ``best_send_time``, saved as a new version by the CLI's ``apply_campaign`` and launched by
its ``launch``; the engine then releases each contact at the step's time (or their best hour),
re-checking the send window, quiet hours, frequency cap and budget where the message leaves.
What this module adds is the reading of a school-local date-time (DST gaps refused, DST overlaps
taken as the first occurrence and said so) and a preview of the send-time model through the
engine's own :class:`~delivery.journeys.sources.WarehouseSource`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from delivery.campaigns.models import Campaign
from delivery.campaigns.rules import FREQUENCY_CAP, FREQUENCY_WINDOW, SMS_WINDOW, parse_window
from delivery.journeys.sources import SourceError, WarehouseSource

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class ScheduleError(ValueError):
    """A schedule the form cannot take (the message names the field and the fix)."""


def local_to_utc(text: str, zone: str) -> tuple[dt.datetime, str | None]:
    """A ``YYYY-MM-DDTHH:MM`` wall-clock time in ``zone`` as naive UTC, and a note if ambiguous.

    Raises
    ------
    ScheduleError
        When the text is not such a time, or the time does not exist in ``zone`` (the hour
        skipped when clocks go forward).
    """
    try:
        naive = dt.datetime.strptime(text.strip(), LOCAL_FORMAT)
    except ValueError:
        raise ScheduleError(
            f"start: {text[:40]!r} is not a date and time (expected e.g. 2026-03-10T09:00)"
        ) from None
    tz = ZoneInfo(zone)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    back = first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    if back != naive:
        raise ScheduleError(
            f"start: {naive:%d %b %Y %H:%M} does not exist in {zone} (the clocks go forward "
            "then): choose a time an hour later"
        )
    note = None
    if first.utcoffset() != second.utcoffset():
        note = (
            f"{naive:%d %b %Y %H:%M} happens twice in {zone} (the clocks go back): "
            f"the first one, {first.astimezone(dt.UTC):%H:%M} UTC, is used"
        )
    return first.astimezone(dt.UTC).replace(tzinfo=None), note


def utc_to_local(moment: dt.datetime, zone: str) -> dt.datetime:
    """Naive UTC ``moment`` as the wall-clock time in ``zone`` (naive)."""
    return moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def scheduled_document(spec: Campaign, start_at: dt.datetime, best_time: bool) -> dict[str, Any]:
    """The campaign document with this start and "best time" on every send step (or none)."""
    doc = spec.model_dump(mode="json", exclude_defaults=True)
    doc["start_at"] = start_at.replace(tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")
    for node in doc["workflow"]["nodes"]:
        if node.get("type") == "send":
            node["best_send_time"] = best_time
            if not best_time:
                node.pop("best_send_time")
    return doc


def best_time_on(spec: Campaign) -> bool:
    """Whether every send step of the campaign releases at the contact's best hour."""
    sends = [n for n in spec.workflow.nodes if n.type == "send"]
    return bool(sends) and all(n.best_send_time for n in sends)


def _hhmm(window: tuple[dt.time, dt.time] | None) -> str:
    return "any time" if window is None else f"{window[0]:%H:%M}–{window[1]:%H:%M}"


def send_rules(spec: Campaign) -> list[tuple[str, str]]:
    """The send-time rules the engine applies to this campaign, in words."""
    rules = []
    if "email" in spec.channels:
        rules.append(("Email send window", f"{_hhmm(parse_window(spec.rules.email_window))} "
                                           "in each recipient's time zone"))  # fmt: skip
    if "sms" in spec.channels:
        rules.append(("SMS quiet hours", f"texts only {_hhmm(SMS_WINDOW)} in each recipient's "
                                         "time zone; outside it they wait for the window"))  # fmt: skip
    days = FREQUENCY_WINDOW.days
    action = "wait for a free slot" if spec.rules.frequency_cap_action == "defer" else "are skipped"
    rules.append(("Frequency cap", f"{FREQUENCY_CAP} emails per contact per {days} days across "
                                   f"campaigns; messages over it {action}"))  # fmt: skip
    rules.append(("Unknown time zone", f"the school's zone, {spec.organisation_timezone}"))
    return rules


def send_time_preview(source: WarehouseSource | None, spec: Campaign, now: dt.datetime) -> dict:
    """What "best time per contact" would do for this audience now, through the engine's path.

    Returns
    -------
    dict
        ``model`` (``promoted`` / ``not promoted`` / ``not built`` / ``no warehouse``),
        ``audience``, ``known`` (contacts with a recommended hour) and ``hours``
        (``[(local hour, share of known)]``, the five most common).
    """
    out: dict[str, Any] = {"model": "no warehouse", "audience": None, "known": 0, "hours": []}
    if source is None:
        return out
    out["model"] = source.send_time_model()
    try:
        audience = source.audience(spec.audience.segments, spec.audience.exclude_segments, now)
    except SourceError:  # a young warehouse without segments: no preview
        return out
    out["audience"] = len(audience)
    hours = source.best_hours(audience)  # empty unless the model is promoted
    known = hours["best_local_hour"].dropna().astype(int).tolist() if len(hours) else []
    out["known"] = len(known)
    if known:
        out["hours"] = [(h, n / len(known)) for h, n in Counter(known).most_common(5)]
    return out
