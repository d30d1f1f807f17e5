"""BG/NBD + Gamma-Gamma: golden values from the CDNOW papers, scipy references, simulation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats
from scipy.special import gammaln

from ml import ltv
from ml.errors import MLInputError
from ml.ltv import (
    BGNBD_B_MAX,
    GAMMA_GAMMA_Q_MAX,
    BGNBDParams,
    _bgnbd_gradient,
    _gamma_gamma_gradient,
    bgnbd_expected_transactions,
    bgnbd_probability_alive,
    fit_bgnbd,
    fit_gamma_gamma,
    gamma_gamma_expected_value,
    gamma_gamma_log_likelihood,
    rfm_summary,
)
from tests.ml.synthetic import bgnbd_event_times

CDNOW = Path(__file__).resolve().parents[1] / "data" / "cdnow_customers_summary.csv"


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    return pd.read_csv(CDNOW)


@pytest.fixture(scope="module")
def cdnow_bgnbd(cdnow) -> BGNBDParams:
    return fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])


def test_bgnbd_recovers_published_cdnow_parameters(cdnow_bgnbd):
    # Fader, Hardie & Lee (2005), Marketing Science 24(2): r, alpha, a, b and LL = -9582.4
    p = cdnow_bgnbd
    assert (round(p.r, 3), round(p.alpha, 3), round(p.a, 3), round(p.b, 3)) == (
        0.243,
        4.414,
        0.793,
        2.426,
    )
    assert p.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    assert p.n_customers == 2357


@pytest.mark.parametrize(
    "params", [(0.243, 4.414, 0.793, 2.426), (0.5, 10.0, 0.01, 300.0), (2.0, 1.0, 3.0, 0.5)]
)
def test_bgnbd_gradient_equals_finite_differences(cdnow, params):
    # the fit's L-BFGS-B uses the analytic gradient: it must be the likelihood's own
    x, t_x, T = (cdnow[c].to_numpy(float) for c in ("x", "t_x", "T"))
    p = np.array(params)
    numeric = []
    for i in range(4):
        step = np.zeros(4)
        step[i] = p[i] * 1e-4  # betaln is accurate to ~1e-10: smaller steps drown in it
        up = bgnbd_log_likelihood_sum(p + step, x, t_x, T)
        down = bgnbd_log_likelihood_sum(p - step, x, t_x, T)
        numeric.append((up - down) / (2 * step[i]))
    assert _bgnbd_gradient(*params, x, t_x, T) == pytest.approx(numeric, rel=1e-5, abs=1e-6)


def bgnbd_log_likelihood_sum(p, x, t_x, T) -> float:
    from ml.ltv import bgnbd_log_likelihood

    return float(np.sum(bgnbd_log_likelihood(*p, x, t_x, T)))


def test_bgnbd_conditional_expectation_matches_paper(cdnow_bgnbd):
    # the paper's worked example: x = 2, t_x = 30.43, T = 38.86 -> 1.226 purchases in 39 weeks
    expected = bgnbd_expected_transactions(cdnow_bgnbd, 39, [2], [30.43], [38.86])
    assert expected[0] == pytest.approx(1.226, abs=0.001)
    alive = bgnbd_probability_alive(cdnow_bgnbd, [0, 2, 2], [0, 30.43, 5.0], [38.86] * 3)
    assert alive[0] == 1.0
    assert 0 < alive[2] < alive[1] < 1  # an early last purchase makes a customer likelier dead


def test_gamma_gamma_recovers_published_cdnow_parameters(cdnow):
    gg = fit_gamma_gamma(cdnow["x"], cdnow["zbar"])
    # Fader, Hardie & Lee (2005), JMR 42(4): p = 6.25, q = 3.74, gamma = 15.44 (946 repeat buyers)
    assert gg.n_customers == 946
    assert gg.p == pytest.approx(6.25, abs=0.01)
    assert gg.q == pytest.approx(3.74, abs=0.01)
    assert gg.gamma == pytest.approx(15.44, abs=0.02)


def test_gamma_gamma_likelihood_equals_scipy_betaprime(cdnow):
    # x * zbar ~ BetaPrime(p x, q, scale=gamma): an independent scipy implementation
    rep = cdnow[cdnow["x"] > 0]
    p, q, g = 6.25, 3.74, 15.44
    ours = gamma_gamma_log_likelihood(p, q, g, rep["x"], rep["zbar"]).sum()
    ref = (
        stats.betaprime.logpdf(rep["x"] * rep["zbar"], p * rep["x"], q, scale=g) + np.log(rep["x"])
    ).sum()
    assert ours == pytest.approx(ref, rel=1e-10)
    fitted = fit_gamma_gamma(cdnow["x"], cdnow["zbar"])
    assert fitted.log_likelihood >= ours  # the MLE is at least as likely as the rounded values


def test_gamma_gamma_expected_value_shrinks_to_population_mean(cdnow):
    gg = fit_gamma_gamma(cdnow["x"], cdnow["zbar"])
    population = gg.p * gg.gamma / (gg.q - 1)
    values = gamma_gamma_expected_value(gg, [0, 1, 50], [0.0, 100.0, 100.0])
    assert values[0] == pytest.approx(population)
    assert population < values[1] < values[2] < 100.0


@pytest.mark.parametrize("params", [(6.25, 3.74, 15.44), (0.5, 40.0, 2.0), (8.0, 5e5, 1e6)])
def test_gamma_gamma_gradient_equals_finite_differences(cdnow, params):
    # the fit's L-BFGS-B uses the analytic gradient: it must be the likelihood's own
    rep = cdnow[cdnow["x"] > 0]
    x, zbar = rep["x"].to_numpy(float), rep["zbar"].to_numpy(float)
    p = np.array(params)
    numeric = []
    for i in range(3):
        step = np.zeros(3)
        step[i] = p[i] * 1e-5
        up = gamma_gamma_log_likelihood(*(p + step), x, zbar).sum()
        down = gamma_gamma_log_likelihood(*(p - step), x, zbar).sum()
        numeric.append((up - down) / (2 * step[i]))
    assert _gamma_gamma_gradient(*params, x, zbar) == pytest.approx(numeric, rel=1e-4, abs=1e-6)


def _same_spend_rate_sample(seed: int, n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """Repeat buyers whose transaction values all come from one Gamma(8, scale 300): fixed
    course prices, no spread of the spend rate across customers."""
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 4, n).astype(float)
    zbar = np.array([rng.gamma(8.0, 300.0, int(k)).mean() for k in x])
    return x, zbar


def _homogeneous_fit(x, zbar) -> tuple[float, float, float]:
    """The limiting model without spread, fitted independently with scipy's Gamma:
    ``x * zbar ~ Gamma(p x, scale s)``; returns ``(p, s, log-likelihood)``."""

    def neg_ll(log_ps):
        p, s = np.exp(log_ps)
        return -(stats.gamma.logpdf(x * zbar, p * x, scale=s) + np.log(x)).sum()

    ref = optimize.minimize(neg_ll, np.log([1.0, 300.0]), method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 5000})  # fmt: skip
    p, s = np.exp(ref.x)
    return p, s, -ref.fun


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_gamma_gamma_without_spread_stops_at_the_homogeneous_model(seed):
    # The likelihood's supremum is at q, gamma -> infinity (no heterogeneity); the fit used to
    # wander along that ridge until Nelder-Mead's 20,000-iteration limit and stop anywhere.
    x, zbar = _same_spend_rate_sample(seed)
    fitted = fit_gamma_gamma(x, zbar)
    ref_p, ref_scale, ref_ll = _homogeneous_fit(x, zbar)
    assert fitted.q == pytest.approx(GAMMA_GAMMA_Q_MAX)
    assert fitted.p == pytest.approx(ref_p, rel=1e-3)
    assert fitted.log_likelihood == pytest.approx(ref_ll, abs=1e-2)
    # every customer's expected spend is the population mean p * scale
    values = gamma_gamma_expected_value(fitted, x[:5], zbar[:5])
    assert values == pytest.approx([ref_p * ref_scale] * 5, rel=1e-3)
    # and the answer does not depend on where the search starts
    again = fit_gamma_gamma(x, zbar, initial=(1.0, 50.0, 10.0))
    assert again.p == pytest.approx(fitted.p, rel=1e-4)
    assert again.q == pytest.approx(GAMMA_GAMMA_Q_MAX)


@pytest.mark.parametrize("seed", [3, 6])
def test_gamma_gamma_keeps_an_inner_optimum_that_a_sample_supports(seed):
    # the same population, but these samples happen to spread more than one rate explains:
    # the bound must not hide a finite q that is more likely than the limiting model
    x, zbar = _same_spend_rate_sample(seed)
    fitted = fit_gamma_gamma(x, zbar)
    _, _, ref_ll = _homogeneous_fit(x, zbar)
    assert fitted.q < 1_000
    assert fitted.log_likelihood > ref_ll + 0.5
    again = fit_gamma_gamma(x, zbar, initial=(1.0, 5_000.0, 10.0))
    assert (again.p, again.q) == pytest.approx((fitted.p, fitted.q), rel=1e-4)


def _no_dropout_sample(seed: int, n: int = 3000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Customers buying at Gamma(0.6, 8)-distributed Poisson rates for 10-60 weeks, none
    dropping out (a young business): BG/NBD's dropout has nothing to fit."""
    rng = np.random.default_rng(seed)
    T = rng.uniform(10, 60, n)
    counts = rng.poisson(rng.gamma(0.6, 1 / 8.0, n) * T)
    t_x = np.array(
        [rng.uniform(0, t, k).max() if k else 0.0 for t, k in zip(T, counts, strict=True)]
    )
    return counts.astype(float), t_x, T


