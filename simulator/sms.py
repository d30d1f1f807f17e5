"""What happens to each SMS: Twilio delivery statuses and error codes, clicks, STOP/START replies."""

from __future__ import annotations

import numpy as np

from simulator.behaviour import INTEREST_CLICK_MULT, application_probabilities, interested
from simulator.clock import DAY, HOUR
from simulator.sends import earliest_per_key

Table = dict[str, np.ndarray]

DELIVERED, UNDELIVERED, FAILED = range(3)
STATUS_NAMES = ("delivered", "undelivered", "failed")
UNREACHABLE_SHARE = 0.025  # ErrorCode 30003
CARRIER_FILTERED_SHARE = 0.004  # ErrorCode 30007
STOP_GIVEN_DELIVERED = 0.012
START_GIVEN_STOP = 0.1
HELP_GIVEN_DELIVERED = 0.002
TEXT_GIVEN_DELIVERED = 0.003
CLICK_GIVEN_DELIVERED = 0.06
SUPPRESSION_LAG = DAY  # sends in the day after a STOP still reach Twilio and fail with 21610


def sms_outcomes(
    rng: np.random.Generator, sends: Table, contacts: Table, campaigns: Table
) -> Table:
    """Draw every SMS's delivery and the recipient's reaction; honour STOP (and START) in later sends.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random stream of this component.
    sends : dict of numpy.ndarray
        SMS rows of :func:`simulator.sends.plan_sends`, in time order.
    contacts, campaigns : dict of numpy.ndarray
        The population and the campaigns.

    Returns
    -------
    dict of numpy.ndarray
        Attempted sends with ``status``, ``error_code`` (0 none), ``sent_cb_at``, ``final_at``,
        ``click_at``, ``stop_at``, ``start_at``, ``help_at``, ``text_at`` (-1 when none), expected
        ``p_click``, ``p_apply_click``, ``p_apply_noclick`` and the drawn ``applies`` flag.
    """
    n = len(sends["contact"])
    c, k = sends["contact"], sends["campaign"]
    sent = sends["sent_at"]
    u = rng.random(n)
    status = np.full(n, DELIVERED, dtype=np.int8)
    error = np.zeros(n, dtype=np.int32)
    unreachable = u < UNREACHABLE_SHARE
    filtered = (u >= UNREACHABLE_SHARE) & (u < UNREACHABLE_SHARE + CARRIER_FILTERED_SHARE)
    status[unreachable], error[unreachable] = UNDELIVERED, 30003
    status[filtered], error[filtered] = FAILED, 30007
    landline = contacts["landline"][c]
    status[landline], error[landline] = UNDELIVERED, 30006
    sent_cb = sent + rng.integers(1, 4, n)
    final = sent_cb + rng.integers(3, 40, n)
    ok = status == DELIVERED
    stop = ok & (rng.random(n) < STOP_GIVEN_DELIVERED)
    stop_at = np.where(stop, final + rng.exponential(20 * 60, n).astype(np.int64) + 5, -1)

    size = len(contacts["cid"])
    first_stop = earliest_per_key(c[stop], stop_at[stop], size)
    never = np.iinfo(np.int64).max
    restarts = (first_stop < never) & (rng.random(size) < START_GIVEN_STOP)
    start_at_contact = np.where(restarts, first_stop + rng.integers(DAY, 10 * DAY, size), never)
    since = sent - first_stop[c]
    blocked = (since > 0) & (since <= SUPPRESSION_LAG)
    removed = (since > SUPPRESSION_LAG) & (sent < start_at_contact[c])
    status[blocked], error[blocked] = FAILED, 21610
    ok = status == DELIVERED
    is_first_stop = stop & (stop_at == first_stop[c])
    fit = interested(contacts, c, campaigns["category"][k])
    p_click = np.where(
        ok, np.clip(CLICK_GIVEN_DELIVERED * np.where(fit, INTEREST_CLICK_MULT, 1.0), 0, 1), 0.0
    )
    clicked = ok & (rng.random(n) < p_click)
    p_apply_click, p_apply_noclick = application_probabilities(
        "sms", contacts, campaigns, c, k, np.ones(n)
    )
    applies = ok & (rng.random(n) < np.where(clicked, p_apply_click, p_apply_noclick))
    first_stop_row = is_first_stop & ~blocked
    out = dict(sends)
    out.update(
        status=status,
        error_code=error,
        sent_cb_at=sent_cb,
        final_at=final,
        click_at=np.where(clicked, final + 20 + rng.exponential(10 * 60, n).astype(np.int64), -1),
        stop_at=np.where(first_stop_row, stop_at, -1),
        start_at=np.where(first_stop_row & restarts[c], start_at_contact[c], -1),
        help_at=np.where(
            ok & (rng.random(n) < HELP_GIVEN_DELIVERED), final + rng.integers(60, HOUR, n), -1
        ),
        text_at=np.where(
            ok & (rng.random(n) < TEXT_GIVEN_DELIVERED), final + rng.integers(60, 6 * HOUR, n), -1
        ),
        p_click=p_click,
        p_apply_click=p_apply_click,
        p_apply_noclick=p_apply_noclick,
        applies=applies,
    )
    return {key: val[~removed] for key, val in out.items()}
