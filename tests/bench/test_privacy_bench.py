"""The privacy erasure benchmark runs at toy scale through the runner, sized by its env knob."""

from __future__ import annotations

import json

from bench import runner


def test_erasure_bench_at_toy_scale(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runner, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setenv("PRIVACY_BENCH_CONTACTS", "300")
    monkeypatch.setenv("PRIVACY_BENCH_DAYS", "4")
    cfg = runner.Config(contacts=5000, days=30, seed=1, data_dir=tmp_path)
    runner.run(["privacy_erasure"], cfg)
    assert "privacy_erasure:" in capsys.readouterr().out
    # the knob chose the business: 300 contacts x 4 days, not the run's 5,000 x 30
    assert (tmp_path / "bench" / "business-300-4-1" / "dbt_bench_raw.duckdb").exists()
    assert not (tmp_path / "bench" / "business-5000-30-1").exists()
    saved = json.loads((tmp_path / "results" / "privacy_erasure-latest.json").read_text())
    details = saved["details"]
    assert (details["contacts"], details["days"]) == (300, 4)
    assert saved["figure"] > 0 and saved["baseline"] > 0
    assert details["landing_files_rewritten"] >= 1 and details["warehouse_tables"] >= 1
    plain = details["plain_delete"]
    assert plain["ledger_rows"] == 1 and plain["landing_files"] >= 1
    assert plain["warehouse_rows"] >= 1
    assert 0 < details["ops_ledger_rows"] <= 300  # one per contact with an email
    assert list((tmp_path / "bench").glob("tmp*")) == []  # scratch removed