def _nbd_fit(x, T) -> tuple[float, float, float]:
    """The limiting model without dropout (NBD: Poisson rates ~ Gamma(r, alpha)), fitted
    independently; returns ``(r, alpha, log-likelihood)`` of the same data."""

    def neg_ll(log_params):
        r, alpha = np.exp(log_params)
        return -(
            gammaln(r + x) - gammaln(r) + r * np.log(alpha) - (r + x) * np.log(alpha + T)
        ).sum()

    ref = optimize.minimize(neg_ll, np.log([1.0, 1.0]), method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 5000})  # fmt: skip
    r, alpha = np.exp(ref.x)
    return r, alpha, -ref.fun


def _spy_on_minimize(monkeypatch) -> list[tuple[str, bool]]:
    """Record each ``scipy.optimize.minimize`` call of the fit: (method, its own success)."""
    calls: list[tuple[str, bool]] = []
    real = ltv.minimize

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        calls.append((kwargs.get("method"), bool(result.success)))
        return result

    monkeypatch.setattr(ltv, "minimize", spy)
    return calls


@pytest.mark.parametrize("seed", [1, 4, 5])
def test_bgnbd_without_dropout_stops_at_the_nbd_model(seed, monkeypatch):
    # The likelihood's supremum is at a -> 0, b -> infinity (no dropout). L-BFGS-B used to stop
    # "abnormally" on that ridge and Nelder-Mead then walked it for 20,000 iterations: the demo's
    # LTV asset took 11 minutes on 20,000 contacts.
    x, t_x, T = _no_dropout_sample(seed)
    calls = _spy_on_minimize(monkeypatch)
    fitted = fit_bgnbd(x, t_x, T)
    ref_r, ref_alpha, ref_ll = _nbd_fit(x, T)
    assert fitted.b <= BGNBD_B_MAX * (1 + 1e-9)
    assert fitted.a / (fitted.a + fitted.b) < 1e-6  # dropout probability per purchase
    assert (fitted.r, fitted.alpha) == pytest.approx((ref_r, ref_alpha), rel=1e-5)
    assert fitted.log_likelihood == pytest.approx(ref_ll, abs=1e-4)
    assert [method for method, _ in calls] == ["L-BFGS-B"]  # no fallback walk


