"""Benchmark of the experiments readout: many tests analysed at once, beside statsmodels in a loop.

``experiments``: 1,000 tests x 4 arms (a control and 3 challengers) x 3 rate metrics (open,
click, enrollment) = 12,000 arms and 9,000 comparisons, drawn with planted uplifts and a few
broken splits. The figure is the best wall time of 7 runs (timeit's convention: the least
disturbed by the shared machine) of :func:`ml.experiments.analyse_experiments`
(every figure: z / chi-square, intervals, Holm, sequential p and confidence sequence, Bayesian
chance to win / expected loss / credible intervals, SRM, power / MDE, status and verdict
sentences). The baseline is the loop a data scientist would write: ``proportions_ztest`` and
``confint_proportions_2indep`` per comparison (only those two figures). The size is small by
design (it does not follow ``--contacts``); ``EXPERIMENTS_BENCH_TESTS`` changes the test count.
Details: the best CPU seconds of both, the largest difference from statsmodels' p-values and intervals.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from bench.runner import Result, benchmark, config
from ml.experiments import analyse_experiments

ARMS = 4
METRICS = {"open_rate": 0.25, "click_rate": 0.04, "enrollment_rate": 0.006}


def experiment_statistics(tests: int, seed: int) -> pd.DataFrame:
    """Sufficient statistics of ``tests`` A/B/C/D tests x 3 metrics with planted uplifts."""
    rng = np.random.default_rng(seed)
    n = rng.integers(500, 20_000, size=(tests, 1)) * np.ones((1, ARMS), dtype=np.int64)
    broken = rng.random(tests) < 0.02  # a few broken splits (SRM)
    n[broken, 1] = (n[broken, 1] * 1.15).astype(np.int64)
    frames = []
    for metric, base in METRICS.items():
        uplift = rng.normal(0, 0.1 * base, size=(tests, ARMS))
        uplift[:, 0] = 0.0
        conv = rng.binomial(n, np.clip(base + uplift, 0, 1))
        frames.append(
            pd.DataFrame(
                {
                    "test_id": np.repeat([f"t{i:05d}" for i in range(tests)], ARMS),
                    "variant": np.tile(list("ABCD"), tests),
                    "is_control": np.tile([True, False, False, False], tests),
                    "planned_weight": 1.0,
                    "metric": metric,
                    "metric_kind": "proportion",
                    "n": n.ravel(),
                    "total": conv.ravel().astype(float),
                    "total_sq": conv.ravel().astype(float),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def statsmodels_loop(frame: pd.DataFrame) -> np.ndarray:
    """The baseline: z-test p-value and Wald interval per comparison, one statsmodels call each."""
    out = []
    arms = frame.to_dict("list")
    for i in range(0, len(frame), ARMS):
        ca, na = int(arms["total"][i]), int(arms["n"][i])
        for j in range(i + 1, i + ARMS):
            cb, nb = int(arms["total"][j]), int(arms["n"][j])
            _, p = proportions_ztest([cb, ca], [nb, na])
            low, high = confint_proportions_2indep(cb, nb, ca, na, method="wald")
            out.append((p, low, high))
    return np.array(out)


def _timed(fn, *args, repeats: int = 7):
    walls, cpus = [], []
    for _ in range(repeats):
        began, cpu = time.perf_counter(), time.process_time()
        out = fn(*args)
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - cpu)
    return out, min(walls), min(cpus)


@benchmark("experiments")
def experiments_readout() -> Result:
    tests = int(os.environ.get("EXPERIMENTS_BENCH_TESTS", "1000"))
    frame = experiment_statistics(tests, config().seed)
    results, seconds, cpu = _timed(analyse_experiments, frame)
    reference, base_seconds, base_cpu = _timed(statsmodels_loop, frame, repeats=3)
    ours = results.loc[~results["is_control"]]
    figures = ours[["p_value", "absolute_lift_low", "absolute_lift_high"]].to_numpy(dtype=float)
    order = np.argsort(ours.index.to_numpy())  # rows come in input order: test-major per metric
    diff = np.nanmax(np.abs(figures[order] - reference))
    return Result(
        figure=seconds,
        unit="s",
        baseline=base_seconds,
        baseline_label="proportions_ztest + confint_proportions_2indep per comparison (loop)",
        higher_is_better=False,
        details={
            "tests": tests,
            "arms": len(frame),
            "comparisons": len(reference),
            "cpu_s": round(cpu, 3),
            "baseline_cpu_s": round(base_cpu, 3),
            "max_abs_diff_vs_statsmodels": float(diff),
            "srm_tests": int(results.loc[results["is_srm"], "test_id"].nunique()),
            "winners": int((results["status"] == "winner").sum()),
        },
    )


@benchmark("bandit_split")
def bandit_split() -> Result:
    """A Thompson-sampling split run by the journey engine, batch by batch, against the
    simulator's planted subject-line effect (B opens 1.3x as often as A); the figure is the
    expected regret (opens lost against always sending the planted best arm), the baseline the
    same campaign with a uniform split, in the same process. ``BANDIT_BENCH_BATCHES`` x
    ``BANDIT_BENCH_BATCH`` contacts (default 10 x 1,000)."""
    import tempfile
    from pathlib import Path

    import duckdb

    from delivery.journeys.split_lab import run_split_lab
    from delivery.store import open_store
    from simulator.engagement import VARIANT_OPEN_MULT

    batches = int(os.environ.get("BANDIT_BENCH_BATCHES", "10"))
    size = int(os.environ.get("BANDIT_BENCH_BATCH", "1000"))
    rates = {v: 0.2 * m for v, m in VARIANT_OPEN_MULT.items()}
    runs, seconds = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("bandit", "ab"):
            store = open_store(f"sqlite:///{Path(tmp) / mode}.sqlite", create=True)
            con = duckdb.connect(str(Path(tmp) / f"{mode}.duckdb"))
            started = time.perf_counter()
            runs[mode] = run_split_lab(
                store, con, mode=mode, rates=rates, batches=batches, batch_size=size,
                seed=config().seed,
            )  # fmt: skip
            seconds[mode] = time.perf_counter() - started
            con.close()
            store.dispose()
    bandit, uniform = runs["bandit"], runs["ab"]
    return Result(
        figure=bandit.regret,
        unit="opens lost",
        baseline=uniform.regret,
        baseline_label="uniform 50/50 split (mode ab), same engine and batches",
        higher_is_better=False,
        details={
            "contacts": batches * size,
            "planted_best_arm": bandit.best_arm,
            "bandit_contacts": bandit.contacts,
            "uniform_contacts": uniform.contacts,
            "last_batch_shares": bandit.shares_by_batch[-1],
            "bandit_run_s": round(seconds["bandit"], 2),
            "uniform_run_s": round(seconds["ab"], 2),
        },
    )
