"""Benchmark: simulator generation rate (records/s) at the configured size (default 1M contacts,
365 days), beside a per-record Python baseline.

The figure is a fresh ``simulator.simulate`` run into a scratch directory (the cached benchmark
business is not reused, so the timing is real). The baseline writes a sample of the same records
(parsed back from the fresh run's largest day, untimed) the naive way — one ``json.dumps`` and one
``write`` per record — and its rate is what a per-record Python generator could reach at best,
since it excludes drawing the data at all.
"""

from __future__ import annotations

import json
import resource
import shutil
import time
from pathlib import Path

from bench.runner import Result, benchmark, config

BASELINE_SAMPLE = 200_000


def _sample(landing: Path, limit: int) -> list[dict]:
    """Up to ``limit`` records of every source from the busiest days (SendGrid: single events)."""
    records: list[dict] = []
    for source_dir in sorted(p for p in landing.iterdir() if p.is_dir()):
        files = sorted(source_dir.glob("*/*.jsonl"), key=lambda p: p.stat().st_size, reverse=True)
        for path in files[:2]:
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    obj = json.loads(line)
                    records.extend(obj["events"] if source_dir.name == "sendgrid" else [obj])
                    if len(records) >= limit:
                        return records
    return records


def _per_record_rate(records: list[dict], scratch: Path) -> tuple[float, float]:
    """Records per wall second and per CPU second of a json.dumps + write loop over ``records``."""
    began, cpu = time.perf_counter(), time.process_time()
    with (scratch / "baseline.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    return len(records) / (time.perf_counter() - began), len(records) / (time.process_time() - cpu)


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@benchmark("simulator")
def simulator_rate() -> Result:
    """Generate the configured business from scratch and time it."""
    from simulator import simulate

    cfg = config()
    scratch = cfg.data_dir / "bench" / "scratch-simulator"
    shutil.rmtree(scratch, ignore_errors=True)
    cpu0 = (
        resource.getrusage(resource.RUSAGE_SELF).ru_utime
        + resource.getrusage(resource.RUSAGE_SELF).ru_stime
    )
    began = time.perf_counter()
    manifest = simulate(
        scratch, contacts=cfg.contacts, days=cfg.days, seed=cfg.seed, compress=cfg.compress
    )
    seconds = time.perf_counter() - began
    usage = resource.getrusage(resource.RUSAGE_SELF)
    records = sum(manifest["events"].values())
    landing = scratch / "landing"
    details = {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime - cpu0, 1),
        "records": records,
        "records_by_source": manifest["events"],
        "files": manifest["files"],
        "landing_bytes": _du(landing),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "compressed": cfg.compress,
    }
    print(
        f"   generated {records:,} records in {seconds:.1f} s ({details['landing_bytes'] / 1e9:.2f} GB)"
    )
    if cfg.compress:
        baseline = float("nan")
    else:
        sample = _sample(landing, BASELINE_SAMPLE)
        baseline, baseline_cpu = _per_record_rate(sample, scratch)
        details["baseline_sample_records"] = len(sample)
        # On a shared machine wall time depends on the load; per-CPU-second rates compare the work.
        details["records_per_cpu_second"] = round(records / details["cpu_seconds"])
        details["baseline_records_per_cpu_second"] = round(baseline_cpu)
        details["cpu_ratio"] = round(records / details["cpu_seconds"] / baseline_cpu, 2)
        details["baseline_extrapolated_seconds"] = round(records / baseline, 1)
    shutil.rmtree(scratch, ignore_errors=True)
    return Result(
        figure=records / seconds,
        unit="records/s",
        baseline=baseline,
        baseline_label="json.dumps + write per record, serialisation only, extrapolated",
        details=details,
    )
