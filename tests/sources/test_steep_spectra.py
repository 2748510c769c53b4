"""Steep power laws (issue 25, item 8): a dark-cosmic-ray spectrum with α ≳ 45 at small masses
overflowed to an infinite rate and a sensitivity of 0.0 (with only a warning). Rates are computed at
unit couplings, where such a flux exceeds float64: it is refused at construction, naming ``alpha``
and the largest α for that mass; every α below it gives finite rates."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import mcpria_lite as ml


@pytest.mark.parametrize("m, alpha", [(0.01, 200.0), (1.0, 200.0), (100.0, 200.0), (0.01, 60.0), (1.0, 60.0)])
def test_overflowing_dark_cosmic_rays_are_refused_naming_alpha(m, alpha):
    with pytest.raises(ValueError, match=r"alpha.*largest alpha") as e:
        ml.dark_cosmic_rays(m, alpha=alpha)
    amax = float(str(e.value).rsplit(" is ", 1)[1])
    assert 1.0 < amax < alpha
    f = ml.dark_cosmic_rays(m, alpha=0.99 * amax)  # just below: finite everywhere, without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = ml.dR_dT("Ge", np.array([0.01, 0.1, 1.0]), f, "FEA")
        d = ml.sensitivity("Ge", f, "FEA", 0.1, 0.1)
    assert np.all(np.isfinite(r)) and np.all(r >= 0)
    assert math.isfinite(d) and d > 0


def test_heavy_steep_dark_cosmic_rays_still_work():
    # E_min = 10 m above the 1 GeV pivot: a steep spectrum is small, not large
    f = ml.dark_cosmic_rays(1e6, alpha=200.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = ml.dR_dT("Ge", 1.0, f, "FEA")
    assert np.isfinite(r) and r >= 0


@pytest.mark.parametrize("index, E_min, E_max, pivot", [(-60.0, 1.0, 1e7, 1.0), (300.0, 1e-3, 1e3, 1e3),
                                                       (80.0, 1e-3, np.inf, 1e6)])
def test_power_law_beyond_float64_is_refused(index, E_min, E_max, pivot):
    with pytest.raises(ValueError, match="index"):
        ml.power_law_flux(1.0, index, E_min, E_max, pivot_keV=pivot, projectile=ml.projectiles.neutrino())
    # the same shape from its own lower end (the default pivot) is small, not large: accepted
    if index > 0:
        f = ml.power_law_flux(1.0, index, E_min, E_max, projectile=ml.projectiles.neutrino())
        assert math.isfinite(f.total())


@pytest.mark.parametrize("interp", ["log-log", "linear"])
@pytest.mark.parametrize("lo, hi", [(1e-300, 1e-300), (1e-200, 1e200), (1e-300, 1e-10), (0.0, 1e-300)])
def test_tables_spanning_the_float_range_integrate_in_logs(interp, lo, hi):
    """A table from 1e-300 to 1e300 gave inf, overflow warnings or 'math domain error'; in logs the total
    is finite and equals the quadrature, without a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f = ml.tabulated_flux([1.0, 10.0, 100.0], [lo, 1.0, hi], projectile=ml.projectiles.neutrino(),
                              interpolation=interp)
        E, w = f.quadrature(n=400)
        r = ml.dR_dT("Ge", 1.0, f, "FEA")
    assert math.isfinite(f.total()) and np.isfinite(r) and r >= 0
    np.testing.assert_allclose(w.sum(), f.total(), rtol=1e-9)


def test_log_log_total_of_a_steep_table_is_the_power_law_integral():
    f = ml.tabulated_flux([1.0, 10.0, 100.0], [1e-300, 1.0, 1e-300], projectile=ml.projectiles.neutrino())
    np.testing.assert_allclose(f.total(), (10.0 - 1e-300) / 301 + 10.0 * (1 - 1e-300) / 299, rtol=1e-12)


@pytest.mark.parametrize("values", [[1e-300, 1.0, 1e300], [1e300, 1e300, 1e300]])
def test_tables_beyond_float64_rates_are_refused(values):
    with pytest.raises(ValueError, match="dphi_dE"):
        ml.tabulated_flux([1.0, 10.0, 100.0], values, projectile=ml.projectiles.neutrino())


def test_dfs_refuses_energies_where_its_lepton_tensors_overflow():
    nu = ml.projectiles.neutrino()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(ml.dsigma_dT("Ge", 1.0, 1e40, method="DFS", projectile=nu))
        with pytest.raises(ValueError, match="E_keV"):
            ml.dsigma_dT("Ge", 1.0, 1e65, method="DFS", projectile=nu)
