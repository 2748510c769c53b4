"""Dark photons on atoms: absorption rates and dark Compton in the impulse approximation.

The checks: m_V → 0 (transverse) gives κ² × the photon Compton RIA, which is validated against Hubbell's
incoherent cross sections (tests/rates/test_cross_sections.py); a δ-like Compton profile gives Z × the
analytic free-electron massive-vector cross section of the SymPy derivation (itself checked against
explicit polarisation vectors, Klein–Nishina and Thomson); the dark-matter (k → 0) form is the general
RIA at v = 10⁻³; absorption rates against the closed forms of Bloch et al. (2017).
"""

from __future__ import annotations

import numpy as np
import pytest

from mcpria_lite.kinematics import klein_nishina_dsigma_dT
from mcpria_lite.particles import _dark_compton_generated as G
from mcpria_lite.particles.dark_photon import DarkPhoton
from mcpria_lite.rates import dark_photons as dr
from mcpria_lite.rates.cross_sections import compton_dsigma_dT
from mcpria_lite.sources.dark_photons import AxionLikeDarkMatter, DarkPhotonDarkMatter, dark_photon_flux
from mcpria_lite.targets import NarrowProfileTarget, target
from mcpria_lite.targets import refractive_index as ri
from mcpria_lite.units import ALPHA, BARN_CM2, HBARC2_KEV2_CM2, M_E

SIGMA_T_CM2 = 8 * np.pi * ALPHA**2 / (3 * M_E**2) * HBARC2_KEV2_CM2


# ------------------------------------------------------------------------------------------------
# dark Compton
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("el", ["Ge", "Xe"])
@pytest.mark.parametrize("E", [20.0, 100.0, 661.7])
def test_massless_limit_is_the_photon_compton_ria(el, E):
    tg = target(el)
    T = np.array([0.05, 0.5, 1.2, 5.0, 12.0, min(40.0, 0.9 * E)])
    ref = compton_dsigma_dT(tg, T, E)
    ok = ref > 0
    tr = dr.dark_compton_dsigma_dT(tg, T, E, DarkPhoton(mass_keV=1e-6, kappa=2.0, polarisation="transverse"))
    un = dr.dark_compton_dsigma_dT(tg, T, E, DarkPhoton(mass_keV=1e-6))
    np.testing.assert_allclose(tr[ok], 4.0 * ref[ok], rtol=1e-6)  # κ² × photon
    np.testing.assert_allclose(1.5 * un[ok], ref[ok], rtol=1e-6)  # three states: ⅔ of the photon's


@pytest.mark.parametrize("mV,w", [(10.0, 30.0), (100.0, 150.0), (300.0, 1000.0), (50.0, 50.5), (1e-6, 100.0)])
@pytest.mark.parametrize("pol", ["unpolarised", "transverse", "longitudinal"])
def test_narrow_profile_is_the_free_massive_vector(mV, w, pol):
    nt = NarrowProfileTarget(Z=3, sigma_au=1e-5)
    dp = DarkPhoton(mass_keV=mV, polarisation=pol)
    k = np.sqrt(w * w - mV * mV)
    T = np.linspace(G.t_min_dark(w, k, M_E), G.t_max_dark(w, k, M_E), 9)[1:-1]
    np.testing.assert_allclose(dr.dark_compton_dsigma_dT(nt, T, w, dp), 3 * dr.dark_compton_dsigma_dT_free(T, w, dp),
                               rtol=1e-8)


def test_free_transverse_massless_is_klein_nishina_and_outside_the_range_zero():
    T = np.array([1.0, 10.0, 20.0])
    dp = DarkPhoton(mass_keV=1e-7, polarisation="transverse")
    np.testing.assert_allclose(dr.dark_compton_dsigma_dT_free(T, 100.0, dp), klein_nishina_dsigma_dT(T, 100.0), rtol=1e-9)
    k = np.sqrt(30.0**2 - 10.0**2)
    tmax = G.t_max_dark(30.0, k, M_E)
    assert dr.dark_compton_dsigma_dT_free(1.01 * tmax, 30.0, DarkPhoton(mass_keV=10.0)) == 0.0


