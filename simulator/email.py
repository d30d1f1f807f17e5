"""What happens to each email: delivery, deferrals, bounces, drops, opens, clicks, unsubscribes."""

from __future__ import annotations

import numpy as np

from simulator.behaviour import (
    INTEREST_CLICK_MULT,
    application_probabilities,
    interested,
    timing_multiplier,
)
from simulator.campaigns import TYPE_OPEN_MULT
from simulator.clock import DAY, HOUR, ZoneOffsets, next_hour_of_day, next_hour_of_week
from simulator.sends import earliest_per_key, first_per_key

Table = dict[str, np.ndarray]

DELIVERED, BOUNCED, BLOCKED, DROP_INVALID, DROP_BOUNCED, DROP_UNSUB, DROP_SPAM = range(7)
DROP_REASONS = (
    "",
    "",
    "",
    "Invalid",
    "Bounced Address",
    "Unsubscribed Address",
    "Spam Reporting Address",
)
BLOCKED_SHARE = 0.004
DEFER_ONCE, DEFER_TWICE = 0.03, 0.008
OPEN_SCALE = 0.85
OPEN_AT_PREFERRED_WEEK_HOUR = 0.45
OPEN_AT_PREFERRED_DAY_HOUR = 0.30
REOPEN_SHARE = 0.25
CLICK_GIVEN_OPEN = 0.14
UNSUBSCRIBE_GIVEN_OPEN = 0.004
GROUP_UNSUBSCRIBE_SHARE = 0.3
SPAMREPORT_GIVEN_DELIVERED = 0.0004
SUPPRESSION_LAG = DAY  # a revoked address may still be handed to SendGrid for a day, then dropped


def _open_times(
    rng: np.random.Generator,
    delivered_at: np.ndarray,
    zone: np.ndarray,
    pref_how: np.ndarray,
    offsets: ZoneOffsets,
) -> np.ndarray:
    """Human open moments, concentrated on each contact's preferred local hour (of week or day)."""
    off = offsets.at(zone, delivered_at)
    local = delivered_at + off
    u = rng.random(len(local))
    within_hour = rng.integers(0, HOUR, len(local))
    at_week = next_hour_of_week(local, pref_how) + within_hour - off
    at_day = next_hour_of_day(local, pref_how % 24) + within_hour - off
    soon = delivered_at + 30 + rng.exponential(1.5 * HOUR, len(local)).astype(np.int64)
    chosen = np.where(
        u < OPEN_AT_PREFERRED_WEEK_HOUR,
        at_week,
        np.where(u < OPEN_AT_PREFERRED_WEEK_HOUR + OPEN_AT_PREFERRED_DAY_HOUR, at_day, soon),
    )
    return np.maximum(chosen, delivered_at + 30)


