"""Detector response: the Gaussian convolution preserves the integral, turns a line into the
Gaussian, and the resolution/efficiency models follow their formulas."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import erf
from scipy.stats import norm

from mcpria_lite.detection import response as rs


def test_smear_preserves_the_integral_of_a_spectrum_inside_the_grid():
    T = np.geomspace(0.01, 30.0, 1500)  # non-uniform grid
    # a peak and a step-on continuum, both more than 5 sigma away from the grid's ends
    f = np.exp(-0.5 * ((T - 8.0) / 1.2) ** 2) + 0.3 * np.exp(-T / 2.0) * (T > 3.0)
    sig = rs.RelativeResolution(a=0.3171, b=0.0015)
    out = rs.smear(T, f, sig)
    np.testing.assert_allclose(np.trapezoid(out, T), np.trapezoid(f, T), rtol=1e-6)
    assert np.all(out >= 0)


def test_smear_of_a_line_is_the_gaussian():
    T = np.linspace(0.0, 10.0, 4001)
    k = 2000  # a unit-area line at T = 5 keV
    w = np.diff(np.concatenate([[T[0]], 0.5 * (T[1:] + T[:-1]), [T[-1]]]))
    f = np.zeros_like(T)
    f[k] = 1.0 / w[k]
    res = rs.QuadratureResolution(sigma0_keV=0.3, fano=0.11, pair_energy_keV=2.96e-3)
    s = float(res(T[k]))
    out = rs.smear(T, f, res)
    np.testing.assert_allclose(out, norm.pdf(T, 5.0, s), rtol=0, atol=2e-5 * norm.pdf(0, 0, s))
    np.testing.assert_allclose(np.trapezoid(out, T), 1.0, rtol=1e-12)


def test_smear_with_a_tiny_sigma_is_the_identity():
    T = np.linspace(1.0, 2.0, 101)
    f = 1.0 + T**2
    out = rs.smear(T, f, lambda t: 1e-9 * np.ones_like(t))
    np.testing.assert_allclose(out[1:-1], f[1:-1], rtol=1e-12)
    # the end points sit on the grid's edges: half of their events are reconstructed outside
    np.testing.assert_allclose(out[[0, -1]], 0.5 * f[[0, -1]], rtol=1e-12)
    np.testing.assert_allclose(rs.smear(T, f, lambda t: np.zeros_like(t)), f, rtol=1e-15)


def test_resolution_models_follow_their_formulas():
    T = np.array([0.0, 0.5, 1.0, 10.0])
    q = rs.QuadratureResolution(0.05, 0.11, 2.96e-3)
    np.testing.assert_allclose(q(T), np.sqrt(0.05**2 + 0.11 * 2.96e-3 * T), rtol=1e-15)
    r = rs.XENON1T_ER_RESOLUTION
    np.testing.assert_allclose(r(T[1:]) / T[1:], 0.3171 / np.sqrt(T[1:]) + 0.0015, rtol=1e-14)
    # the published fit: 31.71 %/sqrt(E/keV) + 0.15 %; at 1 keV sigma/E = 31.86 %
    np.testing.assert_allclose(r(1.0), 0.3186, rtol=1e-12)


def test_efficiencies():
    e = rs.ErfEfficiency(T50_keV=1.0, width_keV=0.2, plateau=0.9)
    T = np.array([0.0, 1.0, 1.2, 10.0])
    np.testing.assert_allclose(e(T), 0.9 * 0.5 * (1 + erf((T - 1.0) / (np.sqrt(2) * 0.2))), rtol=1e-15)
    np.testing.assert_allclose(e(1.0), 0.45)
    tab = rs.TabulatedEfficiency([1.0, 2.0, 3.0], [0.2, 0.6, 0.8])
    np.testing.assert_allclose(tab([0.5, 1.5, 2.5, 5.0]), [0.0, 0.4, 0.7, 0.8])
    f = np.array([2.0, 2.0, 2.0, 2.0])
    np.testing.assert_allclose(rs.apply_efficiency(T, f, e), 2.0 * e(T))


def test_detector_response_is_smear_then_efficiency():
    T = np.linspace(0.0, 5.0, 501)
    f = np.exp(-T)
    res, eff = rs.XENON1T_ER_RESOLUTION, rs.ErfEfficiency(1.0, 0.1)
    np.testing.assert_allclose(rs.detector_response(T, f, res, eff), rs.smear(T, f, res) * eff(T), rtol=1e-14)
    np.testing.assert_allclose(rs.detector_response(T, f), f)


@pytest.mark.parametrize("call, arg", [
    (lambda: rs.smear([1.0, 0.5], [1.0, 1.0], lambda t: t), "T_keV"),
    (lambda: rs.smear([0.5, 1.0], [1.0], lambda t: t), "values"),
    (lambda: rs.smear([0.0, 1.0], [1.0, 1.0], lambda t: -t), "sigma_keV"),
    (lambda: rs.smear([0.5, 1.0], [1.0, 1.0], 0.1), "sigma_keV"),
    (lambda: rs.QuadratureResolution(-0.1, 0.1, 3e-3), "sigma0_keV"),
    (lambda: rs.QuadratureResolution(0.1, 0.1, 0.0), "pair_energy_keV"),
    (lambda: rs.RelativeResolution(-1.0, 0.0), "a"),
    (lambda: rs.ErfEfficiency(1.0, 0.1, plateau=1.5), "plateau"),
    (lambda: rs.TabulatedEfficiency([1.0, 2.0], [0.5, 1.2]), "efficiency"),
    (lambda: rs.apply_efficiency([1.0], [1.0], lambda t: 2.0 * np.ones_like(t)), "efficiency"),
])
def test_bad_input_raises(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()