def test_per_shell_and_photon_energy_forms():
    tg = target("Ge")
    dp = DarkPhoton(mass_keV=5.0, polarisation="transverse")
    T = np.array([0.3, 2.0, 12.0])
    per = dr.dark_compton_dsigma_dT(tg, T, 40.0, dp, per_shell=True)
    assert per.shape == (len(tg.binding_keV), 3)
    np.testing.assert_allclose(per.sum(axis=0), dr.dark_compton_dsigma_dT(tg, T, 40.0, dp), rtol=1e-12)
    assert np.all(per[tg.binding_keV > 2.0, 1] == 0)  # closed shells give nothing
    np.testing.assert_allclose(dr.dark_compton_dsigma_domega_f(tg, 40.0 - T, 40.0, dp),
                               dr.dark_compton_dsigma_dT(tg, T, 40.0, dp), rtol=1e-12)


def test_dark_matter_limit_of_the_general_ria():
    tg = target("Xe")
    for m in (3.0, 30.0):
        v = 1e-3
        w, k = m / np.sqrt(1 - v * v), m * v / np.sqrt(1 - v * v)
        T = np.linspace(0.05 * m, 0.5 * m, 5)
        a = dr.dark_matter_dsigmav_dT(tg, T, DarkPhoton(mass_keV=m))
        b = dr.dark_compton_dsigma_dT(tg, T, w, DarkPhoton(mass_keV=m)) * k / w
        np.testing.assert_allclose(b[a > 0], a[a > 0], rtol=1e-4)


def test_dark_matter_sigma_v_free_and_bound():
    nt = NarrowProfileTarget(Z=1, sigma_au=1e-5)
    for m in (1.0, 100.0):
        exact = G.sigma_v_rest(M_E, m, ALPHA) * HBARC2_KEV2_CM2
        assert dr.dark_matter_sigmav(nt, DarkPhoton(mass_keV=m)) == pytest.approx(exact, rel=1e-8)
    assert G.sigma_v_rest(M_E, 1e-4, ALPHA) * HBARC2_KEV2_CM2 == pytest.approx(SIGMA_T_CM2, rel=1e-6)  # Thomson
    tg = target("Xe")
    for m in (1.0, 10.0, 100.0):
        free = 54 * G.sigma_v_rest(M_E, m, ALPHA) * HBARC2_KEV2_CM2
        sv = dr.dark_matter_sigmav(tg, DarkPhoton(mass_keV=m))
        assert 0 < sv < free  # bound electrons: only the part of each profile above threshold


def test_dark_compton_far_below_absorption_for_dark_matter_in_the_kev_range():
    """σv ≲ Zσ_T ≈ 4 × 10⁻²³ cm² while σ_γ(1–10 keV) ~ 10⁻²⁰–10⁻¹⁸ cm²: Compton/absorption < 10⁻³ there."""
    tg = target("Xe")
    for m in (1.0, 3.0, 10.0):
        dm = DarkPhotonDarkMatter(DarkPhoton(mass_keV=m))
        r = dr.dark_matter_dark_compton_rate(tg, dm) / dr.absorption_rate(tg, dm, in_medium=False)
        assert 0 < r < 1e-3


def test_relativistic_line_flux_rate():
    tg = target("Ge")
    dp = DarkPhoton(mass_keV=2.0, polarisation="transverse")
    f = dark_photon_flux(dp, lines=[(50.0, 3.0)])
    T = np.array([0.5, 5.0])
    expect = 3.0 * dr.dark_compton_dsigma_dT(tg, T, 50.0, dp) * tg.atoms_per_kg * 86400.0
    np.testing.assert_allclose(dr.dark_compton_dR_dT(tg, T, f), expect, rtol=1e-12)
    assert dr.dark_compton_dR_dT(tg, 60.0, f) == 0.0  # above the line's energy


