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


def test_audience_sizes_come_from_the_snapshot_while_the_pipeline_writes(env):
    """A job holding the warehouse for writing neither blocks nor is blocked by sizing a
    campaign's audience: launch, approve and validate read the published snapshot."""
    import os
    import subprocess
    import sys

    from enrollflow.snapshot import publish_snapshot

    warehouse = env / "warehouse.duckdb"
    world = World(str(warehouse))  # the pipeline's writing connection
    world.count = 1200
    world.conn.execute(  # past emails: 5 of 100 delivered were clicked (the power's base rate)
        "CREATE TABLE fct_sends AS SELECT 'email' AS channel, true AS is_delivered, "
        "CASE WHEN i < 5 THEN TIMESTAMP '2026-05-01' END AS clicked_at FROM range(100) t(i)"
    )
    publish_snapshot(world.conn, warehouse, now=None)  # 1,200 contacts in the segment
    world.add_contacts(300)  # the warehouse moves on; the job still holds it
    assert run("apply", DEMO, "--by", "maria").exit_code == 0

    def console(*args: str) -> subprocess.CompletedProcess:
        # another process, as the marketer's shell is (DuckDB locks the file per process)
        return subprocess.run(
            [sys.executable, "-m", "enrollflow.cli", "campaign", *args],
            capture_output=True, text=True, timeout=120, env={**os.environ},
        )  # fmt: skip

    try:
        launched = console("launch", "spring_data_enrollment", "--by", "maria")
        assert launched.returncode == 1, launched.stderr
        assert "1200 contacts (> 1000)" in " ".join(launched.stdout.split())
        validated = console("validate", DEMO)
        assert validated.returncode == 0, validated.stderr
        # 1,200 less the 10 % holdout over 2 arms, at the snapshot's 5 % click rate
        assert "power: 540 contacts per arm (2 arms, 10% holdout); at a 5.0% base" in " ".join(
            validated.stdout.split()
        )
    finally:
        world.conn.close()
    # the pipeline is done and publishes again: the next sizing sees its 1,500 contacts
    world = World(str(warehouse))
    publish_snapshot(world.conn, warehouse, now=None)
    world.conn.close()
    again = console("launch", "spring_data_enrollment", "--by", "maria")
    assert "1500 contacts (> 1000)" in " ".join(again.stdout.split())


def test_audience_count_is_the_engines_audience(tmp_path):
    """The CLI's SQL count (no pandas) and the engine's audience agree, exclusions included; a
    warehouse without segments is a clear error."""
    import datetime as dt

    from delivery.journeys.audience import SourceError, audience_count
    from delivery.journeys.sources import WarehouseSource

    world = World(str(tmp_path / "w.duckdb"))
    world.add_contacts(40)
    world.add_contacts(25, segment="spanish_speakers_not_engaged")
    both = world.add_contacts(10, segment="spanish_speakers_not_engaged")
    world.conn.executemany(
        "INSERT INTO segment_memberships VALUES ('new_leads_no_application_14d', ?, ?, NULL)",
        [(c, dt.datetime(2026, 1, 1)) for c in both],
    )
    at = dt.datetime(2026, 6, 1)
    source = WarehouseSource(world.conn)
    for include, exclude in (
        (["new_leads_no_application_14d"], []),
        (["new_leads_no_application_14d"], ["spanish_speakers_not_engaged"]),
        (["new_leads_no_application_14d", "spanish_speakers_not_engaged"], []),
        (["nobody"], []),
    ):
        expected = len(source.audience(include, exclude, at))
        assert audience_count(world.conn, include, exclude, at) == expected
    assert audience_count(world.conn, ["new_leads_no_application_14d"], [], at) == 50
    world.conn.execute("DROP TABLE segment_memberships")
    with pytest.raises(SourceError, match="segment_memberships.*segment assets"):
        audience_count(world.conn, ["x"], [], at)


def test_names_and_problems_are_printed_as_written_never_as_markup(env, tmp_path):
    """A campaign's name and a problem's text are the user's words: `[bold red]` in them is
    shown, not read as rich markup (which swallowed it and restyled the rest of the line)."""
    marked = tmp_path / "marked.yml"
    marked.write_text(
        Path(DEMO)
        .read_text()
        .replace("name: Spring intake — data courses", "name: '[bold red]Spring[/] [on blue]x'")
    )
    assert run("validate", str(marked)).exit_code == 0
    assert "version 1" in run("apply", str(marked), "--by", "[maria]").output
    assert "[bold red]Spring[/] [on blue]x" in " ".join(run("list").output.split("│"))
    shown = run("show", "spring_data_enrollment").output
    assert "[bold red]Spring[/] [on blue]x" in shown
    assert "[maria]: campaign.apply" in shown
    bad = tmp_path / "bad.yml"
    bad.write_text(Path(DEMO).read_text().replace("template: invite_email", "template: '[red]x'"))
    failed = run("validate", str(bad))
    # the pattern's brackets were read as a style tag by rich and vanished from the message
    assert failed.exit_code == 1 and "'^[a-z][a-z0-9_]*$'" in failed.output
