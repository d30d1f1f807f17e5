"""Recommendations carry their evidence, name what they rest on, and never use an unpromoted model
silently; lookalikes are per campaign seed; the best-practice check of a draft."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from delivery.campaigns.models import Campaign
from delivery.campaigns.validation import load_campaign_file
from reports import data, fmt
from reports.best_practice import check_draft, required_per_variant
from reports.period import parse_period
from reports.recommendations import (
    _readable,
    budget,
    content_ranking,
    lookalike_audiences,
    send_time,
)
from reports.sections.context import ReportContext
from tests.reports.conftest import NOW, register

EXAMPLE = "delivery/campaigns/examples/spring_enrollment.yml"


def _ctx(con) -> ReportContext:
    return ReportContext.open(con, parse_period("2026-01-01..2026-02-14", NOW), NOW)


def test_budget_falls_back_to_observed_roi_and_says_why(con) -> None:
    register(con, "budget_response_curves", promoted=False)
    ctx = _ctx(con)
    rec = budget(ctx)
    assert "NOT promoted" in rec.basis
    by = data.performance(con, ctx.period, by="channel")
    by = by[(by["spend_amount"] > 0) & (by["channel"] != "campaign_costs")]
    roi = (by["revenue_amount"] - by["spend_amount"]) / by["spend_amount"]
    low = by.loc[roi.idxmin()]
    assert f"({fmt.money(low.spend_amount * 0.1, 'USD')})" in rec.action  # 10 % of the weakest
    assert "Creative" not in rec.action  # budget lines are not a channel
    assert rec.evidence and rec.expected_effect


def test_budget_uses_the_promoted_model_with_its_interval(con) -> None:
    register(con, "budget_response_curves", promoted=True)
    cid = con.execute("select min(campaign_id) from fct_campaign_performance").fetchone()[0]
    con.execute(
        "create table budget_recommendations as select * from (values "
        "(?, 'email', 10.0, 2.5, 12.0, 40.0, 180.0, 8.0), (?, 'paid_social', -10.0, -1.5, 12.0, 40.0, 180.0, 1.2)) "
        "t(campaign_id, channel, change_amount, expected_revenue_gain_amount, gain_p10_amount, gain_p90_amount, x, marginal_roi)",
        [cid, cid],
    )
    rec = budget(_ctx(con))
    assert "promoted" in rec.basis and "NOT" not in rec.basis
    assert "from Paid social to Email" in rec.action and "$10.00" in rec.action
    assert "80 % interval $12.00 to $40.00" in rec.expected_effect


def test_send_time_from_the_model_only_when_promoted(con) -> None:
    fallback = send_time(_ctx(con))
    assert "not trained" in fallback.basis
    hour = con.execute(
        "select extract('hour' from event_at) h from fct_message_events where event_type in ('open','click') "
        "and not coalesce(is_machine_open, false) group by 1 order by count(*) desc limit 1"
    ).fetchone()[0]
    assert f"{int(hour):02d}:00 UTC" in fallback.action
    register(con, "send_time_eb", promoted=True, score=0.28, baseline=0.04)
    con.execute(
        "create table send_time_recommendations as select contact_id, 19 as best_local_hour from dim_contacts"
    )
    rec = send_time(_ctx(con))
    assert "19:00" in rec.action and "28%" in rec.evidence and "4%" in rec.evidence
    register(con, "send_time_eb", promoted=False, score=0.28, baseline=0.04)
    con.execute("delete from ml_model_registry where model_name = 'send_time_eb' and is_promoted")
    assert "NOT promoted" in send_time(_ctx(con)).basis


def test_content_ranking_intervals(con) -> None:
    rec, table = content_ranking(_ctx(con), limit=10)
    assert rec is not None and table.rows
    counts = con.execute(
        """
        with v as (select unnest(from_json(variants, '[{"variant_id":"VARCHAR","subject":"VARCHAR"}]'), recursive := true)
                   from stg_marketing__campaigns)
        select v.subject, count(*), count(*) filter (where clicked_at is not null)
        from fct_sends s join v using (variant_id) where s.channel = 'email' and s.is_delivered group by 1
        """
    ).fetchall()
    by_subject = {_readable(s): (n, c) for s, n, c in counts}
    lows, compared = [], 0
    for subject, _format, rate_text, delivered in table.rows:
        n, c = by_subject.get(subject, (None, None))
        if n is None:
            continue  # same subject used with several formats: counted per format
        low, high = proportion_confint(c, n, alpha=0.05, method="wilson")
        if int(delivered.replace(",", "")) == n:
            assert f"{c / n:.1%} ({low:.1%}–{high:.1%})" == rate_text
            compared += 1
        lows.append(float(rate_text.split("(")[1].split("–")[0].rstrip("%")))
    assert compared, "at least one subject used with a single format is checked against statsmodels"
    assert lows == sorted(lows, reverse=True)  # ranked by the lower end of the interval
    assert "{{" not in str(table.rows) and "{{" not in rec.action  # merge tags shown readably
    assert "95 % interval" in rec.evidence


def _plant_converters(con, campaign_id: str, where: str) -> list[str]:
    ids = [
        r[0] for r in con.execute(f"select contact_id from dim_contacts where {where}").fetchall()
    ]
    con.execute(
        "insert into fct_sends by name select 'planted-' || contact_id || ? as message_id, ? as campaign_id, "
        "'email' as channel, contact_id, timestamp '2026-02-01' as sent_at, 1 as conversions "
        "from dim_contacts where contact_id in (select unnest(?))",
        [campaign_id, campaign_id, ids],
    )
    return ids


def test_lookalikes_are_per_campaign_seed(con) -> None:
    latin = _plant_converters(con, "cmp_0014", "country in ('BR', 'MX', 'ES')")
    senior = _plant_converters(con, "cmp_0010", "age_band = '55+'")
    audiences = {a.campaign_id: a for a in lookalike_audiences(_ctx(con), size=40)}
    assert set(audiences) >= {"cmp_0014", "cmp_0010"}
    a, b = audiences["cmp_0014"], audiences["cmp_0010"]
    assert a.seed_size == len(latin) and b.seed_size == len(senior)
    assert not set(a.contact_ids) & set(latin) and not set(b.contact_ids) & set(
        senior
    )  # seeds left out
    assert len(set(a.contact_ids) & set(b.contact_ids)) < 0.5 * len(
        a.contact_ids
    )  # different audiences
    contacts = (
        con.execute("select contact_id, locale from dim_contacts").df().set_index("contact_id")
    )
    share = contacts.loc[a.contact_ids, "locale"].isin(["es", "pt"]).mean()
    base = contacts.drop(latin)["locale"].isin(["es", "pt"]).mean()
    assert share > base  # the planted seed's look (Spanish/Portuguese speakers) is what expands
    assert a.auc > 0.55


@pytest.fixture
def draft() -> Campaign:
    return load_campaign_file(EXAMPLE)


def _with(campaign: Campaign, **changes) -> Campaign:
    raw = copy.deepcopy(campaign.model_dump(mode="json", by_alias=True, exclude_none=True))
    for path, value in changes.items():
        node = raw
        *parents, leaf = path.split("__")
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        node[int(leaf) if leaf.isdigit() else leaf] = value
    return Campaign.model_validate(raw)


def test_a_good_draft_has_no_findings(draft) -> None:
    good = _with(
        draft,
        content__0__locales__en__body="<p>Hi</p><a href='{{ unsubscribe_url }}'>Unsubscribe</a>",
        content__0__locales__es__body="<p>Hola</p><a href='{{ unsubscribe_url }}'>Unsubscribe</a>",
    )
    assert check_draft(good, audience_size=100_000) == []


def test_each_best_practice_finding(draft) -> None:
    codes = lambda c, **kw: sorted({f.code for f in check_draft(c, **kw)})  # noqa: E731
    assert "missing_unsubscribe" in codes(draft)
    sms = _with(draft, content__1__locales__en__body="Hi {{ first_name }}, apply by Friday.")
    assert any("SMS reminder_sms (en)" in f.message for f in check_draft(sms))
    long = _with(
        draft,
        content__0__variants__B__en__subject="{{ first_name }}, only three seats are left in the April data analytics cohort",
    )
    (finding,) = [f for f in check_draft(long) if f.code == "subject_too_long"]
    assert "variant B" in finding.message
    night = _with(draft, workflow__nodes__0__trigger__local_time="23:30")
    assert "send_at_night" in codes(night)
    no_holdout = _with(draft, workflow__nodes__1__holdout=0.0)
    assert "no_holdout" in codes(no_holdout) and "no_holdout" not in codes(draft)
    need = required_per_variant(0.03, 0.2)
    assert "ab_underpowered" in codes(draft, audience_size=need)  # 90 % after holdout, halved
    assert "ab_underpowered" not in codes(draft, audience_size=int(need * 2 / 0.9) + 2)
    other = _with(draft, campaign_id="autumn_data", name="Autumn data push")
    (overlap,) = [f for f in check_draft(draft, running=[other]) if f.code == "audience_overlap"]
    assert "Autumn data push" in overlap.message
    members = {s: {"c1", "c2", "c3"} for s in draft.audience.segments}
    (measured,) = [
        f
        for f in check_draft(draft, running=[other], segment_members=members)
        if f.code == "audience_overlap"
    ]
    assert "3 of its 3 contacts (100%)" in measured.message


def test_power_matches_statsmodels() -> None:
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    n = NormalIndPower().solve_power(proportion_effectsize(0.036, 0.03), alpha=0.05, power=0.8)
    assert required_per_variant(0.03, 0.2) == pytest.approx(n, abs=1)
    assert pd.notna(n)


def test_draft_checked_against_the_running_campaigns_and_current_members(con, tmp_path) -> None:
    from delivery.store import open_store
    from reports.drafts import check_in_context
    from tests.campaigns.conftest import _DEMO
    from tests.journeys.conftest import launch

    draft = load_campaign_file(EXAMPLE)
    other = copy.deepcopy(_DEMO)
    other.update(campaign_id="autumn_data", name="Autumn data push")
    other["audience"] = {"segments": ["course_browsers_no_application_7d"]}
    ids = [
        r[0]
        for r in con.execute("select contact_id from dim_contacts order by 1 limit 60").fetchall()
    ]
    members = pd.DataFrame(
        {
            "segment_name": ["new_leads_no_application_14d"] * 40
            + ["course_browsers_no_application_7d"] * 30,
            "contact_id": ids[:40] + ids[30:60],  # 10 contacts in both
            "valid_from": pd.Timestamp("2026-02-01"),
            "valid_to": pd.NaT,
        }
    )
    con.register("members_frame", members)
    con.execute("create table segment_memberships as select * from members_frame")
    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)
    try:
        launch(store, other, audience_size=200)
        findings = {f.code: f for f in check_in_context(draft, con, store, NOW)}
    finally:
        store.dispose()
    # the draft reaches new leads + course browsers (60 contacts); 30 of them are in the running one
    assert "30 of its 60 contacts (50%)" in findings["audience_overlap"].message
    assert "Autumn data push" in findings["audience_overlap"].message
    assert "about 27 contacts" in findings["ab_underpowered"].message  # 60 x 0.9 / 2
