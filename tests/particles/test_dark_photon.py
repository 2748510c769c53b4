"""The dark photon and its dark-Compton kernel (generated from the SymPy derivation)."""

from __future__ import annotations

import numpy as np
import pytest

from mcpria_lite import _kinematics_generated as kg
from mcpria_lite.particles import _dark_compton_generated as G
from mcpria_lite.particles.dark_photon import N_STATES, DarkPhoton, dark_compton_kernel
from mcpria_lite.units import M_E


def test_massless_transverse_kernel_is_ribberfors():
    """m_V → 0: the transverse kernel is Ribberfors' photon X (a separately generated function)."""
    rng = np.random.default_rng(4)
    K1 = rng.uniform(10, 500, 50) * M_E
    K2 = K1 * rng.uniform(0.3, 1.0, 50)
    x = dark_compton_kernel("transverse", K1, K2, M_E, K1 / M_E, K2 / M_E, 1e-7)
    np.testing.assert_allclose(x, kg.x_ribberfors(K1, K2, M_E), rtol=1e-9)


def test_kernels_are_positive_on_shell():
    """Free electron at rest, any angle: every polarisation class gives Σ|M|² ≥ 0 (X_L ≥ 0 too)."""
    for mV, w in ((1.0, 5.0), (10.0, 30.0), (300.0, 1000.0), (50.0, 50.5)):
        k = np.sqrt(w * w - mV * mV)
        c = np.linspace(-1, 1, 201)
        wp = (mV**2 + 2 * M_E * w) / (2 * (M_E + w - k * c))
        for pol in N_STATES:
            x = dark_compton_kernel(pol, M_E * w, M_E * wp, M_E, w, wp, mV)
            assert np.all(x >= -1e-12 * np.abs(G.x_dark_v(M_E * w, M_E * wp, M_E, mV))), (pol, mV, w)


def test_dark_photon_validates_its_input():
    dp = DarkPhoton(mass_keV=10, kappa=1e-15)
    assert dp.n_states == 3 and dp.with_polarisation("transverse").n_states == 2
    for bad in ({"mass_keV": 0.0}, {"mass_keV": -1.0}, {"mass_keV": float("nan")}, {"mass_keV": 1.0, "kappa": 0.0},
                {"mass_keV": 1.0, "polarisation": "circular"}, {"mass_keV": True}):
        with pytest.raises(ValueError):
            DarkPhoton(**bad)
    with pytest.raises(ValueError, match="polarisation"):
        dark_compton_kernel("helical", 1.0, 1.0, M_E, 1.0, 1.0, 1.0)
