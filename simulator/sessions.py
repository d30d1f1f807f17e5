"""Website sessions: from email/SMS clicks, ad clicks, conversions without a click, organic visits."""

from __future__ import annotations

import numpy as np

from simulator.behaviour import INTEREST_CONV_MULT, interested
from simulator.campaigns import TYPE_CONV_MULT
from simulator.clock import DAY, Period

Table = dict[str, np.ndarray]

ORGANIC, ANONYMOUS, EMAIL_CLICK, SMS_CLICK, AD_CLICK, DIRECT_AFTER_MESSAGE, SIGN_UP = range(7)
SOURCE_NAMES = ("organic", "anonymous", "email", "sms", "ad", "direct_after_message", "sign_up")
ORGANIC_RATE_BASE, ORGANIC_RATE_ENGAGED = 0.002, 0.01  # sessions per contact-day
ANONYMOUS_RATE = 0.0015  # anonymous sessions per contact-day
ORGANIC_APPLY = 0.02  # P(application) of an organic session, before multipliers
AD_APPLY = 0.05  # P(application) of a matched ad-click session, before multipliers
DIRECT_DELAY_MEAN_DAYS = 2.0
COURSES_PER_CATEGORY = 5
NEW_COURSE_SHARE = 0.25  # untagged sessions of its category that land on a newly launched course


def _landing_course(rng: np.random.Generator, category: np.ndarray) -> np.ndarray:
    return category * COURSES_PER_CATEGORY + rng.integers(0, COURSES_PER_CATEGORY, len(category))


def message_landing_course(
    category: np.ndarray, campaign: np.ndarray, contact: np.ndarray
) -> np.ndarray:
    """The course a message links to (the same rule renders the SendGrid click URL)."""
    return category * COURSES_PER_CATEGORY + (campaign * 7 + contact) % COURSES_PER_CATEGORY


def _primary_interest(contacts: Table, contact: np.ndarray) -> np.ndarray:
    mask = contacts["interests"][contact].astype(np.int64)
    return np.log2(mask & -mask).astype(np.int64)


def _part(n: int, **cols) -> Table:
    defaults = {
        "contact": -1,
        "campaign": -1,
        "variant": -1,
        "platform": -1,
        "token": np.uint64(0),
        "applies": False,
        "cause": -1,
        "p_apply": 0.0,
    }
    out = {key: np.broadcast_to(np.asarray(val), n) for key, val in defaults.items()}
    out.update({key: np.broadcast_to(np.asarray(val), n) for key, val in cols.items()})
    return out


