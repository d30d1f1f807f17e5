"""``enrollflow simulate`` writes the business and reports what it wrote."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from enrollflow.commands.simulate import simulate

# The command alone (enrollflow/cli.py registers it the same way; importing the whole CLI would
# import every other command group too).
app = typer.Typer()
app.command("simulate")(simulate)
app.command("noop")(lambda: None)  # two commands, so typer keeps the sub-command name


def test_simulate_command_writes_landing_and_truth(tmp_path):
    result = CliRunner().invoke(
        app,
        [
            "simulate",
            "--contacts",
            "120",
            "--days",
            "4",
            "--seed",
            "9",
            "--out",
            str(tmp_path),
            "--start-date",
            "2026-03-01",
            "--compress",
        ],
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "landing" / "_manifest.json").read_text())
    assert (manifest["contacts"], manifest["days"], manifest["seed"]) == (120, 4, 9)
    assert (manifest["start_date"], manifest["end_date"]) == ("2026-03-01", "2026-03-04")
    assert list((tmp_path / "landing" / "crm" / "2026-03-01").glob("*.jsonl.gz"))
    assert (tmp_path / "truth" / "contact_preferences.parquet").exists()
    assert "records" in result.output


def test_simulate_command_rejects_a_bad_size(tmp_path):
    result = CliRunner().invoke(app, ["simulate", "--contacts", "0", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "contacts" in result.output.lower()
