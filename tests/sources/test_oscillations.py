"""Tests of mcpria_lite.sources.oscillations: the adiabatic MSW-LMA survival probability of solar ν_e.

References: the analytic vacuum (β → 0) and matter-dominated (β → ∞) limits written out here from
the mixing angles, and the measured/standard values P_ee ≈ 0.55 (pp), ≈ 0.53 (⁷Be, 862 keV) and
≈ 0.3 (⁸B at 10 MeV) (Borexino, Nature 562, 505 (2018); SNO, Phys. Rev. C 88, 025501 (2013)).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mcpria_lite import sources as fluxes
from mcpria_lite.sources import oscillations as osc

P = osc.NUFIT_6_0
S12, S13 = P.sin2_theta12, P.sin2_theta13
VACUUM = (1 - S13) ** 2 * (1 - 0.5 * 4 * S12 * (1 - S12)) + S13**2   # cos⁴θ13 (1 − ½ sin²2θ12) + sin⁴θ13
MATTER = (1 - S13) ** 2 * S12 + S13**2                                 # cos⁴θ13 sin²θ12 + sin⁴θ13


def test_nufit_parameters_are_the_published_best_fit():
    # NuFIT 6.0 (arXiv:2410.05380), normal ordering
    assert (P.sin2_theta12, P.sin2_theta13, P.dm2_21_eV2) == (0.307, 0.02195, 7.49e-5)
    assert "2410.05380" in P.reference


def test_vacuum_limit_at_low_energy():
    np.testing.assert_allclose(osc.survival_probability(1e-6, "8B"), VACUUM, rtol=1e-9)
    np.testing.assert_allclose(osc.vacuum_limit(), VACUUM, rtol=1e-14)


def test_matter_limit_at_high_energy():
    np.testing.assert_allclose(osc.survival_probability(1e9, "8B"), MATTER, rtol=1e-6)
    np.testing.assert_allclose(osc.matter_limit(), MATTER, rtol=1e-14)


def test_monotonic_between_the_limits():
    E = np.geomspace(1.0, 1e6, 200)
    p = osc.survival_probability(E, "8B")
    assert np.all(np.diff(p) < 0) and MATTER < p.min() and p.max() < VACUUM


def _flux_average_pee(component):
    E, w = fluxes.solar_neutrino_component(component).flavour_quadrature()
    return w["nu_e"].sum() / (w["nu_e"].sum() + w["nu_mu_tau"].sum())


def test_pp_about_055():
    assert abs(_flux_average_pee("pp") - 0.55) < 0.02


def test_be7_about_053():
    assert abs(float(osc.survival_probability(861.8, "7Be")) - 0.53) < 0.03


def test_b8_about_03_at_10_MeV():
    assert abs(float(osc.survival_probability(1e4, "8B")) - 0.30) < 0.03


def test_matter_parameter_formula():
    # β = 2√2 G_F n_e E cos²θ13 / Δm²21, with √2 G_F N_A cm⁻³ = 7.63e-14 eV (textbook value)
    n_e_over_NA = 245 * math.exp(-10.54 * 0.05)
    beta = 2 * 7.63e-14 * n_e_over_NA * 1e7 * (1 - S13) / 7.49e-5
    np.testing.assert_allclose(osc.matter_parameter(1e4, "8B"), beta, rtol=2e-3)


def test_electron_density_fit():
    np.testing.assert_allclose(osc.electron_density_cm3(0.0), 245 * 6.02214076e23, rtol=1e-12)


def test_weights_sum_to_the_flux():
    sun = fluxes.solar_neutrinos()
    E_lo = np.array([10.0, 300.0, 900.0])
    E, w = sun.quadrature(E_lo=E_lo)
    E2, wf = sun.flavour_quadrature(E_lo=E_lo)
    np.testing.assert_array_equal(E, E2)
    assert set(wf) == {"nu_e", "nu_mu_tau"}
    np.testing.assert_allclose(wf["nu_e"] + wf["nu_mu_tau"], w, rtol=1e-14, atol=0)
    frac = wf["nu_e"].sum() / w.sum()
    assert 0.4 < frac < 0.6


def test_unoscillated_and_other_fluxes_keep_their_flavour():
    E, w = fluxes.solar_neutrinos(oscillated=False).flavour_quadrature()
    assert set(w) == {"nu_e"}
    E, w = fluxes.dark_cosmic_rays(10.0).flavour_quadrature()
    assert set(w) == {"chi"}


@pytest.mark.parametrize("kw, arg", [
    (dict(component="7Li"), "component"),
    (dict(component=None), "component"),
    (dict(component=None, r_over_Rsun=2.0), "r_over_Rsun"),
    (dict(component="pp", r_over_Rsun=0.1), "r_over_Rsun"),
    (dict(component="pp", parameters=0.3), "parameters"),
])
def test_bad_input(kw, arg):
    with pytest.raises(ValueError, match=arg):
        osc.survival_probability(100.0, **kw)


def test_bad_parameters():
    with pytest.raises(ValueError, match="sin2_theta12"):
        osc.OscillationParameters(1.2, 0.02, 7e-5)
    with pytest.raises(ValueError, match="dm2_21_eV2"):
        osc.OscillationParameters(0.3, 0.02, -7e-5)
    with pytest.raises(ValueError, match="E_keV"):
        osc.survival_probability(-1.0, "pp")


def test_oscillation_lowers_the_weak_rate():
    # ν_μ,τ scatter on electrons without the charged current: σ(ν_μ e) ≈ σ(ν_e e)/4 at low energy
    # ('t Hooft 1971; Vogel & Engel 1989), so with P_ee ≈ 0.55 the rate drops to ≈ 0.55 + 0.45/4 ≈ 0.66
    interactions = pytest.importorskip("mcpria_lite.particles.interactions")
    import mcpria_lite as ml

    T = np.array([1.0, 10.0])
    osc_on = ml.dR_dT("Xe", T, fluxes.solar_neutrinos(["pp"]), "FEA", interaction=interactions.Weak())
    osc_off = ml.dR_dT("Xe", T, fluxes.solar_neutrinos(["pp"], oscillated=False), "FEA",
                       interaction=interactions.Weak())
    ratio = osc_on / osc_off
    assert np.all((0.6 < ratio) & (ratio < 0.72)), ratio


@pytest.mark.parametrize("component", sorted(osc.BOREXINO_2018_P_EE))
def test_against_borexino_2018(component):
    # Agostini et al. (Borexino), Nature 562, 505 (2018): each measured P_ee within 1.5 σ
    E, p, sigma = osc.BOREXINO_2018_P_EE[component]
    assert abs(float(osc.survival_probability(E, component)) - p) < 1.5 * sigma
