"""Moved to :mod:`ml.experiments` (one module per method); kept so existing imports still work."""

from ml.experiments.bayesian import beta_chance_to_win
from ml.experiments.proportion import ProportionTest, two_proportion_test

__all__ = ["ProportionTest", "beta_chance_to_win", "two_proportion_test"]
