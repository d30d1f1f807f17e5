"""``simulate()``: draw the whole business, then write the landing zone, the manifest and the truth."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

from simulator import costs
from simulator import members as mb
from simulator import render_crm as crm
from simulator import render_messages as msg
from simulator import render_web as web
from simulator.ads import generate_ads
from simulator.campaigns import EMAIL, SMS, generate_campaigns
from simulator.catalogue import generate_courses
from simulator.clock import Period, ZoneOffsets, epoch_seconds
from simulator.conversions import generate_conversions, lead_times
from simulator.email import email_outcomes
from simulator.ids import mix64
from simulator.landing import LandingWriter
from simulator.population import ZONES, generate_contacts
from simulator.sends import plan_sends
from simulator.sessions import build_sessions
from simulator.sms import sms_outcomes
from simulator.sql import install_macros
from simulator.truth import write_truth

Progress = Callable[[str, float], None]
COST_PER_EMAIL = 0.001
COST_PER_SMS = 0.0079
# One random stream per component, so changing one component's draws leaves the others unchanged.
STREAMS = {
    name: i
    for i, name in enumerate(
        (
            "contacts",
            "courses",
            "campaigns",
            "sends",
            "email",
            "sms",
            "ads",
            "sessions",
            "conversions",
            "sendgrid",
            "twilio",
            "web",
            "ids",
            "twilio_clicks",
        )
    )
}


def _validate(out: Path, contacts: int, days: int, seed: int) -> None:
    if not isinstance(contacts, int) or contacts < 1:
        raise ValueError(f"contacts must be a positive integer, got {contacts!r}")
    if not isinstance(days, int) or not 1 <= days <= 3660:
        raise ValueError(f"days must be an integer between 1 and 3660, got {days!r}")
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if out.exists() and not out.is_dir():
        raise ValueError(f"out {out} exists and is not a directory; pass a directory path")


def _contact_addresses(writer: LandingWriter, contacts: dict) -> tuple[pa.Array, pa.Array]:
    """Each contact's email and phone text, row-aligned with the contact arrays."""
    table = pa.table({k: contacts[k] for k in crm.CONTACT_COLUMNS})
    writer.con.register("people", table)
    result = writer.con.sql(
        f"SELECT email, coalesce(phone, '') AS phone FROM (SELECT *, {crm.contact_profiles_sql()} FROM people) ORDER BY cid"
    ).to_arrow_table()
    writer.con.unregister("people")
    return result.column("email").combine_chunks(), result.column("phone").combine_chunks()


