"""Predictive customer lifetime value: BG/NBD (how many enrollments) × Gamma-Gamma (worth of each).

Both models are fitted by maximum likelihood with :func:`scipy.optimize.minimize` on the log of
their (positive) parameters. Time is measured in ``unit_days`` (weeks by default, as in the papers).

References
----------
.. [1] Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting Your Customers" the Easy Way:
   An Alternative to the Pareto/NBD Model. *Marketing Science* 24(2), 275-284.
.. [2] Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). RFM and CLV: Using Iso-Value Curves for
   Customer Base Analysis. *Journal of Marketing Research* 42(4), 415-430.
.. [3] Fader, P. S. and Hardie, B. G. S. (2013). The Gamma-Gamma Model of Monetary Value.
   http://brucehardie.com/notes/025/
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, digamma, gammaln, hyp2f1

from ml.errors import MLInputError, require_columns
from ml.frames import among

__all__ = [
    "BGNBDParams",
    "BGNBD_B_MAX",
    "GAMMA_GAMMA_Q_MAX",
    "GammaGammaParams",
    "bgnbd_expected_transactions",
    "bgnbd_log_likelihood",
    "bgnbd_probability_alive",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "gamma_gamma_expected_value",
    "gamma_gamma_log_likelihood",
    "rfm_summary",
]


@dataclass(frozen=True)
class BGNBDParams:
    """Fitted BG/NBD parameters: purchase rate ~ Gamma(r, α), dropout p ~ Beta(a, b)."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int


@dataclass(frozen=True)
class GammaGammaParams:
    """Fitted Gamma-Gamma spend parameters (p, q, γ) over customers with at least one repeat."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
    n_customers: int


def _as_arrays(x, t_x, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    if not (x.shape == t_x.shape == T.shape):
        raise MLInputError("x, t_x and T must have the same length (one value per customer)")
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise MLInputError("x (repeat transactions) must be non-negative integers")
    if np.any(t_x < 0) or np.any(t_x > T + 1e-9):
        raise MLInputError("t_x (recency) must lie in [0, T] for every customer")
    if np.any(T <= 0):
        raise MLInputError("T (customer age) must be > 0 for every customer")
    return x, t_x, T


def bgnbd_log_likelihood(r: float, alpha: float, a: float, b: float, x, t_x, T) -> np.ndarray:
    """Per-customer log-likelihood of the BG/NBD model (eq. 6 of [1]_).

    Parameters
    ----------
    r, alpha, a, b : float
        Model parameters, all > 0.
    x, t_x, T : array_like
        Repeat transactions, time of the last one, and time since the first (birth).

    Returns
    -------
    numpy.ndarray
        ``log L_i`` for each customer; their sum is the sample log-likelihood.
    """
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    term_alive = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        term_dead = np.where(
            x > 0,
            betaln(a + 1, np.maximum(b + x - 1, 1e-12))
            - betaln(a, b)
            - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
    return common + np.logaddexp(term_alive, term_dead)


STATIONARY_GRADIENT = 1e-4
"""Largest gradient (per log-parameter, relative to the negative log-likelihood) at which a fit
that L-BFGS-B stopped abnormally is taken as converged. On a likelihood whose supremum lies at
the end of a flat ridge, the line search can fail at a point that is already stationary to
working precision; a fallback search from there would only walk along the ridge. (The demo's
Gamma-Gamma fit once stopped with gradients of 0.005 and 0.014 on 264.6 -- 5e-5 relative -- and
Nelder-Mead then spent 10 CPU-s to gain 3e-8 in log-likelihood, the same predictions.)"""


NEWTON_GAIN = 1e-4
"""Largest log-likelihood a Newton step could still gain from an abnormal L-BFGS-B stop for
the stop to be taken as converged, when the Hessian there is positive definite (a likelihood's
statistical resolution is ~0.5). The demo's Gamma-Gamma fit once stopped at q's bound with a
gradient of 0.027 on 264.6 (1.03e-4 relative, just above :data:`STATIONARY_GRADIENT`) where a
Newton step gains 1e-6; Nelder-Mead then spent 20,000 iterations -- 26 CPU-s -- to gain 2e-6,
in one of five builds timed and one of 15 row orders tried, depending on the order the warehouse
returned the rows in."""


def _free_gradient(result, bounds: list[tuple[float | None, float | None]] | None) -> np.ndarray:
    """The stop's gradient with the components pushing against an active bound set to 0."""
    grad = np.array(result.jac, dtype=float)
    for i, (low, high) in enumerate(bounds or []):
        at_high = high is not None and result.x[i] >= high - 1e-9 and grad[i] < 0
        at_low = low is not None and result.x[i] <= low + 1e-9 and grad[i] > 0
        if at_high or at_low:  # pushing against an active bound: not a direction to move in
            grad[i] = 0.0
    return grad


