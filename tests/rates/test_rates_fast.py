"""Rates: the RIA on shared p_z integrals against the direct evaluation and against scipy ``quad``;
linearity in the flux; δ-scaling through the terms; the degree-2 kernel the fast path relies on.

References are independent of the code under test: ``quad`` over E of the cross section, per flux
component, with the kinematic lower limits; the direct evaluation (dσ/dT at every flux node).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import integrate

import mcpria_lite as ml
from mcpria_lite import methods as ml_methods
from mcpria_lite import _kinematics_generated as g
from mcpria_lite import sources as fluxes
from mcpria_lite.rates import event_rates as rates
from mcpria_lite.units import AU_MOMENTUM_KEV, M_E, SECONDS_PER_DAY

NU = fluxes.solar_neutrinos()
T_SPAN = np.geomspace(0.01, 30.0, 25)  # across every shell edge of Ge and Xe below 30 keV


def _quad_rate(tg, T, flux, method, **kw):
    """ρ_A Σ_components ∫ dE dφ/dE dσ/dT with adaptive quadrature, plus the lines (per day)."""
    m = flux.m_keV
    E_lo = float(ml_methods.E_lower_limit(T, m, method, **kw))
    parts = flux.parts if hasattr(flux, "parts") else (flux,)
    total = 0.0
    for part in parts:
        if part.has_continuum:
            lo = max(E_lo, part.E_min_keV, m + T)
            hi = part.E_max_keV
            if np.isfinite(hi):
                edges = np.geomspace(lo, hi, 8) if hi > lo else []
            else:
                edges = np.concatenate([np.geomspace(lo, 1e5 * lo, 10), [np.inf]])

            def f(E, part=part):
                if E <= m + T:
                    return 0.0
                return float(part.dphi_dE(E) * ml.dsigma_dT(tg, T, E, m, method=method, **kw))

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", integrate.IntegrationWarning)
                for a, b in zip(edges[:-1], edges[1:]):
                    total += integrate.quad(f, a, b, limit=200, epsrel=1e-8, epsabs=0)[0]
        for E_line, phi in part.lines:
            if E_line > E_lo and E_line > m + T:
                total += phi * float(ml.dsigma_dT(tg, T, E_line, m, method=method, **kw))
    return total * tg.atoms_per_kg * SECONDS_PER_DAY


@pytest.mark.parametrize(
    "el,T,flux,method,kw,rel",
    [
        ("Xe", 0.5, fluxes.solar_neutrinos(("pp", "7Be", "pep")), "RIA", {}, 2e-4),
        ("Ge", 2.0, fluxes.solar_neutrinos(("pp", "7Be", "13N")), "RIA", {}, 2e-4),
        ("Xe", 6.0, fluxes.solar_neutrinos(("pp", "7Be")), "RIA-simplified", {}, 2e-4),
        ("Ge", 0.1, fluxes.solar_neutrinos(("pp", "7Be")), "FEA", {}, 2e-4),
        ("Xe", 1.0, fluxes.solar_neutrinos(("pp", "7Be")), "EPA", {"m_regulator_keV": 1e-4}, 1e-3),
        ("Ge", 0.1, fluxes.dark_cosmic_rays(0.01), "RIA", {}, 2e-4),
        ("Xe", 0.5, fluxes.dark_cosmic_rays(100.0), "RIA", {}, 2e-4),
        ("Xe", 3.0, fluxes.dark_cosmic_rays(1.0), "RIA-simplified", {}, 2e-4),
        ("Xe", 0.5, fluxes.dark_cosmic_rays(10.0), "EPA", {}, 1e-3),
        ("Ge", 1.5, fluxes.dark_cosmic_rays(0.1), "FEA", {}, 2e-4),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_rate_against_adaptive_quadrature(el, T, flux, method, kw, rel):
    tg = ml.target(el)
    got = float(ml.dR_dT(tg, T, flux, method, **kw))
    ref = _quad_rate(tg, T, flux, method, **kw)
    assert ref > 0
    assert got == pytest.approx(ref, rel=rel)


@pytest.mark.parametrize("el", ["Ge", "Xe"])
@pytest.mark.parametrize("method", ["RIA", "RIA-simplified"])
def test_fast_ria_equals_the_direct_evaluation_for_solar_neutrinos(el, method):
    tg = ml.target(el)
    fast = ml.dR_dT(tg, T_SPAN, NU, method)
    direct = rates.dR_dT(tg, T_SPAN, NU, method, evaluation="direct")
    on = direct > 0
    assert on.sum() >= T_SPAN.size - 1  # only Xe below its lowest binding energy (12 eV) is 0
    np.testing.assert_array_equal(fast[~on], 0.0)
    np.testing.assert_allclose(fast[on], direct[on], rtol=1e-4, atol=0)


@pytest.mark.parametrize("el", ["Ge", "Xe"])
@pytest.mark.parametrize("m", [0.01, 0.1, 1.0, 10.0, 100.0])
def test_fast_ria_equals_the_direct_evaluation_for_dark_cosmic_rays(el, m):
    tg = ml.target(el)
    flux = fluxes.dark_cosmic_rays(m)
    T = T_SPAN[::2]
    fast = ml.dR_dT(tg, T, flux, "RIA")
    direct = rates.dR_dT(tg, T, flux, "RIA", evaluation="direct")
    np.testing.assert_allclose(fast, direct, rtol=1e-4, atol=0)


def test_fast_ria_with_another_p_max_and_the_kinematic_lower_limit():
    """The window clipping follows p_max, and a slow heavy χ (E ≥ m) opens the window from below."""
    tg = ml.target("Ge")
    T = np.array([0.05, 0.5, 5.0, 20.0])
    for flux, kw in [(NU, {"p_max_au": 50.0}), (fluxes.dark_cosmic_rays(1e3, E_min_factor=None), {})]:
        fast = ml.dR_dT(tg, T, flux, "RIA", **kw)
        direct = rates.dR_dT(tg, T, flux, "RIA", **kw, evaluation="direct")
        np.testing.assert_allclose(fast, direct, rtol=1e-4, atol=0)


@pytest.mark.parametrize("method", ["FEA", "EPA"])
def test_fea_and_epa_are_the_direct_evaluation(method):
    for flux in (NU, fluxes.dark_cosmic_rays(1.0)):
        kw = {"m_regulator_keV": 1e-4} if (method == "EPA" and flux.m_keV == 0) else {}
        a = ml.dR_dT("Xe", T_SPAN, flux, method, **kw)
        b = rates.dR_dT("Xe", T_SPAN, flux, method, **kw, evaluation="direct")
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=0)


def test_kernel_is_quadratic_in_E():
    """What the shared p_z integrals rely on: at fixed (T, p_z), X̄(K̄₁, t̄)/E(p_z) is a polynomial of
    degree 2 in E (K̄₁ linear in E, X̄ quadratic in K̄₁; every term's kernel is on K̄₁^a, a ≤ 2).
    Three points fix it; a fourth must agree."""
    T = np.array([[0.1], [3.0], [25.0]])
    p = np.linspace(-99.0, 99.0, 41)[None, :] * AU_MOMENTUM_KEV
    q = g.q_of_pz(p, T, M_E)
    t = g.t_bar(q, T)
    for m in (0.0, 1.0, 1e5):
        def X(E):
            return g.x_bar_k1(g.k1_bar(p, q, T, E, M_E), t, M_E, m)

        E = np.array([1.0e2, 1.0e3, 1.0e4])
        V = np.stack([X(e) for e in E])
        c = np.linalg.solve(np.vander(E, 3, increasing=True), V.reshape(3, -1)).reshape(V.shape)
        E4 = 3.7e4
        np.testing.assert_allclose(c[0] + c[1] * E4 + c[2] * E4**2, X(E4), rtol=1e-8)


def test_kernel_on_the_monomials_and_K1_linear_in_E():
    """The other two facts the shared p_z integrals rely on: K̄₁ is linear in E at fixed (T, p_z)
    (the generated k1_bar), and the millicharge kernel of the cross sections, πα² X̄ (generated from
    its own expression), is (1/32π) Σ_j C_j K̄₁^a t̄^b on the monomials of the interactions."""
    from mcpria_lite.particles import interactions as I
    from mcpria_lite.units import ALPHA

    T = np.array([[0.1], [3.0], [25.0]])
    p = np.linspace(-99.0, 99.0, 41)[None, :] * AU_MOMENTUM_KEV
    q = g.q_of_pz(p, T, M_E)
    t = g.t_bar(q, T)
    K0 = g.k1_bar(p, q, T, 0.0, M_E)
    kappa = g.k1_bar(p, q, T, 1.0e3, M_E) - K0
    for E in (30.0, 7.7e3, 2.0e5):
        np.testing.assert_allclose(g.k1_bar(p, q, T, E, M_E), K0 + kappa * E / 1.0e3, rtol=1e-12)
    for m, proj in [(0.0, ml.projectiles.neutrino("nu_e")), (1.0, ml.projectiles.millicharged_particle(1.0)),
                    (1e5, ml.projectiles.millicharged_particle(1e5))]:
        C = np.asarray(I.Millicharge(1.0).monomial_matrix(proj), dtype=float)
        assert C.shape == (1, len(I.MONOMIAL_POWERS))
        for E in (1.0e2 + m, 3.0e4 + m):
            K1 = g.k1_bar(p, q, T, E, M_E)
            got = (C @ I.monomials(K1, t).reshape(len(I.MONOMIAL_POWERS), -1)).reshape(K1.shape) / (32 * np.pi)
            np.testing.assert_allclose(got, np.pi * ALPHA**2 * g.x_bar_k1(K1, t, M_E, m), rtol=1e-9)


def test_rate_is_linear_in_the_flux():
    T = np.array([0.05, 0.7, 4.0, 15.0])
    comps = ("pp", "7Be", "pep", "13N", "8B")
    both = ml.dR_dT("Xe", T, fluxes.solar_neutrinos(comps), "RIA")
    parts = sum(ml.dR_dT("Xe", T, fluxes.solar_neutrinos((c,)), "RIA") for c in comps)
    np.testing.assert_allclose(both, parts, rtol=1e-12)
    a = ml.dR_dT("Ge", T, fluxes.dark_cosmic_rays(1.0), "RIA")
    b = ml.dR_dT("Ge", T, fluxes.dark_cosmic_rays(1.0, normalisation=7.5, solid_angle_sr=np.pi), "RIA")
    np.testing.assert_allclose(b, a * (7.5 / 30.0) * (np.pi / (4 * np.pi)), rtol=1e-12)


def test_each_T_is_computed_independently():
    """A vector of T gives the same rates as one T at a time (no coupling between rows)."""
    T = np.array([0.02, 1.3, 11.5, 29.0])
    vec = ml.dR_dT("Xe", T, NU, "RIA")
    one = np.array([float(ml.dR_dT("Xe", x, NU, "RIA")) for x in T])
    np.testing.assert_allclose(vec, one, rtol=1e-12)
    assert ml.dR_dT("Xe", T.reshape(2, 2), NU, "RIA").shape == (2, 2)
    # a long T array is done in chunks of rows: the same as its pieces one call each
    from mcpria_lite.methods import impulse_rates

    long = np.geomspace(0.015, 29.0, 2 * impulse_rates._T_CHUNK + 7)
    pieces = np.concatenate([ml.dR_dT("Ge", long[a:b], NU, "RIA") for a, b in [(0, 5), (5, 90), (90, None)]])
    np.testing.assert_allclose(ml.dR_dT("Ge", long, NU, "RIA"), pieces, rtol=1e-12)


@pytest.mark.parametrize("flux,n", [(NU, 2.0), (fluxes.dark_cosmic_rays(1.0), 3.7),
                                    (fluxes.dark_cosmic_rays(1.0, alpha=2.0), 3.0)])
def test_delta_scaling_through_the_terms(flux, n):
    T = np.array([0.1, 1.0, 5.0])
    rt = rates.dR_dT_terms("Ge", T, flux, "RIA")
    assert rt.names == ("delta^2",)
    assert dict(rt.terms[0].powers) == {"delta": pytest.approx(n)}
    assert rt.values.shape == (1, T.size)
    r1 = ml.dR_dT("Ge", T, flux, "RIA")
    np.testing.assert_allclose(rt.total(), r1, rtol=1e-15)
    np.testing.assert_allclose(rt.values[0], r1, rtol=1e-15)
    for d in (1e-3, 2.5e-9):
        np.testing.assert_allclose(ml.dR_dT("Ge", T, flux, "RIA", delta=d), d**n * r1, rtol=1e-12)
        np.testing.assert_allclose(rt.total(delta=d), d**n * r1, rtol=1e-12)
        np.testing.assert_allclose(rt.new_physics(delta=d), d**n * r1, rtol=1e-12)  # no SM term here
    assert rates.rate_scaling_exponent(flux) == pytest.approx(n)


def test_terms_scalar_T_keeps_its_shape():
    rt = rates.dR_dT_terms("Xe", 0.5, NU, "FEA")
    assert rt.values.shape == (1,) and np.ndim(rt.total()) == 0


def test_fast_ria_for_users_sources():
    """Any flux (tabulated, callable with a break, power law, sums with lines) goes through the same
    shared p_z integrals: against the direct evaluation."""
    nu = ml.projectiles.neutrino("nu_e")
    chi = ml.projectiles.millicharged_particle(5.0)
    E = np.geomspace(20.0, 3000.0, 40)
    tab = fluxes.tabulated_flux(E, 1e9 * (E / 100.0) ** -1.5, projectile=nu)
    box = fluxes.callable_flux(lambda x: np.where(x < 200.0, 1e8, 3e7), 10.0, 600.0, projectile=nu,
                               breakpoints_keV=[200.0])
    beam = fluxes.power_law_flux(1e3, 2.2, 50.0, projectile=chi) + fluxes.line_flux([(400.0, 1e5)], projectile=chi)
    T = np.array([0.03, 0.4, 3.0, 25.0])
    for flux in (tab, box, tab + fluxes.line_flux([(250.0, 1e9)], projectile=nu), beam):
        for el in ("Ge", "Xe"):
            fast = ml.dR_dT(el, T, flux, "RIA")
            direct = rates.dR_dT(el, T, flux, "RIA", evaluation="direct")
            np.testing.assert_allclose(fast, direct, rtol=1e-4, atol=0)