def test_an_abnormal_stop_at_a_stationary_point_is_accepted(monkeypatch):
    # seed 4 is a sample on which L-BFGS-B's line search fails at the optimum
    x, t_x, T = _no_dropout_sample(4)
    calls = _spy_on_minimize(monkeypatch)
    fitted = fit_bgnbd(x, t_x, T)
    assert calls == [("L-BFGS-B", False)]
    assert fitted.log_likelihood == pytest.approx(_nbd_fit(x, T)[2], abs=1e-4)


def test_a_stop_is_stationary_when_no_free_parameter_has_a_gradient():
    def stop(jac, fun=10.0):
        return optimize.OptimizeResult(x=np.array([0.0, 2.0]), fun=fun, jac=np.array(jac))

    bounded = [(None, None), (None, 2.0)]
    assert not ltv._stationary(stop([0.5, -3.0]), None)
    assert not ltv._stationary(stop([0.5, -3.0]), bounded)  # 0.5 on a free parameter
    # pushing against an active upper bound is not a direction the search can move in
    assert ltv._stationary(stop([0.0, -3.0]), bounded)
    assert not ltv._stationary(stop([0.0, 3.0]), bounded)  # away from the bound: free to move
    assert ltv._stationary(stop([1e-6, 0.0]), None)  # within 1e-6 x |fun|
    assert not ltv._stationary(stop([0.0, 0.0], fun=np.inf), None)