def simulate(
    out: Path,
    *,
    contacts: int = 20_000,
    days: int = 180,
    seed: int = 42,
    start_date: dt.date = dt.date(2026, 1, 1),
    compress: bool = False,
    progress: Progress | None = None,
) -> dict:
    """Simulate an education business and write its landing zone and planted truth.

    Parameters
    ----------
    out : pathlib.Path
        Output directory; ``<out>/landing`` and ``<out>/truth`` are replaced.
    contacts : int
        Size of the contact base at the end of the period.
    days : int
        Length of the period in days (``end_date = start_date + days - 1``).
    seed : int
        Random seed; the same seed gives byte-identical files.
    start_date : datetime.date
        First day of the period.
    compress : bool
        Write ``.jsonl.gz`` files instead of ``.jsonl``.
    progress : callable, optional
        Called as ``progress(step_description, fraction_done)``.

    Returns
    -------
    dict
        The manifest also written to ``<out>/landing/_manifest.json`` (see docs/data-contract.md).

    Raises
    ------
    ValueError
        When an argument is out of range (the message names it).
    """
    out = Path(out)
    _validate(out, contacts, days, seed)
    report = progress or (lambda _step, _fraction: None)

    def rng(name: str) -> np.random.Generator:
        return np.random.default_rng([seed, STREAMS[name]])

    period = Period(epoch_seconds(start_date), days)
    offsets = ZoneOffsets(ZONES, period)
    report("people, courses and campaigns", 0.0)
    people = generate_contacts(rng("contacts"), contacts, period)
    courses = generate_courses(rng("courses"), period)
    campaigns = generate_campaigns(rng("campaigns"), period, contacts)
    report("sends and engagement", 0.08)
    sends, members = plan_sends(rng("sends"), campaigns, people, period, offsets)
    uid = mix64(np.arange(len(sends["contact"])), seed * 1_000 + STREAMS["ids"])
    sends["uid"] = uid
    is_email = sends["channel"] == EMAIL
    email = email_outcomes(
        rng("email"), {k: v[is_email] for k, v in sends.items()}, people, campaigns, offsets
    )
    sms = sms_outcomes(
        rng("sms"), {k: v[sends["channel"] == SMS] for k, v in sends.items()}, people, campaigns
    )
    spend, ad_clicks = generate_ads(rng("ads"), campaigns, people, period)
    report("sessions and conversions", 0.2)
    launch = (
        len(courses["course"]) - 1,
        int(courses["category"][-1]),
        int(courses["updated_at"][-1]),
    )
    sessions = build_sessions(
        rng("sessions"), people, campaigns, email, sms, ad_clicks, period, new_course=launch
    )
    conv_rng = rng("conversions")
    lead_at = lead_times(conv_rng, sessions)
    apps, enrollments = generate_conversions(conv_rng, sessions, lead_at, courses, period)

    landing = out / "landing"
    for folder in (landing, out / "truth"):
        if folder.exists():
            shutil.rmtree(folder)
    writer = LandingWriter(landing, start_date, days, compress)
    install_macros(writer.con, len(campaigns["campaign"]))
    addresses = _contact_addresses(writer, people)
    salt = seed * 1_000
    streams = [
        ("crm", "contacts", lambda: crm.contacts_stream(people, period)),
        ("crm", "consent", lambda: crm.consent_stream(people, email, sms, period, salt + 1)),
        ("lms", "courses", lambda: crm.courses_stream(courses, period)),
        ("lms", "applications", lambda: crm.applications_stream(apps, sessions, period)),
        ("lms", "enrollments", lambda: crm.enrollments_stream(enrollments, period)),
        (
            "marketing",
            "campaigns",
            lambda: crm.campaigns_stream(campaigns, COST_PER_EMAIL, COST_PER_SMS, period),
        ),
        ("ledger", "sends", lambda: msg.ledger_stream(email, sms, addresses, period)),
        (
            "sendgrid",
            "events",
            lambda: msg.sendgrid_stream(
                rng("sendgrid"), email, addresses[0], campaigns, period, salt + 2
            ),
        ),
        (
            "twilio",
            "callbacks",
            lambda: msg.twilio_stream(rng("twilio"), sms, addresses[1], period, salt + 3),
        ),
        (
            "twilio",
            "clicks",
            lambda: msg.twilio_clicks_stream(
                rng("twilio_clicks"), sms, addresses[1], campaigns, period
            ),
        ),
        (
            "web",
            "events",
            lambda: web.web_stream(rng("web"), sessions, lead_at, people, period, salt + 4),
        ),
        ("ads", "clicks", lambda: web.ad_clicks_stream(ad_clicks, period, salt + 5)),
        ("ads", "spend", lambda: web.ad_spend_stream(spend, period)),
        (
            "marketing",
            "cost_lines",
            lambda: costs.cost_lines_stream(costs.cost_lines(campaigns, period), period),
        ),
        (
            "marketing",
            "campaign_members",
            lambda: mb.members_stream(members, people, campaigns, period),
        ),
    ]
    for i, (source, name, build) in enumerate(streams):
        report(f"writing {source}/{name}", 0.25 + 0.7 * i / len(streams))
        writer.write(source, name, build())
    report("planted truth", 0.96)
    effects = mb.holdout_effects(members, campaigns, sessions, apps, enrollments)
    write_truth(
        out / "truth", people, campaigns, email, sms, sessions, enrollments, members, effects
    )
    end_date = start_date + dt.timedelta(days=days - 1)
    manifest = {
        "seed": seed,
        "contacts": contacts,
        "start_date": start_date.isoformat(),
        "end_date": end_date.isoformat(),
        "days": days,
        # The simulated "now" (end_date + 1 day, 00:00 UTC) keeps the manifest reproducible.
        "generated_at": (
            dt.datetime.combine(end_date, dt.time(), dt.UTC) + dt.timedelta(days=1)
        ).isoformat(),
        "files": len(writer.files),
        "events": dict(sorted(writer.records.items())),
        "compressed": compress,
    }
    (landing / "_manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    report("done", 1.0)
    return manifest
