"""Nothing stranded: faults injected at each stage, then only what production does on its own.

Each test drives the ``campaign_scheduler`` and ``delivery_dispatcher`` sensors through Dagster
on a real instance and executes the step runs they ask for (``tests/orchestration/send_path``),
on SQLite and the real Postgres. The only human actions are the operator commands the design
names for a state (``ops resume``, ``ops decide``, ``campaign resume``).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools

import dagster as dg
import pytest
from typer.testing import CliRunner

from delivery import breaker
from delivery.campaigns import lifecycle
from delivery.dispatch import FAULT_POINTS
from delivery.journeys import render as render_module
from delivery.reconcile import awaiting_decision
from enrollflow.cli import app
from orchestration.defs.delivery import jobs
from orchestration.defs.delivery.providers import SmtpEmailResource
from tests.fakes.smtp import FakeSmtp
from tests.journeys.conftest import _DEMO, World, launch
from tests.orchestration.send_path import Production, ledger, outbox_counts, sandbox_resources

LONDON_9AM = dt.datetime(2026, 3, 2, 9, 0)
SMS_DUE = LONDON_9AM + dt.timedelta(hours=48)
CID = "spring_data_enrollment"


@pytest.fixture
def env(store, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    world = World(str(warehouse))
    world.add_contacts(100, timezone="Europe/London")
    world.conn.close()
    launch(store, copy.deepcopy(_DEMO), audience_size=100)
    outbox = tmp_path / "outbox"
    return {
        "store": store,
        "outbox": outbox,
        "warehouse": warehouse,
        "resources": sandbox_resources(store.url, warehouse, outbox),
    }


@pytest.fixture
def prod(env, monkeypatch):
    with dg.instance_for_test() as instance:
        yield Production(instance, env["resources"], monkeypatch)


def _sent_once(env, channel: str) -> None:
    rows = ledger(env["store"])
    rows = rows[rows["channel"] == channel]
    assert len(rows) > 0 and set(rows["state"]) == {"submitted"}, rows["state"].value_counts()
    counts = outbox_counts(env["outbox"])
    assert {lid: counts[lid] for lid in rows["ledger_id"]} == {lid: 1 for lid in rows["ledger_id"]}


def _fail_once(monkeypatch, target, name: str, error: Exception) -> None:
    real = getattr(target, name)
    calls = {"n": 0}

    @functools.wraps(real)
    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)


def test_last_send_step_after_a_stop_and_ops_resume_is_sent(env, prod):
    prod.settle(LONDON_9AM)
    _sent_once(env, "email")
    # the SMS provider's credentials are refused: dispatch stops it (what AuthenticationFailed does)
    breaker.stop(env["store"], "sandbox:sms", now=SMS_DUE, reason="401: credentials rejected")
    prod.settle(SMS_DUE)
    rows = ledger(env["store"])
    sms = rows[rows["channel"] == "sms"]
    assert len(sms) > 0 and set(sms["state"]) == {"pending"}
    assert not list((env["outbox"] / "sms").glob("*.json"))
    # the journeys are all done, but the campaign is not completed with messages in flight
    later = SMS_DUE + dt.timedelta(days=2)
    prod.settle(later)
    assert lifecycle.get_campaign(env["store"], CID).status == "running"
    assert prod.tick(later) == []  # nothing asked while the provider is stopped
    # the operator fixes the credentials and resumes the provider: production sends the rest
    resumed = CliRunner().invoke(
        app, ["ops", "resume", "sandbox:sms", "--by", "ops@academy", "--store", env["store"].url]
    )
    assert resumed.exit_code == 0, resumed.output
    prod.settle(later + dt.timedelta(minutes=1))
    _sent_once(env, "sms")
    prod.settle(later + dt.timedelta(minutes=2))
    assert lifecycle.get_campaign(env["store"], CID).status == "completed"


def test_provider_hold_then_its_retry_time_sends_without_anyone(env, prod):
    breaker.record_failure(
        env["store"],
        "sandbox:email",
        now=LONDON_9AM,
        reason="503 from the provider",
        cooldown=dt.timedelta(minutes=30),
    )
    prod.settle(LONDON_9AM)
    assert set(ledger(env["store"])["state"]) == {"pending"}
    assert prod.tick(LONDON_9AM + dt.timedelta(minutes=10)) == []  # still held
    prod.settle(LONDON_9AM + dt.timedelta(minutes=31))  # the hold expired: the probe goes
    _sent_once(env, "email")


def test_pause_and_resume_releases_what_was_left_pending(env, prod, monkeypatch):
    real = render_module.dispatch_campaign

    def marketer_pauses_first(ops, *args, **kwargs):
        lifecycle.pause(ops, CID, actor="maria", now=LONDON_9AM)
        monkeypatch.setattr(jobs, "dispatch_campaign", real)
        return real(ops, *args, **kwargs)

    monkeypatch.setattr(jobs, "dispatch_campaign", marketer_pauses_first)
    prod.settle(LONDON_9AM)
    assert set(ledger(env["store"])["state"]) == {"pending"}
    lifecycle.resume(env["store"], CID, actor="maria", now=LONDON_9AM)
    prod.settle(LONDON_9AM + dt.timedelta(minutes=1))
    _sent_once(env, "email")


def test_a_failed_run_is_retried_with_backoff(env, prod, monkeypatch):
    _fail_once(monkeypatch, jobs, "advance_campaign", RuntimeError("warehouse briefly locked"))
    [failed] = prod.tick(LONDON_9AM)
    assert not failed.success
    assert prod.tick(LONDON_9AM) == []  # backing off: the failure is not retried at once
    prod.wall_offset += 61  # the first backoff (1 min) has passed
    [retried] = prod.tick(LONDON_9AM)
    assert retried.success and retried.dagster_run.tags["enrollflow/attempt"] == "2"
    assert retried.dagster_run.tags["dagster/run_key"].endswith("#2")
    prod.settle(LONDON_9AM)
    _sent_once(env, "email")


@pytest.mark.parametrize("point", FAULT_POINTS)
def test_a_run_killed_at_each_stage_is_recovered_by_production(env, prod, monkeypatch, point):
    """The dispatch dies at ``point``; the sensors (lease expiry, reconciliation, retries)
    bring every message to exactly one send."""
    real = render_module.dispatch_campaign
    hits = {"n": 0}

    def crash(name: str) -> None:
        if name == point:
            hits["n"] += 1
            if hits["n"] == 1:
                raise SystemError(f"killed at {name}")

    monkeypatch.setattr(jobs, "dispatch_campaign", functools.partial(real, fault=crash))
    prod.tick(LONDON_9AM)
    assert hits["n"] >= 1
    monkeypatch.setattr(jobs, "dispatch_campaign", real)
    for minutes in (3, 10, 70, 130):  # leases expire, then the 1 h not-found grace passes
        prod.wall_offset += 3600
        prod.settle(LONDON_9AM + dt.timedelta(minutes=minutes))
    _sent_once(env, "email")


def test_smtp_unknowns_go_to_the_decision_queue_and_ops_decide_resolves_them(
    env, prod, monkeypatch, tmp_path
):
    with FakeSmtp(tmp_path) as server:
        prod.resources["email"] = SmtpEmailResource(
            host="127.0.0.1",
            port=server.port,
            username=server.user,
            password=server.password,
            ca_file=str(server.cert),
        )
        real = render_module.dispatch_campaign

        def crash(name: str) -> None:
            if name == "after_mark_sending":
                raise SystemError("killed after marking the batch sending")

        monkeypatch.setattr(jobs, "dispatch_campaign", functools.partial(real, fault=crash))
        prod.tick(LONDON_9AM)
        monkeypatch.setattr(jobs, "dispatch_campaign", real)
        prod.wall_offset += 3600
        prod.settle(LONDON_9AM + dt.timedelta(minutes=5))
        queue = awaiting_decision(env["store"])
        emails = ledger(env["store"])
        unknown = set(emails.loc[emails["state"] == "unknown", "ledger_id"])
        assert set(queue) == unknown and len(unknown) == 50  # the killed batch: none silent
        # the rest of the campaign was sent by production meanwhile
        assert set(emails["state"]) == {"unknown", "submitted"}
        runner = CliRunner()
        url = env["store"].url
        shown = runner.invoke(app, ["ops", "status", "--store", url], env={"COLUMNS": "250"})
        assert "decision queue" in shown.output and "ops decide" in shown.output
        ids = sorted(queue)
        resend, abandon = ids[: len(ids) // 2], ids[len(ids) // 2 :]
        for decision, chosen in (("resend", resend), ("abandon", abandon)):
            r = runner.invoke(
                app, ["ops", "decide", decision, *chosen, "--by", "ops@academy", "--store", url]
            )
            assert r.exit_code == 0, r.output
        prod.wall_offset += 3600
        prod.settle(LONDON_9AM + dt.timedelta(minutes=10))
        rows = ledger(env["store"]).set_index("ledger_id")
        assert set(rows.loc[resend, "state"]) == {"submitted"}
        assert set(rows.loc[abandon, "state"]) == {"failed"}
        sent = set(rows.index[rows["state"] == "submitted"])
        assert server.counts() == {lid: 1 for lid in sent} and set(resend) <= sent
        assert awaiting_decision(env["store"]) == {}
        refused = runner.invoke(
            app, ["ops", "decide", "resend", abandon[0], "--by", "ops", "--store", url]
        )
        assert refused.exit_code != 0 and "not waiting for a decision" in refused.output
