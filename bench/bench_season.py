"""``season``: one simulated season, naive policy vs EnrollFlow's, over several seeds (bench/season.py).

Each seed simulates its own business (``SEASON_CONTACTS`` contacts, default 5,000, over
``SEASON_HISTORY_DAYS`` = 120 days of history; cached under the bench data directory) and plays
the same season on it twice. Prints enrollments, conversion rate, spend, revenue and ROI of both
policies with 95 % t-intervals over the seeds (``SEASON_SEEDS``, default 5) and EnrollFlow's
uplift. The figure is EnrollFlow's mean enrollments, the baseline the naive policy's.
"""

from __future__ import annotations

import os
from pathlib import Path

from bench.runner import Result, benchmark, config
from bench.season import SeasonPlan, load_world_for, play_season, summarise


def _env(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@benchmark("season")
def bench_season() -> Result:
    """The season over ``SEASON_SEEDS`` businesses; EnrollFlow's enrollments beside naive's."""
    cfg = config()
    contacts, days = _env("SEASON_CONTACTS", 5_000), _env("SEASON_HISTORY_DAYS", 120)
    plan = SeasonPlan(reach=max(200, contacts // 5))
    results = []
    for seed in range(1, _env("SEASON_SEEDS", 5) + 1):
        world = load_world_for(Path(cfg.data_dir) / "season", contacts, days, seed)
        results.append(play_season(world, plan, seed))
    table = summarise(results)
    print(table.to_string(index=False, float_format=lambda v: f"{v:,.3f}"))
    mean = table.set_index(["metric", "policy"])["mean"]
    return Result(
        figure=float(mean[("enrollments", "enrollflow")]),
        unit="enrollments per season",
        baseline=float(mean[("enrollments", "naive")]),
        baseline_label="naive policy (one hour, no A/B, equal split, broad audience)",
        details={
            "contacts": contacts,
            "seeds": len(results),
            "plan": vars(plan),
            "summary": table.round(4).to_dict("records"),
            "ab_decisions": [r["enrollflow"]["ab_decisions"] for r in results],
        },
    )
