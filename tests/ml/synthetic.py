"""Small synthetic inputs with planted truth, for model tests that need more control than the
simulated business gives (seeded, fast)."""

from __future__ import annotations

import numpy as np
import pandas as pd

ZONES = {"Europe/London": 9 + 24 * 1, "America/New_York": 19 + 24 * 2, "Asia/Tokyo": 12 + 24 * 4}


def send_time_world(n_contacts: int = 1500, seed: int = 11) -> tuple[pd.DataFrame, ...]:
    """Contacts in three zones whose planted preferred local hour clusters around their zone's mode.

    Returns ``(events, contacts, truth)`` shaped like fct_message_events, dim_contacts and the
    simulator's contact_preferences. History length is skewed: many contacts have 0-3 events.
    """
    rng = np.random.default_rng(seed)
    zones = rng.choice(list(ZONES), n_contacts)
    ids = [f"c_{i:07d}" for i in range(n_contacts)]
    mode = np.array([ZONES[z] for z in zones])
    clustered = rng.random(n_contacts) < 0.7
    pref = (
        np.where(
            clustered,
            mode + np.round(rng.normal(0, 1.5, n_contacts)),
            rng.integers(0, 168, n_contacts),
        ).astype(int)
        % 168
    )
    n_events = rng.geometric(0.15, n_contacts) - 1
    rows = []
    week0 = pd.Timestamp("2026-01-05")  # a Monday, no DST change for the next 6 weeks
    for cid, zone, p, n in zip(ids, zones, pref, n_events, strict=True):
        near = rng.random(n) < 0.6
        how = np.where(near, p + np.round(rng.normal(0, 0.8, n)), rng.integers(0, 168, n))
        how = how.astype(int) % 168
        week = rng.integers(0, 6, n)
        local = week0 + pd.to_timedelta(week * 168 + how, unit="h")
        minute = pd.to_timedelta(rng.integers(0, 60, n), unit="m")
        utc = (local + minute).tz_localize(zone).tz_convert("UTC").tz_localize(None)
        for t in utc:
            rows.append((cid, rng.choice(["open", "click"], p=[0.8, 0.2]), t, False))
    events = pd.DataFrame(rows, columns=["contact_id", "event_type", "event_at", "is_machine_open"])
    # machine opens at 03:00 UTC that must be ignored, and a non-engagement event type
    noise = pd.DataFrame(
        {
            "contact_id": ids[:200],
            "event_type": "open",
            "event_at": pd.Timestamp("2026-01-06 03:00"),
            "is_machine_open": True,
        }
    )
    sent = noise.assign(event_type="delivered", is_machine_open=False)
    events = pd.concat([events, noise, sent], ignore_index=True)
    contacts = pd.DataFrame({"contact_id": ids, "timezone": zones})
    truth = pd.DataFrame({"contact_id": ids, "preferred_hour_of_week": pref})
    return events, contacts, truth


def bgnbd_event_times(n, r, alpha, a, b, horizon, rng) -> list[list[float]]:
    """Transaction times (from birth) of ``n`` customers following BG/NBD, up to ``horizon``.

    Rates ~ Gamma(r, 1/alpha); after each transaction a customer drops out with p ~ Beta(a, b).
    """
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    times: list[list[float]] = [[] for _ in range(n)]
    now = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():
        idx = np.flatnonzero(alive)
        now[idx] += rng.exponential(1 / lam[idx])
        done = now[idx] > horizon
        alive[idx[done]] = False
        for i in idx[~done]:
            times[i].append(now[i])
        buying = idx[~done]
        dies = rng.random(len(buying)) < p[buying]
        alive[buying[dies]] = False
    return times