def _stationary(result, bounds: list[tuple[float | None, float | None]] | None) -> bool:
    """Whether an optimiser's stop is a stationary point (the projected gradient is ~0)."""
    if result.jac is None or not np.isfinite(result.fun) or result.fun >= 1e299:
        return False
    grad = _free_gradient(result, bounds)
    return bool(np.max(np.abs(grad)) <= STATIONARY_GRADIENT * max(1.0, abs(result.fun)))


def _newton_gain(neg_ll, result, bounds, step: float = 1e-5) -> float:
    """What a Newton step over the free parameters would gain from the stop ``result``
    (``neg_ll`` returns the value and gradient): ``g' H⁻¹ g / 2``, the Hessian ``H`` by central
    differences of the analytic gradient. ``inf`` when ``H`` is not positive definite there
    (a ridge or a saddle: no gain can be bounded) or not finite."""
    if result.jac is None or not np.isfinite(result.fun) or result.fun >= 1e299:
        return np.inf
    grad = _free_gradient(result, bounds)
    free = [i for i in range(len(grad)) if grad[i] != 0.0 or not _at_bound(result.x, i, bounds)]
    if not free:
        return 0.0
    hessian = np.empty((len(result.x), len(free)))
    for col, i in enumerate(free):
        shift = np.zeros(len(result.x))
        shift[i] = step
        hessian[:, col] = (neg_ll(result.x + shift)[1] - neg_ll(result.x - shift)[1]) / (2 * step)
    h = hessian[free]
    h = (h + h.T) / 2
    g = grad[free]
    try:
        factor = np.linalg.cholesky(h)  # fails unless positive definite
    except np.linalg.LinAlgError:
        return np.inf
    gain = 0.5 * float(np.sum(np.linalg.solve(factor, g) ** 2))
    return gain if np.isfinite(gain) else np.inf


def _at_bound(x: np.ndarray, i: int, bounds) -> bool:
    low, high = (bounds or [(None, None)] * len(x))[i]
    return (high is not None and x[i] >= high - 1e-9) or (low is not None and x[i] <= low + 1e-9)


def _fit_positive(
    neg_ll,
    n_params: int,
    initial: tuple[float, ...] | None,
    *,
    jac: bool = False,
    value=None,
    upper: tuple[float | None, ...] | None = None,
) -> np.ndarray:
    """Minimise ``neg_ll`` over log-parameters: L-BFGS-B, with Nelder-Mead as the fallback.

    With ``jac`` ``neg_ll`` returns the value and its analytic gradient (L-BFGS-B then needs
    no finite differences: one evaluation per step instead of ``n_params + 1``), and ``value``
    is the same function without the gradient, for the fallback. ``upper`` bounds parameters
    from above (``None``: unbounded), for a likelihood whose supremum lies at infinity along
    one parameter. An abnormal L-BFGS-B stop at a stationary point (:data:`STATIONARY_GRADIENT`),
    or where a Newton step would gain no more than :data:`NEWTON_GAIN`, is accepted; the
    fallback runs only when the search stopped short of one.
    """
    start = np.log(np.asarray(initial if initial is not None else (1.0,) * n_params, dtype=float))
    bounds = None
    if upper is not None:
        bounds = [(None, None if u is None else float(np.log(u))) for u in upper]
        start = np.minimum(start, [np.inf if hi is None else hi for _, hi in bounds])
    best = minimize(
        neg_ll, start, jac=jac, method="L-BFGS-B", bounds=bounds,
        options={"ftol": 1e-14, "gtol": 1e-9, "maxiter": 2000},
    )  # fmt: skip
    converged = best.success or (
        jac and (_stationary(best, bounds) or _newton_gain(neg_ll, best, bounds) <= NEWTON_GAIN)
    )
    if not converged or not np.isfinite(best.fun) or best.fun >= 1e299:
        value_only = value or ((lambda p: neg_ll(p)[0]) if jac else neg_ll)
        fallback = minimize(
            value_only, best.x if np.isfinite(best.fun) else start, method="Nelder-Mead",
            bounds=bounds, options={"xatol": 1e-8, "fatol": 1e-8, "maxiter": 20_000},
        )  # fmt: skip
        best = fallback if fallback.fun < best.fun else best
    if not np.isfinite(best.fun) or best.fun >= 1e299:
        raise MLInputError("maximum-likelihood fit did not converge (likelihood not finite)")
    return np.exp(best.x)