def build_sessions(
    rng: np.random.Generator,
    contacts: Table,
    campaigns: Table,
    email: Table,
    sms: Table,
    ad_clicks: Table,
    period: Period,
    new_course: tuple[int, int, int] | None = None,
) -> Table:
    """All sessions of the period with their source, landing course and whether they apply.

    ``new_course`` is ``(course index, category, launched_at)`` of a course launched during the
    period: after its launch, a share of untagged sessions of its category land on it.

    Returns
    -------
    dict of numpy.ndarray
        ``start_at``, ``source`` (index into ``SOURCE_NAMES``), ``contact`` (-1 anonymous),
        ``campaign``, ``variant``, ``platform``, ``token`` (ad click id), ``course``, ``applies``,
        ``cause`` (channel index whose message caused the application, -1 organic), ``pageviews``,
        sorted by ``start_at``.
    """
    parts: list[Table] = []
    for src, table, channel in ((EMAIL_CLICK, email, 0), (SMS_CLICK, sms, 1)):
        clicked = table["click_at"] >= 0
        k = table["campaign"][clicked]
        parts.append(
            _part(
                int(clicked.sum()),
                start_at=table["click_at"][clicked] + rng.integers(1, 20, int(clicked.sum())),
                source=src,
                contact=table["contact"][clicked],
                campaign=k,
                variant=table["variant"][clicked],
                category=campaigns["category"][k],
                applies=table["applies"][clicked],
                cause=channel,
            )
        )
        direct = table["applies"] & ~clicked
        base = table["delivered_at"] if channel == 0 else table["final_at"]
        k = table["campaign"][direct]
        window = campaigns["window_days"][k] * DAY
        delay = np.minimum(
            rng.exponential(DIRECT_DELAY_MEAN_DAYS * DAY, int(direct.sum())), window - 60
        )
        parts.append(
            _part(
                int(direct.sum()),
                start_at=base[direct] + 60 + delay.astype(np.int64),
                source=DIRECT_AFTER_MESSAGE,
                contact=table["contact"][direct],
                campaign=k,
                category=campaigns["category"][k],
                applies=True,
                cause=channel,
            )
        )
    # Ad clicks: every click lands; matched contacts may apply.
    k = ad_clicks["campaign"]
    who = ad_clicks["contact"]
    matched = who >= 0
    safe = np.where(matched, who, 0)
    fit = interested(contacts, safe, campaigns["category"][k])
    p_ad = (
        AD_APPLY
        * np.array(TYPE_CONV_MULT)[campaigns["type"][k]]
        * np.where(fit, INTEREST_CONV_MULT, 1.0)
    )
    p_ad = np.where(matched, np.clip(p_ad * contacts["enroll_propensity"][safe], 0, 0.9), 0.0)
    channel = np.where(ad_clicks["platform"] == 1, 3, 2)
    parts.append(
        _part(
            len(k),
            start_at=ad_clicks["clicked_at"] + rng.integers(1, 10, len(k)),
            source=AD_CLICK,
            contact=who,
            campaign=k,
            platform=ad_clicks["platform"],
            token=ad_clicks["token"],
            category=campaigns["category"][k],
            applies=rng.random(len(k)) < p_ad,
            cause=channel,
            p_apply=p_ad,
        )
    )
    # Organic visits of known contacts, at a rate growing with engagement.
    n = len(contacts["cid"])
    active_from = np.maximum(contacts["created_at"], period.start)
    active_days = (period.end - active_from) / DAY
    rate = ORGANIC_RATE_BASE + ORGANIC_RATE_ENGAGED * contacts["engagement"]
    count = rng.poisson(rate * active_days)
    who = np.repeat(np.arange(n), count)
    at = active_from[who] + (rng.random(len(who)) * (period.end - active_from[who])).astype(
        np.int64
    )
    cat = np.where(
        rng.random(len(who)) < 0.7, _primary_interest(contacts, who), rng.integers(0, 8, len(who))
    )
    p_org = (
        ORGANIC_APPLY
        * contacts["enroll_propensity"][who]
        * np.where(interested(contacts, who, cat), INTEREST_CONV_MULT, 1.0)
    )
    parts.append(
        _part(
            len(who),
            start_at=at,
            source=ORGANIC,
            contact=who,
            category=cat,
            applies=rng.random(len(who)) < p_org,
        )
    )
    m = rng.poisson(ANONYMOUS_RATE * n * period.days)
    parts.append(
        _part(
            m,
            start_at=period.start + rng.integers(0, period.days * DAY, m),
            source=ANONYMOUS,
            category=rng.integers(0, 8, m),
        )
    )
    new = (contacts["created_at"] >= period.start) & (contacts["lead_source"] <= 2)
    who = np.flatnonzero(new)
    parts.append(
        _part(
            len(who),
            start_at=contacts["created_at"][who] - rng.integers(60, 900, len(who)),
            source=SIGN_UP,
            contact=who,
            category=_primary_interest(contacts, who),
        )
    )
    sessions = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    order = np.lexsort((sessions["contact"], sessions["start_at"]))
    sessions = {key: np.ascontiguousarray(val[order]) for key, val in sessions.items()}
    m = len(sessions["start_at"])
    category = sessions["category"].astype(np.int64)
    from_message = np.isin(sessions["source"], (EMAIL_CLICK, SMS_CLICK, DIRECT_AFTER_MESSAGE))
    sessions["course"] = np.where(
        from_message,
        message_landing_course(category, sessions["campaign"], sessions["contact"]),
        _landing_course(rng, category),
    )
    sessions["pageviews"] = np.minimum(rng.geometric(0.45, m), 8)
    sessions["session"] = np.arange(m)
    if new_course is not None:
        index, course_category, launched_at = new_course
        lands = (
            (sessions["campaign"] < 0)
            & (category == course_category)
            & (sessions["start_at"] >= launched_at)
            & (rng.random(m) < NEW_COURSE_SHARE)
        )
        sessions["course"] = np.where(lands, index, sessions["course"])
    return sessions
