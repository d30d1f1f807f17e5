"""The bench runner: registry, cached business, printed ratio and saved JSON (tiny sizes)."""

from __future__ import annotations

import json

import pytest

from bench import runner


def test_benchmark_decorator_rejects_a_second_function_under_the_same_name(monkeypatch):
    monkeypatch.setattr(runner, "REGISTRY", {})

    @runner.benchmark("dup")
    def first() -> runner.Result:
        return runner.Result(1.0, "x/s", 1.0, "same")

    with pytest.raises(ValueError, match="registered twice"):

        @runner.benchmark("dup")
        def second() -> runner.Result:
            return runner.Result(1.0, "x/s", 1.0, "same")


def test_ratio_follows_the_direction():
    assert runner.Result(10.0, "rows/s", 2.0, "b").ratio == 5.0
    assert runner.Result(2.0, "s", 10.0, "b", higher_is_better=False).ratio == 5.0


def test_business_is_simulated_once_and_reused(tmp_path):
    cfg = runner.Config(contacts=150, days=5, seed=1, data_dir=tmp_path)
    path = runner.business(cfg)
    assert path == tmp_path / "bench" / "business-150-5-1"
    manifest = path / "landing" / "_manifest.json"
    stamp = manifest.stat().st_mtime_ns
    assert runner.business(cfg) == path
    assert manifest.stat().st_mtime_ns == stamp


def test_discover_imports_the_named_benchmark_module():
    assert "simulator" in runner.discover(["simulator"])


def test_run_prints_figure_baseline_ratio_and_saves_json(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runner, "RESULTS_DIR", tmp_path / "results")
    cfg = runner.Config(contacts=150, days=5, seed=1, data_dir=tmp_path)
    records = runner.run(["simulator"], cfg)
    out = capsys.readouterr().out
    assert "simulator:" in out and "baseline" in out and "ratio" in out
    saved = json.loads((tmp_path / "results" / "simulator-latest.json").read_text())
    assert saved["name"] == "simulator" and saved["contacts"] == 150
    assert saved["figure"] > 0 and saved["baseline"] > 0
    assert saved["details"]["records"] == records[0]["details"]["records"] > 0
    assert not (tmp_path / "bench" / "scratch-simulator").exists()


def test_unknown_benchmark_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "discover", lambda names=None: ["simulator"])
    with pytest.raises(SystemExit, match="unknown benchmark"):
        runner.run(["no-such-bench"], runner.Config(data_dir=tmp_path))
