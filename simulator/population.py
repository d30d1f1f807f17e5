"""The contact base: who the people are, when they arrived, what they consented to, how they engage."""

from __future__ import annotations

import numpy as np

from simulator import reference as ref
from simulator.clock import DAY, HOUR, Period

Table = dict[str, np.ndarray]

# Zones flattened over countries: zone index → (country index, share of all contacts).
ZONES: tuple[str, ...] = tuple(z for c in ref.COUNTRIES for z, _ in c[5])
ZONE_COUNTRY: np.ndarray = np.array([i for i, c in enumerate(ref.COUNTRIES) for _ in c[5]])
_ZONE_SHARE = np.array([c[2] * s for c in ref.COUNTRIES for _, s in c[5]])
ZONE_SHARE: np.ndarray = _ZONE_SHARE / _ZONE_SHARE.sum()
COUNTRY_LOCALE: np.ndarray = np.array([c[1] for c in ref.COUNTRIES])

BASE_SHARE = 0.55  # share of contacts already in the CRM on the first day
BASE_HISTORY_DAYS = 730  # the existing base was created over the two years before the start
EMAIL_INVALID_SHARE = 0.006
EMAIL_BOUNCING_SHARE = 0.015
PHONE_SHARE = 0.78
LANDLINE_SHARE = 0.03
TZ_MISSING_SHARE = 0.03
MACHINE_OPENER_SHARE = 0.14
ALUMNI_SHARE_OF_BASE = 0.18
UPDATE_SHARE = 0.06
EMAIL_CONSENT_SHARE = 0.88
SMS_CONSENT_SHARE = 0.55
LATE_SMS_CONSENT_SHARE = 0.08
PREFERENCE_CENTER_REVOKE_SHARE = 0.01

# Preferred local hour of day: a commute peak, lunch, and the evening study slot.
_HOUR_WEIGHTS = np.array(
    [
        0.2,
        0.1,
        0.05,
        0.05,
        0.05,
        0.2,
        0.6,
        1.6,
        2.4,
        1.6,
        1.0,
        1.1,
        2.0,
        1.6,
        0.9,
        0.8,
        0.9,
        1.2,
        1.8,
        2.4,
        2.6,
        2.2,
        1.2,
        0.5,
    ]
)
_WEEKDAY_WEIGHTS = np.array([1.15, 1.2, 1.2, 1.1, 0.9, 0.65, 0.8])


def _choice(rng: np.random.Generator, n: int, shares) -> np.ndarray:
    p = np.asarray(shares, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum()).astype(np.int16)


def _interests(rng: np.random.Generator, n: int) -> np.ndarray:
    """Bitmask of 1–3 course categories, the first one drawn by category popularity."""
    k = len(ref.CATEGORIES)
    mask = np.left_shift(1, _choice(rng, n, ref.CATEGORY_SHARE).astype(np.int64))
    for extra_share in (0.45, 0.2):
        extra = rng.random(n) < extra_share
        mask |= np.where(extra, np.left_shift(1, rng.integers(0, k, n)), 0)
    return mask.astype(np.int16)


