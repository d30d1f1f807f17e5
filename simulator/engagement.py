"""The sandbox's engagement model: what recipients do with the messages the sandbox "sent".

For each message the sandbox provider accepted (its outbox record joined to the ledger's
``submitted_at``), this draws what the simulated contact does -- with the simulator's own
behaviour (:mod:`simulator.behaviour`, :mod:`simulator.email`) and each contact's planted truth
(``truth/contact_preferences.parquet``: engagement and enrollment propensity, preferred local
hour, time zone, machine opener, address status) -- and returns the events *as the providers
emit them*: SendGrid Event Webhook events (``custom_args`` flattened at top level, so every
event carries its ``ledger_id``), Twilio status callbacks (to the message's own
``StatusCallback`` URL, which carries ``?ledger_id=``) and inbound STOPs, and the applications
and enrollments the CRM/LMS exports.

Planted truth (:data:`PLANTED`, also written to ``truth/sandbox_engagement.json``): variant B's
subject line multiplies the open probability by :data:`VARIANT_OPEN_MULT` ``["B"]``; opens
cluster at the contact's preferred local hour; clicks, unsubscribes, applications and
enrollments follow the simulator's rates.

Every draw is a hash of ``(seed, ledger_id, purpose)``: the same sends give the same events
(same ``sg_event_id``), so re-running never invents new ones, and a later horizon (``until``)
only adds events. Times are unix seconds (UTC).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulator import behaviour as bh
from simulator import email as em

#: The planted subject-line effect: open probability multiplier per variant (A is control).
VARIANT_OPEN_MULT = {"A": 1.0, "B": 1.3}
SMS_UNDELIVERED, SMS_FAILED = 0.02, 0.01
SMS_STOP_GIVEN_DELIVERED = 0.005
SMS_APPLY_GIVEN_DELIVERED = 0.01
OPEN_SOON_SHARE = 0.5
PLANTED = {
    "variant_open_multiplier": VARIANT_OPEN_MULT,
    "open_probability": "0.85 * engagement_propensity * variant multiplier * timing multiplier "
    "(1 + 0.35 exp(-d^2/8), d = hours from the preferred local hour), at most 0.95",
    "click_given_open": em.CLICK_GIVEN_OPEN,
    "unsubscribe_given_open": em.UNSUBSCRIBE_GIVEN_OPEN,
    "application_given_click": bh.APPLY_AFTER_CLICK["email"],
    "application_given_delivered_no_click": bh.APPLY_WITHOUT_CLICK["email"],
    "application_probabilities_scale_with": "enroll_propensity",
    "sms_application_given_delivered": SMS_APPLY_GIVEN_DELIVERED,
    "enrollment_given_application": bh.P_ENROLL_GIVEN_APPLICATION,
    "sms_undelivered": SMS_UNDELIVERED,
    "sms_failed": SMS_FAILED,
    "sms_stop_given_delivered": SMS_STOP_GIVEN_DELIVERED,
}
SEND_COLUMNS = (
    "ledger_id",
    "campaign_id",
    "contact_id",
    "variant_id",
    "channel",
    "to",
    "provider_message_id",
    "submitted_at",
)


@dataclass
class Engagement:
    """The events of one engagement run, each with the moment it reaches us (``arrive_at``).

    ``sendgrid``: Event Webhook events (plus ``_arrive_at``); ``twilio``: dicts with ``url``
    (path + query), ``kind`` (``status``/``inbound``), ``params`` and ``arrive_at``;
    ``applications`` / ``enrollments``: LMS export records (plus ``_arrive_at``).
    """

    sendgrid: list[dict[str, Any]] = field(default_factory=list)
    twilio: list[dict[str, Any]] = field(default_factory=list)
    applications: list[dict[str, Any]] = field(default_factory=list)
    enrollments: list[dict[str, Any]] = field(default_factory=list)


def write_planted_truth(truth_dir: Path) -> Path:
    """Write :data:`PLANTED` to ``<truth_dir>/sandbox_engagement.json``; return the path."""
    truth_dir.mkdir(parents=True, exist_ok=True)
    path = truth_dir / "sandbox_engagement.json"
    path.write_text(json.dumps(PLANTED, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def uniform(keys: pd.Series, purpose: str, seed: int) -> np.ndarray:
    """Deterministic U[0, 1) per key and purpose (a 64-bit hash of ``seed:purpose:key``)."""
    h = pd.util.hash_array((f"{seed}:{purpose}:" + keys.astype(str)).to_numpy(dtype=object))
    return (h >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def _event_id(keys: pd.Series, kind: str, seed: int) -> pd.Series:
    h = pd.util.hash_array((f"{seed}:evt:{kind}:" + keys.astype(str)).to_numpy(dtype=object))
    return pd.Series([f"sbx{x:016x}" for x in h], index=keys.index)


def _local_hours(at: pd.Series, zones: pd.Series) -> np.ndarray:
    """Local hour of day of unix-second moments ``at`` in IANA ``zones`` (per zone, DST-aware)."""
    out = np.zeros(len(at), dtype=np.int64)
    stamps = pd.to_datetime(at.to_numpy(), unit="s", utc=True)
    for zone in zones.unique():
        m = (zones == zone).to_numpy()
        out[m] = stamps[m].tz_convert(str(zone)).hour
    return out


def _next_local_hour(at: pd.Series, zones: pd.Series, hour: pd.Series) -> np.ndarray:
    """Unix seconds of the next moment after ``at`` when the local clock shows ``hour``:00."""
    local = _local_hours(at, zones)
    ahead = (hour.to_numpy() - local) % 24
    ahead = np.where(ahead == 0, 24, ahead)
    return (at.to_numpy() // 3600 + ahead) * 3600


def engagement(
    sends: pd.DataFrame,
    contacts: pd.DataFrame,
    *,
    courses: pd.DataFrame,
    until: int,
    seed: int = 0,
    landing_page: str = "https://www.northbridge.example.edu/courses",
) -> Engagement:
    """Draw what the contacts do with ``sends``, up to the horizon ``until`` (unix seconds).

    Parameters
    ----------
    sends : pandas.DataFrame
        One row per accepted message: :data:`SEND_COLUMNS` (``submitted_at`` in unix seconds)
        plus ``status_callback`` (SMS) and ``categories``/``asm_group_id`` (email, may be null).
    contacts : pandas.DataFrame
        The planted truth per contact (``truth/contact_preferences.parquet``): ``contact_id``,
        ``engagement_propensity``, ``enroll_propensity``, ``preferred_local_hour``,
        ``true_timezone``, ``is_machine_opener``, ``email_status``.
    courses : pandas.DataFrame
        Courses an application can be for: ``course_id``, ``price_amount``, ``currency``
        (empty: nobody applies).
    until : int
        Only events that happened (and arrive) at or before this moment are returned.
    seed : int
        Salt of every draw.
    landing_page : str
        Where email links point (UTM tags are added per campaign and variant).

    Returns
    -------
    Engagement
    """
    missing = [c for c in SEND_COLUMNS if c not in sends.columns]
    if missing:
        raise ValueError(f"sends: missing column(s) {', '.join(missing)}")
    known = sends.merge(contacts, on="contact_id", how="inner").reset_index(drop=True)
    out = Engagement()
    apply_rows: list[pd.DataFrame] = []
    email = known[known["channel"] == "email"].reset_index(drop=True)
    if len(email):
        apply_rows.append(_email_events(email, out, until, seed, landing_page))
    sms = known[known["channel"] == "sms"].reset_index(drop=True)
    if len(sms):
        apply_rows.append(_sms_events(sms, out, until, seed))
    applied = pd.concat(apply_rows, ignore_index=True) if apply_rows else pd.DataFrame()
    if len(applied) and len(courses):  # no catalogue, no applications
        _conversions(applied, courses, out, until, seed)
    return out


def _sendgrid(
    frame: pd.DataFrame, kind: str, at: np.ndarray, seed: int, tag: str, **extra: Any
) -> list:
    """SendGrid events of one ``kind`` for the rows of ``frame`` at moments ``at``.

    ``tag`` names the draw (two opens of one message -- machine and human -- differ by tag).
    """
    keys = frame["ledger_id"]
    ids = _event_id(keys, tag, seed)
    lag = (5 + uniform(keys, f"lag:{tag}", seed) * 115).astype(np.int64)
    events = []
    for i, row in enumerate(frame.itertuples(index=False)):
        ev = {
            "email": row.to,
            "timestamp": int(at[i]),
            "event": kind,
            "sg_event_id": ids.iloc[i],
            "sg_message_id": f"{row.provider_message_id}.filterdrecv-{i % 7}",
            "smtp-id": f"<{row.provider_message_id}@sandbox.enrollflow>",
            "category": list(row.categories) if isinstance(row.categories, list | tuple) else [],
            # custom_args are flattened at the top level, as SendGrid does
            "ledger_id": row.ledger_id,
            "campaign_id": row.campaign_id,
            "contact_id": row.contact_id,
            "variant_id": row.variant_id,
            "_arrive_at": int(at[i] + lag[i]),
        }
        if pd.notna(row.asm_group_id):
            ev["asm_group_id"] = int(row.asm_group_id)
        for key, values in extra.items():
            value = values[i] if isinstance(values, np.ndarray | list) else values
            if value is not None:
                ev[key] = value
        events.append(ev)
    return events


def _email_events(
    email: pd.DataFrame, out: Engagement, until: int, seed: int, landing_page: str
) -> pd.DataFrame:
    """Append SendGrid events; return the rows that go on to apply (with ``applied_at``)."""
    keys = email["ledger_id"]
    t0 = email["submitted_at"].to_numpy(dtype=np.int64)
    processed = t0 + (uniform(keys, "processed", seed) * 2).astype(np.int64)
    status = email["email_status"].to_numpy()
    blocked = uniform(keys, "blocked", seed) < em.BLOCKED_SHARE
    dropped = status == "invalid"
    bounced = ~dropped & ((status == "bouncing") | blocked)
    ok = ~dropped & ~bounced
    delivered_at = t0 + 2 + (uniform(keys, "delivered", seed) * 23).astype(np.int64)

    zones = email["true_timezone"].astype(str)
    pref = email["preferred_local_hour"].astype(np.int64)
    p_open = np.clip(
        em.OPEN_SCALE
        * email["engagement_propensity"].to_numpy()
        * email["variant_id"].map(VARIANT_OPEN_MULT).fillna(1.0).to_numpy()
        * bh.timing_multiplier(_local_hours(email["submitted_at"], zones), pref.to_numpy()),
        0,
        0.95,
    )
    opened = ok & (uniform(keys, "open", seed) < p_open)
    soon = delivered_at + 30 + (-np.log1p(-uniform(keys, "soon", seed)) * 5400).astype(np.int64)
    at_pref = _next_local_hour(pd.Series(delivered_at), zones, pref) + (
        uniform(keys, "within", seed) * 3600
    ).astype(np.int64)
    open_at = np.where(uniform(keys, "when", seed) < OPEN_SOON_SHARE, soon, at_pref)
    machine = ok & email["is_machine_opener"].to_numpy(dtype=bool)
    machine_at = delivered_at + 30 + (uniform(keys, "machine", seed) * 1770).astype(np.int64)
    clicked = opened & (uniform(keys, "click", seed) < em.CLICK_GIVEN_OPEN)
    click_at = open_at + 5 + (-np.log1p(-uniform(keys, "click_at", seed)) * 120).astype(np.int64)
    unsub = opened & (uniform(keys, "unsub", seed) < em.UNSUBSCRIBE_GIVEN_OPEN)
    unsub_at = open_at + 30 + (uniform(keys, "unsub_at", seed) * 570).astype(np.int64)
    urls = [
        f"{landing_page}?utm_source=enrollflow&utm_medium=email&utm_campaign={c}&utm_content={v}"
        for c, v in zip(email["campaign_id"], email["variant_id"], strict=True)
    ]

    def emit(mask: np.ndarray, kind: str, at: np.ndarray, tag: str = "", **extra: Any) -> None:
        m = mask & (at <= until)
        sub_extra = {
            k: (np.asarray(v, dtype=object)[m] if isinstance(v, np.ndarray | list) else v)
            for k, v in extra.items()
        }
        rows = email[m].reset_index(drop=True)
        out.sendgrid += _sendgrid(rows, kind, at[m], seed, tag or kind, **sub_extra)

    everything = np.ones(len(email), dtype=bool)
    emit(everything, "processed", processed)
    emit(ok, "delivered", delivered_at, response="250 OK")
    emit(dropped, "dropped", processed, reason="Invalid")
    reason = np.where(blocked, "550 5.7.1 blocked by policy", "550 5.1.1 user unknown")
    emit(
        bounced, "bounce", delivered_at, type=np.where(blocked, "blocked", "bounce"), reason=reason
    )
    emit(machine, "open", machine_at, tag="machine_open", sg_machine_open=True)
    emit(opened, "open", open_at, sg_machine_open=False, useragent="Mozilla/5.0")
    emit(clicked, "click", click_at, url=np.asarray(urls, dtype=object))
    emit(unsub, "unsubscribe", unsub_at)

    propensity = email["enroll_propensity"].to_numpy()
    p_apply = np.where(
        clicked,
        bh.APPLY_AFTER_CLICK["email"] * propensity,
        bh.APPLY_WITHOUT_CLICK["email"] * propensity,
    )
    applies = ok & (uniform(keys, "apply", seed) < np.clip(p_apply, 0, 0.9))
    delay = (-np.log1p(-uniform(keys, "apply_at", seed)) * 3 * 3600).astype(np.int64)
    applied_at = np.where(clicked, click_at, open_at) + 600 + delay
    rows = email.loc[applies, ["ledger_id", "contact_id", "campaign_id", "variant_id"]].copy()
    rows["channel"] = "email"
    rows["via_click"] = clicked[applies]
    rows["applied_at"] = applied_at[applies]
    return rows


def _sms_events(sms: pd.DataFrame, out: Engagement, until: int, seed: int) -> pd.DataFrame:
    """Append Twilio status callbacks and inbound STOPs; return the rows that go on to apply."""
    keys = sms["ledger_id"]
    t0 = sms["submitted_at"].to_numpy(dtype=np.int64)
    u = uniform(keys, "sms_status", seed)
    final = np.where(
        u < SMS_FAILED,
        "failed",
        np.where(u < SMS_FAILED + SMS_UNDELIVERED, "undelivered", "delivered"),
    )
    sent_at = t0 + 1 + (uniform(keys, "sent", seed) * 3).astype(np.int64)
    final_at = sent_at + 5 + (uniform(keys, "final", seed) * 55).astype(np.int64)
    stop = (final == "delivered") & (uniform(keys, "stop", seed) < SMS_STOP_GIVEN_DELIVERED)
    stop_at = final_at + 60 + (uniform(keys, "stop_at", seed) * 3540).astype(np.int64)
    for i, row in enumerate(sms.itertuples(index=False)):
        url = _callback_path(row.status_callback)
        base = {"MessageSid": row.provider_message_id, "SmsSid": row.provider_message_id}
        base |= {"AccountSid": "ACsandbox", "To": row.to, "From": "+15005550006"}
        base |= {"ApiVersion": "2010-04-01"}
        steps = [("queued", t0[i]), ("sent", sent_at[i]), (str(final[i]), final_at[i])]
        for status, at in steps:
            if at > until:
                break
            params = {**base, "MessageStatus": status, "SmsStatus": status}
            if status in ("undelivered", "failed"):
                params["ErrorCode"] = "30003" if status == "undelivered" else "30006"
            out.twilio.append(
                {"url": url, "kind": "status", "params": params, "arrive_at": int(at) + 1}
            )
        if stop[i] and stop_at[i] <= until:
            sid = f"SM{_event_id(keys.iloc[[i]], 'stop', seed).iloc[0][3:]}{'0' * 16}"
            params = {"MessageSid": sid, "AccountSid": "ACsandbox", "From": row.to}
            params |= {"To": "+15005550006", "Body": "STOP", "OptOutType": "STOP"}
            params |= {"NumSegments": "1"}
            out.twilio.append(
                {
                    "url": "/twilio/inbound",
                    "kind": "inbound",
                    "params": params,
                    "arrive_at": int(stop_at[i]),
                }
            )
    p_apply = SMS_APPLY_GIVEN_DELIVERED * sms["enroll_propensity"].to_numpy()
    applies = (final == "delivered") & (uniform(keys, "sms_apply", seed) < p_apply)
    rows = sms.loc[applies, ["ledger_id", "contact_id", "campaign_id", "variant_id"]].copy()
    rows["channel"] = "sms"
    rows["via_click"] = True  # the SMS link carries the UTM tags
    delay = (-np.log1p(-uniform(keys, "sms_apply_at", seed)) * 6 * 3600).astype(np.int64)
    rows["applied_at"] = (final_at + 300 + delay)[applies]
    return rows


def _callback_path(url: Any) -> str:
    """Path and query of a status-callback URL (``/twilio/status?ledger_id=...``)."""
    text = str(url)
    start = text.find("/", text.find("//") + 2) if "//" in text else 0
    return text[start:]


def _conversions(
    applied: pd.DataFrame, courses: pd.DataFrame, out: Engagement, until: int, seed: int
) -> None:
    """Applications (UTM-tagged when they came through a link) and enrollments from them."""
    keys = applied["ledger_id"]
    pick = (uniform(keys, "course", seed) * len(courses)).astype(np.int64)
    course = courses.iloc[pick].reset_index(drop=True)
    enrolls = uniform(keys, "enroll", seed) < bh.P_ENROLL_GIVEN_APPLICATION
    enroll_at = (
        applied["applied_at"].to_numpy()
        + 3600
        + (uniform(keys, "enroll_at", seed) * 2 * 86_400).astype(np.int64)
    )
    app_ids = _event_id(keys, "application", seed).str.replace("sbx", "app_sbx_", regex=False)
    for i, row in enumerate(applied.reset_index(drop=True).itertuples(index=False)):
        if row.applied_at > until:
            continue
        tagged = bool(row.via_click)
        out.applications.append(
            {
                "application_id": app_ids.iloc[i],
                "contact_id": row.contact_id,
                "course_id": course.at[i, "course_id"],
                "applied_at": _iso(row.applied_at),
                "utm_source": "enrollflow" if tagged else None,
                "utm_medium": row.channel if tagged else None,
                "utm_campaign": row.campaign_id if tagged else None,
                "_arrive_at": int(row.applied_at),
            }
        )
        if enrolls[i] and enroll_at[i] <= until:
            out.enrollments.append(
                {
                    "enrollment_id": app_ids.iloc[i].replace("app_", "enr_"),
                    "type": "enrollment",
                    "contact_id": row.contact_id,
                    "course_id": course.at[i, "course_id"],
                    "occurred_at": _iso(enroll_at[i]),
                    "amount": float(course.at[i, "price_amount"]),
                    "currency": course.at[i, "currency"],
                    "_arrive_at": int(enroll_at[i]),
                }
            )


def _iso(seconds: int | np.integer) -> str:
    return pd.Timestamp(int(seconds), unit="s", tz="UTC").isoformat()
