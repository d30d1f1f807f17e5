"""The ops marts (fct_deliverability, fct_budget_pacing, fct_campaign_health) on a hand-made business.

Every expected figure below was worked out by hand from the raw rows in this file (the arithmetic is
in the comments), and the same rows are built on both targets: DuckDB and Postgres must agree with
the hand figures, not just with each other.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from enrollflow.ingest import SOURCES, ensure_tables
from enrollflow.transform import dbt_build, profile_env
from tests.fixtures.warehouse import TinyBuild

pytestmark = pytest.mark.slow

D = dt.date
OPS_MARTS = "+fct_campaign_health +fct_deliverability"
PG_SCHEMA = "ops_hand"

LINEAGE = "_partition_date DATE, _source_file VARCHAR, _line BIGINT, _ingested_at TIMESTAMP"

# The raw tables the ops marts read, with the column types of docs/data-contract.md.
RAW_DDL = {
    "raw_marketing__campaigns": "campaign_id VARCHAR, name VARCHAR, campaign_type VARCHAR, "
    "channels VARCHAR, budget_amount DOUBLE, currency VARCHAR, cost_per_email_amount DOUBLE, "
    "cost_per_sms_amount DOUBLE, start_at TIMESTAMP, end_at TIMESTAMP, target_conversion_rate DOUBLE, "
    "target_cpa_amount DOUBLE, conversion_window_days BIGINT, course_category VARCHAR, "
    "is_ab_test BOOLEAN, variants VARCHAR, created_at TIMESTAMP",
    "raw_ledger__sends": "ledger_id VARCHAR, campaign_id VARCHAR, step_id VARCHAR, variant_id VARCHAR, "
    "contact_id VARCHAR, channel VARCHAR, occurrence BIGINT, to_address VARCHAR, sent_at TIMESTAMP, "
    "provider VARCHAR, provider_message_id VARCHAR, cost_amount DOUBLE, state VARCHAR",
    "raw_sendgrid__events": "email VARCHAR, timestamp BIGINT, event_at TIMESTAMP, event VARCHAR, "
    "sg_event_id VARCHAR, sg_message_id VARCHAR, smtp_id VARCHAR, category VARCHAR, useragent VARCHAR, "
    "ip VARCHAR, url VARCHAR, reason VARCHAR, status VARCHAR, type VARCHAR, response VARCHAR, "
    "attempt BIGINT, asm_group_id BIGINT, sg_machine_open BOOLEAN, ledger_id VARCHAR, "
    "campaign_id VARCHAR, contact_id VARCHAR, variant_id VARCHAR, received_at TIMESTAMP",
    "raw_twilio__callbacks": "received_at TIMESTAMP, url VARCHAR, kind VARCHAR, ledger_id VARCHAR, "
    "message_sid VARCHAR, message_status VARCHAR, sms_sid VARCHAR, account_sid VARCHAR, "
    "from_number VARCHAR, to_number VARCHAR, error_code VARCHAR, body VARCHAR, opt_out_type VARCHAR, "
    "num_segments BIGINT",
    "raw_lms__enrollments": "enrollment_id VARCHAR, type VARCHAR, contact_id VARCHAR, course_id VARCHAR, "
    "occurred_at TIMESTAMP, amount DOUBLE, currency VARCHAR, refund_id VARCHAR",
    # no ad clicks here, but the conversion crediting of fct_sends reads the table
    "raw_ads__clicks": "click_id VARCHAR, platform VARCHAR, channel VARCHAR, campaign_id VARCHAR, "
    "ad_id VARCHAR, clicked_at TIMESTAMP, contact_id VARCHAR, gclid VARCHAR, fbclid VARCHAR, "
    "cost_amount DOUBLE",
    "raw_ads__spend": "spend_date DATE, platform VARCHAR, channel VARCHAR, campaign_id VARCHAR, "
    "spend_amount DOUBLE, currency VARCHAR, impressions BIGINT, clicks BIGINT",
}


def _send(ledger_id, campaign, contact, channel, to, sent_at, cost):
    provider = "sendgrid" if channel == "email" else "twilio"
    return dict(
        ledger_id=ledger_id,
        campaign_id=campaign,
        contact_id=contact,
        channel=channel,
        to_address=to,
        sent_at=sent_at,
        provider=provider,
        cost_amount=cost,
    )


def _sg(event_id, ledger_id, event, at, **extra):
    return dict(sg_event_id=event_id, ledger_id=ledger_id, event=event, event_at=at, **extra)


def _twilio(kind, ledger_id, sid, status, at, **extra):
    return dict(
        kind=kind,
        ledger_id=ledger_id,
        message_sid=sid,
        message_status=status,
        received_at=at,
        **extra,
    )


def _spend(day, platform, channel, campaign, amount):
    return dict(
        spend_date=day,
        platform=platform,
        channel=channel,
        campaign_id=campaign,
        spend_amount=amount,
    )


HAND_ROWS: dict[str, list[dict]] = {
    "raw_marketing__campaigns": [
        # 100 budget over 10 planned days (01-01..01-10), objective 0.5 conversions per send
        dict(
            campaign_id="cmp_0001",
            name="Spring data bootcamp",
            campaign_type="enrollment",
            budget_amount=100.0,
            cost_per_email_amount=0.01,
            cost_per_sms_amount=0.05,
            start_at="2026-01-01 00:00:00",
            end_at="2026-01-10 23:59:59",
            target_conversion_rate=0.5,
            conversion_window_days=7,
        ),
        # no budget, open-ended, no objective, default conversion window (14 days)
        dict(
            campaign_id="cmp_0002",
            name="Nurture",
            campaign_type="nurture",
            cost_per_email_amount=0.01,
            start_at="2026-01-02 00:00:00",
        ),
        # a large open-ended budget spent at a trickle: no plan, no projection within 10 years
        dict(
            campaign_id="cmp_0004",
            name="Evergreen",
            campaign_type="retention",
            budget_amount=1_000_000.0,
            start_at="2026-01-01 00:00:00",
        ),
        # 15 budget over 3 days: exhausted on 01-02
        dict(
            campaign_id="cmp_0003",
            name="Open day",
            campaign_type="event_promotion",
            budget_amount=15.0,
            start_at="2026-01-01 00:00:00",
            end_at="2026-01-03 18:00:00",
            target_conversion_rate=0.1,
            conversion_window_days=3,
        ),
    ],  # fmt: skip
    "raw_ledger__sends": [
        _send("L1", "cmp_0001", "c_0000001", "email", "a@gmail.com", "2026-01-01 09:00:00", 0.01),
        # no ledger cost: falls back to the campaign's cost per email (0.01); domain lower-cased
        _send("L2", "cmp_0001", "c_0000002", "email", "b@Gmail.com", "2026-01-01 09:00:00", None),
        _send("L3", "cmp_0001", "c_0000003", "email", "c@gmail.com", "2026-01-01 09:00:00", 0.01),
        _send("L4", "cmp_0001", "c_0000004", "email", "d@school.edu", "2026-01-01 09:00:00", 0.01),
        _send("S1", "cmp_0001", "c_0000008", "sms", "+447700900001", "2026-01-01 10:00:00", 0.05),
        _send("L5", "cmp_0001", "c_0000005", "email", "e@yahoo.com", "2026-01-02 09:00:00", 0.01),
        _send("L6", "cmp_0002", "c_0000006", "email", "f@school.edu", "2026-01-02 12:00:00", 0.01),
        _send("L7", "cmp_0002", "c_0000007", "email", "g@hotmail.com", "2026-01-02 12:00:00", 0.01),
    ],
    "raw_sendgrid__events": [
        _sg("e1", "L1", "processed", "2026-01-01 09:00:01"),
        _sg("e2", "L1", "delivered", "2026-01-01 09:00:05"),
        _sg("e2", "L1", "delivered", "2026-01-01 09:00:05"),  # SendGrid retry: same sg_event_id
        _sg("e3", "L1", "open", "2026-01-01 10:00:00"),
        _sg("e4", "L1", "spamreport", "2026-01-02 08:00:00"),  # late: counts on the send day
        _sg("e5", "L2", "delivered", "2026-01-01 09:00:05"),
        _sg("e6", "L3", "bounce", "2026-01-01 09:00:05", type="bounce"),
        _sg("e7", "L4", "deferred", "2026-01-01 09:00:05", attempt=1),
        _sg("e8", "L4", "delivered", "2026-01-01 11:00:00"),
        _sg("e9", "L5", "delivered", "2026-01-02 09:00:05"),
        _sg("e10", "L5", "click", "2026-01-02 10:00:00"),
        _sg("e11", "L6", "delivered", "2026-01-02 12:00:05"),
        _sg("e12", "L7", "bounce", "2026-01-02 12:00:05", type="blocked"),
    ],
    "raw_twilio__callbacks": [
        _twilio("status", "S1", "SM1", "queued", "2026-01-01 10:00:01"),
        _twilio("status", "S1", "SM1", "sent", "2026-01-01 10:00:02"),
        _twilio("status", "S1", "SM1", "delivered", "2026-01-01 10:00:09"),
        _twilio(
            "inbound", None, "SM9", None, "2026-01-02 08:00:00", body="STOP", opt_out_type="STOP"
        ),
    ],
    "raw_lms__enrollments": [
        # c1 enrolls 2 days after L1 (window 7): L1 converts
        dict(
            enrollment_id="en_1",
            type="enrollment",
            contact_id="c_0000001",
            course_id="crs_001",
            occurred_at="2026-01-03 12:00:00",
            amount=500.0,
        ),
        # c5 enrolls 18 days after L5 (window 7): no conversion; then a refund
        dict(
            enrollment_id="en_2",
            type="enrollment",
            contact_id="c_0000005",
            course_id="crs_001",
            occurred_at="2026-01-20 12:00:00",
            amount=300.0,
        ),
        dict(
            enrollment_id="en_2",
            type="refund",
            refund_id="rf_1",
            contact_id="c_0000005",
            course_id="crs_001",
            occurred_at="2026-01-25 12:00:00",
            amount=300.0,
        ),
        # c6 enrolls 3 days after L6 (default window 14): L6 converts
        dict(
            enrollment_id="en_3",
            type="enrollment",
            contact_id="c_0000006",
            course_id="crs_001",
            occurred_at="2026-01-05 12:00:00",
            amount=200.0,
        ),
    ],  # fmt: skip
    "raw_ads__clicks": [],
    "raw_ads__spend": [
        _spend("2026-01-01", "meta", "paid_social", "cmp_0001", 10.0),
        _spend("2026-01-02", "google", "paid_search", "cmp_0001", 20.0),
        _spend("2026-01-03", "meta", "paid_social", "cmp_0001", 30.0),
        _spend("2026-01-01", "meta", "paid_social", "cmp_0003", 10.0),
        _spend("2026-01-02", "meta", "paid_social", "cmp_0003", 10.0),
        _spend("2026-01-01", "linkedin", "paid_social", "cmp_0004", 0.01),
    ],
}


# EnrollFlow's own campaigns flow through the same marts: their raw tables exist, empty here.
OPS_RAW = list(SOURCES["ops"])
# so are the channels only EnrollFlow runs (Mandrill, social posts, web banners) and SMS link
# clicks, which the marts union
LIVE_RAW = [
    "raw_mandrill__events",
    "raw_social__post_insights",
    "raw_web__banner_events",
    "raw_twilio__clicks",
]
# budget lines: one for cmp_0002 on its last day (spend of its own, no messages)
COST_LINES = [("cl1", "cmp_0002", "2026-01-03", "creative", 5.0, "EUR")]


def write_hand_raw_tables(path: Path) -> None:
    """Create the hand-made raw tables (and the empty ops-store ones) in a new DuckDB file."""
    with duckdb.connect(str(path)) as con:
        ensure_tables(con, [*OPS_RAW, *LIVE_RAW, "raw_marketing__cost_lines"])
        for line, row in enumerate(COST_LINES, 1):
            con.execute(
                "INSERT INTO raw_marketing__cost_lines (cost_line_id, campaign_id, cost_date, "
                "cost_type, amount, currency, _partition_date, _source_file, _line) "
                "VALUES (?, ?, ?, ?, ?, ?, '2026-01-01', 'hand/cost_lines', ?)",
                [*row, line],
            )
        for table, ddl in RAW_DDL.items():
            con.execute(f"CREATE TABLE {table} ({ddl}, {LINEAGE})")
            for line, row in enumerate(HAND_ROWS[table], 1):
                row = {
                    **row,
                    "_partition_date": "2026-01-01",
                    "_source_file": f"hand/{table}",
                    "_line": line,
                }
                marks = ", ".join("?" for _ in row)
                con.execute(
                    f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", list(row.values())
                )


@pytest.fixture(
    scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def marts(request, tmp_path_factory) -> TinyBuild:
    tmp = tmp_path_factory.mktemp(f"ops_{request.param}")
    raw = tmp / "raw.duckdb"
    write_hand_raw_tables(raw)
    if request.param == "duckdb":
        env, location = profile_env(warehouse_path=raw), str(raw)
    else:
        from enrollflow.warehouse import copy_tables_to_postgres

        # the session database is shared with the tiny-business build: use schemas of our own
        location = request.getfixturevalue("pg_session_url")
        copy_tables_to_postgres(
            raw, location, "raw_hand", [*RAW_DDL, *OPS_RAW, *LIVE_RAW, "raw_marketing__cost_lines"]
        )
        env = profile_env(postgres_url=location, postgres_schema=PG_SCHEMA)
    result = dbt_build(
        target=request.param,
        env=env,
        select=OPS_MARTS,
        exclude="resource_type:test,staging",  # staging's own tests run on the tiny business
        vars={"raw_schema": "raw_hand"} if request.param == "postgres" else None,
        target_path=tmp / "target",
    )
    schema = "main" if request.param == "duckdb" else PG_SCHEMA
    return TinyBuild(request.param, location, schema, result)


def test_deliverability_counts_rates_and_flags(marts):
    rows = marts.by_key("fct_deliverability", "recipient_domain", "send_date")
    # email only (the SMS S1 is not a mailbox-domain send); one row per recipient domain and send day
    assert set(rows) == {
        ("gmail.com", D(2026, 1, 1)),
        ("school.edu", D(2026, 1, 1)),
        ("yahoo.com", D(2026, 1, 2)),
        ("school.edu", D(2026, 1, 2)),
        ("hotmail.com", D(2026, 1, 2)),
    }
    assert {r["sending_domain"] for r in rows.values()} == {"mail.enrollflow.example"}

    gmail = rows[("gmail.com", D(2026, 1, 1))]
    # L1 delivered (event sent twice by SendGrid, counted once) + complaint a day later; L2 (b@Gmail.com)
    # delivered; L3 bounced
    assert (gmail["messages_sent"], gmail["messages_delivered"], gmail["messages_bounced"]) == (
        3,
        2,
        1,
    )
    assert (gmail["messages_deferred"], gmail["messages_dropped"], gmail["complaints"]) == (0, 0, 1)
    assert gmail["delivery_rate"] == pytest.approx(2 / 3)
    assert gmail["bounce_rate"] == pytest.approx(1 / 3)
    assert gmail["spam_rate"] == pytest.approx(1 / 2)  # complaints / delivered
    assert gmail["is_gmail_yahoo_domain"] and gmail["is_spam_rate_flagged"]
    assert gmail["is_bounce_rate_flagged"]

    school = rows[("school.edu", D(2026, 1, 1))]  # L4: deferred once, then delivered
    assert (school["messages_sent"], school["messages_delivered"], school["messages_deferred"]) == (
        1,
        1,
        1,
    )
    assert school["deferral_rate"] == pytest.approx(1.0)
    assert school["spam_rate"] == 0 and school["bounce_rate"] == 0
    assert not (school["is_gmail_yahoo_domain"] or school["is_spam_rate_flagged"])
    assert not school["is_bounce_rate_flagged"]

    yahoo = rows[("yahoo.com", D(2026, 1, 2))]
    assert yahoo["is_gmail_yahoo_domain"] and not yahoo["is_spam_rate_flagged"]

    hotmail = rows[("hotmail.com", D(2026, 1, 2))]  # L7: blocked, nothing delivered
    assert (
        hotmail["messages_sent"],
        hotmail["messages_delivered"],
        hotmail["messages_bounced"],
    ) == (1, 0, 1)
    assert hotmail["spam_rate"] is None  # zero denominator -> NULL, not 0
    assert hotmail["delivery_rate"] == 0 and hotmail["bounce_rate"] == pytest.approx(1.0)
    assert hotmail["is_bounce_rate_flagged"] and not hotmail["is_spam_rate_flagged"]


def test_budget_pacing_cumulative_spend_plan_and_projection(marts):
    rows = marts.by_key("fct_budget_pacing", "campaign_id", "pacing_date")
    # campaign start -> min(end day, as-of day); as-of = last day with spend or sends = 2026-01-03
    assert sorted(rows) == [
        ("cmp_0001", D(2026, 1, 1)), ("cmp_0001", D(2026, 1, 2)), ("cmp_0001", D(2026, 1, 3)),
        ("cmp_0002", D(2026, 1, 2)), ("cmp_0002", D(2026, 1, 3)),
        ("cmp_0003", D(2026, 1, 1)), ("cmp_0003", D(2026, 1, 2)), ("cmp_0003", D(2026, 1, 3)),
        ("cmp_0004", D(2026, 1, 1)), ("cmp_0004", D(2026, 1, 2)), ("cmp_0004", D(2026, 1, 3)),
    ]  # fmt: skip
    # cmp_0001 (budget 100, 10 planned days). Day 1: ads 10 + messages L1..L4 4 x 0.01 (L2 from the
    # campaign's cost per email) + S1 0.05 = 10.09; plan 100 x 1/10 = 10; ratio 1.009;
    # projection: remaining 89.91 / average 10.09 = 8.91 -> 9 days -> 01-10.
    d1 = rows[("cmp_0001", D(2026, 1, 1))]
    assert d1["ad_spend_amount"] == pytest.approx(10.0)
    assert d1["message_cost_amount"] == pytest.approx(0.09)
    assert d1["spend_to_date_amount"] == pytest.approx(10.09)
    assert d1["planned_spend_to_date_amount"] == pytest.approx(10.0)
    assert d1["pace_ratio"] == pytest.approx(1.009)
    assert (d1["days_elapsed"], d1["planned_days"]) == (1, 10)
    assert d1["projected_exhaustion_date"] == D(2026, 1, 10)
    assert d1["pacing_status"] == "on_track"
    # Day 2: + 20 + 0.01 (L5) -> 30.10 vs plan 20: ratio 1.505; 69.90 / 15.05 = 4.64 -> 5 -> 01-07
    d2 = rows[("cmp_0001", D(2026, 1, 2))]
    assert d2["spend_to_date_amount"] == pytest.approx(30.10)
    assert d2["pace_ratio"] == pytest.approx(1.505)
    assert d2["projected_exhaustion_date"] == D(2026, 1, 7)
    assert d2["pacing_status"] == "overpacing"
    # Day 3: + 30 -> 60.10 vs plan 30; remaining 39.90 / (60.10 / 3) = 1.99 -> 2 -> 01-05
    d3 = rows[("cmp_0001", D(2026, 1, 3))]
    assert d3["remaining_budget_amount"] == pytest.approx(39.90)
    assert d3["pace_ratio"] == pytest.approx(60.10 / 30)
    assert d3["projected_exhaustion_date"] == D(2026, 1, 5)

    # cmp_0002: no budget -> no plan, no ratio, no projection; spend still accumulates (L6 + L7)
    n2 = rows[("cmp_0002", D(2026, 1, 2))]
    assert n2["daily_spend_amount"] == pytest.approx(0.02)
    assert n2["planned_spend_to_date_amount"] is None and n2["pace_ratio"] is None
    assert n2["projected_exhaustion_date"] is None and n2["planned_days"] is None
    assert (n2["pacing_status"], n2["is_budget_exhausted"]) == ("no_budget", False)
    # its budget line (creative, 5) is spend on the day it is booked
    n3 = rows[("cmp_0002", D(2026, 1, 3))]
    assert (n2["cost_line_amount"], n3["cost_line_amount"]) == (0.0, pytest.approx(5.0))
    assert n3["daily_spend_amount"] == pytest.approx(5.0)
    assert n3["spend_to_date_amount"] == pytest.approx(5.02)

    # cmp_0003 (budget 15 over 3 days): 10 on 01-01 (projects 5 / 10 -> 1 day -> 01-02), 20 on
    # 01-02 -> exhausted that day, and the exhaustion date stays 01-02 afterwards
    e1, e2, e3 = (rows[("cmp_0003", D(2026, 1, d))] for d in (1, 2, 3))
    assert e1["projected_exhaustion_date"] == D(2026, 1, 2) and not e1["is_budget_exhausted"]
    assert e1["pace_ratio"] == pytest.approx(2.0)
    assert e2["is_budget_exhausted"] and e2["pacing_status"] == "exhausted"
    assert e3["projected_exhaustion_date"] == D(2026, 1, 2)
    assert e3["remaining_budget_amount"] == pytest.approx(-5.0)
    assert e3["pace_ratio"] == pytest.approx(20 / 15)

    # cmp_0004: 0.01 spent of 1,000,000 in 3 days -> exhaustion ~3e8 days away: beyond the 3650-day
    # horizon, so NULL rather than a date in year 800,000; open-ended, so no plan to pace against
    t3 = rows[("cmp_0004", D(2026, 1, 3))]
    assert t3["spend_to_date_amount"] == pytest.approx(0.01)
    assert t3["projected_exhaustion_date"] is None
    assert (t3["pace_ratio"], t3["pacing_status"]) == (None, "open_ended")


def test_campaign_health_components_and_score(marts):
    rows = marts.by_key("fct_campaign_health", "campaign_id", "health_date")
    assert len(rows) == 11  # same campaign-days as fct_budget_pacing

    # cmp_0001 on 01-01: 5 sends (4 email + 1 SMS), 4 delivered (L3 bounced), 1 complaint (L1),
    # 1 conversion (L1: c1 enrolled 2 days later, window 7).
    h = rows[("cmp_0001", D(2026, 1, 1))]
    assert (h["messages_sent"], h["messages_delivered"], h["complaints"], h["conversions"]) == (
        5,
        4,
        1,
        1,
    )
    assert h["delivery_score"] == pytest.approx(80.0)  # 4 / 5
    # per delivered message, the conversion KPI's definition (fct_campaign_performance's reached)
    assert h["conversion_rate"] == pytest.approx(0.25)  # 1 / 4
    assert h["engagement_score"] == pytest.approx(50.0)  # (1 / 4) / 0.5
    assert h["complaint_score"] == pytest.approx(0.0)  # 1 / 4 = 25 % >> 0.3 %
    assert h["pacing_score"] == pytest.approx(99.1)  # 1 - |1.009 - 1|
    # 0.3 x 80 + 0.3 x 50 + 0.2 x 0 + 0.2 x 99.1
    assert h["health_score"] == pytest.approx(58.82)
    assert h["health_band"] == "watch"

    # 01-02: L5 delivered, clicked, no enrollment in the window -> engagement 0; pacing 1 - 0.505
    h = rows[("cmp_0001", D(2026, 1, 2))]
    assert (h["delivery_score"], h["engagement_score"], h["complaint_score"]) == pytest.approx(
        (100, 0, 100)
    )
    assert h["health_score"] == pytest.approx(0.3 * 100 + 0.2 * 100 + 0.2 * 49.5)

    # 01-03: no sends -> only pacing (ratio 2.003 -> 0) counts
    h = rows[("cmp_0001", D(2026, 1, 3))]
    assert h["messages_sent"] == 0 and h["delivery_rate"] is None and h["delivery_score"] is None
    assert h["health_score"] == pytest.approx(0.0) and h["health_band"] == "at_risk"

    # cmp_0002 on 01-02: L6 delivered (+ converted), L7 blocked; no objective, no budget ->
    # engagement and pacing are NULL and the weights re-normalise: (0.3 x 50 + 0.2 x 100) / 0.5
    h = rows[("cmp_0002", D(2026, 1, 2))]
    assert h["conversions"] == 1 and h["conversion_rate"] == pytest.approx(1.0)  # 1 delivered
    assert h["engagement_score"] is None and h["pacing_score"] is None
    assert h["health_score"] == pytest.approx(70.0)
    # ... and with nothing to score on 01-03, no score at all
    assert rows[("cmp_0002", D(2026, 1, 3))]["health_score"] is None
    assert rows[("cmp_0002", D(2026, 1, 3))]["health_band"] is None

    # cmp_0004: no sends and no pace ratio -> nothing to score
    assert rows[("cmp_0004", D(2026, 1, 2))]["health_score"] is None

    # cmp_0003 on 01-03: only pacing, ratio 20 / 15 -> 100 x (1 - 1/3)
    assert rows[("cmp_0003", D(2026, 1, 3))]["health_score"] == pytest.approx(200 / 3)


def test_the_marts_charge_the_states_the_budget_counts():
    # int_ops_sends_latest's cost is the budget's only while the two lists agree
    import yaml

    from delivery.ledger import RESERVING_STATES
    from enrollflow.transform import DBT_PROJECT_DIR

    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    assert tuple(project["vars"]["budget_charged_states"]) == RESERVING_STATES
