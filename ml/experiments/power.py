"""Power and minimum detectable effect before launch, from the audience and the base rate.

Two-sided test of two independent proportions (or means) with the normal approximation and the
unpooled variance, counting both tails as statsmodels ``NormalIndPower`` does::

    power(d) = Phi(|d| / se - z) + Phi(-|d| / se - z),   se = sqrt(var_A / n_A + var_B / n_B)

with ``z = Phi^-1(1 - alpha / 2)``, ``var = p (1 - p)`` for a rate (``p + d`` for the variant).
The minimum detectable effect is the lift with the requested power; the contacts needed per arm
are the smallest n with that power (ignoring the far tail, as every sample-size table does).

References
----------
.. [1] statsmodels ``statsmodels.stats.power.NormalIndPower`` (tests compare to it).
.. [2] Chow, S.-C., Shao, J., Wang, H. (2008). Sample Size Calculations in Clinical Research,
   ch. 4 (two-sample proportions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from delivery.campaigns.models import Campaign
from ml.errors import MLInputError
from ml.experiments.inputs import MIN_TEST_CONTACTS, check_alpha

__all__ = [
    "TestPlan",
    "campaign_test_plans",
    "contacts_needed_per_arm",
    "mde_proportion",
    "plan_test",
    "power_proportion",
]

# Scalar functions on the standard library's normal distribution (NumPy and SciPy are not loaded:
# validating a campaign file prints its power and should answer in well under a second).
# ml.experiments.analysis applies them element-wise to its arrays.
_STANDARD = NormalDist()
_NAN = float("nan")


def _phi(x: float) -> float:
    """The standard normal CDF, accurate in both tails (erfc, as scipy.special.ndtr)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _z(alpha: float) -> float:
    return _STANDARD.inv_cdf(1 - check_alpha(alpha) / 2)


def _rate_var(p: float) -> float:
    p = min(max(p, 0.0), 1.0)
    return p * (1 - p)


def power_proportion(base: float, lift: float, n_per_arm: float, alpha: float = 0.05) -> float:
    """Power to detect an absolute ``lift`` over ``base`` with ``n_per_arm`` contacts per arm
    (NaN when it is undefined: no contacts, no variance, a NaN input)."""
    base, lift, n = float(base), float(lift), float(n_per_arm)
    z = _z(alpha)
    var = _rate_var(base) + _rate_var(base + lift)
    if not (n > 0 and var > 0) or math.isnan(lift):
        return _NAN
    shift = abs(lift) / math.sqrt(var / n)
    return _phi(shift - z) + _phi(-shift - z)


def contacts_needed_per_arm(
    base: float, lift: float, alpha: float = 0.05, power: float = 0.8
) -> float:
    """Contacts per arm for ``power`` to detect an absolute ``lift`` over ``base`` (rounded up;
    NaN for no lift or no variance)."""
    base, lift = float(base), float(lift)
    z = _z(alpha) + _STANDARD.inv_cdf(check_alpha(power, "power"))
    var = _rate_var(base) + _rate_var(base + lift)
    if not (lift != 0 and var > 0) or math.isnan(lift):
        return _NAN
    return float(math.ceil(z**2 * var / lift**2))


def mde_proportion(base: float, n_per_arm: float, alpha: float = 0.05, power: float = 0.8) -> float:
    """Smallest absolute lift over ``base`` detected with ``power`` at ``n_per_arm`` per arm.

    Solved by fixed-point iteration on d = (z_alpha + z_power) * sqrt((var(p) + var(p + d)) / n),
    which converges in a few steps; NaN when the base rate is 0 or 1 or n is 0.
    """
    base, n = float(base), float(n_per_arm)
    z = _z(alpha) + _STANDARD.inv_cdf(check_alpha(power, "power"))
    if not (n > 0 and _rate_var(base) > 0):
        return _NAN
    d = z * math.sqrt(2 * _rate_var(base) / n)
    for _ in range(30):
        d = z * math.sqrt((_rate_var(base) + _rate_var(base + d)) / n)
    return d


