"""Thompson sampling for splits that prefer earning to learning, and its regret.

Each arm's click (or conversion) rate has a Beta(1 + successes, 1 + failures) posterior; the next
batch of contacts is split in proportion to each arm's posterior probability of being the best
(estimated by sampling the posteriors, seeded), so traffic moves to the better arm as evidence
grows while every arm keeps a chance. Regret = the conversions lost against always sending the
(planted) best arm; with Thompson sampling it grows roughly with log(contacts), with an equal split
linearly.

References
----------
.. [1] Thompson, W. R. (1933). On the likelihood that one unknown probability exceeds another.
.. [2] Agrawal, S., Goyal, N. (2012). Analysis of Thompson Sampling for the multi-armed bandit
   problem. COLT.
.. [3] Chapelle, O., Li, L. (2011). An Empirical Evaluation of Thompson Sampling. NeurIPS.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ml.errors import MLInputError
from ml.experiments.bayesian import BETA_PRIOR

__all__ = ["BanditRun", "simulate_bandit", "thompson_weights"]


def thompson_weights(
    successes: np.ndarray, trials: np.ndarray, rng: np.random.Generator, draws: int = 2_000
) -> np.ndarray:
    """Share of the next batch per arm: the posterior probability that each arm is the best."""
    s, t = np.asarray(successes, dtype=float), np.asarray(trials, dtype=float)
    if s.ndim != 1 or len(s) < 2 or (s < 0).any() or (s > t).any():
        raise MLInputError("thompson_weights needs >= 2 arms with 0 <= successes <= trials")
    samples = rng.beta(BETA_PRIOR[0] + s, BETA_PRIOR[1] + t - s, size=(draws, len(s)))
    return np.bincount(samples.argmax(axis=1), minlength=len(s)) / draws


@dataclass(frozen=True)
class BanditRun:
    """A simulated campaign: contacts per arm, conversions, and regret against the best arm."""

    contacts: np.ndarray
    conversions: np.ndarray
    regret: float
    uniform_regret: float
    best_arm: int

    @property
    def best_arm_share(self) -> float:
        return float(self.contacts[self.best_arm] / self.contacts.sum())


def simulate_bandit(
    true_rates: np.ndarray, contacts: int, batch: int, rng: np.random.Generator
) -> BanditRun:
    """Run Thompson sampling batch by batch against planted ``true_rates``.

    Regret is expected regret: sum over contacts of (best rate - rate of the arm they got), so it
    measures the allocation, not the coin flips; ``uniform_regret`` is that of an equal split.
    """
    rates = np.asarray(true_rates, dtype=float)
    if batch <= 0 or contacts <= 0:
        raise MLInputError("contacts and batch must be positive")
    k = len(rates)
    sent, won = np.zeros(k), np.zeros(k)
    done = 0
    while done < contacts:
        size = min(batch, contacts - done)
        share = thompson_weights(won, sent, rng)
        arms = rng.multinomial(size, share)
        won += rng.binomial(arms, rates)
        sent += arms
        done += size
    best = int(rates.argmax())
    regret = float((rates[best] - rates) @ sent)
    uniform = float(contacts * (rates[best] - rates.mean()))
    return BanditRun(sent, won, regret, uniform, best)