def email_outcomes(
    rng: np.random.Generator, sends: Table, contacts: Table, campaigns: Table, offsets: ZoneOffsets
) -> Table:
    """Draw every email's fate and engagement, then apply unsubscribes/spam reports to later sends.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random stream of this component.
    sends : dict of numpy.ndarray
        Email rows of :func:`simulator.sends.plan_sends`, in time order.
    contacts, campaigns : dict of numpy.ndarray
        The population and the campaigns.
    offsets : ZoneOffsets
        For local-time behaviour.

    Returns
    -------
    dict of numpy.ndarray
        The sends that were really attempted (later sends to suppressed contacts removed), with
        ``status``, ``deferrals``, ``delivered_at``, open/click/unsubscribe/spam moments (-1 when none),
        ``machine_open_at``, ``reopen_at``, expected rates ``p_open``, ``p_click``, ``p_apply_click``,
        ``p_apply_noclick`` and the drawn ``applies`` flag.
    """
    n = len(sends["contact"])
    c, k, v = sends["contact"], sends["campaign"], sends["variant"]
    sent = sends["sent_at"]
    kind = contacts["email_kind"][c]
    status = np.full(n, DELIVERED, dtype=np.int8)
    status[rng.random(n) < BLOCKED_SHARE] = BLOCKED
    status[kind == 1] = DROP_INVALID
    first = first_per_key(c)
    status[(kind == 2) & first] = BOUNCED
    status[(kind == 2) & ~first] = DROP_BOUNCED
    u = rng.random(n)
    deferrals = np.where(
        status == DELIVERED, (u < DEFER_ONCE).astype(np.int8) + (u < DEFER_TWICE), 0
    )
    defer_delay = deferrals * rng.integers(5 * 60, 40 * 60, n)
    delivered_at = sent + rng.integers(2, 25, n) + defer_delay
    ok = status == DELIVERED

    zone, pref = contacts["zone"][c], contacts["pref_how"][c]
    local_hour = (offsets.local(zone, sent) // HOUR) % 24
    p_open = (
        OPEN_SCALE
        * contacts["engagement"][c]
        * np.array(TYPE_OPEN_MULT)[campaigns["type"][k]]
        * campaigns["open_mult"][k, v]
        * timing_multiplier(local_hour, pref % 24)
    )
    p_open = np.clip(p_open, 0, 0.95)
    fit = interested(contacts, c, campaigns["category"][k])
    p_click = np.clip(
        CLICK_GIVEN_OPEN * campaigns["click_mult"][k, v] * np.where(fit, INTEREST_CLICK_MULT, 1.0),
        0,
        0.9,
    )
    p_apply_click, p_apply_noclick = application_probabilities(
        "email", contacts, campaigns, c, k, campaigns["conv_mult"][k, v]
    )
    opened = ok & (rng.random(n) < p_open)
    open_at = np.where(opened, _open_times(rng, delivered_at, zone, pref, offsets), -1)
    clicked = opened & (rng.random(n) < p_click)
    click_at = np.where(clicked, open_at + 5 + rng.exponential(120, n).astype(np.int64), -1)
    unsub = opened & (rng.random(n) < UNSUBSCRIBE_GIVEN_OPEN)
    unsub_at = np.where(unsub, open_at + rng.integers(30, 600, n), -1)
    spam = ok & (rng.random(n) < SPAMREPORT_GIVEN_DELIVERED)
    spam_at = np.where(spam, delivered_at + rng.exponential(3 * HOUR, n).astype(np.int64), -1)

    size = len(contacts["cid"])
    revoke = contacts["email_revoke_at"]
    unsub_first = earliest_per_key(c[unsub], unsub_at[unsub], size)
    spam_first = earliest_per_key(c[spam], spam_at[spam], size)
    suppressed = np.minimum(
        np.minimum(unsub_first, spam_first), np.where(revoke >= 0, revoke, unsub_first)
    )
    since = sent - suppressed[c]
    keep = since <= SUPPRESSION_LAG
    late = (since > 0) & keep
    status = np.where(late, np.where(spam_first[c] < unsub_first[c], DROP_SPAM, DROP_UNSUB), status)
    ok = status == DELIVERED
    applies_draw = rng.random(n)
    out = dict(sends)
    out.update(
        status=status,
        deferrals=np.where(ok, deferrals, 0),
        delivered_at=delivered_at,
        open_at=np.where(ok, open_at, -1),
        reopen_at=np.where(
            ok & opened & (rng.random(n) < REOPEN_SHARE),
            open_at + rng.exponential(2 * HOUR, n).astype(np.int64),
            -1,
        ),
        machine_open_at=np.where(
            ok & contacts["machine_opener"][c], delivered_at + rng.integers(30, 1800, n), -1
        ),
        click_at=np.where(ok, click_at, -1),
        unsub_at=np.where(ok, unsub_at, -1),
        group_unsub=rng.random(n) < GROUP_UNSUBSCRIBE_SHARE,
        spam_at=np.where(ok, spam_at, -1),
        p_open=np.where(ok, p_open, 0.0),
        p_click=np.where(ok, p_click, 0.0),
        p_apply_click=p_apply_click,
        p_apply_noclick=p_apply_noclick,
    )
    clicked_now = out["click_at"] >= 0
    out["applies"] = ok & (applies_draw < np.where(clicked_now, p_apply_click, p_apply_noclick))
    return {key: val[keep] for key, val in out.items()}
