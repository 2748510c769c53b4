"""The lepton tensors V_L, V_T of the photon-exchange terms (derivation → _lepton_tensor_generated)
against limits they must reproduce: the free electron at rest (the free cross sections of
mcpria_lite.particles.interactions, from the full Dirac traces), real photons (the equivalent-photon
spectra), and the non-relativistic longitudinal form of DM–electron scattering (Caddell, Flambaum & Roberts,
arXiv:2305.05125)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from mcpria_lite.methods import _lepton_tensor_generated as g
from mcpria_lite import derivation as d
from mcpria_lite.particles import interactions as I
from mcpria_lite.particles import projectiles as P
from mcpria_lite.methods.dfs import _q_window, lepton_tensor
from mcpria_lite.units import ALPHA, AU_MOMENTUM_KEV, HARTREE_KEV, HBARC2_KEV2_CM2, M_E

ALL = I.Millicharge(1.0) + I.MagneticMoment(1.0) + I.ChargeRadius(1e-32)


def _free_response():
    wL, wT, jac = d.free_electron_response()
    f = sp.lambdify((d.T, d.m_e), (wL, wT, jac))
    return f


def test_free_electron_response_closed_form_and_current_conservation():
    wL, wT, jac = d.free_electron_response()
    assert sp.simplify(wL - (2 * d.m_e + d.T) / (2 * (d.m_e + d.T))) == 0
    assert sp.simplify(wT - d.T / (2 * (d.m_e + d.T))) == 0
    # W^{33}/W^{00} = (T/q0)^2 is what current conservation needs; on the ridge W^{11}/W^{00} = T²/q0² too
    q0 = sp.sqrt(d.T**2 + 2 * d.m_e * d.T)
    assert sp.simplify(wT / wL - d.T**2 / q0**2) == 0


@pytest.mark.parametrize("m,E,T", [(0.0, 420.0, 3.0), (0.0, 1e4, 25.0), (1e3, 5e3, 10.0), (1e5, 1.0001e5, 0.05),
                                   (1e6, 1.2e6, 30.0)])
def test_free_electron_reproduces_the_free_cross_section_of_every_term(m, E, T):
    """R = the free response (δ-function at q0 = √(T² + 2m_eT)): ∫dq [V_L R_L + V_T R_T] is the free dσ/dT."""
    pr = P.millicharged_particle(m) if m > 0 else P.Projectile(name="x", mass_keV=0.0, flavour="chi")
    ref = ALL.dsigma_dT_free_terms(T, E, pr)
    wL, wT, jac = _free_response()(T, M_E)
    q0 = np.sqrt(T * T + 2 * M_E * T)
    for term, r in zip(ALL.terms, ref):
        VL, VT = lepton_tensor(term, E, T, q0, m)
        got = jac * (VL * wL + VT * wT)
        if m == 0 and "mu_B" in term.powers and len(term.powers) == 2:
            assert abs(got) < 1e-12 * abs(ref).max() and r == 0  # helicity flip: no interference at m = 0
        else:
            assert got == pytest.approx(r, rel=1e-9), term.name


def test_charge_propagators():
    """Charge: V_L = 2πα²q(4EE′ − Q²)/(k² q⁴) (Coulomb 1/q⁴), V_T = 4πα²q(Q² + 2k⊥²)/(k² Q⁴) (1/(q² − T²)²)."""
    t = d.lepton_tensor_terms()[(("delta", 2),)]
    k2 = d.E**2 - d.m**2
    VL = 2 * sp.pi * d.alpha**2 * d.q * (4 * d.E * (d.E - d.T) - d.Q2s) / (k2 * (d.T**2 + d.Q2s) ** 2)
    VT = 4 * sp.pi * d.alpha**2 * d.q * (d.Q2s + 2 * d.kperp2) / (k2 * d.Q2s**2)
    assert sp.simplify(t["L"] - VL) == 0
    assert sp.simplify(t["T"] - VT) == 0


@pytest.mark.parametrize(
    "proj,E,T,term",
    [
        (P.millicharged_particle(1e3), 1e7, 1.0, "delta^2"),
        (P.millicharged_particle(1e3), 1e7, 10.0, "mu_B^2"),
        (P.neutrino("nu_e"), 420.0, 2.0, "delta^2"),
        (P.neutrino("nu_e"), 420.0, 2.0, "mu_B^2"),
    ],
)
def test_real_photon_limit_is_the_equivalent_photon_approximation(proj, E, T, term):
    """q → T: ∫_{Q²min}^{Q²max} dq V_T R_T with R_T(T, T) held fixed equals σ_γ · dN/dT, σ_γ = (4π²α/T) R_T(T, T),
    with dN/dT the interaction's equivalent-photon number over the same Q² range (small Q²max)."""
    inter = I.Millicharge(1.0) if term == "delta^2" else I.MagneticMoment(1.0)
    m = proj.mass_keV if proj.mass_keV > 0 else proj.epa_mass_keV
    k, kp, qmin, qmax, Q2min = _q_window(np.array([T]), np.array([E]), m)
    Q2max = max(1e-6 * T * T, 1e3 * Q2min[0])
    assert Q2max < 1e-3 * T * T
    s, w = np.polynomial.legendre.leggauss(200)
    lo, hi = np.log(Q2min[0]), np.log(Q2max)
    s = (hi + lo) / 2 + (hi - lo) / 2 * s
    w = w * (hi - lo) / 2
    Q2 = np.exp(s)
    q = np.sqrt(T * T + Q2)
    _, VT = lepton_tensor(inter.terms[0], E, T, q, m)
    RT = 1.0  # keV⁻¹
    got = np.sum(w * Q2 / (2 * q) * VT * RT) / HBARC2_KEV2_CM2  # natural units
    sigma_gamma = 4 * np.pi**2 * ALPHA / T * RT
    if term == "delta^2":
        dN = inter.equivalent_photon_terms(T, E, proj, Q2_max=Q2max)[0]
    else:  # the closed form of the derivation (Q²min of the projectile's mass)
        Q2lo, Q2hi = sp.symbols("Q2min Q2max", positive=True)
        f = sp.lambdify((d.omega_, d.E, d.m, Q2lo, Q2hi, d.m_e, d.alpha, d.mu_B), d.magnetic_epa_number())
        dN = f(T, E, proj.mass_keV, Q2min[0], Q2max, M_E, ALPHA, 1.0)
    assert got == pytest.approx(sigma_gamma * dN, rel=2e-3)


