"""The simplified RIA kernel's domain (issue 25, item 2).

The simplified kernel of Qiao et al. (JHEP 03 (2021) 184) sets the struck electron at rest in the
invariants (K̄₁ → m_eE, E(p_z) → m_e): it is the free-electron-at-rest ⟨M²⟩, which is a squared
amplitude (≥ 0) only where an electron at rest can take the energy T, T ≤ T_max(E) of the free
electron. Beyond that end point (the bound electrons' tail, reached by slow heavy projectiles) the
kernel was applied anyway and gave negative cross sections, DDCS and rates. There it is now zero,
like the FEA (documented), and the full RIA stays the method for the tail.
"""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite import kinematics as kin
from mcpria_lite.particles.projectiles import millicharged_particle


def test_the_case_of_the_sweep_is_not_negative():
    # T = 1000 keV beyond the free end point T_max(2001 keV, m = 1 MeV) ≈ 929 keV: it gave −4.5e-32
    assert float(kin.T_max(2001.0, 1000.0)) < 1000.0
    assert ml.dsigma_dT("Ge", 1000.0, 2001.0, 1000.0, 1.0, "RIA-simplified") == 0.0
    assert ml.dsigma_dT("Ge", 1000.0, 2001.0, 1000.0, 1.0, "RIA") > 0.0  # the full kernel has the tail


@pytest.mark.parametrize("el", ["Ge", "Xe"])
def test_simplified_never_negative_and_zero_exactly_beyond_the_free_end_point(el):
    tg = ml.target(el)
    T_grid = np.geomspace(0.05, 1000.0, 18)
    for m in (0.0, 1.0, 100.0, 1e3, 1e4, 1e6):
        K = np.geomspace(1.001 * T_grid, 1e7 - m, 24, axis=1)
        T, E = np.broadcast_to(T_grid[:, None], K.shape), m + K
        s = ml.dsigma_dT(tg, T, E, m, method="RIA-simplified")
        assert np.all(np.isfinite(s)) and np.all(s >= 0), m
        beyond = T > kin.T_max(E, m)
        assert np.all(s[beyond] == 0.0)
        full = ml.dsigma_dT(tg, T, E, m, method="RIA")
        inside = ~beyond & (full > 0)
        assert np.all(s[inside] > 0)


def test_ddcs_simplified_not_negative():
    c = np.linspace(-1.0, 1.0, 21)
    d = ml.ddcs("Ge", 1000.0, 2001.0, 1000.0, c, 1.0, "RIA-simplified")
    assert np.all(d == 0.0)
    inside = ml.ddcs("Ge", 100.0, 2001.0, 1000.0, c, 1.0, "RIA-simplified")
    assert np.all(inside >= 0) and np.any(inside > 0)


def test_rate_of_a_slow_heavy_line_not_negative():
    """A mono-energetic slow heavy χ: every T beyond its free end point is the simplified kernel's
    zero, every T below it positive; never negative."""
    m, E = 1000.0, 2001.0
    flux = ml.line_flux((E, 1.0), projectile=millicharged_particle(m))
    T = np.array([10.0, 300.0, 900.0, 950.0, 1000.0])
    r = ml.dR_dT("Ge", T, flux, "RIA-simplified")
    assert np.all(r >= 0)
    tmax = float(kin.T_max(E, m))
    assert np.all(r[T > tmax] == 0) and np.all(r[T < tmax] > 0)


def test_simplified_rate_path_equals_its_direct_evaluation_for_slow_heavy_dark_cosmic_rays():
    flux = ml.dark_cosmic_rays(1e4, E_min_factor=None)
    T = np.geomspace(10.0, 2000.0, 7)
    fast = ml.dR_dT("Ge", T, flux, "RIA-simplified")
    direct = ml.dR_dT("Ge", T, flux, "RIA-simplified", evaluation="direct")
    assert np.all(fast >= 0)
    np.testing.assert_allclose(fast, direct, rtol=1e-4)


def test_lower_limit_of_the_simplified_kernel_is_the_free_threshold():
    T = np.array([0.1, 10.0, 1000.0])
    for m in (0.0, 10.0, 1e4):
        lo = ml.methods.E_lower_limit(T, m, "RIA-simplified")
        np.testing.assert_allclose(lo, np.maximum(kin.E_min(T, m), ml.methods.E_lower_limit(T, m, "RIA")))