@dataclass(frozen=True)
class TestPlan:
    """What a planned A/B test can detect: per-arm size, MDE, power at the target lift."""

    audience: int
    arms: int
    holdout: float
    contacts_per_arm: int
    base_rate: float
    metric: str
    alpha: float
    power: float
    mde: float | None
    target_lift: float
    power_at_target: float | None
    contacts_needed_per_arm: int | None

    def sentence(self) -> str:
        """The studio's sentence beside the A/B settings ("With 2,400 contacts per arm you can
        detect a 1.4-point change in click rate (from 3.0 %, 80 % power, 5 % two-sided).")."""
        if self.mde is None or self.contacts_per_arm < 2:
            return (
                f"With {self.contacts_per_arm:,} contacts per arm: needs at least 2 contacts "
                f"per arm and a base {self.metric} between 0 and 1."
            )
        return (
            f"With {self.contacts_per_arm:,} contacts per arm you can detect a "
            f"{self.mde * 100:.1f}-point change in {self.metric} (from "
            f"{100 * self.base_rate:.1f} %, {100 * self.power:.0f} % power, "
            f"{100 * self.alpha:g} % two-sided)."
        )

    def line(self) -> str:
        """One plain-language line for ``campaign validate`` and the studio."""
        if self.contacts_per_arm * self.arms < MIN_TEST_CONTACTS:
            return (
                f"power: {self.audience:,} contacts is fewer than {MIN_TEST_CONTACTS} in the "
                "test arms: no A/B test"
            )
        if self.mde is None or self.power_at_target is None:
            return f"power: no base {self.metric} yet, so the detectable lift is unknown"
        need = (
            f"; {self.contacts_needed_per_arm:,} per arm would give {self.power:.0%}"
            if self.contacts_needed_per_arm and self.power_at_target < self.power
            else ""
        )
        return (
            f"power: {self.contacts_per_arm:,} contacts per arm ({self.arms} arms"
            f"{f', {self.holdout:.0%} holdout' if self.holdout else ''}); at a "
            f"{self.base_rate:.1%} base {self.metric} the test detects {self.mde * 100:+.1f} pts "
            f"with {self.power:.0%} power (alpha {self.alpha:g}); power to detect "
            f"{self.target_lift * 100:+.1f} pt: {self.power_at_target:.0%}{need}"
        )


def plan_test(
    audience: int,
    arms: int,
    base_rate: float | None,
    *,
    holdout: float = 0.0,
    metric: str = "click rate",
    target_lift: float = 0.01,
    alpha: float = 0.05,
    power: float = 0.8,
) -> TestPlan:
    """Power and MDE of a split of ``audience`` contacts into ``arms`` equal arms (after holdout).

    Parameters
    ----------
    audience : int
        Contacts expected to enter the split.
    arms : int
        Variants (the control included).
    base_rate : float or None
        The metric's rate in comparable past sends (None: unknown, no MDE).
    holdout : float
        Share held out before the split.
    """
    if audience < 0 or arms < 2:
        raise MLInputError(
            f"a test needs an audience >= 0 and at least 2 arms, got {audience}, {arms}"
        )
    if not 0 <= holdout < 1:
        raise MLInputError(f"holdout must be in [0, 1), got {holdout!r}")
    alpha, power = check_alpha(alpha), check_alpha(power, "power")
    per_arm = int(audience * (1 - holdout) // arms)
    known = base_rate is not None and 0 < base_rate < 1 and per_arm > 0
    mde = float(mde_proportion(base_rate, per_arm, alpha, power)) if known else None
    at_target = float(power_proportion(base_rate, target_lift, per_arm, alpha)) if known else None
    needed = int(contacts_needed_per_arm(base_rate, target_lift, alpha, power)) if known else None
    return TestPlan(
        audience, arms, holdout, per_arm, float(base_rate or 0.0), metric, alpha, power,
        mde, target_lift, at_target, needed,
    )  # fmt: skip


def campaign_test_plans(
    campaign: Campaign, audience: int | None, base_rate: float | None, **kwargs: float
) -> list[TestPlan]:
    """One :class:`TestPlan` per split node of a campaign (arms and holdout from the node).

    The whole audience is assumed to reach each split (branches before it only shrink it), so
    the power is an upper bound; ``audience=None`` (no warehouse to size it) gives no plans.
    """
    if audience is None:
        return []
    return [
        plan_test(audience, len(node.variants), base_rate, holdout=node.holdout, **kwargs)
        for node in campaign.workflow.nodes
        if node.type == "split"
    ]
