"""The benchmark runs at toy scale, and its pandas interpreter agrees with the SQL on every segment."""

from __future__ import annotations

from pathlib import Path

from bench.bench_segments import report, run


def test_bench_at_toy_scale(tmp_path: Path) -> None:
    rows = run(tmp_path / "marts.duckdb", n_contacts=2000, n_events=30_000, repeats=1)
    # run() raises if pandas and SQL disagree on a segment's size
    names = {r["segment"] for r in rows}
    assert {"heavy_benchmark_segment", "lapsed_learners_6_12m"} <= names
    assert sum(r["size"] for r in rows) > 0
    assert "heavy_benchmark_segment" in report(rows)
