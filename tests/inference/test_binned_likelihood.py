"""The binned Poisson likelihood: profiling against a brute-force minimiser, the limit against the
closed form of a counting experiment, toys and Asimov data."""

import numpy as np
import pytest
from scipy import optimize, stats

from mcpria_lite.inference import binned_likelihood as bl


def _brute(L, theta):
    f = lambda a: float(L.nll(theta, np.maximum(a, 0.0)))  # noqa: E731
    res = optimize.minimize(f, np.ones(L.T.shape[0]), method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000})
    return res.fun


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_profile_equals_a_brute_force_minimum(seed):
    rng = np.random.default_rng(seed)
    T = np.stack([rng.uniform(5, 50, 12), rng.uniform(0, 8, 12)])
    S = np.stack([np.linspace(20, 1, 12), -np.linspace(3, 0.1, 12)])
    L = bl.BinnedLikelihood(rng.poisson(T.sum(0)), T, [0.05, 0.1], S, [2, 1])
    for th in (0.0, 0.3, 1.0):
        assert L.profile_nll(th) == pytest.approx(_brute(L, th), abs=1e-6)


def test_counting_experiment_limit_against_its_closed_form():
    """One bin, a background known to 1e-6: q̃(s) = 2[(s + b) − n − n ln((s + b)/n)] − q̃(ŝ) with
    ŝ = max(n − b, 0); the limit solves q̃ = Φ⁻¹(0.9)²."""
    for n, b in ((30, 25.0), (20, 25.0)):
        L = bl.BinnedLikelihood([n], [[b]], [1e-6], [[1.0]], [1.0])
        th, t_hat, _ = bl.profile_upper_limit(L.profile_nll, L.theta_scale(), 1.0, 0.9)
        s_hat = max(n - b, 0.0)
        f = lambda s: 2 * ((s + b) - n - n * np.log((s + b) / n))  # noqa: E731
        c = stats.norm.ppf(0.9) ** 2
        ref = optimize.brentq(lambda s: f(s) - f(s_hat) - c, s_hat, 200)
        assert th == pytest.approx(ref, rel=1e-6) and t_hat == pytest.approx(s_hat, abs=1e-4)
        th2, _, _ = bl.profile_upper_limit(L.profile_nll, L.theta_scale(), 1.0, 0.9, "delta-chi2")
        ref2 = optimize.brentq(lambda s: f(s) - f(s_hat) - stats.chi2.ppf(0.9, 1), s_hat, 200)
        assert th2 == pytest.approx(ref2, rel=1e-6)


def test_batched_profile_equals_one_by_one():
    rng = np.random.default_rng(7)
    T = np.stack([rng.uniform(5, 50, 10), rng.uniform(1, 8, 10)])
    L = bl.BinnedLikelihood(T.sum(0), T, [0.05, 0.1], np.linspace(9, 1, 10)[None], [2.0])
    toys = L.toys(0.5, 6, rng)
    f = toys.profile_nll(np.full(6, 0.8))
    for i in range(6):
        assert f[i] == pytest.approx(float(toys.subset(i).profile_nll(0.8)), rel=1e-10)


def test_asimov_best_fit_is_the_injected_coupling():
    T = np.array([[40.0, 30, 20, 10, 5]])
    S = np.array([[10.0, 5, 2, 1, 0.5]])
    L = bl.BinnedLikelihood([40, 30, 20, 10, 5], T, [0.1], S, [2.0]).asimov(0.7)
    t_hat, _ = bl.best_fit(L.profile_nll, L.theta_scale(), 2.0)
    assert t_hat == pytest.approx(0.7, rel=1e-4)


def test_a_deficit_larger_than_the_background_is_costly_or_impossible_never_nan():
    L = bl.BinnedLikelihood([3, 3], [[1.0, 1.0]], [0.01], [[-100.0, -100.0]], [1.0])
    v = L.profile_nll(1.0)  # only a normalisation ~100 sigma away keeps the expectation positive
    assert np.isfinite(v) and v > 1e7
    L = bl.BinnedLikelihood([3, 3], [[1.0, 0.0]], [0.01], [[-1.0, -1.0]], [1.0])
    assert L.profile_nll(1.0) == np.inf  # no normalisation can: the second bin has no background


def test_bad_input():
    with pytest.raises(ValueError, match="shapes"):
        bl.BinnedLikelihood([1, 2], [[1.0, 1.0, 1.0]], [0.1], [[1.0, 1.0]], [2.0])
    with pytest.raises(ValueError, match="observed"):
        bl.BinnedLikelihood([-1, 2], [[1.0, 1.0]], [0.1], [[1.0, 1.0]], [2.0])
    with pytest.raises(ValueError, match="sigmas"):
        bl.BinnedLikelihood([1, 2], [[1.0, 1.0]], [0.0], [[1.0, 1.0]], [2.0])
    with pytest.raises(ValueError, match="statistic"):
        bl.critical(0.9, "chi2")
    with pytest.raises(ValueError, match="cl"):
        bl.critical(1.2)


def test_delta_chi2_critical_value_is_the_chi2_quantile():
    from scipy import stats

    for cl in (0.68, 0.9, 0.95, 0.99):
        assert bl.critical(cl, "delta-chi2") == pytest.approx(stats.chi2.ppf(cl, 1), rel=1e-12)
