"""``enrollflow demo`` when a pipeline run fails, and the summary's wording.

The whole demo (every phase, a real summary) is the slow suite's ``test_demo_command.py``. Here the
demo runs as a user runs it, in a child interpreter on a tiny business, with one fault injected:
the warehouse build raises the error a failed Dagster run raises. Everything before it is real
(simulation, the ingest through Dagster into DuckDB).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb

from enrollflow.commands.demo import _campaign_table, _kpi_lines, _messages, history_window

CHILD = """
import os, sys
from enrollflow import pipeline

def failed(*args, **kwargs):
    raise pipeline.PipelineRunError("warehouse_job failed at dbt_models: see the run in the UI")

# the build fails after a real ingest; DEMO_FAULT=ingest fails at once after simulating
setattr(pipeline, "run_ingest" if os.environ.get("DEMO_FAULT") == "ingest" else "run_warehouse", failed)
from enrollflow.cli import app
app(sys.argv[1:], prog_name="enrollflow")
"""


def _demo(data_dir: Path, *args: str, fault: str = "build") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ENROLLFLOW_", "DAGSTER_HOME"))}
    env |= {"ENROLLFLOW_DATA_DIR": str(data_dir), "COLUMNS": "400", "DEMO_FAULT": fault}
    return subprocess.run(
        [sys.executable, "-c", CHILD, "demo", "--contacts", "120", "--days", "7", "--seed", "5",
         "--now", "2026-05-01T09:00:00", *args],
        capture_output=True, text=True, timeout=600, env=env, cwd=data_dir,
    )  # fmt: skip


def test_a_failed_run_stops_the_demo_with_its_reason_and_the_log_file(tmp_path):
    done = _demo(tmp_path)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out[-3000:]
    assert "demo failed: warehouse_job failed at dbt_models" in out
    log = Path(re.search(r"Logs: (\S+)", out).group(1))
    # the ingest ran for real before the fault: the history ends the day before --now, its
    # Dagster logs are in the file and not on the terminal, and no traceback reaches the user
    assert "ingest 2026-04-24…2026-04-30" in out
    assert log.exists() and "Running with dbt" not in out
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from raw_crm__contacts").fetchone()[0] > 100
        landed = con.execute("select count(*) from raw_sendgrid__events").fetchone()[0]
    assert landed > 0
    assert "Traceback" not in out and len(out.splitlines()) < 30
    manifest = tmp_path / "landing" / "_manifest.json"
    simulated = manifest.stat().st_mtime_ns
    # a second run with the same business reuses the landing zone; --fresh simulates again
    # (these two stop at the ingest: only the simulation step matters here)
    again = _demo(tmp_path, fault="ingest")
    assert again.returncode == 1 and "demo failed" in again.stdout + again.stderr
    assert manifest.stat().st_mtime_ns == simulated
    fresh = _demo(tmp_path, "--fresh", "--seed", "6", fault="ingest")
    assert fresh.returncode == 1 and manifest.stat().st_mtime_ns != simulated


def test_the_summary_reads_as_words():
    summary = {
        "campaign_id": "spring", "holdout": 421, "holdout_enrolled": 2,
        "variants": {"A": {"emails": 1865, "delivered": 1843, "opened": 501, "clicked": 90,
                           "enrolled": 6}},
        "messages": {"email": 1, "sms": 0}, "currency": "EUR", "spend_amount": 49.238,
        "budget_amount": 500.0, "conversion_rate": 0.0032, "target_conversion_rate": 0.03,
        "cpa_amount": None, "target_cpa_amount": 40.0, "conversions": 0, "reached": 1250,
        "enrolled_rate": 0.0021, "holdout_rate": 0.0048,
    }  # fmt: skip
    lines = _kpi_lines(summary).splitlines()
    assert lines == [
        "Messages:      1 email",
        "Spend:         49.24 of a 500 EUR budget",
        "Conversion:    0.32% (target 3.00%); CPA – (target 40.00 EUR)",
        "               0 credited enrollments of 1,250 contacts reached",
        "Enrolled:      0.21% of the contacts it treated, 0.48% of the holdout",
    ]
    assert _messages({"email": 3783, "sms": 1163}) == (
        "3,783 emails, 1,163 SMS (reminders to non-openers after 48 h)"
    )
    table = _campaign_table(summary)
    assert table.row_count == 2 and table.columns[1].header == "emails"
    assert list(table.columns[1].cells) == ["1,865", "421 (not sent)"]
    assert history_window(dt.datetime(2026, 5, 1, 9), 7) == (
        dt.date(2026, 4, 24),
        dt.date(2026, 4, 30),
    )


EXIT_CHILD = """
import atexit, logging, sys
from pathlib import Path
from enrollflow.commands.demo import exit_without_teardown

out = Path(sys.argv[1])
logging.basicConfig(filename=out / "demo.log", level=logging.INFO)
logging.getLogger("demo").info("the last log line")
atexit.register(lambda: (out / "atexit-ran").write_text("yes"))
sys.stdout.write("the summary, not yet flushed")
exit_without_teardown(int(sys.argv[2]))
(out / "after-exit").write_text("must not happen")
"""


def test_the_demo_ends_without_teardown_but_with_its_exit_handlers_and_output(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", EXIT_CHILD, str(tmp_path), "3"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert done.stdout == "the summary, not yet flushed"  # stdout flushed before the exit
    assert (tmp_path / "atexit-ran").read_text() == "yes"  # the exit handlers ran
    assert "the last log line" in (tmp_path / "demo.log").read_text()
    assert not (tmp_path / "after-exit").exists()
