"""The world a season is played in: a simulated business and the playback of its planted behaviour.

:func:`load_world` reads a simulated business (``simulator.simulate``): what a policy may see (the
CRM contacts, their history of opens and clicks, past enrollers, the course catalogue) and, kept
apart, the planted truth (``truth/contact_preferences.parquet``) that only the playback reads.

:func:`play_emails` and :func:`play_ads` turn a policy's decisions (who gets which email when;
how much is spent on ads each day) into enrollments *only* through the simulator's planted
behaviour: :func:`simulator.engagement.engagement` for email (open probability from engagement
propensity, the variant's planted multiplier and the send's distance from the preferred local
hour; clicks, applications and enrollments at the simulator's rates scaled by enroll
propensity) and :func:`simulator.ads.effective_cpc` (planted saturation) for ad clicks, whose
clickers apply and enroll at the simulator's click rates. No policy output other than the sends
and the spend reaches them. Draws are hashes of (seed, message key, purpose), so two policies
sending the same contact the same campaign share their random numbers (common random numbers:
the comparison's noise is the policies' difference, not the dice).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulator import behaviour as bh
from simulator.ads import effective_cpc
from simulator.engagement import engagement, uniform
from tests.fixtures.business import Business
from tests.ml import landing_frames

TRUTH_COLUMNS = (
    "contact_id",
    "engagement_propensity",
    "enroll_propensity",
    "preferred_local_hour",
    "true_timezone",
    "is_machine_opener",
    "email_status",
)
META_PLATFORM = 0  # simulator.reference.AD_PLATFORMS: Meta (paid social)


@dataclass(frozen=True)
class World:
    """What policies see (``contacts``, ``events``, ``enrollers``, ``courses``) and the truth."""

    contacts: pd.DataFrame  # CRM: contact_id, timezone, country, age_band, ...
    events: pd.DataFrame  # fct_message_events-like history (opens, clicks, deliveries)
    enrollers: frozenset[str]  # contacts with an enrollment in the history
    courses: pd.DataFrame  # course_id, category, price_amount, currency
    start: dt.datetime  # the season's first day (UTC midnight after the history)
    truth: pd.DataFrame  # planted, for the playback only


def load_world(business: Business) -> World:
    """Read a simulated business into a :class:`World`."""
    landing = business.landing
    contacts = landing_frames.contacts(landing)
    events = landing_frames.message_events(landing)
    enrollments = landing_frames.enrollments(landing)
    courses = pd.DataFrame(list(landing_frames._lines(landing, "lms", "courses")))
    courses = courses.drop_duplicates("course_id", keep="last").reset_index(drop=True)
    truth = pd.read_parquet(Path(business.truth) / "contact_preferences.parquet")
    end = dt.date.fromisoformat(business.manifest["end_date"])
    return World(
        contacts=contacts,
        events=events,
        enrollers=frozenset(enrollments.loc[~enrollments["is_refund"], "contact_id"]),
        courses=courses[["course_id", "category", "price_amount", "currency"]],
        start=dt.datetime.combine(end + dt.timedelta(days=1), dt.time()),
        truth=truth[list(TRUTH_COLUMNS)],
    )


def _unix(at: pd.Series) -> pd.Series:
    return (pd.to_datetime(at) - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1)


def play_emails(
    world: World, sends: pd.DataFrame, course: pd.Series, *, until: dt.datetime, seed: int
) -> pd.DataFrame:
    """What the contacts do with ``sends`` (planted behaviour), up to ``until``.

    Parameters
    ----------
    sends : pandas.DataFrame
        ``campaign_id``, ``contact_id``, ``variant_id`` (``A``/``B``), ``send_at`` (naive UTC).
    course : pandas.Series
        The course the campaign promotes (``course_id``, ``price_amount``, ``currency``).

    Returns
    -------
    pandas.DataFrame
        One row per send: ``contact_id``, ``variant_id``, ``opened``, ``clicked``, ``enrolled``,
        ``revenue_amount``.
    """
    key = sends["campaign_id"] + ":" + sends["contact_id"]  # same key in both policies: CRN
    frame = pd.DataFrame(
        {
            "ledger_id": key,
            "campaign_id": sends["campaign_id"],
            "contact_id": sends["contact_id"],
            "variant_id": sends["variant_id"],
            "channel": "email",
            "to": sends["contact_id"] + "@example.edu",
            "provider_message_id": "season",
            "submitted_at": _unix(sends["send_at"]).to_numpy(),
            "status_callback": None,
            "categories": None,
            "asm_group_id": None,
        }
    )
    out = engagement(
        frame,
        world.truth,
        courses=course.to_frame().T.reset_index(drop=True),
        until=int(_unix(pd.Series([until])).iloc[0]),
        seed=seed,
    )
    human = [e for e in out.sendgrid if not e.get("sg_machine_open")]
    opened = {e["ledger_id"] for e in human if e["event"] == "open"}
    clicked = {e["ledger_id"] for e in human if e["event"] == "click"}
    revenue = (
        pd.Series({e["contact_id"]: e["amount"] for e in out.enrollments}, dtype=float)
        .groupby(level=0)
        .sum()
    )
    result = sends[["contact_id", "variant_id"]].copy()
    result["opened"] = key.isin(opened).to_numpy()
    result["clicked"] = key.isin(clicked).to_numpy()
    result["revenue_amount"] = result["contact_id"].map(revenue).fillna(0.0).to_numpy()
    result["enrolled"] = result["revenue_amount"] > 0
    return result


def play_ads(
    world: World,
    campaign_id: str,
    audience: pd.Series,
    daily_spend: np.ndarray,
    course: pd.Series,
    *,
    seed: int,
    first_day: int = 0,
) -> pd.DataFrame:
    """Paid-social days of one campaign: clicks bought at the planted CPC, and what they earn.

    The clicks of a day cost ``spend / effective_cpc`` (the simulator's saturating cost per click
    for the business's size); each goes to a contact of ``audience`` (the campaign's targeting),
    who applies with the simulator's after-click probability scaled by their planted enroll
    propensity and enrolls with its application-to-enrollment rate. ``first_day`` numbers the
    days (click keys, hence draws, are per campaign, day and click: common to both policies).

    Returns
    -------
    pandas.DataFrame
        One row per day: ``day``, ``spend_amount``, ``clicks``, ``enrollments``,
        ``revenue_amount``.
    """
    truth = world.truth.set_index("contact_id")["enroll_propensity"]
    people = audience.to_numpy()
    rows = []
    for day, spend in enumerate(np.asarray(daily_spend, dtype=float), start=first_day):
        cpc = float(effective_cpc(np.array([META_PLATFORM]), np.array([spend]), len(truth))[0])
        clicks = int(spend / cpc) if spend > 0 else 0
        keys = pd.Series([f"{campaign_id}:ad:{day}:{i}" for i in range(clicks)], dtype=object)
        who = people[(uniform(keys, "ad_who", seed) * len(people)).astype(int)] if clicks else []
        p_apply = bh.APPLY_AFTER_CLICK["email"] * truth.reindex(who).fillna(0.0).to_numpy()
        applies = uniform(keys, "ad_apply", seed) < np.clip(p_apply, 0, 0.9)
        enrolls = applies & (uniform(keys, "ad_enroll", seed) < bh.P_ENROLL_GIVEN_APPLICATION)
        rows.append(
            {
                "day": day,
                "spend_amount": float(spend),
                "clicks": clicks,
                "enrollments": int(enrolls.sum()),
                "revenue_amount": float(enrolls.sum() * course["price_amount"]),
            }
        )
    return pd.DataFrame(rows)