def generate_contacts(rng: np.random.Generator, n: int, period: Period) -> Table:
    """Draw ``n`` contacts with their attributes, consent and planted engagement preferences.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random stream of this component.
    n : int
        Number of contacts (ids 1..n, ``c_0000001``...).
    period : Period
        The simulated period; ``BASE_SHARE`` of contacts exist before it starts.

    Returns
    -------
    dict of numpy.ndarray
        One array per attribute, all of length ``n`` (codes index into :mod:`simulator.reference`).
    """
    if n < 1:
        raise ValueError(f"contacts must be at least 1, got {n}")
    zone = rng.choice(len(ZONES), size=n, p=ZONE_SHARE).astype(np.int16)
    country = ZONE_COUNTRY[zone].astype(np.int16)
    locale = COUNTRY_LOCALE[country].astype(np.int16)
    is_base = rng.random(n) < BASE_SHARE
    created = np.where(
        is_base,
        period.start - rng.integers(1, BASE_HISTORY_DAYS * DAY, n),
        period.start + rng.integers(0, period.days * DAY, n),
    )
    email_kind = _choice(
        rng,
        n,
        (1 - EMAIL_INVALID_SHARE - EMAIL_BOUNCING_SHARE, EMAIL_INVALID_SHARE, EMAIL_BOUNCING_SHARE),
    )
    has_phone = rng.random(n) < PHONE_SHARE
    landline = has_phone & (rng.random(n) < LANDLINE_SHARE)
    how_day = rng.choice(24, size=n, p=_HOUR_WEIGHTS / _HOUR_WEIGHTS.sum())
    how_week = rng.choice(7, size=n, p=_WEEKDAY_WEIGHTS / _WEEKDAY_WEIGHTS.sum())
    email_consent = rng.random(n) < EMAIL_CONSENT_SHARE
    sms_consent = has_phone & (rng.random(n) < SMS_CONSENT_SHARE)
    late_sms = has_phone & ~sms_consent & (rng.random(n) < LATE_SMS_CONSENT_SHARE)
    active_from = np.maximum(created, period.start)
    span = np.maximum(period.end - active_from, HOUR)
    late_sms_at = active_from + (rng.random(n) * span).astype(np.int64)
    revoke = email_consent & (rng.random(n) < PREFERENCE_CENTER_REVOKE_SHARE)
    revoke_at = np.where(revoke, active_from + (rng.random(n) * span).astype(np.int64), -1)
    updated = rng.random(n) < UPDATE_SHARE
    updated_at = np.where(updated, active_from + (rng.random(n) * span).astype(np.int64), -1)
    interests = _interests(rng, n)
    extra_interest = np.left_shift(1, rng.integers(0, len(ref.CATEGORIES), n)).astype(np.int16)
    return {
        "cid": np.arange(1, n + 1, dtype=np.int64),
        "zone": zone,
        "country": country,
        "locale": locale,
        "first": rng.integers(0, len(ref.FIRST_NAMES[0]), n).astype(np.int16),
        "last": rng.integers(0, len(ref.LAST_NAMES[0]), n).astype(np.int16),
        "domain": rng.integers(0, len(ref.EMAIL_DOMAINS[0]), n).astype(np.int16),
        "email_kind": email_kind,  # 0 deliverable, 1 invalid syntax, 2 mailbox does not exist
        "invalid_form": rng.integers(0, 3, n).astype(np.int16),
        "has_phone": has_phone,
        "landline": landline,
        "phone_tail": rng.integers(0, 10_000, n).astype(np.int16),
        "tz_missing": rng.random(n) < TZ_MISSING_SHARE,
        "age_band": _choice(rng, n, ref.AGE_BAND_SHARE),
        "education": _choice(rng, n, ref.EDUCATION_SHARE),
        "interests": interests,
        "interests_updated": interests | extra_interest,
        "lead_source": _choice(rng, n, ref.LEAD_SOURCE_SHARE),
        "is_base": is_base,
        "is_alumni": is_base & (rng.random(n) < ALUMNI_SHARE_OF_BASE),
        "created_at": created,
        "updated_at": updated_at,
        "device": _choice(rng, n, ref.DEVICE_SHARE),
        "machine_opener": rng.random(n) < MACHINE_OPENER_SHARE,
        "engagement": rng.beta(2.0, 5.0, n),
        "enroll_propensity": rng.gamma(2.0, 0.5, n),
        "pref_how": (how_week * 24 + how_day).astype(np.int16),
        "email_consent": email_consent,
        "sms_consent": sms_consent,
        "late_sms_consent_at": np.where(late_sms, late_sms_at, -1),
        "email_revoke_at": revoke_at,
        "consent_source": np.where(is_base, 2, np.where(rng.random(n) < 0.7, 0, 1)).astype(
            np.int16
        ),
    }