def test_fit_on_simulated_data_recovers_truth_and_predicts_holdout():
    rng = np.random.default_rng(7)
    r, alpha, a, b = 0.5, 6.0, 0.8, 3.0
    cal, hold = 52.0, 26.0
    times = bgnbd_event_times(6000, r, alpha, a, b, cal + hold, rng)
    x = np.array([sum(t <= cal for t in ts) for ts in times])
    t_x = np.array([max([t for t in ts if t <= cal], default=0.0) for ts in times])
    actual = np.array([sum(t > cal for t in ts) for ts in times])
    fit = fit_bgnbd(x, t_x, np.full(len(x), cal))
    assert fit.r == pytest.approx(r, rel=0.15)
    assert fit.alpha == pytest.approx(alpha, rel=0.2)
    predicted = bgnbd_expected_transactions(fit, hold, x, t_x, np.full(len(x), cal))
    assert predicted.sum() == pytest.approx(actual.sum(), rel=0.08)
    # beats the naive run-rate x / T per customer
    naive = x / cal * hold
    assert np.abs(predicted - actual).mean() < np.abs(naive - actual).mean()


def test_rfm_summary_counts_repeat_days_and_uses_births():
    tx = pd.DataFrame(
        {
            "contact_id": ["a", "a", "a", "b", "c"],
            "occurred_at": pd.to_datetime(
                [
                    "2026-01-01 09:00",
                    "2026-01-01 18:00",
                    "2026-01-15 00:00",
                    "2026-01-08 00:00",
                    "2026-03-01 00:00",
                ]
            ),
            "revenue_amount": [100.0, 50.0, 200.0, 80.0, 999.0],
        }
    )
    end = dt.datetime(2026, 1, 29)
    s = rfm_summary(tx, calibration_end=end)
    assert list(s.index) == ["a", "b"]  # c bought after the calibration end
    assert s.loc["a", "x"] == 1 and s.loc["a", "t_x"] == pytest.approx(2.0)
    assert s.loc["a", "T"] == pytest.approx(4.0) and s.loc["a", "zbar"] == 200.0
    assert s.loc["b", "x"] == 0 and s.loc["b", "T"] == pytest.approx(3.0)
    births = pd.Series(
        pd.to_datetime(["2025-12-25", "2026-01-01", "2026-01-20"]), index=["a", "b", "d"]
    )
    s2 = rfm_summary(tx, calibration_end=end, births=births)
    assert list(s2.index) == ["a", "b", "d"]
    assert s2.loc["a", "x"] == 2  # same-day purchases count once, first purchase counts too
    assert s2.loc["a", "zbar"] == pytest.approx(175.0)
    assert s2.loc["d", "x"] == 0


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(MLInputError, match="t_x"):
        fit_bgnbd([1, 2], [5.0, 9.0], [4.0, 10.0])
    with pytest.raises(MLInputError, match="transactions: missing column"):
        rfm_summary(pd.DataFrame({"contact_id": []}), calibration_end=dt.datetime(2026, 1, 1))
    with pytest.raises(MLInputError, match="zbar"):
        fit_gamma_gamma([1, 2, 3], [10.0, -1.0, 5.0])


