"""Alert rules at their thresholds, de-duplication across ticks with resolution, and delivery by
email (through the ledger, once) and to a Slack-format webhook on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd
import pytest
from scipy import stats

from delivery import breaker
from delivery.providers.sandbox import SandboxProvider, outbox_records
from delivery.store import open_store
from reports.alerts import rules
from reports.alerts.notify import EmailNotifier, SlackWebhookNotifier, slack_payload
from reports.alerts.run import run_alerts
from reports.alerts.state import Notice
from reports.mail import Sender
from tests.fakes.http import Fault
from tests.reports.conftest import NOW, register
from tests.reports.webhook import FakeSlackWebhook


def _deliverability(con, sent: int, bounced: int, delivered: int, complaints: int) -> None:
    con.execute("delete from fct_deliverability")
    con.execute(
        "insert into fct_deliverability (sending_domain, recipient_domain, send_date, messages_sent, "
        "messages_delivered, messages_bounced, messages_dropped, messages_deferred, complaints) "
        "values ('mail.example.edu', 'gmail.com', ?, ?, ?, ?, 0, 0, ?)",
        [NOW.date() - dt.timedelta(days=2), sent, delivered, bounced, complaints],
    )


@pytest.mark.parametrize(
    ("bounced", "complaints", "expected"),
    [
        (20, 1, set()),  # exactly 2 % bounces and 0.1 % complaints: at the limit, not over it
        (21, 1, {"bounce_rate"}),
        (20, 2, {"complaint_rate"}),
        (25, 3, {"bounce_rate", "complaint_rate"}),
    ],
)
def test_deliverability_thresholds(con, bounced, complaints, expected) -> None:
    _deliverability(con, sent=1000, bounced=bounced, delivered=1000, complaints=complaints)
    found = {a.rule for a in rules.deliverability(con, NOW, rules.Thresholds())}
    assert found == expected


def test_too_few_emails_do_not_alert(con) -> None:
    _deliverability(con, sent=50, bounced=10, delivered=40, complaints=5)
    assert rules.deliverability(con, NOW, rules.Thresholds()) == []


def _dim_campaigns(con, **targets: float) -> None:
    """A dim_campaigns table (preferred over staging) with the given conversion-rate targets."""
    con.execute(
        "create table if not exists dim_campaigns as select * from stg_marketing__campaigns"
    )
    for cid, target in targets.items():
        con.execute(
            "update dim_campaigns set target_conversion_rate = ? where campaign_id = ?",
            [target, cid],
        )


def test_underperforming_against_the_campaigns_own_target(con) -> None:
    window = con.execute(
        """
        select campaign_id, sum(conversions) / (sum(deliveries) + sum(unique_clicks) - sum(case when channel in ('email','sms') then unique_clicks else 0 end))
        from fct_campaign_performance where performance_date >= ? group by 1
        having sum(deliveries) >= 100 order by 1 limit 1
        """,
        [NOW.date() - dt.timedelta(days=7)],
    ).fetchone()
    assert window, "a campaign delivered 100+ messages in the tiny business's last week"
    cid, rate = window
    t = rules.Thresholds(min_reached=100)
    _dim_campaigns(con, **{cid: rate + 0.01})
    found = [a for a in rules.underperforming(con, NOW, t) if a.rule == "underperforming"]
    name = con.execute(
        "select campaign_name from dim_campaigns where campaign_id = ?", [cid]
    ).fetchone()[0]
    assert [a.subject for a in found if a.subject == name] == [name]
    assert f"{rate * 100:.2f} %" in next(a.message for a in found if a.subject == name)
    con.execute(
        "update dim_campaigns set target_conversion_rate = ? where campaign_id = ?", [rate, cid]
    )  # met exactly: not below
    assert name not in {a.subject for a in rules.underperforming(con, NOW, t)}
    assert name not in {
        a.subject for a in rules.underperforming(con, NOW, rules.Thresholds())
    }  # too few


def test_budget_exhausted_and_running_out(con) -> None:
    latest = con.execute(
        "select campaign_id, max(pacing_date) from fct_budget_pacing group by 1 order by 2 desc limit 2"
    ).fetchall()
    (a, day_a), (b, day_b) = latest
    con.execute(
        "update fct_budget_pacing set is_budget_exhausted = true where campaign_id = ? and pacing_date = ?",
        [a, day_a],
    )
    con.execute(
        "update fct_budget_pacing set is_budget_exhausted = false, projected_exhaustion_date = ? "
        "where campaign_id = ? and pacing_date = ?",
        [NOW.date() + dt.timedelta(days=2), b, day_b],
    )
    found = {(x.rule, x.subject) for x in rules.budget(con, NOW, rules.Thresholds())}
    names = {
        cid: n
        for cid, n in con.execute(
            "select campaign_id, campaign_name from stg_marketing__campaigns"
        ).fetchall()
    }
    assert ("budget_exhausted", names[a]) in found
    assert ("budget_running_out", names[b]) in found
    con.execute(
        "update fct_budget_pacing set projected_exhaustion_date = ? where campaign_id = ?",
        [NOW.date() + dt.timedelta(days=4), b],
    )
    assert ("budget_running_out", names[b]) not in {
        (x.rule, x.subject) for x in rules.budget(con, NOW, rules.Thresholds())
    }


def _srm_warehouse(a: int, b: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "create table stg_marketing__campaigns as select 'cmp_1' as campaign_id, 'Spring test' as campaign_name, "
        "100.0 as budget_amount, 'EUR' as currency_code, 0.02 as target_conversion_rate, 50.0 as target_cpa_amount, "
        "timestamp '2026-01-01' as start_at, timestamp '2026-03-01' as end_at, "
        '\'[{"variant_id":"cmp_1-A","weight":0.5},{"variant_id":"cmp_1-B","weight":0.5}]\' as variants'
    )
    con.execute(
        "create table fct_sends as select 'cmp_1' as campaign_id, "
        "case when i < ? then 'cmp_1-A' else 'cmp_1-B' end as variant_id, 'email' as channel, "
        "'c' || i as contact_id from range(?) t(i)",
        [a, a + b],
    )
    return con


def test_sample_ratio_mismatch_matches_the_chi_square_test() -> None:
    assert rules.sample_ratio(_srm_warehouse(520, 480), NOW, rules.Thresholds()) == []
    (alert,) = rules.sample_ratio(_srm_warehouse(560, 440), NOW, rules.Thresholds())
    p = stats.chisquare([560, 440], [500, 500]).pvalue
    assert p < 0.001 and f"p = {p:.1g}" in alert.message
    assert alert.subject == "Spring test" and "A: 560, B: 440" in alert.message


def test_provider_held_and_stopped_from_the_ops_store(tmp_path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)
    try:
        breaker.record_failure(
            store, "sendgrid:default", now=NOW, reason="HTTP 503", cooldown=dt.timedelta(minutes=5)
        )
        breaker.stop(store, "twilio:default", now=NOW, reason="HTTP 401 bad credentials")
        breaker.record_success(store, "smtp:default", now=NOW)
        states = [
            rules.ProviderState(h.provider, h.status, h.reason, h.retry_at)
            for h in breaker.status(store)
        ]
    finally:
        store.dispose()
    found = {(a.rule, a.subject) for a in rules.providers(states)}
    assert found == {("provider_held", "sendgrid:default"), ("provider_stopped", "twilio:default")}


def test_models_not_promoted(con) -> None:
    register(con, "budget_response_curves", promoted=False)
    register(con, "send_time_eb", promoted=True)
    assert [(a.rule, a.subject) for a in rules.models(con)] == [
        ("model_not_promoted", "budget reallocation")
    ]


class Recorder:
    name = "recorder"

    def __init__(self) -> None:
        self.batches: list[list[Notice]] = []

    def deliver(self, notices, now) -> None:
        self.batches.append(list(notices))


def test_an_alert_opens_once_and_resolves_once(con) -> None:
    rec = Recorder()
    _deliverability(con, sent=1000, bounced=40, delivered=1000, complaints=0)
    first = run_alerts(con, NOW, notifiers=[rec])
    second = run_alerts(con, NOW + dt.timedelta(hours=1), notifiers=[rec])
    assert (first.opened, second.opened) == (1, 0)
    assert [[n.kind for n in b] for b in rec.batches] == [["opened"]]  # not repeated on tick 2
    _deliverability(con, sent=1000, bounced=5, delivered=1000, complaints=0)
    third = run_alerts(con, NOW + dt.timedelta(hours=2), notifiers=[rec])
    assert third.resolved == 1 and [n.kind for n in rec.batches[-1]] == ["resolved"]
    _deliverability(con, sent=1000, bounced=40, delivered=1000, complaints=0)
    run_alerts(con, NOW + dt.timedelta(hours=3), notifiers=[rec])
    table = con.execute(
        "select occurrence, status, resolved_at from alerts where rule = 'bounce_rate' order by 1"
    ).df()
    assert list(table["occurrence"]) == [1, 2] and list(table["status"]) == ["resolved", "open"]
    assert table["resolved_at"].iloc[0] == pd.Timestamp(NOW + dt.timedelta(hours=2))


def test_webhook_payload_and_retry_after_a_failure(con) -> None:
    _deliverability(con, sent=1000, bounced=40, delivered=1000, complaints=3)
    with FakeSlackWebhook() as hook:
        hook.inject(Fault("status", status=500))
        failed = run_alerts(con, NOW, notifiers=[SlackWebhookNotifier(hook.hook_url)])
        assert failed.failures and not hook.payloads
        retried = run_alerts(
            con, NOW + dt.timedelta(hours=1), notifiers=[SlackWebhookNotifier(hook.hook_url)]
        )
        again = run_alerts(
            con, NOW + dt.timedelta(hours=2), notifiers=[SlackWebhookNotifier(hook.hook_url)]
        )
    assert not retried.failures and not again.failures
    (payload,) = hook.payloads  # delivered on the retry, then never again
    assert "bounce rate" in payload["text"] and "complaint rate" in payload["text"]
    assert len(payload["blocks"]) == 2 and "4.0 %" in json.dumps(payload)


def test_slack_payload_shape() -> None:
    notice = Notice("al1", 1, "resolved", "bounce_rate", "email", "critical", "4.0 % bounced")
    payload = slack_payload([notice])
    assert payload["text"].startswith("EnrollFlow alerts: [Resolved]")
    assert payload["blocks"][0]["text"]["text"].startswith(":white_check_mark:")


def test_alert_emails_go_once_through_the_ledger(con, tmp_path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)
    outbox = tmp_path / "outbox"
    try:
        email = EmailNotifier(
            store, SandboxProvider(outbox), ["ops@example.edu", "lead@example.edu"], Sender()
        )
        _deliverability(con, sent=1000, bounced=40, delivered=1000, complaints=0)
        run_alerts(con, NOW, notifiers=[email])
        # a crash after sending and before the table was written: the next tick delivers again
        con.execute("update alerts set opened_notified_at = null")
        run_alerts(con, NOW + dt.timedelta(hours=1), notifiers=[email])
    finally:
        store.dispose()
    sent = list(outbox_records(outbox))
    assert sorted(m["to"] for m in sent) == ["lead@example.edu", "ops@example.edu"]
    assert all(m["subject"].startswith("[Critical] bounce rate") for m in sent)