def _finite_or_huge(value: float, grad: np.ndarray) -> tuple[float, np.ndarray]:
    """The optimiser's pair: a non-finite likelihood becomes a huge value with a zero gradient
    (the line search backs off from it)."""
    if np.isfinite(value) and np.all(np.isfinite(grad)):
        return float(value), grad
    return 1e300, np.zeros_like(grad)


BGNBD_B_MAX = 1e6
"""Upper bound of the BG/NBD ``b`` in the fit. When the sample shows no sign of dropout (every
customer still buying at their rate, as in a young business), the likelihood keeps rising as
``a -> 0`` and ``b -> infinity``: its supremum is the NBD model without dropout, at infinity. At
``b = 1e6`` the mean dropout probability per purchase ``a / (a + b)`` is below one in a million
for any ``a`` the fit can reach; the fit stops there instead of wandering along that ridge (which
once cost Nelder-Mead's fallback 20,000 iterations: 11 minutes on the demo's 20,000 contacts)."""


def _bgnbd_gradient(r: float, alpha: float, a: float, b: float, x, t_x, T) -> np.ndarray:
    """Gradient of the BG/NBD sample log-likelihood with respect to ``(r, alpha, a, b)``.

    Each customer's likelihood is ``common + logaddexp(alive, dead)`` (see
    :func:`bgnbd_log_likelihood`); the two terms are weighted by their softmax shares.
    """
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    repeat = x > 0
    b_dead = np.maximum(b + x - 1, 1e-12)
    alive = betaln(a, b + x) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        dead = np.where(repeat, betaln(a + 1, b_dead) - (r + x) * np.log(alpha + t_x), -np.inf)
    top = np.maximum(alive, dead)
    w_alive = np.exp(alive - top)
    w_dead = np.exp(dead - top)
    total = w_alive + w_dead
    w_alive, w_dead = w_alive / total, w_dead / total
    psi_ab, psi_abx = digamma(a + b), digamma(a + b + x)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_at = np.where(repeat, np.log(alpha + t_x), 0.0)
    d_r = (
        digamma(r + x) - digamma(r) + np.log(alpha) - w_alive * np.log(alpha + T) - w_dead * log_at
    )
    d_alpha = r / alpha - (r + x) * (
        w_alive / (alpha + T) + np.where(repeat, w_dead / (alpha + t_x), 0.0)
    )
    d_a = w_alive * (psi_ab - psi_abx) + w_dead * (
        digamma(a + 1) - digamma(a) + psi_ab - digamma(a + 1 + b_dead)
    )
    d_b_dead = np.where(b + x - 1 > 1e-12, digamma(b_dead) - digamma(a + 1 + b_dead), 0.0)
    d_b = w_alive * (digamma(b + x) - psi_abx) + w_dead * d_b_dead - (digamma(b) - psi_ab)
    return np.array([d_r.sum(), d_alpha.sum(), d_a.sum(), d_b.sum()])