def _quadratic(a: np.ndarray, centre: np.ndarray):
    """A negative log-likelihood ``(x-c)' A (x-c) / 2 + 100`` returning value and gradient."""

    def neg_ll(x):
        d = np.asarray(x, dtype=float) - centre
        return 0.5 * d @ a @ d + 100.0, a @ d

    return neg_ll


def _stopped(neg_ll, x) -> optimize.OptimizeResult:
    value, grad = neg_ll(np.asarray(x, dtype=float))
    return optimize.OptimizeResult(
        x=np.asarray(x, dtype=float), fun=value, jac=grad, success=False, status=2,
        message="ABNORMAL: ",
    )  # fmt: skip


def test_the_newton_gain_of_a_stop_is_what_a_newton_step_would_gain():
    a = np.array([[180.0, 40.0, 0.0], [40.0, 30.0, 5.0], [0.0, 5.0, 10_000.0]])
    centre = np.array([1.9, 13.0, -1.95])
    neg_ll = _quadratic(a, centre)
    x = centre + np.array([0.01, -0.02, 0.001])
    d = x - centre
    assert ltv._newton_gain(neg_ll, _stopped(neg_ll, x), None) == pytest.approx(
        0.5 * d @ a @ d, rel=1e-6
    )
    # a parameter pushing against its active bound is left out; one moving away from it is not
    bounded = [(None, None), (None, 13.0), (None, None)]
    at_bound = centre + np.array([0.01, 0.0, 0.001])
    at_bound[1] = 13.0
    stop = _stopped(neg_ll, at_bound)
    free = [0, 2]
    g = stop.jac[free]
    expected = 0.5 * g @ np.linalg.solve(a[np.ix_(free, free)], g)
    assert ltv._newton_gain(neg_ll, stop, bounded) == pytest.approx(expected, rel=1e-6)
    # a saddle (or a ridge's negative curvature) bounds no gain
    saddle = _quadratic(np.diag([1.0, -1.0, 1.0]), centre)
    assert ltv._newton_gain(saddle, _stopped(saddle, x), None) == np.inf


@pytest.mark.parametrize(("offset", "fallback"), [(1e-4, False), (0.3, True)])
def test_an_abnormal_stop_is_kept_when_a_newton_step_gains_almost_nothing(
    monkeypatch, offset, fallback
):
    """An abnormal L-BFGS-B stop whose gradient is above STATIONARY_GRADIENT but from which a
    Newton step gains <= NEWTON_GAIN is taken (the demo's Gamma-Gamma fit: 0.027 on 264.6, a
    Newton gain of 1e-6, then 26 CPU-s of Nelder-Mead); a stop short of the optimum is not."""
    a = np.diag([180.0, 10_000.0])
    centre = np.log([2.0, 0.5])
    neg_ll = _quadratic(a, centre)
    stop = centre + np.array([0.0, offset])
    assert not ltv._stationary(_stopped(neg_ll, stop), None)  # 1e-4 x 100 < the gradient
    calls = []
    real = ltv.minimize

    def minimize(fun, x0, **kwargs):
        calls.append(kwargs["method"])
        if kwargs["method"] == "L-BFGS-B":
            return _stopped(neg_ll, stop)  # the line search gives up here
        return real(fun, x0, **kwargs)

    monkeypatch.setattr(ltv, "minimize", minimize)
    fitted = ltv._fit_positive(neg_ll, 2, (1.0, 1.0), jac=True)
    assert calls == (["L-BFGS-B", "Nelder-Mead"] if fallback else ["L-BFGS-B"])
    assert np.log(fitted) == pytest.approx(centre if fallback else stop, abs=1e-3)