# ------------------------------------------------------------------------------------------------
# absorption
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("el", ["Xe", "Ge"])
def test_absorption_rates_against_the_closed_forms(el):
    """Bloch et al., JHEP 06 (2017) 087: R_V = 4.7 × 10²³/A κ² (keV/m)(σ_γ/b), R_a = 1.47 × 10¹⁹/A g² (m/keV)(σ_γ/b)
    per kg and day for ρ = 0.3 GeV/cm³ (their 4.7 is rounded: 4.68 with today's constants)."""
    tg = target(el)
    for m in (0.1, 1.0, 10.0, 50.0):
        sig_b = float(tg.photoabsorption(m)) / BARN_CM2
        rv = dr.absorption_rate(tg, DarkPhotonDarkMatter(DarkPhoton(mass_keV=m, kappa=1e-15)), in_medium=False)
        assert rv / (4.7e23 / tg.molar_mass * 1e-30 / m * sig_b) == pytest.approx(1.0, abs=6e-3)
        ra = dr.absorption_rate(tg, AxionLikeDarkMatter(m, g_ae=1e-12))
        assert ra / (1.47e19 / tg.molar_mass * 1e-24 * m * sig_b) == pytest.approx(1.0, abs=6e-3)


def test_in_medium_factor_and_photoabsorption_sources():
    tg = target("Ge")
    for m in (0.05, 0.3, 5.0):
        dm = DarkPhotonDarkMatter(DarkPhoton(mass_keV=m))
        ratio = dr.absorption_rate(tg, dm) / dr.absorption_rate(tg, dm, in_medium=False)
        assert ratio == pytest.approx(float(ri.kappa_eff_ratio("Ge", m)) ** 2, rel=1e-12)
    dm = DarkPhotonDarkMatter(DarkPhoton(mass_keV=20.0))
    # ab initio and measured σ_γ agree within a few per cent away from edges
    assert dr.absorption_rate(tg, dm, photoabsorption_source="dfs") / dr.absorption_rate(tg, dm) == pytest.approx(1, abs=0.03)


def test_bad_input():
    tg = target("Ge")
    dp = DarkPhoton(mass_keV=1.0)
    with pytest.raises(ValueError, match="T_keV must lie in"):
        dr.dark_compton_dsigma_dT(tg, 5.0, 5.0, dp)  # T = ω
    with pytest.raises(ValueError, match="must exceed m_V"):
        dr.dark_compton_dsigma_dT(tg, 0.5, 1.0, dp)  # ω = m_V
    with pytest.raises(ValueError, match="DarkPhoton"):
        dr.dark_compton_dsigma_dT(tg, 0.5, 3.0, 1.0)
    with pytest.raises(ValueError, match=r"T_keV must lie in \(0, m_V\)"):
        dr.dark_matter_dsigmav_dT(tg, 2.0, dp)
    with pytest.raises(ValueError, match="E_keV"):
        dr.absorption_rate(tg, DarkPhotonDarkMatter(DarkPhoton(mass_keV=0.005)), in_medium=False)  # below the tables
    with pytest.raises(ValueError, match="E_keV must lie in"):
        dr.absorption_rate("Xe", DarkPhotonDarkMatter(DarkPhoton(mass_keV=200.0)), photoabsorption_source="dfs")
    with pytest.raises(ValueError, match="E_keV must lie in"):
        dr.absorption_rate(tg, DarkPhotonDarkMatter(DarkPhoton(mass_keV=0.005)))  # below the refractive index table
    with pytest.raises(ValueError, match="photoabsorption"):
        dr.photoabsorption(tg, 1.0, "scofield")
    with pytest.raises(ValueError, match="dark_matter"):
        dr.absorption_rate(tg, dp)
    with pytest.raises(ValueError, match="flux"):
        dr.dark_compton_dR_dT(tg, 1.0, dp)


@pytest.mark.parametrize("el", ["Ge", "Xe"])
def test_polarisation_classes_are_non_negative_and_average_to_the_unpolarised(el):
    """σ_T, σ_L ≥ 0 everywhere (X_L kept in [0, X_V] at the off-shell nodes), and (2σ_T + σ_L)/3 = σ_unpolarised."""
    tg = target(el)
    for w, mv in ((20.0, 10.0), (100.0, 30.0), (10.0, 9.9)):
        T = np.linspace(0.05, 0.98 * w, 40)
        u, t, lo = (dr.dark_compton_dsigma_dT(tg, T, w, DarkPhoton(mass_keV=mv, polarisation=p))
                    for p in ("unpolarised", "transverse", "longitudinal"))
        assert np.all(t >= 0) and np.all(lo >= 0)
        np.testing.assert_allclose((2 * t + lo) / 3, u, rtol=1e-12, atol=1e-300)