def fit_bgnbd(
    x, t_x, T, *, initial: tuple[float, float, float, float] | None = None
) -> BGNBDParams:
    """Fit the BG/NBD model by maximum likelihood.

    Parameters
    ----------
    x, t_x, T : array_like
        Frequency (repeat transactions), recency and age per customer, in the same time unit.
    initial : tuple of 4 floats, optional
        Starting values for ``(r, alpha, a, b)``; all ones by default.

    Returns
    -------
    BGNBDParams

    References
    ----------
    .. [1] Fader, Hardie & Lee (2005), Marketing Science 24(2).
    """
    x, t_x, T = _as_arrays(x, t_x, T)
    if len(x) < 2:
        raise MLInputError("BG/NBD needs at least 2 customers to fit")
    if not (x > 0).any():
        raise MLInputError(
            "BG/NBD needs customers with a repeat transaction (every x is 0): with none the "
            "likelihood has no maximum and the parameters would be meaningless; wait for more "
            "history or use a run-rate baseline"
        )
    scale = float(np.mean(T)) or 1.0
    # fit in scaled time so the optimiser sees alpha ~ 1; alpha scales with time, r,a,b do not
    xs, txs, Ts = x, t_x / scale, T / scale

    def value(log_params: np.ndarray) -> float:
        total = -np.sum(bgnbd_log_likelihood(*np.exp(log_params), xs, txs, Ts))
        return float(total) if np.isfinite(total) else 1e300

    def neg_ll(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(log_params)
        total = -np.sum(bgnbd_log_likelihood(*params, xs, txs, Ts))
        with np.errstate(all="ignore"):
            grad = -_bgnbd_gradient(*params, xs, txs, Ts) * params  # d/d log(param)
        return _finite_or_huge(total, grad)

    init = None if initial is None else (initial[0], initial[1] / scale, initial[2], initial[3])
    r, alpha_s, a, b = _fit_positive(
        neg_ll, 4, init, jac=True, value=value, upper=(None, None, None, BGNBD_B_MAX)
    )
    alpha = alpha_s * scale
    ll = float(np.sum(bgnbd_log_likelihood(r, alpha, a, b, x, t_x, T)))
    return BGNBDParams(float(r), float(alpha), float(a), float(b), ll, int(len(x)))


def bgnbd_probability_alive(params: BGNBDParams, x, t_x, T) -> np.ndarray:
    """Probability that each customer is still "alive" at T (eq. 11 of [1]_ / Hardie's note 021).

    Parameters
    ----------
    params : BGNBDParams
    x, t_x, T : array_like

    Returns
    -------
    numpy.ndarray
        P(alive), 1 for customers with no repeat transaction.
    """
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = (
            np.log(a)
            - np.log(np.maximum(b + x - 1, 1e-12))
            + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
        )
    return np.where(x > 0, 1.0 / (1.0 + np.exp(log_ratio)), 1.0)


def bgnbd_expected_transactions(params: BGNBDParams, t: float, x, t_x, T) -> np.ndarray:
    """Expected transactions in the next ``t`` time units given each history (eq. 10 of [1]_).

    Parameters
    ----------
    params : BGNBDParams
    t : float
        Length of the prediction horizon, in the fit's time unit.
    x, t_x, T : array_like

    Returns
    -------
    numpy.ndarray
        E[Y(t) | x, t_x, T] per customer.
    """
    if not np.isfinite(t) or t < 0:
        raise MLInputError(f"horizon t={t!r}: expected a length of time >= 0")
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    numerator = (
        (a + b + x - 1) / (a - 1) * (1 - np.power((alpha + T) / (alpha + T + t), r + x) * hyp)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        dead = np.where(
            x > 0,
            a / np.maximum(b + x - 1, 1e-12) * np.power((alpha + T) / (alpha + t_x), r + x),
            0.0,
        )
    return numerator / (1 + dead)


GAMMA_GAMMA_Q_MAX = 1e6
"""Upper bound of the Gamma-Gamma ``q`` in the fit. When every customer's spend rate is the
same (fixed course prices) the likelihood keeps rising as ``q`` and ``gamma`` grow together:
its supremum is the model without heterogeneity, at infinity. At ``q = 1e6`` the spread of the
rate across customers is 0.1 % of its mean, which no sample tells from none; the fit stops
there instead of wandering along that ridge (and the expected value is the population mean)."""


def _gamma_gamma_gradient(p: float, q: float, gamma: float, x, zbar) -> np.ndarray:
    """Gradient of the Gamma-Gamma sample log-likelihood with respect to ``(p, q, gamma)``."""
    px, log_total = p * x, np.log(gamma + x * zbar)
    psi_all = digamma(px + q)
    return np.array(
        [
            np.sum(x * (psi_all - digamma(px) + np.log(zbar) + np.log(x) - log_total)),
            np.sum(psi_all - digamma(q) + np.log(gamma) - log_total),
            np.sum(q / gamma - (px + q) / (gamma + x * zbar)),
        ]
    )


def gamma_gamma_log_likelihood(p: float, q: float, gamma: float, x, zbar) -> np.ndarray:
    """Per-customer log-likelihood of the Gamma-Gamma spend model ([3]_, eq. 5).

    Parameters
    ----------
    p, q, gamma : float
        Model parameters, all > 0.
    x : array_like
        Number of transactions whose values were averaged (> 0).
    zbar : array_like
        Mean transaction value (> 0).

    Returns
    -------
    numpy.ndarray
    """
    x, zbar = np.asarray(x, dtype=float), np.asarray(zbar, dtype=float)
    return (
        gammaln(p * x + q)
        - gammaln(p * x)
        - gammaln(q)
        + q * np.log(gamma)
        + (p * x - 1) * np.log(zbar)
        + p * x * np.log(x)
        - (p * x + q) * np.log(gamma + x * zbar)
    )


def fit_gamma_gamma(
    x, zbar, *, initial: tuple[float, float, float] | None = None
) -> GammaGammaParams:
    """Fit the Gamma-Gamma model of average transaction value by maximum likelihood.

    Parameters
    ----------
    x : array_like
        Repeat transactions per customer; customers with ``x == 0`` are ignored, as in [2]_.
    zbar : array_like
        Mean value of those transactions (must be > 0 where ``x > 0``).
    initial : tuple of 3 floats, optional
        Starting ``(p, q, gamma)``.

    Returns
    -------
    GammaGammaParams

    References
    ----------
    .. [2] Fader, Hardie & Lee (2005), JMR 42(4): p = 6.25, q = 3.74, γ = 15.44 on CDNOW.
    """
    x, zbar = np.asarray(x, dtype=float), np.asarray(zbar, dtype=float)
    keep = x > 0
    x, zbar = x[keep], zbar[keep]
    if len(x) < 3:
        raise MLInputError("Gamma-Gamma needs at least 3 customers with a repeat transaction")
    if np.any(zbar <= 0):
        raise MLInputError("zbar (mean transaction value) must be > 0 for customers with x > 0")
    scale = float(np.mean(zbar))
    zs = zbar / scale

    # optimised over (p, q, m = gamma / q): along the ridge of a homogeneous sample q and gamma
    # grow together with m fixed, which (log p, log q, log gamma) makes ill-conditioned
    def neg_ll(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        p, q, m = np.exp(log_params)
        value = -np.sum(gamma_gamma_log_likelihood(p, q, q * m, x, zs))
        d_p, d_q, d_g = _gamma_gamma_gradient(p, q, q * m, x, zs)
        return _finite_or_huge(value, -np.array([p * d_p, q * d_q + q * m * d_g, q * m * d_g]))

    init = None if initial is None else (initial[0], initial[1], initial[2] / scale / initial[1])
    p, q, m = _fit_positive(neg_ll, 3, init, jac=True, upper=(None, GAMMA_GAMMA_Q_MAX, None))
    g_s = q * m
    g = g_s * scale
    ll = float(np.sum(gamma_gamma_log_likelihood(p, q, g, x, zbar)))
    return GammaGammaParams(float(p), float(q), float(g), ll, int(len(x)))


def gamma_gamma_expected_value(params: GammaGammaParams, x, zbar) -> np.ndarray:
    """Expected value of a customer's future transaction, E[M | x, zbar] ([3]_, eq. 6).

    The posterior mean is a weighted average of the population mean ``pγ/(q-1)`` and the
    customer's own mean ``zbar``; customers with ``x == 0`` get the population mean.

    Parameters
    ----------
    params : GammaGammaParams
    x, zbar : array_like

    Returns
    -------
    numpy.ndarray
    """
    if params.q <= 1:
        raise MLInputError(
            f"Gamma-Gamma q = {params.q:.3f} <= 1: the mean spend is undefined; "
            "fit on more customers with repeat purchases"
        )
    x, zbar = np.asarray(x, dtype=float), np.asarray(zbar, dtype=float)
    p, q, g = params.p, params.q, params.gamma
    population_mean = p * g / (q - 1)
    weight = (q - 1) / (p * x + q - 1)
    return weight * population_mean + (1 - weight) * np.where(x > 0, zbar, 0.0)


def rfm_summary(
    transactions: pd.DataFrame,
    *,
    calibration_end: dt.datetime,
    births: pd.Series | None = None,
    customer_col: str = "contact_id",
    at_col: str = "occurred_at",
    amount_col: str = "revenue_amount",
    unit_days: float = 7.0,
) -> pd.DataFrame:
    """Summarise transactions into (x, t_x, T, zbar) per customer, as of ``calibration_end``.

    Transactions on the same day count once (their amounts add up), as in the CDNOW summaries.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase (e.g. an enrollment) with customer, time (UTC) and amount columns.
        Only rows strictly before ``calibration_end`` are used.
    calibration_end : datetime.datetime
        End of the calibration window (naive UTC).
    births : pandas.Series, optional
        Birth time per customer (index = customer id), e.g. contact ``created_at``. When given,
        every contact born before ``calibration_end`` is summarised (also those with no purchase)
        and every purchase counts as a transaction. When omitted, a customer is born at their
        first purchase and ``x`` counts the *repeat* purchases, as in the papers.
    customer_col, at_col, amount_col : str
        Column names.
    unit_days : float
        Length of one time unit in days (7 = weeks).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer with columns ``x``, ``t_x``, ``T``, ``zbar`` (mean value of the counted
        transactions, 0 when ``x == 0``) and ``monetary_total``.
    """
    require_columns(transactions, [customer_col, at_col, amount_col], name="transactions")
    end = pd.Timestamp(calibration_end)
    tx = transactions.loc[
        pd.to_datetime(transactions[at_col]) < end, [customer_col, at_col, amount_col]
    ]
    # the same summary whatever order the rows were read in (a warehouse scan has none): the
    # amounts of a day add up in one order, the customers come sorted -- and so the fits, which
    # sum over them, are reproducible to the last bit
    tx = tx.sort_values([customer_col, at_col, amount_col], kind="stable")
    tx = tx.assign(_day=pd.to_datetime(tx[at_col]).dt.floor("D"))
    daily = tx.groupby([customer_col, "_day"], as_index=False)[amount_col].sum()
    unit = pd.Timedelta(days=unit_days)

    if births is None:
        first = daily.groupby(customer_col)["_day"].transform("min")
        birth_of = daily.groupby(customer_col)["_day"].min()
        repeats = daily[daily["_day"] > first]
    else:
        birth_of = pd.to_datetime(births).sort_index(kind="stable")
        birth_of = birth_of[birth_of < end]
        daily = daily[among(daily[customer_col], birth_of.index)]
        repeats = daily
    grouped = repeats.groupby(customer_col)
    out = pd.DataFrame(index=birth_of.index.rename(customer_col))
    out["x"] = grouped.size().reindex(out.index, fill_value=0).astype(int)
    last = grouped["_day"].max().reindex(out.index)
    out["t_x"] = ((last - birth_of) / unit).fillna(0.0).clip(lower=0.0)
    out["T"] = (end - birth_of) / unit
    total = grouped[amount_col].sum().reindex(out.index, fill_value=0.0)
    out["monetary_total"] = total.astype(float)
    out["zbar"] = np.where(out["x"] > 0, total / out["x"].where(out["x"] > 0, 1), 0.0)
    out["t_x"] = np.minimum(out["t_x"], out["T"])
    return out[out["T"] > 0]
