"""``enrollflow demo`` — what ``make demo`` runs — end to end on a small business, as a user runs it.

The console script runs in a child interpreter (the demo redirects the process's stdout/stderr to
its log file), against a temporary data folder and an ephemeral Dagster instance.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys

import dagster as dg
import duckdb
import pytest

pytestmark = pytest.mark.slow


def test_demo_builds_everything_and_keeps_the_terminal_readable(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ENROLLFLOW_", "DAGSTER_HOME"))}
    env["ENROLLFLOW_DATA_DIR"] = str(tmp_path)
    env["COLUMNS"] = "400"  # no wrapping of the paths in the summary
    done = subprocess.run(
        [sys.executable, "-m", "enrollflow.cli", "demo", "--contacts", "300", "--days", "21",
         "--seed", "7", "--now", "2026-05-01T09:00:00"],
        capture_output=True, text=True, timeout=1500, env=env, cwd=tmp_path,
    )  # fmt: skip
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-4000:]
    # the history ends the day before --now, and the summary says where everything went
    assert "history 2026-04-10…2026-04-30" in out
    assert "Warehouse tables" in out and "fct_campaign_performance" in out
    report = re.search(r"Report:\s+(\S+)", out)
    assert report and os.path.exists(report.group(1))
    log = re.search(r"Logs:\s+(\S+)", out)
    assert log and os.path.exists(log.group(1))
    assert "Studio:" in out and "demo.marketer" in out
    # figures in words, not Python's reprs: the messages by channel, the demo campaign's A/B test
    messages = re.search(r"Messages:\s+(.+)", out)
    assert messages and re.fullmatch(r"[\d,]+ emails?(, [\d,]+ SMS \(.+\))?", messages.group(1))
    assert "{" not in out.split("Messages:")[1]
    assert re.search(
        r"A/B test:\s+(variant [A-Z] wins|no clear winner|inconclusive|no variant)", out
    )
    # dbt's and Dagster's logs went to the log file, not to the terminal
    assert "Running with dbt" not in out and "STEP_SUCCESS" not in out
    assert "Traceback" not in out
    # a model that is not trained or not promoted is a warning that says why, not an error
    assert "ERROR" not in out
    assert any(
        re.search(r"warning: \w+: not (promoted|trained)\b.*: \S", line)
        for line in out.splitlines()
    ), out[-4000:]
    assert (tmp_path / "warehouse.duckdb").exists() and (tmp_path / "ops.sqlite").exists()
    assert len(out.splitlines()) < 120
    # dbt ran in the warm worker: it loaded the project once (warmed while the demo simulated)
    # for the build and both intraday runs, and stopped with the demo (its socket is gone)
    [worker_log] = (tmp_path / "logs").glob("dbt-worker-*.log")
    worked = worker_log.read_text()
    assert worked.count(" parsed ") == 1, worked
    socket = re.search(r"listening on (\S+)", worked)
    assert socket and not os.path.exists(socket.group(1))
    # the demo ends without the interpreter's teardown (exit_without_teardown): what it wrote is
    # whole -- the ops store passes SQLite's integrity check, the warehouse opens for writing,
    # and the Dagster instance holds every run of the demo, each a success
    with sqlite3.connect(tmp_path / "ops.sqlite") as con:
        assert con.execute("pragma integrity_check").fetchone() == ("ok",)
    duckdb.connect(str(tmp_path / "warehouse.duckdb")).close()
    instance = dg.DagsterInstance.from_config(str(tmp_path / "dagster"))
    runs = instance.get_runs()
    assert sorted(r.job_name for r in runs) == [
        "ingest_job", "intraday_job", "intraday_job", "publish_snapshot_job", "warehouse_job",
    ]  # fmt: skip
    assert {r.status for r in runs} == {dg.DagsterRunStatus.SUCCESS}
    instance.dispose()
    _the_demo_the_studio_and_the_report_give_the_same_figures(tmp_path, out)


def _the_demo_the_studio_and_the_report_give_the_same_figures(data, out: str) -> None:
    from delivery.store import open_store
    from enrollflow.snapshot import snapshot_path
    from reports.build import build_report
    from studio.queries import campaign_summaries
    from studio.snapshot import WarehouseSnapshot

    summary = json.loads((data / "campaign" / "campaign_summary.json").read_text())
    cid, rate = summary["campaign_id"], summary["conversion_rate"]
    assert summary["reached"] > 0
    printed = re.search(r"Conversion:\s+([\d.]+)%", out)
    assert printed and float(printed.group(1)) == pytest.approx(100 * rate, abs=0.005)
    printed_spend = re.search(r"Spend:\s+([\d.]+) of", out)
    assert printed_spend and float(printed_spend.group(1)) == pytest.approx(
        summary["spend_amount"], abs=0.005
    )
    store = open_store(f"sqlite:///{data / 'ops.sqlite'}")
    snapshot = WarehouseSnapshot(snapshot_path(data / "warehouse.duckdb"))
    try:
        [row] = [r for r in campaign_summaries(store, snapshot) if r["campaign_id"] == cid]
    finally:
        snapshot.close()
        store.dispose()
    assert row["conversion_rate"] == pytest.approx(rate, abs=5e-5)  # summary rounds to 4 places
    assert row["spent"] == pytest.approx(summary["spend_amount"], abs=1e-6)
    with duckdb.connect(str(snapshot_path(data / "warehouse.duckdb")), read_only=True) as con:
        report = build_report(con, campaign_id=cid, period="2026-04-01..2026-05-01")
        [(mart_spend,)] = con.execute(
            "SELECT sum(spend_amount) FROM fct_campaign_performance WHERE campaign_id = ?", [cid]
        ).fetchall()
    [target_row] = report.section("targets").tables[0].rows
    assert target_row[1].startswith(f"{100 * rate:.2f} %")
    assert mart_spend == pytest.approx(summary["spend_amount"], abs=1e-6)
