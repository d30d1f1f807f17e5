"""The command block in delivery/campaigns/README.md runs as written, line by line, in order."""

from __future__ import annotations

import glob
import shlex
from pathlib import Path

from typer.testing import CliRunner

from enrollflow.cli import app
from tests.journeys.conftest import World

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "delivery" / "campaigns" / "README.md"


def readme_commands() -> list[list[str]]:
    """The first ``bash`` block's commands, comments dropped and globs expanded from the repo root."""
    text = README.read_text()
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        assert words[0] == "enrollflow", line
        expanded = []
        for word in words[1:]:
            matches = sorted(glob.glob(str(ROOT / word))) if "*" in word else []
            expanded += matches or [str(ROOT / word) if (ROOT / word).exists() else word]
        commands.append(expanded)
    return commands


def test_the_readme_block_runs_as_written(tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse.duckdb"
    world = World(str(warehouse))
    world.add_contacts(1200)
    world.conn.close()
    monkeypatch.setenv("ENROLLFLOW_OPS_STORE_URL", f"sqlite:///{tmp_path / 'ops.sqlite'}")
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(warehouse))
    commands = readme_commands()
    assert [c[:2] for c in commands][:3] == [["ops", "migrate"], ["users", "add"], ["users", "add"]]
    outputs = []
    for args in commands:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        outputs.append(result.output)
    # what the comments promise: approval was needed and given, launch ran, pause paused
    assert "approved" in outputs[-4]
    assert "running" in outputs[-3] or "scheduled" in outputs[-3]
    assert "paused" in outputs[-2]
    assert "campaign.approve" in outputs[-1] and "olga" in outputs[-1]