def test_non_relativistic_longitudinal_limit():
    """Slow heavy charge (m = 10 GeV, v = 1e-3): V_L → 8πα²/(v² q³) and V_T/V_L = O(v²)."""
    m, v = 1e7, 1e-3
    E = m / np.sqrt(1 - v * v)
    T = 0.05
    k, kp, qmin, qmax, _ = _q_window(np.array([T]), np.array([E]), m)
    q = np.geomspace(qmin[0] * 1.001, qmax[0] * 0.999, 50)
    VL, VT = lepton_tensor(I.Millicharge(1.0).terms[0], E, T, q, m)
    nr = 8 * np.pi * ALPHA**2 / (v * v * q**3) * HBARC2_KEV2_CM2
    assert VL / nr == pytest.approx(1.0, rel=2e-3)
    assert np.all(np.abs(VT) < 1e-4 * VL)


def test_non_relativistic_dm_electron_formula_on_the_xe_response():
    """DFS for a slow heavy χ equals dσ/dT = (8πδ²/v²)∫dq K(T, q)/q³ in atomic units, K = E_H R_L, evaluated
    here with the table's own R_L on an independent q grid."""
    import mcpria_lite as ml
    from mcpria_lite.targets.dfs.response import response_table

    m, v = 1e7, 1e-3
    E = m / np.sqrt(1 - v * v)
    chi = P.millicharged_particle(m)
    tab = response_table("Xe")
    for T in (0.05, 0.3, 2.0):
        k, kp, qmin, qmax, _ = _q_window(np.array([T]), np.array([E]), m)
        q = np.geomspace(qmin[0], min(qmax[0], 2e3), 4001)
        K = HARTREE_KEV * tab.R_L(T, q)
        q_au = q / AU_MOMENTUM_KEV
        au = 8 * np.pi / v**2 * np.trapezoid(K / q_au**3, q_au)  # a0²/E_H
        a0_cm = np.sqrt(HBARC2_KEV2_CM2) / (ALPHA * M_E)
        ref = au * a0_cm**2 / HARTREE_KEV
        got = ml.dsigma_dT("Xe", T, E, projectile=chi, interaction=I.Millicharge(1.0), method="DFS")
        assert got == pytest.approx(ref, rel=0.02), T
