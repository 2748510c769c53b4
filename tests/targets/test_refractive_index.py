"""The refractive index of Xe and Ge from two maintained tables, and the in-medium dark-photon mixing."""

from __future__ import annotations

import numpy as np
import pytest

from mcpria_lite.targets import refractive_index as ri
from mcpria_lite.targets.photoabsorption import _molar_mass
from mcpria_lite.units import ALPHA, HBARC_KEV_CM, M_E, N_A


@pytest.mark.parametrize("el", ["Xe", "Ge"])
def test_kappa_eff_is_one_over_n_squared_and_the_self_energy_form(el):
    m = np.array([0.05, 0.2, 1.0, 10.0])
    n = ri.refractive_index(el, m)
    Pi = ri.self_energy(el, m)
    np.testing.assert_allclose(ri.kappa_eff_ratio(el, m), m**2 / np.abs(m**2 - Pi), rtol=1e-12)
    np.testing.assert_allclose(ri.kappa_eff_ratio(el, m), 1 / np.abs(n) ** 2, rtol=1e-12)


@pytest.mark.parametrize("el", ["Xe", "Ge"])
def test_chantler_and_henke_agree_above_200_eV(el):
    """Two independent atomic tables give the same in-medium mixing to < 1 % above 0.2 keV."""
    m = np.geomspace(0.2, 29.0, 40)
    np.testing.assert_allclose(ri.kappa_eff_ratio(el, m, source="chantler"), ri.kappa_eff_ratio(el, m, source="henke"),
                               rtol=1e-2)


@pytest.mark.parametrize("el,Z", [("Xe", 54), ("Ge", 32)])
def test_high_energy_limit_is_the_free_electron_gas(el, Z):
    """Far above every edge δ → ω_p²/(2ω²) with ω_p² = 4πα n_e/m_e of all Z electrons (to ~2 %:
    relativistic and binding corrections to f₁ → Z)."""
    w = 300.0
    rho = ri.DENSITY_G_CM3[el]
    n_e = Z * rho / _molar_mass(Z) * N_A * HBARC_KEV_CM**3  # keV³
    wp2 = 4 * np.pi * ALPHA * n_e / M_E
    delta = 1 - ri.refractive_index(el, w).real
    assert delta / (wp2 / (2 * w**2)) == pytest.approx(1.0, abs=0.03)


def test_in_medium_correction_matters_only_below_a_keV():
    """|κ_eff/κ − 1| > 1 % only below ~0.2 keV (Xe) and ~0.4 keV (Ge): never in the XENONnT window (≥ 1 keV)."""
    for el in ("Xe", "Ge"):
        m1 = ri.in_medium_mass_keV(el, 0.01)
        assert 0.05 < m1 < 1.0
        assert abs(float(ri.kappa_eff_ratio(el, 1.0)) - 1) < 2e-3
        assert abs(float(ri.kappa_eff_ratio(el, 3.0)) - 1) < 3e-4
    assert ri.in_medium_mass_keV("Xe", 0.01) < ri.in_medium_mass_keV("Ge", 0.01)


def test_bad_input():
    with pytest.raises(ValueError, match=r"E_keV must lie in \[0.01"):
        ri.refractive_index("Xe", 0.005)  # below the table
    with pytest.raises(ValueError, match="E_keV must lie in"):
        ri.kappa_eff_ratio("Xe", 0.02, source="henke")  # Henke's Xe f1 starts at 29 eV
    with pytest.raises(ValueError, match="source"):
        ri.refractive_index("Xe", 1.0, source="xraylib")
    with pytest.raises(ValueError, match="density_g_cm3 is required"):
        ri.refractive_index("Si", 1.0)
    assert ri.refractive_index("Si", 1.0, density_g_cm3=2.33).real < 1
    with pytest.raises(ValueError, match="density_g_cm3"):
        ri.refractive_index("Ge", 1.0, density_g_cm3=-1.0)
