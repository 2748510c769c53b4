"""Projectiles: neutrinos and antineutrinos by name, and what the antiparticle changes.

The antineutrino's weak cross section on a free electron is the neutrino's with g_L ↔ g_R
(Vogel & Engel, PRD 39, 3378 (1989)); its total cross section for E ≫ m_e is
σ(ν̄_e e) = (2G_F² m_e E/π)(g_R² + g_L²/3) ≈ 4.0e-45 cm² × E/MeV (Giunti & Kim, Fundamentals of
Neutrino Physics, Table 5.1: 3.9–4.0e-45 with their sin²θ_W)."""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite import kinematics as kin
from mcpria_lite.particles import interactions as I
from mcpria_lite.particles import projectiles as P


def test_antineutrino_by_name_and_by_flag():
    a, b, c = P.neutrino("nu_e_bar"), P.neutrino("nu_e", antiparticle=True), P.antineutrino("nu_e")
    assert a == b == c
    assert a.antiparticle and a.flavour == "nu_e" and a.mass_keV == 0 and a.epa_regulator_keV > 0
    assert "antineutrino" in a.name
    m = P.neutrino("nu_mu_tau_bar")
    assert m.antiparticle and m.flavour == "nu_mu_tau"
    assert not P.neutrino("nu_e").antiparticle


@pytest.mark.parametrize("bad", ["nu_tau", "chi", "nu_e_bar_bar", "", 1])
def test_unknown_neutrino_names_are_errors(bad):
    with pytest.raises(ValueError, match="flavour must be one of"):
        P.neutrino(bad)


def test_bar_and_flag_together_is_an_error():
    with pytest.raises(ValueError, match="already names the antineutrino"):
        P.neutrino("nu_e_bar", antiparticle=True)


def test_antineutrino_total_weak_cross_section_textbook():
    E = 1e5  # 100 MeV
    Tg = np.geomspace(1e-6, kin.T_max(E, 0.0) * (1 - 1e-12), 4001)
    nubar = np.trapezoid(I.Weak().dsigma_dT_free(Tg, E, P.neutrino("nu_e_bar")), Tg)
    nu = np.trapezoid(I.Weak().dsigma_dT_free(Tg, E, P.neutrino("nu_e")), Tg)
    assert 3.8e-43 < nubar < 4.2e-43
    s2w = 0.2386  # the package's default: the ratio (g_R² + g_L²/3)/(g_L² + g_R²/3)
    gl, gr = 0.5 + s2w, s2w
    np.testing.assert_allclose(nubar / nu, (gr**2 + gl**2 / 3) / (gl**2 + gr**2 / 3), rtol=2e-3)


def test_reactor_antineutrino_rate_is_the_antineutrino_cross_section_over_the_spectrum():
    """A ν̄_e line through the FEA rate equals Z_eff × the ν̄ free cross section × φ × atoms per kg."""
    nubar = P.neutrino("nu_e_bar")
    E, phi = 3000.0, 1e13
    src = ml.line_flux((E, phi), projectile=nubar)
    T = np.array([0.5, 2.0, 20.0])  # above the Ge K edge only at 20 keV: Z_eff from the target's shells
    got = ml.dR_dT("Ge", T, src, "FEA", interaction=I.Weak())
    ge = ml.target("Ge")
    zeff = np.array([sum(s.occupancy for s in ge.shells if s.binding_keV < t) for t in T])
    want = zeff * I.Weak().dsigma_dT_free(T, E, nubar) * phi * ge.atoms_per_kg * 86400.0
    np.testing.assert_allclose(got, want, rtol=1e-10)
    nu = ml.dR_dT("Ge", T, ml.line_flux((E, phi), projectile=P.neutrino("nu_e")), "FEA", interaction=I.Weak())
    assert np.all(got < nu)  # g_R² < g_L²: ν̄_e e scatters less than ν_e e
