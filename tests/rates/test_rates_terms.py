"""Rates as a sum of terms for the interactions of :mod:`mcpria_lite.particles.interactions`: the shared-p_z
RIA per term against the direct evaluation, the flavour split of solar neutrinos, the
Standard-Model background kept out of ``new_physics``, and a magnetic-moment rate against
adaptive quadrature."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import integrate

import mcpria_lite as ml
from mcpria_lite import methods as ml_methods
from mcpria_lite.rates import cross_sections as cs
from mcpria_lite import sources as fluxes
from mcpria_lite.rates import event_rates as rates
from mcpria_lite.particles import interactions as I
from mcpria_lite.units import SECONDS_PER_DAY

NU = fluxes.solar_neutrinos()
T = np.geomspace(0.02, 30.0, 12)


@pytest.mark.parametrize("el", ["Ge", "Xe"])
@pytest.mark.parametrize("method", ["RIA", "RIA-simplified"])
@pytest.mark.parametrize("make", [lambda: I.Weak(), lambda: I.MagneticMoment(1e-11) + I.Weak(),
                                  lambda: I.Millicharge(1e-12) + I.Weak() + I.ChargeRadius(1e-32),
                                  lambda: I.Millicharge(1e-12) + I.MagneticMoment(1e-11) + I.ChargeRadius(1e-32)
                                  + I.Weak()],
                         ids=["weak", "mu+weak", "delta+weak+r2", "all nine terms"])
def test_terms_fast_equal_direct(el, method, make):
    inter = make()
    fast = rates.dR_dT_terms(el, T, NU, method, inter)
    direct = rates.dR_dT_terms(el, T, NU, method, inter, evaluation="direct")
    assert fast.names == direct.names == tuple(t.name for t in inter.terms)
    _assert_terms_close(fast, direct, inter)
    np.testing.assert_allclose(fast.total(), direct.total(), rtol=1e-4)


def _assert_terms_close(fast, direct, inter, massless=True):
    """Per term to 1e-4 of the term's largest magnitude (interference terms change sign); a
    massless projectile's magnetic moment flips helicity: its interference terms are exactly 0."""
    flip = [i for i, t in enumerate(inter.terms) if massless and "mu_B" in t.powers and t.powers["mu_B"] == 1]
    np.testing.assert_array_equal(fast.values[flip], 0.0)
    np.testing.assert_array_equal(direct.values[flip], 0.0)
    keep = [i for i in range(len(inter.terms)) if i not in flip]
    scale = np.max(np.abs(direct.values[keep]), axis=1, keepdims=True)
    assert np.all(scale > 0)
    np.testing.assert_allclose(fast.values[keep] / scale, direct.values[keep] / scale, rtol=0, atol=1e-4)


def test_flavour_split_of_the_weak_term():
    """The weak term is integrated per flavour: Σ_f Σ_nodes w_f dσ_weak(ν_f)/dT, assembled here by
    hand from the flux's flavour quadrature and the per-term cross sections (FEA: closed form)."""
    tg = ml.target("Xe")
    Tq = np.array([0.5, 5.0])
    weak = I.Weak()
    got = rates.dR_dT_terms(tg, Tq, NU, "FEA", weak).values[0]
    E_lo = ml_methods.E_lower_limit(Tq, 0.0, "FEA")
    E, wf = NU.flavour_quadrature(E_lo=E_lo, n=48)
    assert set(wf) == {"nu_e", "nu_mu_tau"}
    np.testing.assert_allclose(sum(wf.values()), NU.quadrature(E_lo=E_lo, n=48)[1], rtol=1e-12)
    want = np.zeros(Tq.size)
    per = {}
    for f, w in wf.items():
        proj = ml.projectiles.neutrino(f)
        T2 = np.broadcast_to(Tq[:, None], E.shape)
        use = (w > 0) & (E > E_lo[:, None]) & (E > T2)
        sig = np.zeros(E.shape)
        sig[use] = cs.dsigma_dT_terms(tg, T2[use], E[use], projectile=proj, interaction=weak, method="FEA")[0]
        per[f] = np.sum(w * sig, axis=1) * tg.atoms_per_kg * SECONDS_PER_DAY
        want += per[f]
    np.testing.assert_allclose(got, want, rtol=1e-10)
    # charged current: ν_e scatter more than ν_μ,τ per neutrino (Vogel & Engel 1989)
    assert np.all(per["nu_e"] / np.sum(wf["nu_e"], axis=1) > per["nu_mu_tau"] / np.sum(wf["nu_mu_tau"], axis=1))


