"""``enrollflow campaign``: the commands a marketer runs, against a real store and warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from enrollflow.cli import app
from tests.campaigns.conftest import EXAMPLES
from tests.journeys.conftest import World

DEMO = str(EXAMPLES / "spring_enrollment.yml")


@pytest.fixture
def env(tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse.duckdb"
    world = World(str(warehouse))
    world.add_contacts(1200)
    world.conn.close()
    monkeypatch.setenv("ENROLLFLOW_OPS_STORE_URL", f"sqlite:///{tmp_path / 'ops.sqlite'}")
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(warehouse))
    # a fresh install creates its ops store once, with `ops migrate`; nothing else creates it
    # typer wraps the message in a box as wide as the terminal: compare the words, not the lines
    assert "does not exist" in " ".join(run("list").output.replace("│", " ").split())
    assert CliRunner().invoke(app, ["ops", "migrate"]).exit_code == 0
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, ["campaign", *args])


def test_validate_ok_and_bad(tmp_path):
    assert run("validate", DEMO).exit_code == 0
    bad = tmp_path / "bad.yml"
    bad.write_text(Path(DEMO).read_text().replace("template: invite_email", "template: nope"))
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert "bad.yml" in result.output and "unknown template 'nope'" in result.output


def test_full_lifecycle_from_the_command_line(env):
    assert "version 1, status draft" in run("apply", DEMO, "--by", "maria").output
    refused = run("launch", "spring_data_enrollment", "--by", "maria")
    assert refused.exit_code == 1 and "1200 contacts (> 1000)" in refused.output
    no_role = run("approve", "spring_data_enrollment", "--by", "maria")
    assert no_role.exit_code == 1 and "needs the approver role" in no_role.output
    from delivery.campaigns.lifecycle import grant_role
    from delivery.store import open_store

    store = open_store(f"sqlite:///{env / 'ops.sqlite'}", create=True)
    grant_role(
        store,
        "olga",
        "approver",
        email="olga@x.edu",
        actor="admin",
        now=__import__("datetime").datetime(2026, 3, 1),
    )
    store.dispose()
    assert "approved" in run("approve", "spring_data_enrollment", "--by", "olga").output
    # lifecycle actions happen now: --now (back-dating the audit log) is not an option
    backdated = run("launch", "spring_data_enrollment", "--by", "maria", "--now", "2026-03-01")
    assert backdated.exit_code == 2 and "No such option" in backdated.output
    # over 1,000 contacts the content must be approved too: the same rule as the studio
    refused = run("launch", "spring_data_enrollment", "--by", "maria")
    assert refused.exit_code == 1 and "invite_email, reminder_sms is not" in refused.output
    content = CliRunner().invoke(
        app, ["content", "review-campaign", "spring_data_enrollment", "--by", "maria"]
    )
    assert content.exit_code == 0 and content.output.count("in_review") == 2, content.output
    own = CliRunner().invoke(
        app, ["content", "approve", "spring_data_enrollment__invite_email", "--by", "maria"]
    )
    assert own.exit_code == 1 and "needs the approver role" in own.output
    for item in ("spring_data_enrollment__invite_email", "spring_data_enrollment__reminder_sms"):
        done = CliRunner().invoke(app, ["content", "approve", item, "--by", "olga"])
        assert done.exit_code == 0 and "approved" in done.output, done.output
    assert "running" in run("launch", "spring_data_enrollment", "--by", "maria").output
    assert "paused" in run("pause", "spring_data_enrollment", "--by", "maria").output
    assert "running" in run("resume", "spring_data_enrollment", "--by", "maria").output
    listed = run("list").output
    assert "spring_data_enrollment" in listed and "running" in listed and "1200" in listed
    shown = run("show", "spring_data_enrollment").output
    for action in (
        "campaign.apply",
        "campaign.approve",
        "campaign.launch",
        "campaign.pause",
        "campaign.resume",
    ):
        assert action in shown
    ticked = run("tick", "spring_data_enrollment", "--now", "2026-03-02T09:00")
    assert ticked.exit_code == 0 and '"admitted": 1200' in ticked.output
    # every audit entry carries the server's time, even the simulated tick's (as_of in detail)
    import datetime as dt

    import sqlalchemy as sa

    from delivery.store.schema import audit_log

    store = open_store(f"sqlite:///{env / 'ops.sqlite'}")
    with store.engine.connect() as conn:
        entries = conn.execute(sa.select(audit_log.c.at, audit_log.c.detail)).all()
    store.dispose()
    wall = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert entries and all(abs(at - wall) < dt.timedelta(minutes=10) for at, _ in entries)
    assert run("graph", "spring_data_enrollment").output.startswith("flowchart TD")


def test_unknown_campaign_is_a_clear_error(env):
    result = run("show", "nope")
    assert result.exit_code == 1 and "apply its file first" in result.output
