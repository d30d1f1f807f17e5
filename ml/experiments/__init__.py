"""Experiments: A/B/n statistics a data scientist would sign, vectorised over many tests.

Modules, one per method (pure functions, no Dagster, no environment reads):

- :mod:`~ml.experiments.frequentist` — z / chi-square and Welch, absolute and relative lift
  intervals (equal to statsmodels);
- :mod:`~ml.experiments.bayesian` — posteriors, chance to beat control, expected loss, credible
  intervals (GrowthBook gbstats' formulas and priors), exact Beta chance to win;
- :mod:`~ml.experiments.sequential` — always-valid p-values and confidence sequences;
- :mod:`~ml.experiments.srm` — sample-ratio mismatch; :mod:`~ml.experiments.corrections` — Holm, BH;
- :mod:`~ml.experiments.power` — power, MDE and sample size before launch;
- :mod:`~ml.experiments.cuped` — variance reduction with pre-period engagement;
- :mod:`~ml.experiments.analysis` — every figure for many tests at once, with verdicts;
- :mod:`~ml.experiments.holdout` — incrementality against holdouts, global holdout assignment;
- :mod:`~ml.experiments.bandit` — Thompson sampling and its regret;
- :mod:`~ml.experiments.decision` — "send the rest to the winner";
- :mod:`~ml.experiments.uplift` — who is persuadable (T-learner), optional;
- :mod:`~ml.experiments.proportion` — one two-proportion comparison (the report's helper).
"""

from ml.lazy import lazy_attributes

# the public names, each imported from its module on first use (PEP 562): loading one
# submodule (the power analysis a campaign file's validation runs) must not load scipy.stats
_LAZY = {
    "RESULT_COLUMNS": "ml.experiments.analysis",
    "STAT_COLUMNS": "ml.experiments.analysis",
    "analyse_experiments": "ml.experiments.analysis",
    "beta_chance_to_win": "ml.experiments.bayesian",
    "TestPlan": "ml.experiments.power",
    "plan_test": "ml.experiments.power",
    "ProportionTest": "ml.experiments.proportion",
    "two_proportion_test": "ml.experiments.proportion",
}


__getattr__ = lazy_attributes(__name__, _LAZY)

__all__ = [
    "RESULT_COLUMNS",
    "STAT_COLUMNS",
    "ProportionTest",
    "TestPlan",
    "analyse_experiments",
    "beta_chance_to_win",
    "plan_test",
    "two_proportion_test",
]