def test_new_physics_leaves_out_the_weak_background():
    inter = I.Millicharge(1e-12) + I.Weak()
    rt = rates.dR_dT_terms("Xe", T, NU, "RIA", inter)
    sm = [i for i, t in enumerate(rt.terms) if t.standard_model]
    assert [rt.terms[i].name for i in sm] == ["weak"]
    weak_only = rates.dR_dT_terms("Xe", T, NU, "RIA", I.Weak()).values[0]
    np.testing.assert_allclose(rt.values[sm[0]], weak_only, rtol=1e-12)
    np.testing.assert_allclose(rt.total() - rt.new_physics(), weak_only, rtol=1e-9)
    for d in (1e-13, 3e-12):
        c = rt.coefficients(delta=d)
        np.testing.assert_allclose(rt.total(delta=d), np.tensordot(c, rt.values, axes=1), rtol=1e-15)
        assert c[rt.names.index("delta^2")] == pytest.approx(d**2)
        assert c[rt.names.index("delta*weak")] == pytest.approx(d)


def test_millicharge_interaction_is_the_delta_call():
    for flux in (NU, fluxes.dark_cosmic_rays(1.0)):
        a = ml.dR_dT("Ge", T, flux, "RIA", interaction=I.Millicharge(2e-10))
        b = ml.dR_dT("Ge", T, flux, "RIA", delta=2e-10)
        np.testing.assert_allclose(a, b, rtol=1e-9)
    rt = rates.dR_dT_terms("Ge", T, fluxes.dark_cosmic_rays(1.0), "RIA", I.Millicharge(1.0))
    assert dict(rt.terms[0].powers) == {"delta": pytest.approx(3.7)}  # δ² × the flux's δ^(α−1)


def test_magnetic_moment_rate_against_adaptive_quadrature():
    tg = ml.target("Xe")
    Tq = 2.0
    flux = fluxes.solar_neutrinos(("pp", "7Be"))
    mu = I.MagneticMoment(1.0)
    proj = flux.projectile
    got = float(rates.dR_dT_terms(tg, Tq, flux, "RIA", mu).values[0])
    E_lo = float(ml_methods.E_lower_limit(Tq, 0.0, "RIA"))
    ref = 0.0
    for part in flux.parts:
        if part.has_continuum:
            def f(E, part=part):
                return float(part.dphi_dE(E) * cs.dsigma_dT_terms(tg, Tq, E, projectile=proj, interaction=mu,
                                                                  method="RIA")[0])

            edges = np.geomspace(max(E_lo, Tq * 1.0001), part.E_max_keV, 8)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", integrate.IntegrationWarning)
                ref += sum(integrate.quad(f, a, b, limit=200, epsrel=1e-8)[0] for a, b in zip(edges[:-1], edges[1:]))
        for E_line, phi in part.lines:
            ref += phi * float(cs.dsigma_dT_terms(tg, Tq, E_line, projectile=proj, interaction=mu, method="RIA")[0])
    ref *= tg.atoms_per_kg * SECONDS_PER_DAY
    assert got == pytest.approx(ref, rel=2e-4)


@pytest.mark.parametrize(
    "flux,make",
    [
        (fluxes.tabulated_flux(np.geomspace(50.0, 8000.0, 30), 1e10 * (np.geomspace(50.0, 8000.0, 30) / 1e3) ** -2,
                               projectile=ml.projectiles.antineutrino("nu_e")),
         lambda: I.Millicharge(1e-12) + I.MagneticMoment(1e-11) + I.ChargeRadius(1e-32) + I.Weak()),
        (fluxes.dark_cosmic_rays(10.0), lambda: I.Millicharge(1e-9) + I.MagneticMoment(1e-6)),
    ],
    ids=["antineutrino, all nine terms", "massive chi, delta+mu"],
)
def test_terms_fast_equal_direct_other_projectiles(flux, make):
    """The antineutrino's kernels (g_L ↔ g_R) and a massive projectile (whose charge and magnetic
    moment interfere) through the shared monomial integrals, against the direct evaluation."""
    inter = make()
    Tq = T[::2]
    fast = rates.dR_dT_terms("Xe", Tq, flux, "RIA", inter)
    direct = rates.dR_dT_terms("Xe", Tq, flux, "RIA", inter, evaluation="direct")
    _assert_terms_close(fast, direct, inter, massless=flux.m_keV == 0)


def test_each_term_of_a_sum_is_its_own_rate():
    """The terms of a sum share the monomial integrals but not their coefficients: the μ² and the
    weak term of the nine-term sum are the rates of MagneticMoment and of Weak alone."""
    big = rates.dR_dT_terms("Ge", T, NU, "RIA", I.Millicharge(1e-12) + I.MagneticMoment(1e-11)
                            + I.ChargeRadius(1e-32) + I.Weak())
    for alone, name in [(I.MagneticMoment(1.0), "mu_B^2"), (I.Weak(), "weak"), (I.Millicharge(1.0), "delta^2")]:
        one = rates.dR_dT_terms("Ge", T, NU, "RIA", alone)
        np.testing.assert_allclose(big.values[big.names.index(name)], one.values[0], rtol=1e-12)
