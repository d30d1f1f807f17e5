"""The Dagster-ingest benchmark runs at toy scale through the runner, all three instances."""

from __future__ import annotations

import json

from bench import runner
from enrollflow.ingest import TABLE_SPECS


def test_dagster_ingest_bench_at_toy_scale(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runner, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setenv("DAGSTER_INGEST_BENCH_CONTACTS", "200")
    monkeypatch.setenv("DAGSTER_INGEST_BENCH_DAYS", "3")
    monkeypatch.setenv("DAGSTER_INGEST_BENCH_DEFAULT", "1")
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    cfg = runner.Config(contacts=5000, days=30, seed=1, data_dir=tmp_path)
    runner.run(["dagster_ingest"], cfg)
    assert "dagster_ingest:" in capsys.readouterr().out
    saved = json.loads((tmp_path / "results" / "dagster_ingest-latest.json").read_text())
    details = saved["details"]
    assert (details["contacts"], details["days"]) == (200, 3)
    assert details["partitions"] == len(TABLE_SPECS) * 3
    for kind in ("plain", "checks", "local", "ephemeral", "dagster_default"):
        assert details[f"{kind}_wall_s"] > 0 and details[f"{kind}_cpu_s"] > 0
    assert saved["figure"] == details["local_wall_s"]
    assert saved["baseline"] == details["plain_wall_s"]
    assert details["ratio_local_vs_plain_and_checks"] == round(
        details["local_wall_s"] / (details["plain_wall_s"] + details["checks_wall_s"]), 2
    )
    assert not (tmp_path / "bench" / "dagster_ingest").exists()  # scratch removed
