"""Render the GA4-like web export and the ad platforms' clicks and daily spend as landing streams."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from simulator import reference as ref
from simulator import sessions as ss
from simulator.catalogue import NEW_COURSE_TITLE
from simulator.clock import DAY, Period
from simulator.ids import mix64
from simulator.landing import Stream, compact
from simulator.render_messages import course_slugs
from simulator.sql import list_literal

Table = dict[str, np.ndarray]
WEB_EVENTS = ("session_start", "page_view", "generate_lead", "sign_up")
PAGE_SECONDS = 75
REFERRERS = (
    "https://www.google.com/",
    None,
    "https://mail.google.com/",
    None,
    None,
    None,
    "https://www.google.com/",
)
AD_REFERRERS = (
    "https://www.facebook.com/",
    "https://www.google.com/",
    "https://www.linkedin.com/",
    "https://www.tiktok.com/",
)


def web_stream(
    rng: np.random.Generator,
    sessions: Table,
    lead_at: np.ndarray,
    contacts: Table,
    period: Period,
    salt: int,
) -> Stream:
    """Expand sessions into GA4 events: session_start, page views, generate_lead, sign_up."""
    n = len(sessions["start_at"])
    signup = sessions["source"] == ss.SIGN_UP
    count = 1 + sessions["pageviews"] + sessions["applies"] + signup
    sess = np.repeat(np.arange(n), count)
    pos = np.arange(len(sess)) - np.repeat(np.cumsum(count) - count, count)
    pv = sessions["pageviews"][sess]
    ev = np.where(pos == 0, 0, np.where(pos <= pv, 1, np.where(signup[sess], 3, 2)))
    ts = (
        sessions["start_at"][sess] * 1_000_000
        + pos * PAGE_SECONDS * 1_000_000
        + rng.integers(0, 999_999, len(sess))
    )
    ts = np.where(ev == 2, lead_at[sess] * 1_000_000 + 123_456, ts)
    c = sessions["contact"][sess]
    known = c >= 0
    safe = np.where(known, c, 0)
    course = sessions["course"][sess]
    other = sessions["category"][sess] * 5 + (pos * 3 + sess) % 5
    page_course = np.where((pos <= 1) | (ev != 1), course, other)
    user_id_shown = known & (
        (sessions["source"][sess] != ss.ORGANIC) | (sessions["contact"][sess] % 5 < 3)
    )
    day = ts // 1_000_000 // DAY - period.start // DAY
    order = np.lexsort((pos, sess, day))
    cols = {
        "day": day,
        "ev": ev,
        "ts": ts,
        "pos": pos,
        "sess": sess,
        "cid": np.where(user_id_shown, c + 1, -1),
        "pseudo_a": np.where(
            known, mix64(safe, salt + 1) % 2_000_000_000, mix64(sess, salt + 2) % 2_000_000_000
        ),
        "pseudo_b": np.where(known, contacts["created_at"][safe], sessions["start_at"][sess]),
        "ga_session": sessions["start_at"][sess],
        "source": sessions["source"][sess],
        "k": sessions["campaign"][sess],
        "variant": sessions["variant"][sess],
        "platform": sessions["platform"][sess],
        "token": sessions["token"][sess],
        "course": page_course,
        "device": np.where(known, contacts["device"][safe], sess % 3),
        "country": np.where(known, contacts["country"][safe], sess % len(ref.COUNTRIES)),
    }
    table = compact(
        {k: np.asarray(v)[order] for k, v in cols.items()},
        narrow=("ev", "source", "device", "country", "platform", "variant"),
    )
    table = table.append_column("uid", pa.array(mix64(np.arange(len(sess)), salt)))
    slugs = list_literal(course_slugs())
    titles = list_literal([t for row in ref.COURSE_TITLES for t in row] + [NEW_COURSE_TITLE])
    utm = """CASE WHEN pos <= 1 AND source IN (2, 3, 4) THEN concat(
        '","utm_source":"', CASE WHEN source = 4 THEN platform_name(platform) ELSE 'enrollflow' END,
        '","utm_medium":"', CASE source WHEN 2 THEN 'email' WHEN 3 THEN 'sms' ELSE channel_name(CASE WHEN platform = 1 THEN 3 ELSE 2 END) END,
        '","utm_campaign":"', campaign_id(k), '"',
        CASE WHEN source IN (2) THEN ',"utm_content":"' || variant_id(k, variant) || '"' END) ELSE '"' END"""
    query = """CASE WHEN pos <= 1 AND source IN (2, 3, 4) THEN concat('?utm_source=',
        CASE WHEN source = 4 THEN platform_name(platform) ELSE 'enrollflow' END, '&utm_medium=',
        CASE source WHEN 2 THEN 'email' WHEN 3 THEN 'sms' ELSE channel_name(CASE WHEN platform = 1 THEN 3 ELSE 2 END) END,
        '&utm_campaign=', campaign_id(k),
        CASE WHEN source = 2 THEN '&utm_content=' || variant_id(k, variant) END,
        CASE WHEN source = 4 AND platform = 1 THEN '&gclid=' || hex16(token) WHEN source = 4 AND platform = 0 THEN '&fbclid=' || hex16(token) END) ELSE '' END"""
    referrer = f"""CASE WHEN pos >= 2 THEN '{ref.SITE}/' WHEN source = 4 THEN {list_literal(AD_REFERRERS)}[platform + 1]
        WHEN source IN (0, 6) THEN 'https://www.google.com/' WHEN source = 2 THEN 'https://mail.google.com/' END"""
    sql = f"""concat('{{"event_id":"ev_', hex16(uid), '","event_timestamp":', ts, ',"event_name":"',
        {list_literal(WEB_EVENTS)}[ev + 1], '","user_pseudo_id":"', pseudo_a, '.', pseudo_b, '"',
        CASE WHEN cid > 0 THEN ',"user_id":"' || contact_id(cid) || '"' ELSE ',"user_id":null' END,
        ',"ga_session_id":', ga_session,
        ',"page_location":"{ref.SITE}/courses/', {slugs}[course + 1], {query},
        '","page_referrer":', coalesce('"' || ({referrer}) || '"', 'null'),
        ',"page_title":"', {titles}[course + 1], '","course_id":"', course_id(course),
        '","device_category":"', {list_literal(ref.DEVICES)}[device + 1],
        '","geo_country":"', {list_literal([c[0] for c in ref.COUNTRIES])}[country + 1], {utm},
        CASE WHEN pos <= 1 AND source = 4 AND platform = 1 THEN ',"gclid":"' || hex16(token) || '"' END,
        CASE WHEN pos <= 1 AND source = 4 AND platform = 0 THEN ',"fbclid":"' || hex16(token) || '"' END,
        '}}', chr(10))"""
    return Stream(table, sql)


def ad_clicks_stream(clicks: Table, period: Period, salt: int) -> Stream:
    """One row per paid click, matched to a contact when the landing page knew them."""
    n = len(clicks["clicked_at"])
    table = pa.table(
        {
            "day": (clicks["clicked_at"] - period.start) // DAY,
            "uid": mix64(np.arange(n), salt),
            "platform": clicks["platform"],
            "k": clicks["campaign"],
            "moment": clicks["clicked_at"],
            "cid": clicks["contact"] + 1,
            "cost": clicks["cost"],
            "token": clicks["token"],
        }
    )
    sql = """concat('{"click_id":"clk_', hex16(uid), '","platform":"', platform_name(platform),
        '","channel":"', channel_name(CASE WHEN platform = 1 THEN 3 ELSE 2 END), '","campaign_id":"', campaign_id(k),
        '","ad_id":"ad_', campaign_id(k), '_', platform, '","clicked_at":"', iso(moment), '"',
        CASE WHEN cid > 0 THEN ',"contact_id":"' || contact_id(cid) || '"' ELSE ',"contact_id":null' END,
        CASE WHEN platform = 1 THEN ',"gclid":"' || hex16(token) || '"' ELSE ',"gclid":null' END,
        CASE WHEN platform = 0 THEN ',"fbclid":"' || hex16(token) || '"' ELSE ',"fbclid":null' END,
        ',"cost_amount":', money(cost), '}', chr(10))"""
    return Stream(table, sql)


def ad_spend_stream(spend: Table, period: Period) -> Stream:
    """Daily spend, impressions and clicks per (platform, campaign), exported the same day."""
    order = np.lexsort((spend["platform"], spend["campaign"], spend["day"]))
    table = pa.table({k: np.asarray(v)[order] for k, v in spend.items()})
    start = period.start // DAY
    sql = f"""concat('{{"spend_date":"', strftime(DATE '1970-01-01' + ({start} + day)::INTEGER, '%Y-%m-%d'),
        '","platform":"', platform_name(platform), '","channel":"', channel_name(CASE WHEN platform = 1 THEN 3 ELSE 2 END),
        '","campaign_id":"', campaign_id(campaign), '","spend_amount":', money(spend), ',"currency":"{ref.CURRENCY}"',
        ',"impressions":', impressions, ',"clicks":', clicks, '}}', chr(10))"""
    return Stream(table, sql)