def enrollment_world(n_contacts: int = 4000, seed: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contacts signing up over a year and enrolling per BG/NBD (time unit: weeks); 2 refunds.

    Returns ``(enrollments, contacts)`` shaped like stg_lms__enrollments and dim_contacts; the
    simulated "now" is 2027-01-01.
    """
    rng = np.random.default_rng(seed)
    now = pd.Timestamp("2027-01-01")
    created = now - pd.to_timedelta(rng.uniform(20, 104, n_contacts), unit="W")
    ages = ((now - created) / pd.Timedelta(weeks=1)).to_numpy()
    times = bgnbd_event_times(n_contacts, 0.6, 12.0, 0.7, 2.5, ages.max(), rng)
    ids = [f"c_{i:07d}" for i in range(n_contacts)]
    spend = rng.gamma(4.0, 1.0, n_contacts) * 150  # per-contact mean enrollment value
    rows = []
    for cid, born, age, ts, m in zip(ids, created, ages, times, spend, strict=True):
        for t in ts:
            if t < age:
                amount = float(rng.gamma(8.0, m / 8.0))
                rows.append((cid, "crs_001", "enrollment", born + pd.Timedelta(weeks=t), amount))
    enr = pd.DataFrame(
        rows, columns=["contact_id", "course_id", "type", "occurred_at", "revenue_amount"]
    )
    refunds = enr.head(2).assign(type="refund", revenue_amount=lambda d: -d["revenue_amount"])
    enrollments = pd.concat([enr, refunds], ignore_index=True)
    contacts = pd.DataFrame({"contact_id": ids, "created_at": created})
    return enrollments, contacts


ATTRIBUTION_CHANNELS = ("email", "sms", "paid_social", "organic_search")


def attribution_world(n_contacts: int = 6000, seed: int = 9) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Touchpoints over 120 days where only email lifts conversion (5 % → 20 % per journey).

    Returns ``(touchpoints, enrollments)`` shaped like fct_touchpoints and stg_lms__enrollments;
    the simulated "now" is 2026-05-01.
    """
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-01-01")
    touch_rows, enroll_rows = [], []
    for i in range(n_contacts):
        cid = f"c_{i:07d}"
        chans = [c for c in ATTRIBUTION_CHANNELS if rng.random() < 0.4] or ["organic_search"]
        rng.shuffle(chans)
        t0 = start + pd.Timedelta(hours=float(rng.uniform(0, 24 * 100)))
        for j, ch in enumerate(chans):
            touch_rows.append((cid, t0 + pd.Timedelta(days=2 * j), ch, f"cmp_{rng.integers(1, 4)}"))
        p = 0.20 if "email" in chans else 0.05
        if rng.random() < p:
            at = t0 + pd.Timedelta(days=2 * len(chans))
            enroll_rows.append((cid, at, float(rng.choice([300.0, 900.0])), False))
    touchpoints = pd.DataFrame(
        touch_rows, columns=["contact_id", "touch_at", "channel", "campaign_id"]
    )
    enrollments = pd.DataFrame(
        enroll_rows, columns=["contact_id", "occurred_at", "revenue_amount", "is_refund"]
    )
    return touchpoints, enrollments


def course_world(n_contacts: int = 3000, seed: int = 4) -> tuple[pd.DataFrame, ...]:
    """8 categories x 5 courses; each contact studies within their interest category, where
    courses come in pairs (an intro is followed by its sequel). Enrollments before 2026-03-01 are
    training, those after are the holdout.

    Returns ``(interactions, courses, contacts)`` shaped like fct_contact_activity (rows with a
    course), dim_courses and dim_contacts (``interests`` as a list).
    """
    rng = np.random.default_rng(seed)
    cats = [f"cat{i}" for i in range(8)]
    courses = pd.DataFrame(
        {
            "course_id": [f"crs_{c}{j}" for c in range(8) for j in range(5)],
            "course_category": [cats[c] for c in range(8) for _ in range(5)],
        }
    )
    cat_share = np.array([0.3, 0.2, 0.12, 0.1, 0.08, 0.08, 0.06, 0.06])
    sequel = {0: 1, 1: 2, 2: 3, 3: 4, 4: 0}
    rows = []
    interests = []
    t0, cut = pd.Timestamp("2026-01-01"), pd.Timestamp("2026-03-01")
    for i in range(n_contacts):
        cid = f"c_{i:07d}"
        c = int(rng.choice(8, p=cat_share))
        interests.append([cats[c]])
        first = int(rng.choice(5, p=[0.4, 0.25, 0.15, 0.1, 0.1]))
        when = t0 + pd.Timedelta(days=float(rng.uniform(0, 50)))
        for j in {first, int(rng.integers(0, 5))}:
            rows.append((cid, f"crs_{c}{j}", "visited_course_page", when - pd.Timedelta(days=2)))
        rows.append((cid, f"crs_{c}{first}", "enrolled", when))
        if rng.random() < 0.6:  # the sequel, after the cut-off
            nxt = sequel[first] if rng.random() < 0.8 else int(rng.integers(0, 5))
            if nxt != first:
                later = cut + pd.Timedelta(days=float(rng.uniform(1, 50)))
                rows.append((cid, f"crs_{c}{nxt}", "visited_course_page", later))
                rows.append((cid, f"crs_{c}{nxt}", "enrolled", later))
    interactions = pd.DataFrame(
        rows, columns=["contact_id", "course_id", "activity_type", "occurred_at"]
    )
    contacts = pd.DataFrame(
        {"contact_id": [f"c_{i:07d}" for i in range(n_contacts)], "interests": interests}
    )
    return interactions, courses, contacts


def lookalike_world(n_contacts: int = 4000, seed: int = 8) -> tuple[pd.DataFrame, list[str]]:
    """Contacts whose enrollment odds rise with education, a lead source and clicks.

    Returns ``(contacts, enrollers)``: dim_contacts-like rows and the ids of enrollers (the seed).
    """
    rng = np.random.default_rng(seed)
    edu = rng.choice(["secondary", "bachelor", "master", "doctorate", "other"], n_contacts)
    lead = rng.choice(["organic", "paid_social", "referral", "event"], n_contacts)
    clicks = rng.poisson(rng.gamma(1.0, 2.0, n_contacts))
    logit = (
        -3.2
        + 1.2 * np.isin(edu, ["master", "doctorate"])
        + 0.9 * (lead == "referral")
        + 0.35 * np.log1p(clicks) * 2
    )
    enrolled = rng.random(n_contacts) < 1 / (1 + np.exp(-logit))
    ids = [f"c_{i:07d}" for i in range(n_contacts)]
    contacts = pd.DataFrame(
        {
            "contact_id": ids,
            "country": rng.choice(["GB", "ES", "US"], n_contacts),
            "age_band": rng.choice(["18-24", "25-34", "35-44"], n_contacts),
            "education_level": edu,
            "lead_source": lead,
            "locale": "en",
            "opens_90d": clicks + rng.poisson(3, n_contacts),
            "clicks_90d": clicks,
            "site_visits_90d": rng.poisson(2, n_contacts),
        }
    )
    return contacts, [c for c, e in zip(ids, enrolled, strict=True) if e]


BUDGET_CURVES = {"email": (30.0, 0.5), "paid_social": (6.0, 0.85), "sms": (20.0, 0.4)}


def budget_world(seed: int = 12) -> pd.DataFrame:
    """(campaign, channel, week) spend and attributed revenue with planted curves
    ``revenue = a * spend ** b`` (``BUDGET_CURVES``) and 20 % log-normal noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(10):
        for channel, (a, b) in BUDGET_CURVES.items():
            base = rng.uniform(50, 400)
            for week in range(16):
                spend = base * rng.lognormal(0, 0.5)
                revenue = a * spend**b * rng.lognormal(0, 0.2)
                rows.append((f"cmp_{k:04d}", channel, week, spend, revenue))
    return pd.DataFrame(
        rows, columns=["campaign_id", "channel", "week", "spend_amount", "revenue_amount"]
    )


CAMPAIGN_TYPE_MULT = {"enrollment": 1.4, "event_promotion": 0.9, "nurture": 0.6, "retention": 0.8}


def campaign_world(n_campaigns: int = 40, seed: int = 21) -> pd.DataFrame:
    """Messages of ``n_campaigns`` campaigns whose conversion odds follow the planted campaign-type
    multipliers (as the simulator's ``campaign_drivers.json``), x2 when the contact is interested
    in the campaign's category, and rise with the contact's engagement."""
    rng = np.random.default_rng(seed)
    types = list(CAMPAIGN_TYPE_MULT)
    rows = []
    for k in range(n_campaigns):
        ctype = types[k % 4]
        category = f"cat{rng.integers(0, 4)}"
        channel = "sms" if rng.random() < 0.3 else "email"
        n = int(rng.integers(400, 1500))
        interested = rng.random(n) < 0.3
        engagement = rng.gamma(2.0, 1.0, n)
        p = 0.02 * CAMPAIGN_TYPE_MULT[ctype] * np.where(interested, 2.0, 1.0) * engagement / 2.0
        p *= 1.3 if channel == "sms" else 1.0
        converted = rng.random(n) < np.clip(p, 0, 0.9)
        rows.append(
            pd.DataFrame(
                {
                    "campaign_id": f"cmp_{k:04d}",
                    "campaign_type": ctype,
                    "course_category": category,
                    "channel": channel,
                    "is_interested": interested.astype(float),
                    "log_engagement": np.log1p(engagement),
                    "is_converted": converted,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def paid_ads_world(
    *, contacts: int = 20_000, campaigns: int = 20, weeks: int = 16, saturating: bool = True,
    seed: int = 14,
) -> pd.DataFrame:  # fmt: skip
    """Weekly paid-social spend and the revenue its clicks earn, drawn as the simulator draws ads.

    Cost per click follows the simulator's planted saturation (``simulator.ads.effective_cpc``:
    base CPC x (1 + daily spend / (contacts x 0.0005)) ** 0.5), so revenue grows less than spend;
    with ``saturating=False`` the CPC is the base CPC (constant returns). 35 % of clicks reach a
    known contact, 2 % of those enroll, an enrollment is worth 1,000.

    Returns
    -------
    pandas.DataFrame
        ``campaign_id``, ``channel``, ``week``, ``spend_amount``, ``revenue_amount``,
        ``expected_revenue_amount`` (the planted mean).
    """
    from simulator.ads import MATCHED_CLICK_SHARE, effective_cpc

    rng = np.random.default_rng(seed)
    rows = []
    for k in range(campaigns):
        level = rng.uniform(5, 60)  # EUR per day
        for week in range(weeks):
            daily = level * rng.lognormal(0, 0.6)
            platform = np.array([0])
            cpc = effective_cpc(platform, np.array([daily]), contacts if saturating else 10**12)
            clicks = 7 * daily / float(cpc[0])
            mean = clicks * MATCHED_CLICK_SHARE * 0.02 * 1000.0
            revenue = rng.poisson(mean / 1000.0) * 1000.0
            rows.append((f"cmp_{k:04d}", "paid_social", week, 7 * daily, revenue, mean))
    return pd.DataFrame(
        rows,
        columns=["campaign_id", "channel", "week", "spend_amount", "revenue_amount",
                 "expected_revenue_amount"],
    )  # fmt: skip
