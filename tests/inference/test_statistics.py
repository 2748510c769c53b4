"""Counting statistics against closed forms and published values."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm, poisson

from mcpria_lite.inference import statistics as st


def test_zero_background_poisson_limit_is_minus_ln_one_minus_cl():
    np.testing.assert_allclose(st.poisson_upper_limit(0, 0.0, 0.9), -np.log(0.1), rtol=1e-12)
    np.testing.assert_allclose(st.poisson_upper_limit(0, 0.0, 0.95), -np.log(0.05), rtol=1e-12)
    # with b and n = 0 the classical limit is 2.303 - b (clipped at 0)
    np.testing.assert_allclose(st.poisson_upper_limit(0, 1.0), -np.log(0.1) - 1.0, rtol=1e-12)
    assert st.poisson_upper_limit(0, 5.0) == 0.0


@pytest.mark.parametrize("n, b", [(0, 0.0), (3, 0.0), (3, 1.7), (10, 4.2), (50, 40.0)])
def test_poisson_limit_solves_its_defining_equation(n, b):
    s = st.poisson_upper_limit(n, b)
    np.testing.assert_allclose(poisson.cdf(n, s + b), 0.1, rtol=1e-10)


def test_large_background_limit_tends_to_the_gaussian_one():
    # n = b (the median outcome), b -> infinity: s_90 -> z_0.9 sqrt(b) = 1.2816 sqrt(b)
    z = norm.ppf(0.9)
    for b in (1e4, 1e6):
        s = st.poisson_upper_limit(int(b), b)
        np.testing.assert_allclose(s / (z * np.sqrt(b)), 1.0, rtol=15 / np.sqrt(b))
        mu = st.asimov_upper_limit(1.0, b)
        np.testing.assert_allclose(mu / (z * np.sqrt(b)), 1.0, rtol=6 / np.sqrt(b))


def test_single_bin_asimov_matches_single_bin_poisson_for_large_background():
    b = 1e4
    np.testing.assert_allclose(st.asimov_upper_limit(1.0, b), st.poisson_upper_limit(int(b), b), rtol=1e-2)


def test_binned_asimov_with_constant_s_over_b_equals_one_bin():
    # q(mu) = 2 sum [mu s_i - b_i ln(1 + mu r)] with s_i = r b_i depends only on the sums
    b = np.array([3.0, 10.0, 25.0, 100.0])
    s = 0.02 * b
    np.testing.assert_allclose(st.asimov_upper_limit(s, b), st.asimov_upper_limit(s.sum(), b.sum()), rtol=1e-10)
    # and the limit solves q = z^2 (one-sided) or chi2_1 (two-sided)
    mu = st.asimov_upper_limit(s, b)
    np.testing.assert_allclose(st.asimov_q(mu, s, b), norm.ppf(0.9) ** 2, rtol=1e-9)
    mu2 = st.asimov_upper_limit(s, b, one_sided=False)
    np.testing.assert_allclose(st.asimov_q(mu2, s, b), 2.705543454, rtol=1e-8)


def test_shape_information_helps():
    # the same totals, but the signal concentrated where the background is low: a stronger limit
    b = np.array([100.0, 100.0])
    flat, peaked = np.array([5.0, 5.0]), np.array([9.0, 1.0])
    assert st.asimov_upper_limit(peaked, b) < st.asimov_upper_limit(flat, b)


# Feldman & Cousins, Phys. Rev. D 57, 3873 (1998), Table IV: upper ends of the 90 % C.L.
# intervals (two decimals). Row n0 = 0 for every background of the table; the columns b = 0
# (n0 = 0..10), b = 1 (n0 = 0..4) and b = 3 (n0 = 0..14).
FC_TABLE_IV_N0_ZERO = {0.0: 2.44, 0.5: 1.94, 1.0: 1.61, 1.5: 1.33, 2.0: 1.26, 2.5: 1.18, 3.0: 1.08,
                       3.5: 1.06, 4.0: 1.01, 5.0: 0.98}
FC_TABLE_IV_COLUMNS = {
    0.0: [2.44, 4.36, 5.91, 7.42, 8.60, 9.99, 11.47, 12.53, 13.99, 15.30, 16.50],
    1.0: [1.61, 3.36, 4.91, 6.42, 7.60],
    3.0: [1.08, 1.88, 3.04, 4.42, 5.60, 6.99, 8.47, 9.53, 10.99, 12.30, 13.50, 14.81, 16.00, 17.05, 18.50],
}
# b = 0.5, n0 = 10: [5.00, 16.00], the entry gammapy's test suite quotes from Table IV
# (gammapy/stats/tests/test_feldman_cousins.py, test_acceptance_region_poisson)
FC_TABLE_IV_OTHER = {(10, 0.5): 16.00}
FC_CASES = sorted({(0, b, v) for b, v in FC_TABLE_IV_N0_ZERO.items()}
                  | {(n, b, v) for b, col in FC_TABLE_IV_COLUMNS.items() for n, v in enumerate(col)}
                  | {(n, b, v) for (n, b), v in FC_TABLE_IV_OTHER.items()})


@pytest.mark.parametrize("n, b, published", FC_CASES)
def test_feldman_cousins_reproduces_their_table_iv(n, b, published):
    # the table's two decimals: the computed limit rounds to the published value
    assert round(st.feldman_cousins_upper_limit(n, b), 2) == pytest.approx(published, abs=1e-9)


def test_feldman_cousins_limit_is_the_monotonic_upper_edge():
    """Non-increasing in b, where the strict construction is a saw-tooth (n0 = 0: 1.08 at b = 2)."""
    bs = np.arange(0.0, 5.01, 0.25)
    ul = [st.feldman_cousins_upper_limit(0, b) for b in bs]
    assert np.all(np.diff(ul) <= 1e-9), ul
    # the strict end (largest signal whose acceptance region holds n0 at this b only) dips at b = 2
    assert st._fc_upper_strict(0, 2.0, 0.9, 0.005) < 1.10 < st.feldman_cousins_upper_limit(0, 2.0)


@pytest.mark.parametrize("b", [0.7, 2.0])
def test_feldman_cousins_upper_limits_cover(b):
    """P(upper limit >= s | s) >= 90 % for every true signal s (classical coverage, exact sums)."""
    n = np.arange(60)
    ul = np.array([st.feldman_cousins_upper_limit(int(k), b) for k in n[:22]] + [np.inf] * 38)
    for s in np.linspace(0.05, 9.0, 60):
        covered = poisson.pmf(n, s + b)[ul >= s].sum()
        assert covered >= 0.9 - 1e-9, (s, covered)


def test_median_outcome_and_median_limit():
    assert st.median_background_outcome(0.0) == 0
    assert st.median_background_outcome(10.0) == 10
    assert st.median_background_outcome(0.5) == 0  # P(0 | 0.5) = 0.61 >= 1/2
    np.testing.assert_allclose(st.median_upper_limit(0.5), st.poisson_upper_limit(0, 0.5))


def test_expected_counts_and_delta_scaling_are_exact():
    T = np.linspace(0.0, 10.0, 101)
    f = 3.0 + 0.5 * T  # linear: trapezoids are exact
    # int_2^7 (3 + T/2) dT = 15 + (49 - 4)/4 = 26.25
    np.testing.assert_allclose(st.expected_counts(T, f, 2.0, (2.0, 7.0)), 2.0 * 26.25, rtol=1e-13)
    np.testing.assert_allclose(st.expected_counts(T, f, 1.0, (2.05, 7.0)),
                               26.25 - (3.0 * 0.05 + 0.25 * (2.05**2 - 4.0)), rtol=1e-13)
    np.testing.assert_allclose(st.background_counts(0.1, 1000.0, (0.5, 2.5)), 200.0, rtol=1e-15)
    # counts scale as delta^n, so the excluded delta reproduces the limit exactly
    for n in (2.0, 3.7):
        d = st.delta_limit(2.303, 1e5, n)
        np.testing.assert_allclose(1e5 * d**n, 2.303, rtol=1e-13)


def test_exposure_sensitivity_limits():
    T = np.linspace(0.1, 2.0, 200)
    f = np.full_like(T, 1e3)  # counts/(keV kg day) at delta = 1
    window, B, n = (0.1, 2.0), 0.1, 2.0
    X = np.array([1e-3, 1e6])
    d = st.exposure_sensitivity(T, f, n, X, B, window)
    s1 = 1e3 * 1.9
    # tiny exposure: b << 1, median n = 0, s_90 = 2.303 - b
    b0 = B * 1.9 * X[0]
    np.testing.assert_allclose(d[0], ((-np.log(0.1) - b0) / (s1 * X[0])) ** 0.5, rtol=1e-12)
    # large exposure: Gaussian regime, delta ∝ X^(-1/4)
    bb = B * 1.9 * X[1]
    np.testing.assert_allclose(d[1], (norm.ppf(0.9) * np.sqrt(bb) / (s1 * X[1])) ** 0.5, rtol=1e-2)
    da = st.exposure_sensitivity(T, f, n, X[1:], B, window, method="asimov", n_bins=5)
    np.testing.assert_allclose(da, d[1:], rtol=1e-2)


@pytest.mark.parametrize("call, arg", [
    (lambda: st.poisson_upper_limit(-1), "n_observed"),
    (lambda: st.poisson_upper_limit(1.5), "n_observed"),
    (lambda: st.poisson_upper_limit(0, -1.0), "background"),
    (lambda: st.poisson_upper_limit(0, 0.0, 1.0), "cl"),
    (lambda: st.asimov_upper_limit([0.0, 0.0], [1.0, 1.0]), "signal"),
    (lambda: st.expected_counts([0.0, 1.0], [1.0, 1.0], 1.0, (0.5, 2.0)), "window_keV"),
    (lambda: st.expected_counts([0.0, 1.0], [1.0, 1.0], 0.0, (0.1, 0.5)), "exposure_kg_day"),
    (lambda: st.delta_limit(2.3, 0.0, 2.0), "signal_at_delta_1"),
    (lambda: st.exposure_sensitivity([0.0, 1.0], [1.0, 1.0], 2.0, 1.0, 0.1, (0.1, 0.5), method="bayes"), "method"),
])
def test_bad_input_raises(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()


def test_asimov_limit_is_scale_free():
    # the excluded signal mu*S does not depend on how the signal is normalised (1e-20 ... 1e20)
    b = np.array([5.0, 50.0, 500.0])
    s = np.array([3.0, 2.0, 1.0])
    ref = st.asimov_upper_limit(s, b) * s.sum()
    for k in (1e-20, 1.0, 1e20):
        np.testing.assert_allclose(st.asimov_upper_limit(k * s, b) * k * s.sum(), ref, rtol=1e-10)
