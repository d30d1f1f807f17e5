"""The analytics marts of issue 3 on the tiny simulated business.

Figures are recomputed here from the raw tables with pandas (not from other marts) and compared
with what dbt built: de-duplication of SendGrid's repeated events, outcome flags and open rate,
conversions within the campaign's window, contact LTV/consent/visits, attribution credits.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from enrollflow.transform import dbt_build, profile_env

# Every mart of issue 3 built here (the ops marts are tested in test_ops_marts.py).
MARTS = (
    "fct_message_events",
    "fct_sends",
    "fct_campaign_performance",
    "fct_conversion_funnel",
    "fct_touchpoints",
    "fct_attribution",
    "fct_campaign_attribution",
    "fct_enrollment_cohorts",
    "fct_contact_activity",
    "fct_contact_activity_daily",
    "fct_contact_activity_windows",
    "dim_contacts",
    "dim_contact_interests",
    "dim_courses",
)
# incremental models (delete+insert) and their unique keys
INCREMENTAL_MARTS = {
    "fct_message_events": "event_id",
    "fct_contact_activity": "activity_id",
    "fct_contact_activity_daily": "activity_day_id",
    "fct_contact_activity_windows": ["contact_id", "activity_type"],
    "int_web_sessions_classified": "session_id",
    "fct_touchpoints": "touchpoint_id",
    "fct_sends": "message_id",
}
MODELS = ("first_touch", "last_touch", "linear", "time_decay", "position_based")


@pytest.fixture(scope="session")
def marts_warehouse(tiny_warehouse: Path) -> Path:
    """The tiny business warehouse with every dbt model built (shared session fixture)."""
    return Path(tiny_warehouse)


def _my_nodes(build) -> list:
    """Result nodes defined in the paths of this module's marts: intermediate and marts models
    (not ops/), their YAML tests and unit tests, and the singular tests."""
    import json

    manifest = json.loads((build.result.target_path / "manifest.json").read_text())
    nodes = {**manifest["nodes"], **manifest.get("unit_tests", {})}

    def mine(unique_id: str) -> bool:
        path = nodes.get(unique_id, {}).get("original_file_path", "")
        return "/ops/" not in path and path.startswith(
            ("models/intermediate/", "models/marts/", "tests/")
        )

    return [n for n in build.result.nodes if mine(n.unique_id)]


def test_marts_and_their_tests_pass_in_the_tiny_build(tiny_dbt_build):
    nodes = _my_nodes(tiny_dbt_build)
    built = {n.unique_id.split(".")[-1] for n in nodes if n.unique_id.startswith("model.")}
    assert set(MARTS) <= built
    assert any(n.unique_id.startswith("unit_test.") for n in nodes)
    failed = [(n.unique_id, n.status, n.message) for n in nodes if n.status in ("error", "fail")]
    assert not failed


@pytest.fixture(scope="module")
def wh(marts_warehouse: Path):
    con = duckdb.connect(str(marts_warehouse), read_only=True)
    yield lambda sql: con.sql(sql).df()
    con.close()


def _raw_sendgrid(wh) -> pd.DataFrame:
    raw = wh("select * from raw_sendgrid__events")
    return raw.sort_values(["received_at", "event_at"]).drop_duplicates("sg_event_id")


def test_sendgrid_duplicates_are_removed_once(wh):
    raw = wh("select sg_event_id from raw_sendgrid__events")
    assert len(raw) > raw["sg_event_id"].nunique(), "the simulator plants duplicate events"
    events = wh("select * from fct_message_events")
    assert events["event_id"].is_unique
    sendgrid = events[events["provider"] == "sendgrid"]
    assert set(sendgrid["event_id"]) == set(raw["sg_event_id"])


def test_event_order_follows_event_time(wh):
    events = wh("select message_id, event_at, event_order from fct_message_events")
    for _, group in events.groupby("message_id"):
        ordered = group.sort_values("event_order")
        assert list(ordered["event_order"]) == list(range(1, len(group) + 1))
        assert ordered["event_at"].is_monotonic_increasing


def test_sends_outcomes_match_raw_events(wh):
    raw = _raw_sendgrid(wh)
    sends = wh("select * from fct_sends").set_index("message_id")
    ledger = wh("select ledger_id from raw_ledger__sends")
    assert set(sends.index) == set(ledger["ledger_id"])
    email = sends[sends["channel"] == "email"]
    delivered = set(raw.loc[raw["event"] == "delivered", "ledger_id"])
    assert set(email.index[email["is_delivered"]]) == delivered & set(email.index)
    human_opens = raw[(raw["event"] == "open") & ~raw["sg_machine_open"].fillna(False).astype(bool)]
    first_open = human_opens.groupby("ledger_id")["event_at"].min()
    opened = email["opened_at"].dropna()
    assert (
        opened.sort_index().to_dict()
        == first_open[first_open.index.isin(email.index)].sort_index().to_dict()
    )


def test_open_rate_of_busiest_email_campaign_recomputed_from_raw(wh):
    raw = _raw_sendgrid(wh)
    ledger = wh("select ledger_id, campaign_id, channel from raw_ledger__sends")
    email = ledger[ledger["channel"] == "email"]
    campaign = email["campaign_id"].value_counts().idxmax()
    messages = set(email.loc[email["campaign_id"] == campaign, "ledger_id"])
    events = raw[raw["ledger_id"].isin(messages)]
    delivered = events.loc[events["event"] == "delivered", "ledger_id"].nunique()
    human = events[
        (events["event"] == "open") & ~events["sg_machine_open"].fillna(False).astype(bool)
    ]
    expected = human["ledger_id"].nunique() / delivered

    perf = wh(
        "select sum(unique_opens) as opens, sum(deliveries) as deliveries, sum(sends) as sends "
        f"from fct_campaign_performance where campaign_id = '{campaign}' and channel = 'email'"
    ).iloc[0]
    assert perf["sends"] == len(messages)
    assert perf["deliveries"] == delivered
    assert perf["opens"] / perf["deliveries"] == pytest.approx(expected)
    daily = wh(
        f"select open_rate, unique_opens, deliveries from fct_campaign_performance "
        f"where campaign_id = '{campaign}' and channel = 'email' and deliveries > 0"
    )
    assert (daily["open_rate"] - daily["unique_opens"] / daily["deliveries"]).abs().max() < 1e-12


def test_zero_denominators_give_null_rates(wh):
    perf = wh("select * from fct_campaign_performance")
    no_deliveries = perf[perf["deliveries"] == 0]
    assert len(no_deliveries) > 0, "paid-channel rows have no deliveries"
    assert no_deliveries["open_rate"].isna().all()
    assert no_deliveries["delivery_rate"][no_deliveries["sends"] == 0].isna().all()
    no_spend = perf[perf["spend_amount"] == 0]
    assert no_spend["roas"].isna().all() and no_spend["roi"].isna().all()


def _net_enrollments(wh) -> pd.DataFrame:
    raw = wh("select * from raw_lms__enrollments")
    enrolled = raw[raw["type"] == "enrollment"].set_index("enrollment_id")
    refunds = raw[raw["type"] == "refund"].groupby("enrollment_id")["amount"].sum()
    enrolled["net"] = enrolled["amount"] - refunds.reindex(enrolled.index).fillna(0.0)
    return enrolled


def test_each_enrollment_is_credited_once_to_the_latest_outreach_in_its_window(wh):
    enrollments = _net_enrollments(wh)
    assert len(enrollments) > 0
    sends = wh(
        "select ledger_id as id, campaign_id, contact_id, sent_at as at from raw_ledger__sends"
    )
    clicks = wh(
        "select click_id as id, campaign_id, contact_id, clicked_at as at from raw_ads__clicks "
        "where contact_id is not null and campaign_id is not null"
    )
    windows = wh(
        "select campaign_id, coalesce(conversion_window_days, 14) as days from raw_marketing__campaigns"
    )
    window = dict(zip(windows["campaign_id"], windows["days"], strict=True))
    outreach = pd.concat([sends.assign(kind="message"), clicks.assign(kind="ad")])
    outreach["window"] = [
        pd.Timedelta(days=int(window.get(c, 14))) for c in outreach["campaign_id"]
    ]
    expected: dict[str, tuple] = {}
    credited = 0
    for _, row in enrollments.iterrows():
        inside = outreach[
            (outreach["contact_id"] == row["contact_id"])
            & (outreach["at"] <= row["occurred_at"])
            & (row["occurred_at"] <= outreach["at"] + outreach["window"])
        ]
        if not len(inside):
            continue
        # each enrollment is credited once, to the latest outreach of any campaign
        credited += 1
        latest = inside.sort_values(["at", "id"]).iloc[-1]
        if latest["kind"] == "message":
            first = expected.get(latest["id"], (row["occurred_at"], 0.0))
            expected[latest["id"]] = (min(first[0], row["occurred_at"]), first[1] + row["net"])
    assert 0 < credited <= len(enrollments)
    performance = wh("select sum(conversions) as n from fct_campaign_performance")
    assert int(performance["n"].iloc[0]) == credited, (
        "campaign conversions double-count enrollments"
    )
    built = wh(
        "select message_id, converted_at, revenue_amount from fct_sends where converted_at is not null"
    )
    got = {r.message_id: (r.converted_at, r.revenue_amount) for r in built.itertuples()}
    assert set(got) == set(expected)
    for message_id, (at, revenue) in expected.items():
        assert got[message_id][0] == at
        assert got[message_id][1] == pytest.approx(revenue)


def test_attribution_credits_sum_to_one_per_conversion_and_model(wh):
    attribution = wh("select * from fct_attribution")
    assert len(attribution) > 0
    totals = attribution.groupby(["conversion_id", "attribution_model"])["credit"].sum()
    assert totals.to_numpy() == pytest.approx(1.0)
    assert (
        attribution.groupby("conversion_id")["attribution_model"].nunique() == len(MODELS)
    ).all()
    first = attribution[attribution["attribution_model"] == "first_touch"]
    assert set(first.loc[first["credit"] == 1.0, "touch_position"]) == {1}
    revenue = _net_enrollments(wh)["net"]
    by_model = attribution.groupby(["attribution_model", "conversion_id"])[
        "attributed_revenue_amount"
    ].sum()
    for (_, conversion), amount in by_model.items():
        assert amount == pytest.approx(revenue[conversion])


def test_touchpoints_include_every_email_click(wh):
    raw = _raw_sendgrid(wh)
    clicks = set("msg:" + raw.loc[raw["event"] == "click", "sg_event_id"])
    touches = wh("select * from fct_touchpoints")
    assert clicks == set(touches.loc[touches["channel"] == "email", "touchpoint_id"])
    assert set(touches["channel"]) <= {
        "email",
        "sms",
        "paid_social",
        "paid_search",
        "organic_search",
        "referral",
        "direct",
    }


def test_sms_link_clicks_are_touchpoints(wh):
    """A session landing with utm_medium=sms is the SMS click; Twilio's click events of the same
    clicks (fct_message_events) are not a second touch."""
    web = wh("select * from raw_web__events where ga_session_id is not null")
    web = web.sort_values(["event_at", "event_id"])
    keys = ["user_pseudo_id", "ga_session_id"]
    landing = web.groupby(keys).head(1).set_index(keys)["utm_medium"].str.lower()
    contact = web.groupby(keys)["user_id"].max()
    sessions = pd.DataFrame({"medium": landing, "contact": contact})
    sms = sessions[sessions["medium"].isin(["sms", "text"]) & sessions["contact"].notna()]
    expected = {f"web:{pseudo}:{session}" for pseudo, session in sms.index}
    assert expected, "the tiny business should have SMS link clicks"
    touches = wh("select * from fct_touchpoints where channel = 'sms'")
    assert set(touches["touchpoint_id"]) == expected
    assert set(touches["touch_type"]) == {"click"}


def _as_of(wh) -> pd.Timestamp:
    row = wh(
        "select greatest("
        "(select max(event_at) from raw_sendgrid__events),"
        "(select max(event_at) from raw_web__events),"
        "(select max(occurred_at) from raw_lms__enrollments),"
        "(select max(applied_at) from raw_lms__applications),"
        "(select max(clicked_at) from raw_ads__clicks)) as as_of"
    )
    return row["as_of"].iloc[0]


def test_dim_contacts_consent_ltv_and_visits_from_raw(wh):
    as_of = _as_of(wh)
    assert wh("select as_of_at from int_as_of_resolved")["as_of_at"].iloc[0] >= as_of
    contacts = wh("select * from dim_contacts").set_index("contact_id")
    assert set(contacts.index) == set(
        wh("select distinct contact_id from raw_crm__contacts")["contact_id"]
    )

    ltv = _net_enrollments(wh).groupby("contact_id")["net"].sum()
    assert contacts.loc[ltv.index, "ltv_amount"].to_numpy() == pytest.approx(ltv.to_numpy())
    assert (contacts.drop(ltv.index)["ltv_amount"] == 0).all()

    consent = wh("select * from raw_crm__consent_events where channel = 'email'")
    latest = consent.sort_values(["occurred_at", "consent_event_id"]).groupby("contact_id").last()
    granted = set(latest.index[latest["status"] == "granted"])
    assert set(contacts.index[contacts["has_email_consent"]]) == granted

    web = wh(
        "select user_pseudo_id, ga_session_id, user_id, event_at from raw_web__events where ga_session_id is not null"
    )
    sessions = web.groupby(["user_pseudo_id", "ga_session_id"]).agg(
        start=("event_at", "min"), contact=("user_id", "max")
    )
    recent = sessions[
        (sessions["start"] > as_of - pd.Timedelta(days=30)) & (sessions["start"] <= as_of)
    ]
    visits = recent.groupby("contact")["start"].count()
    assert (
        contacts.loc[visits.index, "site_visits_30d"].to_numpy().tolist()
        == visits.to_numpy().tolist()
    )
    assert (
        contacts[["rfm_recency_score", "rfm_frequency_score", "rfm_monetary_score"]]
        .isin(range(1, 6))
        .all()
        .all()
    )
    assert (contacts.loc[contacts["last_engaged_at"].isna(), "rfm_recency_score"] == 1).all()


def test_dim_contact_interests_unnest_the_crm_list(wh):
    import json

    raw = wh("select contact_id, interests from stg_crm__contacts")
    expected = {
        (r.contact_id, i.strip().lower())
        for r in raw.itertuples()
        if r.interests
        for i in json.loads(r.interests)
    }
    built = wh("select contact_id, interest from dim_contact_interests")
    assert set(zip(built["contact_id"], built["interest"], strict=True)) == expected


def test_cohorts_total_revenue_matches_enrollments(wh):
    cohorts = wh("select * from fct_enrollment_cohorts where cut_dimension = 'all'")
    assert cohorts["revenue_amount"].sum() == pytest.approx(_net_enrollments(wh)["net"].sum())
    for cut in ("first_touch_channel", "campaign_type"):
        by_cut = wh(
            f"select sum(cohort_learners) as n from fct_enrollment_cohorts where cut_dimension = '{cut}' and months_since_acquisition = 0"
        )
        assert (
            by_cut["n"].iloc[0]
            == cohorts.loc[cohorts["months_since_acquisition"] == 0, "cohort_learners"].sum()
        )


# --- incremental == full refresh ------------------------------------------------------------


def _frame(con, table: str, key: str) -> pd.DataFrame:
    frame = con.sql(f"select * from {table}").df()
    return frame.sort_values(key).reset_index(drop=True)


@pytest.mark.slow
def test_incremental_runs_adding_days_equal_a_full_refresh(marts_warehouse: Path, tmp_path: Path):
    """Build the incremental marts on the data up to a cut-off day, add the later days' raw rows,
    run incrementally, and compare with the full build of all days."""
    # same file name: the copied staging/intermediate views name the database after the file
    work = tmp_path / marts_warehouse.name
    shutil.copy(marts_warehouse, work)
    con = duckdb.connect(str(work))
    tables = [
        r[0]
        for r in con.sql(
            "select table_name from duckdb_tables() where schema_name = 'main' "
            "and table_name like 'raw%' and table_name <> 'raw_rejects'"
        ).fetchall()
    ]
    last = con.sql("select max(_partition_date) from raw_sendgrid__events").fetchall()[0][0]
    cutoff = last - dt.timedelta(days=5)
    for table in tables:
        con.sql(f"delete from {table} where _partition_date > date '{cutoff}'")
    con.close()

    # the incremental models and everything upstream of them (views, and the tables in between)
    run = {
        "target": "duckdb",
        "env": profile_env(warehouse_path=work),
        "select": " ".join(f"+{m}" for m in INCREMENTAL_MARTS),
        "exclude": "resource_type:test resource_type:unit_test",
        "target_path": tmp_path / "target",  # shared: the second run parses partially
    }
    dbt_build(full_refresh=True, **run)
    con = duckdb.connect(str(work))
    before = {m: con.sql(f"select count(*) from {m}").fetchall()[0][0] for m in INCREMENTAL_MARTS}
    con.close()
    # two daily-style runs: three days land, then the last two
    for since, until in (
        (cutoff, cutoff + dt.timedelta(days=3)),
        (cutoff + dt.timedelta(days=3), last),
    ):
        con = duckdb.connect(str(work))
        con.sql(f"attach '{marts_warehouse}' as full_build (read_only)")
        for table in tables:
            con.sql(
                f"insert into {table} select * from full_build.main.{table} "
                f"where _partition_date > date '{since}' and _partition_date <= date '{until}'"
            )
        con.close()
        dbt_build(**run)

    con = duckdb.connect(str(work), read_only=True)
    full = duckdb.connect(str(marts_warehouse), read_only=True)
    for mart, key in INCREMENTAL_MARTS.items():
        incremental, rebuilt = _frame(con, mart, key), _frame(full, mart, key)
        assert len(incremental) > before[mart], f"{mart}: the incremental run added no rows"
        pd.testing.assert_frame_equal(incremental, rebuilt, check_dtype=False)


def test_daily_activity_sums_the_activity_per_contact_type_day_and_dimension(wh):
    """fct_contact_activity_daily recomputed with pandas from fct_contact_activity."""
    activity = wh("select * from fct_contact_activity")
    activity["activity_date"] = activity["occurred_at"].dt.normalize()
    keys = ["contact_id", "activity_type", "activity_date", "channel", "course_category"]
    expected = (
        activity.groupby(keys, dropna=False)["occurred_at"]
        .agg(activity_count="size", first_occurred_at="min", last_occurred_at="max")
        .reset_index()
        .sort_values(keys)
        .reset_index(drop=True)
    )
    daily = wh("select * exclude (activity_day_id) from fct_contact_activity_daily")
    daily["activity_date"] = pd.to_datetime(daily["activity_date"])
    daily = daily.sort_values(keys).reset_index(drop=True)
    assert len(daily) > 0 and daily["activity_count"].max() > 1
    pd.testing.assert_frame_equal(daily[expected.columns], expected, check_dtype=False)


def test_window_counts_count_the_activity_before_the_as_of_midnight(wh):
    """fct_contact_activity_windows recomputed with pandas from fct_contact_activity."""
    from segments.catalog import WINDOW_DAYS

    activity = wh("select * from fct_contact_activity")
    as_of = activity["occurred_at"].max().normalize() + pd.Timedelta(days=1)
    windows = wh("select * from fct_contact_activity_windows")
    assert set(windows.columns) >= {f"n_{k}d" for k in WINDOW_DAYS}
    keys = ["contact_id", "activity_type"]
    grouped = activity.groupby(keys)["occurred_at"]
    expected = grouped.agg(
        activity_count="size", first_occurred_at="min", last_occurred_at="max"
    ).reset_index()
    for k in WINDOW_DAYS:
        recent = activity[activity["occurred_at"] >= as_of - pd.Timedelta(days=k)]
        counts = recent.groupby(keys).size().rename(f"n_{k}d").reset_index()
        expected = expected.merge(counts, on=keys, how="left").fillna({f"n_{k}d": 0})
    expected = expected.sort_values(keys).reset_index(drop=True)
    windows = windows.sort_values(keys).reset_index(drop=True)
    assert 0 < windows["n_30d"].sum() < windows["n_3650d"].sum()
    pd.testing.assert_frame_equal(windows[expected.columns], expected, check_dtype=False)


def test_campaign_spend_includes_budget_lines_and_roi_is_believable(wh):
    """Spend = message costs + ad spend + budget lines (creative, platform, agency), per campaign."""
    perf = wh(
        "select campaign_id, sum(spend_amount) as spend, sum(revenue_amount) as revenue, "
        "sum(case when channel = 'campaign_costs' then spend_amount else 0 end) as lines "
        "from fct_campaign_performance group by campaign_id"
    ).set_index("campaign_id")
    parts = [
        wh("select campaign_id, sum(cost_amount) as v from fct_sends group by 1"),
        wh("select campaign_id, sum(spend_amount) as v from stg_ads__spend group by 1"),
        wh(
            "select campaign_id, sum(cost_amount) as v from stg_marketing__cost_lines "
            "where campaign_id is not null group by 1"
        ),
    ]
    expected = pd.concat(parts).groupby("campaign_id")["v"].sum()
    assert perf["spend"].to_numpy() == pytest.approx(expected.reindex(perf.index).to_numpy())
    lines = parts[2].set_index("campaign_id")["v"]
    assert perf["lines"].reindex(lines.index).to_numpy() == pytest.approx(lines.to_numpy())
    roi = (perf["revenue"].sum() - perf["spend"].sum()) / perf["spend"].sum()
    per_campaign = (perf["revenue"] - perf["spend"]) / perf["spend"]
    print(f"\noverall ROI {roi:.2f}x; per campaign {per_campaign.describe().round(2).to_dict()}")
    # the bug this fixes: message costs alone made ROI read in the thousands (11,638x)
    assert -1.0 <= roi < 20.0
    assert per_campaign.max() < 100.0
